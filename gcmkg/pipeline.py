"""The ingest pipeline, stage by stage: parse → extract → RDF → validate, per page; then load and export.

Each stage is a pure function over typed records (see ingest/ and gcmkg/validation.py); only `read_source`,
the store and the exports touch files. `process_page` runs the per-page stages in order, visibly.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from gcmkg.config import Settings
from gcmkg.errors import IngestError, ShapeViolation
from gcmkg.export import write_exports
from gcmkg.iris import page_graph_iri, vocabulary_graph_iri
from gcmkg.namespaces import DEFAULT_BASE, GKG
from gcmkg.resources import ontology_file, vocabulary_files
from gcmkg.store import open_store, write_generation
from gcmkg.validation import ValidationResult, validate
from ingest.extract import extract
from ingest.extract.records import Extraction
from ingest.merge import merge_page_graphs
from ingest.parse import parse_page
from ingest.rdf_extraction import extraction_to_graph
from ingest.rdf_threads import threads_to_graph
from ingest.records import Page

STAGES = ("parse", "extract", "rdf", "validate")

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
    """Return the RDF of one page: its threads and what was extracted from them."""
    return merge_page_graphs(threads_to_graph(page, base), extraction_to_graph(page, extraction, base))


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
        validation = validate(graph, base)
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


def sha256_of(data: bytes) -> str:
    """Return the hex sha256 of data."""
    return hashlib.sha256(data).hexdigest()


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
    failed: tuple[str, ...] = ()


def summarize(results: Sequence[PageResult], triples: int, total_seconds: float) -> BuildSummary:
    """Return the build summary of the page results."""
    kinds: Counter[str] = Counter()
    methods: Counter[str] = Counter()
    stage_seconds: Counter[str] = Counter()
    actors: set[str] = set()
    for result in results:
        statements = [s for c in result.extraction.comments for s in c.statements]
        kinds.update(statement.kind for statement in statements)
        methods.update(link.method for statement in statements for link in statement.objectives)
        actors.update(str(actor) for actor in result.graph.objects(None, GKG.recommendedBy))
        stage_seconds.update(result.timings)
    return BuildSummary(
        pages=len(results),
        comments=sum(len(result.page.comments) for result in results),
        statements_by_kind=dict(sorted(kinds.items())),
        actors=len(actors),
        links_by_method=dict(sorted(methods.items())),
        triples=triples,
        shacl_conforms=all(result.validation.conforms for result in results),
        stage_seconds=dict(stage_seconds),
        total_seconds=total_seconds,
    )


def collect_graphs(
    sources: Sequence[Path], base: str = DEFAULT_BASE, progress: ProgressHook | None = None
) -> tuple[list[PageResult], dict[URIRef, Graph]]:
    """Return the page results and the named graphs (vocabularies + one per page) of the sources."""
    graphs: dict[URIRef, Graph] = {vocabulary_graph_iri(base): vocabulary_graph(base)}
    results: list[PageResult] = []
    for path in sources:
        result = process_page(read_source(path), path.name, base, progress)
        graphs[page_graph_iri(path.name, base)] = result.graph
        results.append(result)
    return results, graphs


def build(sources: Sequence[Path], settings: Settings, progress: ProgressHook | None = None) -> BuildSummary:
    """Build a new store generation from the sources and switch to it; on any error the store is unchanged."""
    if not sources:
        raise IngestError("no source pages given: pass page files, or omit them to use the bundled seed")
    start = time.perf_counter()
    results, graphs = collect_graphs(sources, settings.base_iri, progress)
    if progress:
        progress("store", "load")
    load_start = time.perf_counter()
    write_generation(graphs, settings)
    load_seconds = time.perf_counter() - load_start
    if progress:
        progress("store", "export")
    export_start = time.perf_counter()
    write_exports(open_store(settings), settings.export_dir)
    export_seconds = time.perf_counter() - export_start
    triples = sum(len(graph) for graph in graphs.values())
    summary = summarize(results, triples, time.perf_counter() - start)
    stage_seconds = {**summary.stage_seconds, "load": load_seconds, "export": export_seconds}
    return replace(summary, stage_seconds=stage_seconds)
