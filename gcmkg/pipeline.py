"""The ingest pipeline, stage by stage: parse → extract → RDF → validate, per page; then load into the store.

Each stage is a pure function over typed records (see ingest/ and gcmkg/validation.py); only `read_source`,
the store and the exports touch files. `process_page` runs the per-page stages in order, visibly. A build of
several pages runs `process_page` in a pool of worker processes (gcmkg/page_pool.py) while the store writes
the graphs in its own order, so the result is the same as one page after the other.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from gcmkg.config import Settings
from gcmkg.errors import IngestError, ShapeViolation
from gcmkg.iris import page_graph_iri, vocabulary_graph_iri
from gcmkg.namespaces import DEFAULT_BASE, GKG
from gcmkg.page_pool import PageCounts, PooledPageGraphs, PoolOptions, new_pool
from gcmkg.resources import ontology_file, vocabulary_files
from gcmkg.store import write_generation
from gcmkg.store.terms import RdflibTriple
from gcmkg.validation import ValidationResult, validate
from ingest.extract import extract
from ingest.extract.records import Extraction
from ingest.merge import merge_threads_into
from ingest.parse import parse_page
from ingest.rdf_extraction import extraction_to_graph
from ingest.rdf_threads import threads_to_graph
from ingest.records import Page

STAGES = ("parse", "extract", "rdf", "validate")
MAX_WORKERS = 2  # page worker processes of a build when not configured (fewer with fewer cores)

# A progress callback receives (source, stage) before each stage starts.
ProgressHook = Callable[[str, str], None]


@dataclass(frozen=True)
class PageResult:
    """Everything one source page produced, with the wall time of each stage in seconds."""

    source: str
    page: Page
    extraction: Extraction
    graph: Graph
    validation: ValidationResult
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - start


def read_source(path: Path) -> bytes:
    """Return the raw bytes of a source page, or raise IngestError naming the file."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise IngestError(f"{path}: cannot read the source page ({error.strerror or error})") from error


def page_graph(page: Page, extraction: Extraction, base: str = DEFAULT_BASE) -> Graph:
    """Return the RDF of one page: its threads and what was extracted from them (one graph, written once)."""
    graph = extraction_to_graph(page, extraction, base)
    return merge_threads_into(graph, lambda into: threads_to_graph(page, base, into))


def process_page(
    data: bytes | str, source: str, base: str = DEFAULT_BASE, progress: ProgressHook | None = None
) -> PageResult:
    """Return the validated graph of one page; raise ParseError or ShapeViolation naming the source."""
    timings: dict[str, float] = {}
    notify = progress or (lambda _source, _stage: None)
    notify(source, "parse")
    with _timed(timings, "parse"):
        page = parse_page(data, source)
    notify(source, "extract")
    with _timed(timings, "extract"):
        extraction = extract(page)
    notify(source, "rdf")
    with _timed(timings, "rdf"):
        graph = page_graph(page, extraction, base)
    notify(source, "validate")
    with _timed(timings, "validate"):
        validation = validate(graph, base, in_place=True)  # the page graph is this call's own
    if not validation.conforms:
        raise ShapeViolation(source, validation.report)
    return PageResult(source, page, extraction, graph, validation, timings)


def vocabulary_graph(base: str = DEFAULT_BASE) -> Graph:
    """Return the ontology and vocabularies as one graph, its blank nodes skolemised deterministically.

    OWL class expressions (owl:unionOf lists...) are blank nodes in the Turtle; the store and the exports
    hold none, so they become skolem IRIs named by the canonical labelling (same files, same IRIs).
    """
    graph = Graph()
    for path in [ontology_file(), *vocabulary_files()]:
        graph.parse(path, format="turtle")
    canonical = to_canonical_graph(graph)
    return canonical.skolemize(basepath=f"{base}.well-known/genid/")


@dataclass(frozen=True)
class BuildSummary:
    """What a build produced: counts for the closing summary and the per-stage wall times."""

    pages: int
    comments: int
    statements_by_kind: dict[str, int]
    actors: int  # distinct recommenders (objects of gkg:recommendedBy)
    links_by_method: dict[str, int]
    triples: int
    shacl_conforms: bool
    stage_seconds: dict[str, float]
    total_seconds: float


@dataclass
class SummaryCounts:
    """Running counts of a build, updated page by page so no page's records outlive its stage."""

    pages: int = 0
    comments: int = 0
    triples: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    methods: Counter[str] = field(default_factory=Counter)
    stage_seconds: Counter[str] = field(default_factory=Counter)
    actors: set[str] = field(default_factory=set)

    def add(self, result: PageResult) -> None:
        """Count one page's comments, statements, links, recommenders, triples and stage times."""
        self.add_counts(page_counts(result))

    def add_counts(self, counts: PageCounts) -> None:
        """Add the counts of one page (as a worker process sends them)."""
        self.pages += 1
        self.comments += counts.comments
        self.triples += counts.triples
        self.kinds.update(counts.kinds)
        self.methods.update(counts.methods)
        self.actors.update(counts.actors)
        self.stage_seconds.update(counts.timings)

    def summary(self, extra_seconds: dict[str, float], total_seconds: float) -> BuildSummary:
        """Return the closing summary (every page conformed, or the build would have stopped)."""
        return BuildSummary(
            pages=self.pages,
            comments=self.comments,
            statements_by_kind=dict(sorted(self.kinds.items())),
            actors=len(self.actors),
            links_by_method=dict(sorted(self.methods.items())),
            triples=self.triples,
            shacl_conforms=True,
            stage_seconds={**self.stage_seconds, **extra_seconds},
            total_seconds=total_seconds,
        )


class LazyPageGraphs(Mapping[URIRef, Graph]):
    """The named graphs of a build, each page processed only when the store asks for its graph.

    The store writes one graph at a time, so a build holds one page's records and graph in memory, however
    many pages it reads (the issue's "memory bounded" target); the vocabulary graph comes first.
    """

    def __init__(
        self, sources: Sequence[Path], counts: SummaryCounts, base: str, progress: ProgressHook | None
    ):
        self._base, self._counts, self._progress = base, counts, progress
        self._vocabulary = vocabulary_graph_iri(base)
        self._sources = sources_by_graph(sources, base)

    def __iter__(self) -> Iterator[URIRef]:
        return iter([self._vocabulary, *self._sources])

    def __len__(self) -> int:
        return 1 + len(self._sources)

    def __getitem__(self, iri: URIRef) -> Graph:
        if iri == self._vocabulary:
            vocabulary = vocabulary_graph(self._base)
            self._counts.triples += len(vocabulary)
            return vocabulary
        path = self._sources[iri]
        result = process_page(read_source(path), path.name, self._base, self._progress)
        self._counts.add(result)
        return result.graph


def sources_by_graph(sources: Sequence[Path], base: str) -> dict[URIRef, Path]:
    """Return the source files by the IRI of their named graph; two sources may not share a file name."""
    by_graph: dict[URIRef, Path] = {}
    for path in sources:
        iri = page_graph_iri(path.name, base)
        if iri in by_graph:
            raise IngestError(f"{path}: another source has the same file name ({by_graph[iri]}); rename one")
        by_graph[iri] = path
    return by_graph


def page_counts(result: PageResult) -> PageCounts:
    """Return what one processed page adds to the build summary."""
    statements = [s for c in result.extraction.comments for s in c.statements]
    return PageCounts(
        comments=len(result.page.comments),
        triples=len(result.graph),
        kinds=Counter(statement.kind for statement in statements),
        methods=Counter(link.method for statement in statements for link in statement.objectives),
        actors=frozenset(str(actor) for actor in result.graph.objects(None, GKG.recommendedBy)),
        timings=dict(result.timings),
    )


def build_workers(pages: int, requested: int | None = None) -> int:
    """Return how many worker processes a build of `pages` pages uses (1: in this process)."""
    wanted = MAX_WORKERS if requested is None else requested
    return max(1, min(wanted, pages, os.cpu_count() or 1))


def _vocabulary_triples(counts: SummaryCounts, base: str) -> Iterator[RdflibTriple]:
    """Return the vocabulary graph's triples, counted in the summary."""
    vocabulary = vocabulary_graph(base)
    counts.triples += len(vocabulary)
    return iter(vocabulary)


def _write_pooled(
    sources: Sequence[Path],
    settings: Settings,
    counts: SummaryCounts,
    progress: ProgressHook | None,
    workers: int,
) -> float:
    """Write a generation from pages processed by `workers` processes; return the time spent waiting."""
    base = settings.base_iri
    by_graph = sources_by_graph(sources, base)
    with new_pool(workers) as pool:
        options = PoolOptions(pool, 2 * workers, base, counts.add_counts, progress)
        graphs = PooledPageGraphs(by_graph, lambda: _vocabulary_triples(counts, base), options)
        try:
            write_generation(graphs, settings)  # parse → extract → RDF → validate run in the workers
        finally:
            graphs.cancel()
    return graphs.waited


def build(
    sources: Sequence[Path],
    settings: Settings,
    progress: ProgressHook | None = None,
    workers: int | None = None,
) -> BuildSummary:
    """Build a new store generation from the sources and switch to it; on any error the store is unchanged.

    `workers` page processes (default: `settings.build_workers`, at most one per core and per page); 1 runs
    every stage in this process. Export files are not written here: they cost as much as the pages at scale
    and are written on demand (`gcmkg export`, `gcmkg build --exports`, `/export`; decisions/0012).
    """
    if not sources:
        raise IngestError("no source pages given: pass page files, or omit them to use the bundled seed")
    start = time.perf_counter()
    counts = SummaryCounts()
    processes = build_workers(len(sources), settings.build_workers if workers is None else workers)
    write_start = time.perf_counter()
    if processes > 1:
        waited = _write_pooled(sources, settings, counts, progress, processes)
    else:
        write_generation(LazyPageGraphs(sources, counts, settings.base_iri, progress), settings)
        waited = sum(counts.stage_seconds.values())  # the stages ran inside the write, page by page
    extra = {"load": time.perf_counter() - write_start - waited}
    return counts.summary(extra, time.perf_counter() - start)
