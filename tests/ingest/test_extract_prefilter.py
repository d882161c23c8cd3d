"""The first-word prefilters of the extractor select every name and term that can match (same results)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gcmkg.registry import OrganizationEntry
from ingest.extract import actors, objectives
from ingest.extract.lexicon import objective_terms
from ingest.extract.objectives import REVIEW_BONUS


def _all_names_at_start(sentence: str) -> tuple[OrganizationEntry, str] | None:
    """`actors._org_at_start` trying every registry name (the behaviour before the prefilter)."""
    original = actors._org_candidates
    actors._org_candidates = lambda _sentence: list(actors._org_patterns())  # type: ignore[assignment]
    try:
        return actors._org_at_start(sentence)
    finally:
        actors._org_candidates = original


def _all_names_equal(text: str) -> OrganizationEntry | None:
    """`actors.organization_named` trying every registry name."""
    return next((e for e, p in actors._org_patterns() if p.fullmatch(text.strip())), None)


def _all_terms(text: str, review: tuple[int, ...]) -> dict[int, tuple[float, tuple[str, ...]]]:
    """`objectives.score_objectives` trying every lexicon term."""
    matched: dict[int, dict[str, float]] = {}
    for term in objective_terms():
        found = term.pattern.search(text)
        if found:
            terms = matched.setdefault(term.objective, {})
            terms[found.group(0).lower()] = max(terms.get(found.group(0).lower(), 0.0), term.weight)
    return {
        o: (sum(t.values()) * (REVIEW_BONUS if o in review else 1.0), tuple(sorted(t)))
        for o, t in matched.items()
    }


def _pieces() -> list[str]:
    names = sorted({n for e, _ in actors._org_patterns() for n in (e.name, e.acronym, *e.aliases)})
    terms = sorted({t.term.replace("*", "ation") for t in objective_terms()})
    return names[::7] + terms[::5]


PIECES = st.sampled_from(_pieces())
GLUE = st.sampled_from(
    [" ", ", ", " (", ") ", "-", "’s ", " — ", ". ", "l'", " developed ", "As ", " is committed "]
)


def _vary(text: str, upper: bool, lower: bool) -> str:
    return text.upper() if upper else text.lower() if lower else text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(PIECES, GLUE), min_size=1, max_size=6), st.booleans(), st.booleans())
def test_prefilters_give_the_brute_force_results(
    parts: list[tuple[str, str]], upper: bool, lower: bool
) -> None:
    text = _vary("".join(piece + glue for piece, glue in parts), upper, lower and not upper)
    assert actors._org_at_start(text) == _all_names_at_start(text)
    first = re.split(r"[,(—.]", text)[0]
    assert actors.organization_named(first) == _all_names_equal(first)
    assert objectives.score_objectives(text, (5,)) == _all_terms(text, (5,))


def test_the_comparison_sees_matches() -> None:
    text = "The Academic Council on the UN System developed a toolkit on disaggregated data."
    found = actors._org_at_start(text)
    assert found is not None and found == _all_names_at_start(text)
    assert actors.organization_named("ACUNS") == _all_names_equal("ACUNS") is not None
    scores = objectives.score_objectives(text)
    assert scores and scores == _all_terms(text, ())
