"""The parser's rules one by one on small hand-made pages: parents, threads, authors, mentions, questions."""

from __future__ import annotations

import pytest

from ingest.parse import objectives_in, parse_page
from ingest.parsing.comments import mentions, split_author
from ingest.parsing.threads import names_match
from ingest.records import CONSULTATION_CONTAINER, Page

QUESTION_1 = "Migration Netw…\n\n1. What should change?\n\n3\nMembers\n3\nComments"
QUESTION_2 = "Jan 19, 2022\nMigration Netw…\n\n2. What works well?\n\n2\nMembers\n2\nComments"


def comment(
    date: str, author: str, body: str, reply: str | None = "Migration Netw…", badge: bool = False
) -> str:
    """Return the text of one comment post as the Hub shows it."""
    parts = [f"{date}\n{author}\n"]
    if badge:
        parts.append("Moderator \n")
    parts.append(f"{body}\n")
    if reply:
        parts.append(f"In reply to by {reply}\n")
    return "\n".join(parts)


def page(*blocks: str) -> Page:
    """Return the parsed page made of blocks (a site footer appended)."""
    return parse_page("\n".join(blocks) + "\nAbout the Migration Network Hub\n", "rules.txt")


def by_author(parsed: Page) -> dict[str, list[str | None]]:
    """Return author -> parents of their comments, page order."""
    out: dict[str, list[str | None]] = {}
    for c in parsed.comments:
        out.setdefault(c.author_display, []).append(c.parent)
    return out


def test_reply_goes_to_the_nearest_preceding_comment_by_that_author_in_the_thread() -> None:
    parsed = page(
        QUESTION_1,
        comment("Dec 01, 2021", "Kate Barth", "First point on freedom of association."),
        comment("Dec 02, 2021", "Kate Barth", "Second point on labour protection."),
        "1\nMembers\n1\nComments",
        comment("Dec 04, 2021", "Paul Tacon", "Kate Barth Thanks, which countries?", reply="Kate Barth"),
    )
    assert [c.parent for c in parsed.comments] == [None, None, "c001"]
    assert parsed.comments[2].addressee_mentions == ("Kate Barth",)


def test_reply_never_resolves_across_threads() -> None:
    parsed = page(
        QUESTION_1,
        comment("Dec 01, 2021", "Kate Barth", "A point under question one."),
        QUESTION_2,
        comment("Dec 04, 2021", "Paul Tacon", "Thanks for this point.", reply="Kate Barth"),
    )
    assert parsed.comments[1].container == "q2" and parsed.comments[1].parent is None
    assert parsed.completeness.unresolved_parents == ("c001",)


def test_reply_never_resolves_to_a_later_comment() -> None:
    parsed = page(
        QUESTION_1,
        comment("Dec 09, 2021", "Kate Barth", "A later point."),
        comment("Dec 04, 2021", "Paul Tacon", "Replying to an earlier post.", reply="Kate Barth"),
    )
    assert parsed.comments[1].parent is None
    assert parsed.completeness.unresolved_parents == ("c001",)


def test_truncated_replied_to_name_matches_by_prefix() -> None:
    parsed = page(
        QUESTION_1,
        comment("Nov 25, 2021", "Spanish Commis…", "Una propuesta sobre vías legales."),
        comment(
            "Dec 03, 2021",
            "Monika Peruffo UNDP",
            "Muchas gracias por su contribución.",
            reply="Spanish Commis…",
        ),
    )
    assert parsed.comments[1].parent == "c000"


def test_answers_to_the_question_have_no_parent_and_are_not_unresolved() -> None:
    parsed = page(QUESTION_1, comment("Dec 01, 2021", "Kate Barth", "An answer.", badge=True))
    assert parsed.comments[0].parent is None and parsed.comments[0].moderator
    assert parsed.completeness.unresolved_parents == ()


def test_comment_without_reply_line_is_a_general_comment_and_keeps_its_replies() -> None:
    parsed = page(
        QUESTION_1,
        comment("Dec 01, 2021", "Kate Barth", "An answer."),
        comment("Feb 12, 2022", "Nkiru Duru", "A general comment.", reply=None),
        "1\nMembers\n1\nComments",
        comment("Feb 13, 2022", "Ana Ruiz", "Nkiru Duru I agree.", reply="Nkiru Duru"),
    )
    assert [c.container for c in parsed.comments] == ["q1", CONSULTATION_CONTAINER, CONSULTATION_CONTAINER]
    assert parsed.comments[2].parent == "c001"
    threads = {t.container: (t.declared_comments, t.found_comments) for t in parsed.completeness.threads}
    assert (
        threads["q1"] == (3, 1) and threads["c001"] == (1, 1) and threads[CONSULTATION_CONTAINER] == (None, 2)
    )


def test_duplicate_question_numbers_get_distinct_keys() -> None:
    parsed = page(
        QUESTION_1, comment("Dec 01, 2021", "A B", "One."), QUESTION_1, comment("Dec 02, 2021", "C D", "Two.")
    )
    assert [q.key for q in parsed.questions] == ["q1", "q1-2"]
    assert [c.container for c in parsed.comments] == ["q1", "q1-2"]


def test_unnumbered_question_key_is_a_stable_hash_of_its_text() -> None:
    question = (
        "Migration Netw…\n\nWhat should change in your country?\n\nQue faut-il changer dans votre pays ?"
    )
    first = page(question, comment("Dec 01, 2021", "A B", "One."))
    again = page(question, comment("Dec 05, 2021", "E F", "Other."))
    assert first.questions[0].key == again.questions[0].key
    assert first.questions[0].key.startswith("q-") and first.questions[0].number is None
    assert [t.lang for t in first.questions[0].texts] == ["en", "fr"]


@pytest.mark.parametrize(
    "cut", ["Social protection matters… read more", "Social protection matters…\n\nRead more"]
)
def test_read_more_cuts_are_removed_and_flagged(cut: str) -> None:
    parsed = page(QUESTION_1, comment("Dec 01, 2021", "A B", cut))
    c = parsed.comments[0]
    assert c.body == "Social protection matters…" and c.body_truncated
    assert parsed.completeness.truncated_bodies == ("c000",)


def test_footnotes_at_the_end_of_a_body_are_listed() -> None:
    body = "Trade helps.[1] So does mobility.[2]\n\n[1] UNCTAD, 2019, report.\n\n[2] ILO, 2021, estimates."
    parsed = page(QUESTION_1, comment("Dec 01, 2021", "A B", body))
    assert parsed.comments[0].footnotes == ("[1] UNCTAD, 2019, report.", "[2] ILO, 2021, estimates.")


@pytest.mark.parametrize(
    ("display", "parts"),
    [
        ("Kristin Eitel, IOM", ("Kristin Eitel", "IOM")),
        ("Monika Peruffo UNDP", ("Monika Peruffo", "UNDP")),
        ("Kate Barth", ("Kate Barth", None)),
        ("Spanish Commis…", ("Spanish Commis…", None)),
        ("IOM", ("IOM", None)),
    ],
)
def test_author_display_splits_into_name_and_organisation(
    display: str, parts: tuple[str, str | None]
) -> None:
    assert split_author(display) == parts


@pytest.mark.parametrize(
    ("shown", "author", "match"),
    [
        ("Spanish Commis…", "Spanish Commis…", True),
        ("Spanish Commis…", "Spanish Commission for Refugees", True),
        ("Kristin Eitel", "Kristin Eitel, IOM", True),
        ("Kate Barth", "kate  barth", True),
        ("Kate Barth", "Kate Barthel", False),
        ("", "Kate Barth", False),
    ],
)
def test_replied_to_names_match_authors(shown: str, author: str, match: bool) -> None:
    assert names_match(shown, author) is match


def test_mentions_only_count_known_names_at_the_start() -> None:
    names = {"Kate Barth", "Paul Tacon"}
    assert mentions("Kate Barth Thanks for this", names) == ("Kate Barth",)
    assert mentions("Kate Barth, Paul Tacon: thanks", names) == ("Kate Barth", "Paul Tacon")
    assert mentions("Thanks Kate Barth", names) == ()
    assert mentions("Kate Barthel wrote", names) == ()


def test_objectives_under_review_are_read_from_the_introduction() -> None:
    assert objectives_in("It reviews objectives 14, 15, 16, 19, 20 and 22 of the GCM.") == (
        14,
        15,
        16,
        19,
        20,
        22,
    )
    assert objectives_in("Objectives 2 and 5; see objective #18 and objective 40.") == (2, 5, 18)
    assert objectives_in("No objective listed.") == ()
