"""Seeded, deterministic synthetic Hub pages in the seed page's text format, at N times the seed page.

Run: `.venv/bin/python -m bench.pagegen --scales 1,10,100,1000` writes var/bench/pages/x<N>/page_<i>.txt.
Page i depends only on (seed, i), so the pages of a small scale are the first pages of a larger one.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gcmkg.resources import PROJECT_ROOT, reference_table

CORPUS_FILE = Path(__file__).resolve().parent / "data" / "pagegen.json"
DEFAULT_OUT = PROJECT_ROOT / "var" / "bench" / "pages"
LANGUAGE_WEIGHTS = {"en": 0.8, "fr": 0.1, "es": 0.1}
NAME_LIMIT = 20
LETTERS = "abcdefghijkl"


@dataclass(frozen=True)
class Objective:
    """One GCM objective's number, paragraph and titles per language (from the reference table)."""

    number: int
    paragraph: int
    titles: dict[str, str]


@dataclass(frozen=True)
class Corpus:
    """The phrase pools (bench/data/pagegen.json) plus the reference tables they cite."""

    pools: dict[str, Any]
    objectives: tuple[Objective, ...]
    acronyms: tuple[str, ...]


def load_corpus() -> Corpus:
    """Return the generator's corpus, read from the bench data file and the reference tables."""
    pools = json.loads(CORPUS_FILE.read_text(encoding="utf-8"))
    with reference_table("gcm_objectives").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    objectives = tuple(
        Objective(int(r["number"]), int(r["paragraph"]), {k: r[f"title_{k}"] for k in ("en", "fr", "es")})
        for r in rows
    )
    with reference_table("organizations").open(encoding="utf-8", newline="") as handle:
        acronyms = tuple(r["acronym"] for r in csv.DictReader(handle, delimiter="\t"))
    return Corpus(pools, objectives, acronyms)


def shown_name(name: str) -> str:
    """Return a name as the Hub shows it: cut to 14 characters plus an ellipsis when long."""
    return name if len(name) <= NAME_LIMIT else name[:14] + "…"


def list_marker(style: str, position: int) -> str:
    """Return the marker that starts list item `position` (0-based) in a Hub list style."""
    if style == "letter":
        return f"({LETTERS[position % len(LETTERS)]}) "
    if style == "number_paren_dot":
        return f"{position + 1}). "
    if style == "number_paren":
        return f"{position + 1}) "
    if style == "dash":
        return "- "
    return f"{position + 1}."


def hub_date(day: dt.date) -> str:
    """Return a date in the Hub's format, e.g. 'Dec 03, 2021'."""
    return day.strftime("%b %d, %Y")


class PageWriter:
    """Writes one synthetic page; all randomness comes from one seeded generator."""

    def __init__(self, corpus: Corpus, seed: int, index: int) -> None:
        self.corpus = corpus
        self.pools = corpus.pools
        self.rng = random.Random(f"gcmkg-bench:{seed}:{index}")
        self.under_review = tuple(sorted(self.rng.sample(range(1, 24), 5)))
        self.day = dt.date(2021, 11, 20) + dt.timedelta(days=self.rng.randrange(0, 400))
        self.people = [self._person() for _ in range(14)]
        self.lines: list[str] = []

    def _person(self) -> str:
        """Return a participant's full name, sometimes with an organisation or as an account."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.12:
            return str(rng.choice(self.pools["orgs_as_accounts"]))
        name = f"{rng.choice(self.pools['first_names'])} {rng.choice(self.pools['last_names'])}"
        if roll < 0.22:
            return f"{name}, {rng.choice(self.corpus.acronyms)}"
        return name

    def _language(self) -> str:
        """Return a comment language drawn with the page's EN/FR/ES weights."""
        return self.rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]

    def _objective(self) -> Objective:
        """Return an objective, mostly one under review on this page."""
        number = self.rng.choice(self.under_review) if self.rng.random() < 0.85 else self.rng.randint(1, 23)
        return self.corpus.objectives[number - 1]

    def _objective_ref(self, objective: Objective) -> str:
        """Return an explicit mention of the objective in one of the forms seen on the Hub."""
        other = self._objective().number
        letter = self.rng.choice(LETTERS)
        forms = (
            f"Objective {objective.number}",
            f"GCM objective {objective.number}",
            f"objectives {min(objective.number, other)} and {max(objective.number, other)}",
            f"Obj. {objective.number} paragraph {objective.paragraph}({letter})",
            f"objective #{objective.number}",
        )
        return self.rng.choice(forms)

    def _citation(self) -> str:
        """Return an instrument citation with pinpoints, e.g. 'A/HRC/44/42, para 27'."""
        para = self.rng.randint(10, 60)
        template: str = self.rng.choice(self.pools["citations"])
        return template.format(
            para=para,
            para2=para + self.rng.randint(1, 15),
            gcm_para=self._objective().paragraph,
            letter=self.rng.choice(LETTERS),
        )

    def _slots(self, lang: str) -> dict[str, str]:
        """Return the values for one template's slots, in the given language."""
        objective = self._objective()
        addressee: str = self.rng.choice(self.pools["addressees"][lang])
        implicit = objective.titles[lang]
        return {
            "addressee": addressee,
            "addressee_lower": addressee[0].lower() + addressee[1:],
            "action": self.rng.choice(self.pools["actions"][lang]),
            "objective_ref": self._objective_ref(objective),
            "citation": self._citation(),
            "implicit": implicit[0].lower() + implicit[1:],
            "number": str(objective.number),
            "number2": str(self._objective().number),
            "paragraph": str(objective.paragraph),
        }

    def _sentence(self, lang: str, kind: str) -> str:
        """Return one filled sentence of the kind 'recommendation_templates' or 'context_sentences'."""
        template: str = self.rng.choice(self.pools[kind][lang])
        sentence = template.format(**self._slots(lang))
        if kind == "recommendation_templates" and self.rng.random() < 0.6:
            sentence = sentence[:-1] + self.rng.choice(self.pools["reasons"][lang]) + "."
        return sentence

    def _paragraph(self, lang: str) -> str:
        """Return a paragraph of two to four sentences, mostly context as on the seed page."""
        kinds = ("recommendation_templates", "context_sentences")
        count = self.rng.randint(2, 4)
        return " ".join(self._sentence(lang, self.rng.choices(kinds, (0.3, 0.7))[0]) for _ in range(count))

    def _list(self, lang: str) -> list[str]:
        """Return the lines of a list in one of the Hub's list styles (bullets, (a), 1), ...)."""
        style = self.rng.choice(self.pools["list_styles"])
        items = [self._sentence(lang, "recommendation_templates") for _ in range(self.rng.randint(3, 6))]
        if style == "bullet":
            return ["  • " + item for item in items]
        return [line for i, item in enumerate(items) for line in (list_marker(style, i) + item, "")][:-1]

    def _body(self, lang: str) -> list[str]:
        """Return the lines of one comment body (paragraphs, lists, footnotes, signature)."""
        rng = self.rng
        lines: list[str] = []
        if rng.random() < 0.3:
            lines += [rng.choice(self.pools["openers"][lang]), ""]
        for _ in range(rng.randint(1, 3)):
            lines += [self._paragraph(lang), ""]
        if rng.random() < 0.3:
            lines += [*self._list(lang), ""]
        if lang == "en" and rng.random() < 0.1:
            sources = rng.sample(self.pools["footnote_sources"], rng.randint(1, 3))
            lines += [" ", ""] + [line for n, s in enumerate(sources, 1) for line in (f"[{n}] {s}", "")]
        if rng.random() < 0.05:
            signature: str = rng.choice(self.pools["signatures"])
            lines += [
                signature.format(name=rng.choice(self.people), org=rng.choice(self.corpus.acronyms)),
                "",
            ]
        return lines

    def _comment(self, author: str, reply_to: str | None, counters: int | None = None) -> None:
        """Append one comment: counters, date, author, badge, body, 'In reply to by'."""
        self.day += dt.timedelta(days=self.rng.randint(0, 6))
        if counters is not None:
            self.lines += [str(counters), "Members", str(counters), "Comments"]
        self.lines += [hub_date(self.day), shown_name(author), ""]
        if self.rng.random() < 0.35:
            self.lines += ["Moderator ", ""]
        self.lines += self._body(self._language())
        if reply_to is not None:
            self.lines += [f"In reply to by {reply_to}", ""]

    def _question(self, number: int) -> None:
        """Append one question in EN/FR/ES with its counters and its thread of comments."""
        spec = self.rng.choice(self.pools["questions"])
        self.lines += [f"{number}. {spec['en']}", ""]
        if spec["en_note"]:
            self.lines += [spec["en_note"], ""]
        for lang in ("fr", "es"):
            self.lines += [f"{number}. {spec[lang]}"] + (
                [spec[f"{lang}_note"]] if spec[f"{lang}_note"] else []
            )
            self.lines += [""]
        top = self.rng.randint(8, 12)
        replied = [position > 0 and self.rng.random() < 0.15 for position in range(top)]
        total = top + sum(replied)  # the Hub counts the replies under a question too
        self.lines += [str(total), "Members", str(total), "Comments"]
        for has_reply in replied:
            author = self.rng.choice(self.people)
            self._comment(author, self.pools["host_account"])
            if has_reply:
                self._comment(self.rng.choice(self.people), shown_name(author), counters=1)
        if number == 1:
            self._general_comments()

    def _general_comments(self) -> None:
        """Append comments on the consultation itself (no 'In reply to'), some with replies."""
        for _ in range(self.rng.randint(2, 4)):
            author = self.rng.choice(self.people)
            replies = self.rng.randint(0, 2)
            self._comment(author, None, counters=1 if replies or self.rng.random() < 0.5 else None)
            for _ in range(replies):
                self._comment(self.rng.choice(self.people), shown_name(author), counters=1)

    def render(self) -> str:
        """Return the whole page text: chrome, four questions (4 to 1), trailing date, footer."""
        for line in self.pools["chrome_head"]:
            self.lines += [line, ""]
        host = self.pools["host_account"]
        self.lines += [host, ""]
        for number in (4, 3, 2, 1):
            if number != 4:
                self.day += dt.timedelta(days=self.rng.randint(0, 20))
                self.lines += [hub_date(self.day), host, ""]
            self._question(number)
        self.lines += [hub_date(self.day + dt.timedelta(days=90)), ""]
        for line in self.pools["footer"]:
            self.lines += [line, ""]
        return "\n".join(self.lines).rstrip("\n") + "\n"


def page_text(corpus: Corpus, seed: int, index: int) -> str:
    """Return the text of synthetic page `index` for `seed` (deterministic)."""
    return PageWriter(corpus, seed, index).render()


def page_name(index: int) -> str:
    """Return the file name of synthetic page `index`."""
    return f"page_{index:04d}.txt"


def write_pages(out_dir: Path, count: int, seed: int, corpus: Corpus | None = None) -> dict[str, int]:
    """Write `count` pages into out_dir; return {'pages': n, 'bytes': total}."""
    corpus = corpus or load_corpus()
    out_dir.mkdir(parents=True, exist_ok=True)
    total = 0
    for index in range(count):
        data = page_text(corpus, seed, index).encode("utf-8")
        (out_dir / page_name(index)).write_bytes(data)
        total += len(data)
    return {"pages": count, "bytes": total}


def parse_scales(text: str) -> list[int]:
    """Return the page counts of a comma list such as '1,10,100,1000'."""
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> None:
    """Write the synthetic pages for each requested scale and print a summary line per scale."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10,100,1000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    corpus = load_corpus()
    for scale in parse_scales(args.scales):
        summary = write_pages(args.out / f"x{scale}", scale, args.seed, corpus)
        print(
            f"x{scale}: {summary['pages']} pages, {summary['bytes'] / 1e6:.1f} MB -> {args.out / f'x{scale}'}"
        )


if __name__ == "__main__":
    main()
