"""Seeded, deterministic synthetic graphs shaped like the project's, at 1k .. 1M recommendations (N-Quads).

Run: `.venv/bin/python -m bench.graphgen --scales 1k,10k,100k,1M` writes var/bench/graphs/r<scale>.nq.
Shape (per DESIGN.md): one named graph per source page holding its comments and recommendations; each
recommendation has a type, language-tagged text, derivation, char offsets, recommender, objective, a qualified
objective link (objective, method, confidence, evidence), often an addressee and a citation, sometimes a
statement kind (about 13 triples), plus its share of the comment triples; each page graph also holds its
consultation and four questions (the comments' containers); actors (half of the persons speaking for an
organisation) and GCM objectives live in a vocabulary graph.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bench.pagegen import Corpus, load_corpus
from gcmkg.namespaces import DEFAULT_BASE, ONTOLOGY_IRI
from gcmkg.resources import PROJECT_ROOT

DEFAULT_OUT = PROJECT_ROOT / "var" / "bench" / "graphs"
BENCH_NS = "https://w3id.org/gcmkg/bench#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
RDFS_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SIOC = "http://rdfs.org/sioc/ns#"
DCT = "http://purl.org/dc/terms/"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
CITO_CITES = "<http://purl.org/spar/cito/cites>"
XSD = "http://www.w3.org/2001/XMLSchema#"
ACTOR_TYPES = {
    "Person": 0.45,
    "CivilSocietyOrganization": 0.15,
    "UNEntity": 0.1,
    "State": 0.06,
    "GovernmentBody": 0.06,
    "IntergovernmentalOrganization": 0.05,
    "TradeUnion": 0.05,
    "AcademicInstitution": 0.04,
    "LocalGovernment": 0.04,
}
# Round table 1 objectives dominate, as on the seed page.
OBJECTIVE_WEIGHTS = [3 if n in (2, 5, 6, 12, 18) else 1 for n in range(1, 24)]
RECS_PER_COMMENT = 3
COMMENTS_PER_PAGE = 50
LANGUAGE_WEIGHTS = {"en": 0.8, "fr": 0.1, "es": 0.1}
PAGE_SIZE = 100
MEMBER_SHARE = 0.5
KIND_SHARE = 0.3  # statements with an explicit gkg:statementKind (the headline query defaults the rest)
ORG_MEMBER = "<http://www.w3.org/ns/org#memberOf>"
MODALS = {"en": "should", "fr": "devraient", "es": "deberían"}


def gkg(local: str) -> str:
    """Return the N-Quads form of an ontology term."""
    return f"<{ONTOLOGY_IRI}{local}>"


def iri(kind: str, local: str | int) -> str:
    """Return the N-Quads form of an instance IRI under the default base."""
    return f"<{DEFAULT_BASE}{kind}/{local}>"


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """Return the N-Quads form of a literal (escaped), with a language tag or a datatype."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{XSD}{datatype}>'
    return f'"{escaped}"'


def quad(s: str, p: str, o: str, g: str) -> str:
    """Return one N-Quads line."""
    return f"{s} {p} {o} {g} .\n"


def parse_scale(text: str) -> int:
    """Return the number of recommendations of a scale label such as '10k' or '1M'."""
    text = text.strip()
    factor = {"k": 1_000, "K": 1_000, "M": 1_000_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(text[:-1] if factor > 1 else text) * factor


def scale_label(count: int) -> str:
    """Return the label of a number of recommendations, e.g. 100000 -> '100k'."""
    if count % 1_000_000 == 0:
        return f"{count // 1_000_000}M"
    return f"{count // 1000}k" if count % 1000 == 0 else str(count)


@dataclass(frozen=True)
class Shape:
    """How many of each node a graph of `recommendations` recommendations holds."""

    recommendations: int

    @property
    def comments(self) -> int:
        """Return the number of comments (each holds about three recommendations)."""
        return max(1, -(-self.recommendations // RECS_PER_COMMENT))

    @property
    def pages(self) -> int:
        """Return the number of source pages (named graphs)."""
        return max(1, -(-self.comments // COMMENTS_PER_PAGE))

    @property
    def actors(self) -> int:
        """Return the number of distinct actors (about one per eight comments, at least 40)."""
        return max(40, self.comments // 8)


def vocabulary_quads(corpus: Corpus, shape: Shape, rng: random.Random) -> Iterator[str]:
    """Yield the vocabulary graph: objectives as SKOS concepts, actor classes and actors."""
    g = iri("graph", "vocabularies")
    for objective in corpus.objectives:
        s = iri("objective", objective.number)
        yield quad(s, RDF_TYPE, f"<{SKOS}Concept>", g)
        yield quad(s, RDF_TYPE, gkg("GCMObjective"), g)
        yield quad(s, f"<{SKOS}inScheme>", f"<{DEFAULT_BASE}objective>", g)
        yield quad(s, f"<{SKOS}notation>", literal(str(objective.number)), g)
        for lang, title in objective.titles.items():
            yield quad(s, f"<{SKOS}prefLabel>", literal(title, lang), g)
    for kind in ACTOR_TYPES:
        parent = "Actor" if kind == "Person" else "Organization"
        yield quad(gkg(kind), RDFS_SUBCLASS, gkg(parent), g)
    types = rng.choices(list(ACTOR_TYPES), weights=list(ACTOR_TYPES.values()), k=shape.actors)
    organizations = [number for number, kind in enumerate(types) if kind != "Person"] or [0]
    for number, kind in enumerate(types):
        s = iri("actor", number)
        yield quad(s, RDF_TYPE, gkg(kind), g)
        yield quad(s, RDFS_LABEL, literal(f"{kind} actor {number}"), g)
        if kind == "Person" and rng.random() < MEMBER_SHARE:  # speaks for an organisation (org:memberOf)
            yield quad(s, ORG_MEMBER, iri("actor", rng.choice(organizations)), g)


def page_quads(page: int, g: str) -> Iterator[str]:
    """Yield a page's consultation and its four questions (the comments' containers)."""
    consultation = iri("consultation", f"page-{page}")
    yield quad(consultation, RDF_TYPE, gkg("Consultation"), g)
    yield quad(consultation, f"<{DCT}title>", literal(f"Consultation {page}", "en"), g)
    for number in range(1, 5):
        question = iri("question", f"{page}-{number}")
        yield quad(question, RDF_TYPE, gkg("Question"), g)
        yield quad(question, f"<{SIOC}has_container>", consultation, g)


def comment_quads(number: int, shape: Shape, rng: random.Random, g: str) -> Iterator[str]:
    """Yield one comment's triples (type, creator, date, container, language)."""
    s = iri("comment", number)
    page = number // COMMENTS_PER_PAGE
    lang = rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]
    yield quad(s, RDF_TYPE, gkg("Comment"), g)
    yield quad(s, f"<{SIOC}has_creator>", iri("actor", rng.randrange(shape.actors)), g)
    day = f"202{1 + rng.randrange(2)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
    yield quad(s, f"<{DCT}created>", literal(day, datatype="date"), g)
    yield quad(s, f"<{SIOC}has_container>", iri("question", f"{page}-{rng.randint(1, 4)}"), g)
    yield quad(s, f"<{DCT}language>", literal(lang), g)


class RecommendationWriter:
    """Draws recommendations from the page generator's phrase pools, one seeded generator for all."""

    def __init__(self, corpus: Corpus, shape: Shape, rng: random.Random) -> None:
        self.links: list[tuple[int, float, int]] = []  # (objective, confidence, recommendation number)
        self.corpus = corpus
        self.shape = shape
        self.rng = rng
        self.addressees = corpus.pools["addressees"]
        self.actions = corpus.pools["actions"]
        self.citations = [f"instrument-{n}" for n in range(30)]

    def text(self, lang: str) -> str:
        """Return a recommendation sentence in `lang`."""
        addressee = self.rng.choice(self.addressees[lang])
        return f"{addressee} {MODALS[lang]} {self.rng.choice(self.actions[lang])}."

    def quads(self, number: int, g: str) -> Iterator[str]:
        """Yield the triples of recommendation `number` and of its qualified objective link."""
        rng = self.rng
        s = iri("recommendation", number)
        link = iri("objective-link", number)
        objective = rng.choices(range(1, 24), weights=OBJECTIVE_WEIGHTS)[0]
        explicit = rng.random() < 0.6
        confidence = rng.uniform(0.85, 1.0) if explicit else rng.uniform(0.35, 0.8)
        lang = rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]
        start = rng.randrange(0, 2000)
        self.links.append((objective, round(confidence, 2), number))
        yield quad(s, RDF_TYPE, gkg("Recommendation"), g)
        yield quad(s, gkg("text"), literal(self.text(lang), lang), g)
        yield quad(s, PROV_DERIVED, iri("comment", number // RECS_PER_COMMENT), g)
        yield quad(s, gkg("charStart"), literal(str(start), datatype="integer"), g)
        yield quad(s, gkg("charEnd"), literal(str(start + rng.randrange(40, 400)), datatype="integer"), g)
        yield quad(s, gkg("recommendedBy"), iri("actor", rng.randrange(self.shape.actors)), g)
        yield quad(s, gkg("concernsObjective"), iri("objective", objective), g)
        yield quad(s, gkg("objectiveLink"), link, g)
        yield quad(link, gkg("objective"), iri("objective", objective), g)
        yield quad(link, gkg("method"), literal("explicit" if explicit else "inferred"), g)
        yield quad(link, gkg("confidence"), literal(f"{confidence:.2f}", datatype="decimal"), g)
        yield quad(link, gkg("evidence"), literal(f"Objective {objective}" if explicit else "pathways"), g)
        if rng.random() < 0.6:
            yield quad(s, gkg("addressedTo"), iri("addressee", rng.randrange(13)), g)
        if rng.random() < 0.3:
            yield quad(s, CITO_CITES, iri("instrument", rng.choice(self.citations)), g)
        if rng.random() < KIND_SHARE:
            yield quad(s, gkg("statementKind"), literal("recommendation"), g)


def graph_quads(
    recommendations: int, seed: int, corpus: Corpus, links: list[tuple[int, float, int]] | None = None
) -> Iterator[str]:
    """Yield every N-Quads line of the synthetic graph; collect (objective, confidence, number) in links."""
    shape = Shape(recommendations)
    rng = random.Random(f"gcmkg-bench-graph:{seed}:{recommendations}")
    yield from vocabulary_quads(corpus, shape, rng)
    writer = RecommendationWriter(corpus, shape, rng)
    if links is not None:
        writer.links = links
    for number in range(recommendations):
        page, position = divmod(number, RECS_PER_COMMENT * COMMENTS_PER_PAGE)
        g = iri("graph", f"page-{page}")
        if position == 0:
            yield from page_quads(page, g)
        if number % RECS_PER_COMMENT == 0:
            yield from comment_quads(number // RECS_PER_COMMENT, shape, rng, g)
        yield from writer.quads(number, g)


def ordering_quads(links: list[tuple[int, float, int]]) -> Iterator[str]:
    """Yield precomputed orderings: each link's rank within its objective and its page of PAGE_SIZE."""
    g = iri("graph", "bench-orderings")
    ranked = sorted(links, key=lambda link: (link[0], -link[1], link[2]))
    rank = 0
    for position, (objective, _confidence, number) in enumerate(ranked):
        if position and ranked[position - 1][0] != objective:
            rank = 0
        link = iri("objective-link", number)
        yield quad(link, f"<{BENCH_NS}rank>", literal(str(rank), datatype="integer"), g)
        page = iri("objective", f"{objective}/page/{rank // PAGE_SIZE}")
        yield quad(link, f"<{BENCH_NS}rankPage>", page, g)
        rank += 1


def write_lines(out: TextIO, lines: Iterable[str]) -> int:
    """Write lines to `out` in large chunks; return how many were written."""
    count = 0
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= 50_000:
            out.write("".join(buffer))
            count += len(buffer)
            buffer.clear()
    out.write("".join(buffer))
    return count + len(buffer)


def graph_file(out_dir: Path, recommendations: int) -> Path:
    """Return the path of the N-Quads file of a scale."""
    return out_dir / f"r{scale_label(recommendations)}.nq"


def ordering_file(out_dir: Path, recommendations: int) -> Path:
    """Return the path of the precomputed-orderings N-Quads file of a scale."""
    return out_dir / f"r{scale_label(recommendations)}-order.nq"


def write_scale(out_dir: Path, recommendations: int, seed: int, corpus: Corpus) -> tuple[int, int]:
    """Write the graph and its orderings file for one scale; return (graph quads, ordering quads)."""
    links: list[tuple[int, float, int]] = []
    with graph_file(out_dir, recommendations).open("w", encoding="utf-8") as handle:
        quads = write_lines(handle, graph_quads(recommendations, seed, corpus, links))
    with ordering_file(out_dir, recommendations).open("w", encoding="utf-8") as handle:
        ordering = write_lines(handle, ordering_quads(links))
    return quads, ordering


def main(argv: list[str] | None = None) -> None:
    """Write the synthetic graph of each requested scale; print its quad count and size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1k,10k,100k,1M")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    corpus = load_corpus()
    args.out.mkdir(parents=True, exist_ok=True)
    for label in args.scales.split(","):
        count = parse_scale(label)
        quads, ordering = write_scale(args.out, count, args.seed, corpus)
        size = graph_file(args.out, count).stat().st_size / 1e6
        per = quads / count
        label = scale_label(count)
        print(f"{label}: {quads} quads ({per:.1f}/recommendation), {size:.0f} MB; +{ordering} ordering quads")


if __name__ == "__main__":
    main()
