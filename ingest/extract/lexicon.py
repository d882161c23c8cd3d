"""Term sets of the extractor, read lazily from the TSV/text files in ingest/extract/lexicons/."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from gcmkg.errors import IngestError
from gcmkg.resources import lexicon_file


@dataclass(frozen=True)
class Term:
    objective: int
    lang: str
    term: str
    weight: float
    pattern: re.Pattern[str]

    @property
    def key(self) -> tuple[str, bool]:
        """Return the casefolded first word token of the term and whether it is a prefix ('migra*')."""
        return term_key(self.term)


_WORD = re.compile(r"\w+")


def term_key(term: str) -> tuple[str, bool]:
    """Return (first word token casefolded, is a prefix): a text can match the term only if it has that token.

    `term_regex` matches the first word as written (a trailing '*' allows more word characters), preceded by
    no word character; so the text holds the first token whole, or as the start of a token when a prefix.
    """
    words = term.split()
    first = words[0] if words else ""
    match = _WORD.match(first.rstrip("*").casefold())
    if match is None:
        return "", True  # starts with punctuation: no cheap key, always tried
    token = match.group(0)
    return token, first.endswith("*") and len(token) == len(first.rstrip("*"))


def _rows(name: str) -> list[dict[str, str]]:
    path = lexicon_file(name)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            return [{k: (v or "").strip() for k, v in row.items()} for row in reader]
    except OSError as exc:
        raise IngestError(f"{path}: cannot read lexicon ({exc})") from exc


def term_regex(term: str) -> re.Pattern[str]:
    """Return a case-insensitive regex for a lexicon term; a trailing '*' on a word makes it a prefix."""
    parts = []
    for word in term.split():
        prefix = word.endswith("*")
        body = re.escape(word.rstrip("*")).replace("'", "['’]")
        parts.append(body + (r"\w*" if prefix else ""))
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


@cache
def cue_patterns(name: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Return (lang, compiled regex) pairs of a cue file (deontic, practice or priority cues)."""
    return tuple((r["lang"], re.compile(r["pattern"], re.IGNORECASE)) for r in _rows(name))


@cache
def any_cue(name: str) -> re.Pattern[str]:
    """Return one regex matching any cue of a cue file, the file's earlier cues first at the same position.

    Its first match is the earliest match of any cue (ties going to the earlier line): what searching each
    cue separately and keeping the earliest gave, in one scan of the text instead of one per cue.
    """
    return re.compile("|".join(f"(?:{r['pattern']})" for r in _rows(name)), re.IGNORECASE)


@cache
def impersonal_cues() -> tuple[re.Pattern[str], ...]:
    """Return the deontic cues that take no subject ('it is key to', 'il faut', 'more can be done')."""
    rows = _rows("deontic.tsv")
    return tuple(re.compile(r["pattern"], re.IGNORECASE) for r in rows if r.get("subject") == "impersonal")


@cache
def imperative_words() -> frozenset[str]:
    """Return the verbs that start an imperative list item or sentence (EN/FR/ES), lowercase."""
    return frozenset(r["word"].lower() for r in _rows("imperatives.tsv"))


@cache
def question_types() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Return (regex, type) pairs that classify a Hub question (priority, trend, action)."""
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r["type"]) for r in _rows("question_types.tsv"))


@cache
def abbreviations() -> frozenset[str]:
    """Return the abbreviations whose period does not end a sentence (without the final period)."""
    path = lexicon_file("abbreviations.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def objective_terms() -> tuple[Term, ...]:
    """Return the per-objective EN/FR/ES term sets used to infer objective links."""
    terms = []
    for r in _rows("objective_terms.tsv"):
        try:
            terms.append(
                Term(int(r["objective"]), r["lang"], r["term"], float(r["weight"]), term_regex(r["term"]))
            )
        except ValueError as exc:
            raise IngestError(f"{lexicon_file('objective_terms.tsv')}: bad row {r} ({exc})") from exc
    return tuple(terms)
