"""Pages processed in worker processes, their graphs written by the parent in the store's order.

`process_page` (parse → extract → RDF → SHACL) runs in a pool of worker processes (forkserver, so a worker
starts from a clean interpreter and inherits no open store or thread); each worker sends back its page graph
as N-Triples bytes (written and read by pyoxigraph, so the terms the store receives are exactly those of a
sequential build) and the few counts of the build summary. The parent asks for pages in the order the store
writes them (sorted graph IRIs) and keeps at most `window` pages in flight, so memory does not grow with the
number of pages. An error in a worker comes back as a value and is raised again in the parent with the
source it names. Why: decisions/0013-parallel-build.md.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from gcmkg.errors import GcmkgError, IngestError, ParseError, ShapeViolation
from gcmkg.iris import vocabulary_graph_iri
from gcmkg.store.terms import NTriplesGraph, RdflibTriple, to_ntriples

PAGES_PER_WORKER = 250  # a worker is replaced after this many pages: its memory cannot creep up
GC_THRESHOLD = 20_000  # fewer young-generation collections while a page builds thousands of terms
_warm = {"frozen": False}


@dataclass(frozen=True)
class PageCounts:
    """What one page adds to the build summary."""

    comments: int
    triples: int
    kinds: Counter[str]
    methods: Counter[str]
    actors: frozenset[str]
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PagePayload:
    """A processed page as a worker sends it back: its graph as N-Triples bytes and its counts."""

    source: str
    ntriples: bytes
    counts: PageCounts


@dataclass(frozen=True)
class PageFailure:
    """A page that failed in a worker: the error's kind and arguments, to raise it again in the parent."""

    kind: str
    args: tuple[str | int, ...]

    def error(self) -> GcmkgError:
        """Return the project error the worker caught (ParseError, ShapeViolation or IngestError)."""
        if self.kind == "parse":
            source, line, reason = self.args
            return ParseError(str(source), int(line), str(reason))
        if self.kind == "shape":
            return ShapeViolation(str(self.args[0]), str(self.args[1]))
        return IngestError(str(self.args[0]))


def failure_of(error: GcmkgError) -> PageFailure:
    """Return the picklable description of a page error (the exceptions' own pickling loses their fields)."""
    if isinstance(error, ParseError):
        return PageFailure("parse", (error.source, error.line, error.reason))
    if isinstance(error, ShapeViolation):
        return PageFailure("shape", (error.source, error.report))
    return PageFailure("ingest", (str(error),))


def init_worker() -> None:
    """Set up a worker process: fewer young-generation garbage collections."""
    gc.set_threshold(GC_THRESHOLD, 10, 10)


def _freeze_after_first_page() -> None:
    """Move what the first page loaded (shapes, vocabularies, lexicons) out of the collector's sight."""
    if not _warm["frozen"]:
        gc.collect()
        gc.freeze()
        _warm["frozen"] = True


def run_page(path: str, base: str) -> PagePayload | PageFailure:
    """Process one source page in a worker; return its payload, or the failure to raise in the parent."""
    from gcmkg.pipeline import page_counts, process_page, read_source

    source = Path(path)
    try:
        result = process_page(read_source(source), source.name, base)
    except GcmkgError as error:
        return failure_of(error)
    ntriples = NTriplesGraph.canonical(to_ntriples(result.graph, source.name)).ntriples  # the store's lines
    payload = PagePayload(source.name, ntriples, page_counts(result))
    _freeze_after_first_page()
    return payload


def new_pool(workers: int) -> ProcessPoolExecutor:
    """Return a pool of `workers` forkserver processes, each replaced after PAGES_PER_WORKER pages."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("forkserver"),
        initializer=init_worker,
        max_tasks_per_child=PAGES_PER_WORKER,
    )


# Called with each page's counts (in store order) once its graph is handed to the store.
CountsSink = Callable[[PageCounts], None]
ProgressHook = Callable[[str, str], None]


class PooledPageGraphs(Mapping[URIRef, Iterable[RdflibTriple]]):
    """The named graphs of a build, pages processed ahead by a pool in the order the store asks for them.

    `vocabulary` is produced in the parent; every other graph IRI maps to a source file. At most `window`
    pages are in flight; `waited` is the time the parent spent waiting for workers.
    """

    def __init__(
        self,
        sources: Mapping[URIRef, Path],
        vocabulary: Callable[[], Iterator[RdflibTriple]],
        options: PoolOptions,
    ):
        self._sources, self._vocabulary, self._options = sources, vocabulary, options
        self._vocabulary_iri = vocabulary_graph_iri(options.base)
        self._order = [iri for iri in sorted(self) if iri != self._vocabulary_iri]
        self._next = 0
        self._pending: dict[URIRef, Future[PagePayload | PageFailure]] = {}
        self._closed = False
        self.waited = 0.0

    def __iter__(self) -> Iterator[URIRef]:
        return iter([self._vocabulary_iri, *self._sources])

    def __len__(self) -> int:
        return 1 + len(self._sources)

    def _submit(self, iri: URIRef) -> Future[PagePayload | PageFailure]:
        if self._closed:  # a page asked again after the last one: build it here
            done: Future[PagePayload | PageFailure] = Future()
            done.set_result(run_page(str(self._sources[iri]), self._options.base))
            return done
        return self._options.pool.submit(run_page, str(self._sources[iri]), self._options.base)

    def _fill(self) -> None:
        """Submit the next pages in store order until `window` are in flight."""
        while len(self._pending) < self._options.window and self._next < len(self._order):
            iri = self._order[self._next]
            self._next += 1
            if iri not in self._pending:
                self._pending[iri] = self._submit(iri)

    def __getitem__(self, iri: URIRef) -> Iterable[RdflibTriple]:
        if iri == self._vocabulary_iri:
            return self._vocabulary()
        if iri not in self._sources:
            raise KeyError(iri)
        self._fill()
        future = self._pending.pop(iri, None) or self._submit(iri)  # asked out of order: run it now
        start = time.perf_counter()
        try:
            outcome = future.result()
        except BrokenProcessPool as error:
            source = self._sources[iri]
            raise IngestError(f"{source}: the worker process building it died ({error})") from error
        self.waited += time.perf_counter() - start
        self._fill()
        if not self._pending and self._next == len(self._order) and not self._closed:
            self._options.pool.shutdown(wait=False)  # every page is in: free the workers' memory now
            self._closed = True
        if isinstance(outcome, PageFailure):
            raise outcome.error()
        self._options.sink(outcome.counts)
        for stage in ("parse", "extract", "rdf", "validate"):
            if self._options.progress:
                self._options.progress(outcome.source, stage)
        return NTriplesGraph(
            outcome.ntriples
        )  # canonical lines, bulk-loaded and hashed as bytes by the store

    def cancel(self) -> None:
        """Cancel the pages not yet started (after a failure)."""
        for future in self._pending.values():
            future.cancel()
        self._pending.clear()


@dataclass(frozen=True)
class PoolOptions:
    """How a pooled build runs: the pool, the pages in flight, the base IRI and the parent's callbacks."""

    pool: ProcessPoolExecutor
    window: int
    base: str
    sink: CountsSink
    progress: ProgressHook | None = None
