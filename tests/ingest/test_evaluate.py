"""The evaluation against the seed gold: each figure held at what the extractor honestly reaches."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from gcmkg.cli import app
from gcmkg.errors import IngestError
from ingest.evaluate import FACETS, Score, evaluate, load_gold, score
from tests.ingest.extract_support import seed_extraction, seed_gold
from tests.ingest.parse_support import seed_page

# Measured on the seed gold, rounded down to 0.05: (precision, recall, F1). Never lower one to pass.
FLOORS = {
    "segmentation": (1.00, 1.00, 1.00),
    "kind": (0.90, 0.90, 0.90),
    "recommendation": (0.95, 0.90, 0.90),
    "addressee": (0.95, 0.95, 0.95),
    "explicit objectives (statements)": (1.00, 1.00, 1.00),
    "explicit objectives (comments)": (1.00, 1.00, 1.00),
    "inferred objectives": (0.75, 0.60, 0.65),
    "instruments": (1.00, 1.00, 1.00),
    "countries": (1.00, 1.00, 1.00),
    "recommenders": (1.00, 1.00, 1.00),
    "affiliations": (1.00, 1.00, 1.00),
}


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return evaluate(seed_page(), seed_extraction(), seed_gold())  # type: ignore[arg-type]


@pytest.mark.parametrize("facet", FACETS)
def test_figures_hold(scores: dict[str, Score], facet: str) -> None:
    p, r, f = FLOORS[facet]
    got = scores[facet]
    assert got.precision >= p and got.recall >= r and got.f1 >= f, f"{facet}: {got}"


def test_the_gold_covers_every_comment_of_the_seed() -> None:
    gold = seed_gold()
    assert [c["key"] for c in gold["comments"]] == [c.key for c in seed_page().comments]  # type: ignore[index,union-attr]


def test_score_arithmetic() -> None:
    s = score({1, 2, 3}, {2, 3, 4, 5})
    assert (s.tp, s.fp, s.fn) == (2, 1, 2)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_gold_for_another_page_is_refused() -> None:
    gold = {"comments": [{"key": "c000", "author": "Somebody Else", "statements": []}]}
    with pytest.raises(IngestError, match=r"c000"):
        evaluate(seed_page(), seed_extraction(), gold)


def test_bad_gold_file_names_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "gold.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(IngestError, match=r"gold\.json"):
        load_gold(bad)


def test_eval_command_prints_every_facet() -> None:
    result = CliRunner().invoke(app, ["eval"])
    assert result.exit_code == 0, result.output
    for facet in FACETS:
        assert facet in result.output
