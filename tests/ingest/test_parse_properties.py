"""Property tests: any bytes or text, and any mutation of the seed page, give a Page or a ParseError."""

from __future__ import annotations

import functools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcmkg.errors import ParseError
from ingest.parse import parse_page
from ingest.rdf_threads import comment_iris, threads_to_graph
from ingest.records import Page
from ingest.text import make_safe
from tests.ingest.parse_support import seed_path

SETTINGS = settings(
    max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@functools.cache
def seed_lines() -> tuple[str, ...]:
    return tuple(seed_path().read_text(encoding="utf-8").split("\n"))


def check_page_or_error(data: bytes | str) -> Page | None:
    """Parse data; return the Page (checked for internal consistency) or None on ParseError."""
    try:
        page = parse_page(data, "prop.txt")
    except ParseError as error:
        assert error.source == "prop.txt" and error.reason
        return None
    assert page.questions or page.comments
    keys = {c.key for c in page.comments}
    for comment in page.comments:
        assert page.text[comment.body_span.start : comment.body_span.end] == comment.body
        assert comment.parent is None or comment.parent in keys
        assert comment.language in {"en", "fr", "es", "other"}
    for question in page.questions:
        for text in (*question.texts, *question.explanations):
            assert page.text[text.span.start : text.span.end] == text.text
    assert len(threads_to_graph(page)) > 0
    assert len(set(comment_iris(page).values())) == len(page.comments)
    return page


@SETTINGS
@given(st.binary(max_size=4000))
def test_random_bytes_give_a_page_or_a_parse_error(data: bytes) -> None:
    check_page_or_error(data)


@SETTINGS
@given(st.text(max_size=4000))
def test_random_text_gives_a_page_or_a_parse_error(text: str) -> None:
    check_page_or_error(text)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "Dec 03, 2021",
                "Kate Barth",
                "Moderator",
                "In reply to by Kate Barth",
                "1",
                "Members",
                "Comments",
                "Migration Netw…",
                "4. What now?",
                "Some body text.",
                "read more",
                "About the Migration Network Hub",
                "Login to post comment",
            ]
        ),
        max_size=60,
    )
)
def test_pages_of_structural_lines_give_a_page_or_a_parse_error(lines: list[str]) -> None:
    check_page_or_error("\n".join(lines))


@SETTINGS
@given(st.data())
def test_seed_with_lines_dropped_duplicated_or_shuffled(data: st.DataObject) -> None:
    lines = list(seed_lines())
    operations = data.draw(st.lists(st.sampled_from(["drop", "duplicate", "swap"]), min_size=1, max_size=25))
    for operation in operations:
        i = data.draw(st.integers(0, len(lines) - 1))
        j = data.draw(st.integers(0, len(lines) - 1))
        if operation == "drop" and len(lines) > 1:
            del lines[i]
        elif operation == "duplicate":
            lines.insert(j, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
    page = check_page_or_error("\n".join(lines))
    if page is not None:
        again = parse_page("\n".join(lines), "prop.txt")
        assert set(threads_to_graph(again)) == set(threads_to_graph(page))


@SETTINGS
@given(st.permutations(list(range(60))))
def test_seed_with_its_first_lines_shuffled(order: list[int]) -> None:
    lines = list(seed_lines())
    head = [lines[i] for i in order]
    check_page_or_error("\n".join(head + lines[60:]))


@SETTINGS
@given(st.integers(0, 200_000), st.booleans())
def test_seed_truncated_at_any_point(cut: int, as_bytes: bool) -> None:
    raw = seed_path().read_bytes()
    data = raw[: cut % (len(raw) + 1)]
    check_page_or_error(data if as_bytes else data.decode("utf-8", "ignore"))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text())
def test_text_hygiene_is_idempotent(text: str) -> None:
    once, _ = make_safe(text)
    twice, replaced = make_safe(once)
    assert twice == once and replaced == 0
