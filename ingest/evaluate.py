"""Evaluation of the extractor against a hand-written gold annotation: precision, recall and F1 per facet."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gcmkg.errors import IngestError
from ingest.extract.records import CommentExtraction, Extraction, Statement
from ingest.records import Page

FACETS = (
    "segmentation",
    "kind",
    "recommendation",
    "addressee",
    "explicit objectives (statements)",
    "explicit objectives (comments)",
    "inferred objectives",
    "instruments",
    "countries",
    "recommenders",
    "affiliations",
)

Item = tuple[object, ...]


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Return tp / (tp + fp), 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Return tp / (tp + fn), 1.0 when the gold is empty."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(predicted: set[Item], gold: set[Item]) -> Score:
    """Return the score of a predicted set of items against the gold set."""
    return Score(len(predicted & gold), len(predicted - gold), len(gold - predicted))


def norm(text: str) -> str:
    """Return text NFC, casefolded, apostrophes and spaces unified, outer punctuation stripped."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\xa0", " ").casefold()
    return re.sub(r"\s+", " ", text).strip(" .;:,")


def load_gold(path: Path) -> dict[str, Any]:
    """Return the gold annotation read from a JSON file, or raise IngestError naming the file."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IngestError(f"{path}: cannot read gold annotation ({exc})") from exc
    if not isinstance(data.get("comments"), list):
        raise IngestError(f"{path}: gold annotation has no 'comments' list")
    return data


def _matches(statement: Statement, gold: dict[str, Any]) -> bool:
    text = norm(statement.text)
    return text.startswith(norm(gold["start"])) and text.endswith(norm(gold["end"]))


def align(predicted: tuple[Statement, ...], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Return (predicted index, gold index) pairs of matching statements, one-to-one, in order."""
    pairs, used = [], set()
    for gi, item in enumerate(gold):
        for pi, statement in enumerate(predicted):
            if pi not in used and _matches(statement, item):
                pairs.append((pi, gi))
                used.add(pi)
                break
    return pairs


def _statement_items(
    key: str, pairs: list[tuple[int, int]], pred: CommentExtraction, gold: dict[str, Any]
) -> dict[str, tuple[set[Item], set[Item]]]:
    """Return facet -> (predicted, gold) items of the aligned statements of one comment."""
    facets: dict[str, tuple[set[Item], set[Item]]] = {}
    for pi, gi in pairs:
        s, g = pred.statements[pi], gold["statements"][gi]
        sid = (key, gi)
        _add(facets, "kind", {(sid, s.kind)}, {(sid, g["kind"])})
        _add(
            facets,
            "recommendation",
            {sid} if s.kind == "recommendation" else set(),
            {sid} if g["kind"] == "recommendation" else set(),
        )
        _add(facets, "addressee", {(sid, a) for a in s.addressees}, {(sid, a) for a in g["addressees"]})
        _add(
            facets,
            "explicit objectives (statements)",
            {(sid, o.objective) for o in s.objectives if o.method == "explicit"},
            {(sid, o) for o in g["explicit_objectives"]},
        )
        _add(
            facets,
            "inferred objectives",
            {(sid, o.objective) for o in s.objectives if o.method == "inferred"},
            {(sid, o) for o in g["inferred_objectives"]},
        )
    return facets


def _add(facets: dict[str, tuple[set[Item], set[Item]]], name: str, pred: set[Any], gold: set[Any]) -> None:
    current = facets.setdefault(name, (set(), set()))
    current[0].update(pred)
    current[1].update(gold)


def _comment_items(
    key: str, pred: CommentExtraction, gold: dict[str, Any]
) -> dict[str, tuple[set[Item], set[Item]]]:
    """Return facet -> (predicted, gold) items of one comment as a whole."""
    facets: dict[str, tuple[set[Item], set[Item]]] = {}
    _add(
        facets,
        "explicit objectives (comments)",
        {(key, o.objective) for o in pred.mentioned_objectives},
        {(key, o) for o in gold["mentioned_objectives"]},
    )
    _add(
        facets,
        "instruments",
        {(key, c.key) for c in pred.instruments if c.kind != "url"},
        {(key, k) for k in gold["instruments"]},
    )
    _add(facets, "countries", {(key, c.iso2) for c in pred.countries}, {(key, k) for k in gold["countries"]})
    _add(
        facets,
        "recommenders",
        {(key, norm(r.name)) for r in pred.recommenders},
        {(key, norm(n)) for n in gold["recommenders"]},
    )
    return facets


def evaluate(page: Page, extraction: Extraction, gold: dict[str, Any]) -> dict[str, Score]:
    """Return facet -> score of an extraction of `page` against the gold annotation of the same page."""
    by_key = {c.comment: c for c in extraction.comments}
    authors = {c.key: c.author_display for c in page.comments}
    totals: dict[str, tuple[set[Item], set[Item]]] = {name: (set(), set()) for name in FACETS}
    for item in gold["comments"]:
        key = item["key"]
        if authors.get(key) != item["author"]:
            raise IngestError(
                f"{page.source}: gold comment {key} is by {item['author']!r}, page has {authors.get(key)!r}"
            )
        pred = by_key[key]
        pairs = align(pred.statements, item["statements"])
        _add(
            totals,
            "segmentation",
            {(key, "p", pi) for pi in range(len(pred.statements))} - {(key, "p", pi) for pi, _ in pairs}
            | {(key, gi) for _, gi in pairs},
            {(key, gi) for gi in range(len(item["statements"]))},
        )
        for facets in (_statement_items(key, pairs, pred, item), _comment_items(key, pred, item)):
            for name, (p, g) in facets.items():
                _add(totals, name, p, g)
    predicted_affiliations = {
        (norm(a.person), a.registry_key) for c in extraction.comments for a in c.affiliations
    }
    gold_affiliations = {(norm(p), k) for p, k in gold.get("affiliations", [])}
    _add(totals, "affiliations", predicted_affiliations, gold_affiliations)
    return {name: score(p, g) for name, (p, g) in totals.items()}


def report(scores: dict[str, Score]) -> str:
    """Return a fixed-width table of precision, recall and F1 per facet."""
    lines = [f"{'facet':34} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name in FACETS:
        s = scores[name]
        lines.append(
            f"{name:34} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}"
        )
    return "\n".join(lines)
