"""The extraction of the seed page: nothing dropped, and the facts the issue names are found."""

from __future__ import annotations

from ingest.extract.records import KINDS, RECOMMENDATION, UNKNOWN_ADDRESSEE
from tests.ingest.extract_support import seed_extraction
from tests.ingest.parse_support import seed_page


def by_key(key: str):  # type: ignore[no-untyped-def]
    return next(c for c in seed_extraction().comments if c.comment == key)


def test_every_comment_has_an_extraction_in_page_order() -> None:
    assert [c.comment for c in seed_extraction().comments] == [c.key for c in seed_page().comments]


def test_statement_offsets_index_the_comment_body() -> None:
    bodies = {c.key: c.body for c in seed_page().comments}
    for item in seed_extraction().comments:
        for statement in item.statements:
            assert bodies[item.comment][statement.start : statement.end] == statement.text
            assert statement.kind in KINDS
            assert statement.addressees


def test_lettered_items_inherit_governments_from_the_lead_in() -> None:
    statements = by_key("c001").statements
    assert len(statements) == 12
    assert all(s.kind == RECOMMENDATION and s.addressees == ("governments",) for s in statements)
    assert statements[1].lead_in == statements[0].text


def test_truncated_cear_account_resolved_by_its_own_comment() -> None:
    account = by_key("c000").recommenders[0]
    assert (account.registry_key, account.method) == ("cear", "body-self-identification")
    assert account.evidence.startswith("Spanish Commission for Refugees (CEAR) is a non-profit")


def test_co_authors_of_a_signature_are_two_recommenders_with_two_affiliations() -> None:
    item = by_key("c008")
    assert [r.name for r in item.recommenders] == ["Jill Goldenziel", "Kevin Cope"]
    assert {(a.person, a.registry_key, a.method) for a in item.affiliations} == {
        ("Jill Goldenziel", "acuns", "signature"),
        ("Kevin Cope", "uva-law", "signature"),
    }


def test_explicit_objectives_are_recorded_on_the_comment_with_actions() -> None:
    links = {(o.objective, o.action) for o in by_key("c032").mentioned_objectives}
    assert {(2, "h"), (2, "l"), (5, "g"), (5, "h"), (2, "i")} <= links


def test_a_heading_applies_to_every_statement_under_it() -> None:
    assert all(
        any(o.objective == 18 and o.method == "explicit" for o in s.objectives)
        for s in by_key("c045").statements
    )


def test_pinpointed_un_symbols() -> None:
    pins = {(c.key, c.pinpoint) for c in by_key("c018").instruments}
    assert {("a-hrc-44-42", "para 35"), ("a-hrc-44-42", "paras 44-59")} <= pins


def test_unknown_addressees_stay_explicit() -> None:
    kinds = [s.addressees for c in seed_extraction().comments for s in c.statements]
    assert (UNKNOWN_ADDRESSEE,) in kinds
