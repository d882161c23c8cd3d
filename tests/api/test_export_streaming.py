"""Streamed exports: store order, a distinct Turtle union, one writer per cached file, no half files."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

import gcmkg.export as export
from api.app import create_app
from gcmkg.config import Settings
from gcmkg.errors import StoreError
from gcmkg.export import FORMATS, cached_export, distinct_triples, oxigraph_of, write_export
from gcmkg.store import GraphStore, open_store, write_generation
from tests.store.helpers import BASE, fixture_graphs

SHARED = URIRef(f"{BASE}graph/shared")


def graphs_with_shared_triples() -> dict[URIRef, Graph]:
    """Return the fixture plus a graph repeating triples of the other graphs (so the union has duplicates)."""
    graphs = fixture_graphs()
    shared = Graph()
    for graph in list(graphs.values()):
        for triple in list(graph)[:20]:
            shared.add(triple)
    graphs[SHARED] = shared
    return graphs


@pytest.fixture(scope="module")
def shared_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a store whose named graphs share triples."""
    settings = Settings(var_dir=tmp_path_factory.mktemp("shared"))
    write_generation(graphs_with_shared_triples(), settings)
    return settings


def test_turtle_is_the_distinct_union_of_the_named_graphs(shared_settings: Settings) -> None:
    store = open_store(shared_settings)
    quads = list(store.quads())
    union = {quad.triple for quad in quads}
    assert len(union) < len(quads)  # the fixture really repeats triples across graphs
    embedded = oxigraph_of(store)
    assert embedded is not None
    triples = list(distinct_triples(embedded))
    assert len(triples) == len(set(triples)) and set(triples) == union
    text = io.BytesIO()
    export.dump(store, FORMATS["turtle"], text)
    assert len(Graph().parse(data=text.getvalue().decode(), format="turtle")) == len(union)


def test_quad_formats_keep_every_graph(shared_settings: Settings) -> None:
    store = open_store(shared_settings)
    for name in ("trig", "nquads", "jsonld"):
        output = io.BytesIO()
        export.dump(store, FORMATS[name], output)
        parsed = list(ox.parse(output.getvalue(), FORMATS[name].rdf_format))
        assert sorted(map(str, parsed)) == sorted(map(str, store.quads())), name


def test_exports_identical_across_insertion_orders_and_processes(tmp_path: Path) -> None:
    first, second = Settings(var_dir=tmp_path / "a"), Settings(var_dir=tmp_path / "b")
    write_generation(graphs_with_shared_triples(), first)
    write_generation(dict(reversed(list(graphs_with_shared_triples().items()))), second)
    for fmt in FORMATS.values():
        ours = tmp_path / f"ours.{fmt.extension}"
        write_export(open_store(first), fmt, ours)
        script = (
            "import sys; from pathlib import Path; from gcmkg.config import Settings; "
            "from gcmkg.export import FORMATS, write_export; from gcmkg.store import open_store; "
            "store = open_store(Settings(var_dir=Path(sys.argv[1]))); "
            "write_export(store, FORMATS[sys.argv[2]], Path(sys.argv[3]))"
        )
        theirs = tmp_path / f"theirs.{fmt.extension}"
        command = [sys.executable, "-c", script, str(second.var_dir), fmt.name, str(theirs)]
        subprocess.run(command, check=True, env={"PYTHONHASHSEED": "random"})
        assert ours.read_bytes() == theirs.read_bytes(), fmt.name


class SortedOnly:
    """A store without an index order (like a SPARQL server): quads in a scrambled order."""

    def __init__(self, inner: GraphStore) -> None:
        self.quads_list = list(reversed(list(inner.quads())))

    def quads(self) -> list[ox.Quad]:
        """Return the quads, reversed."""
        return self.quads_list

    def generation(self) -> str:
        """Return a fixed generation name."""
        return "remote-1"


def test_stores_without_an_order_are_sorted(shared_settings: Settings) -> None:
    remote = SortedOnly(open_store(shared_settings))
    output = io.BytesIO()
    export.dump(remote, FORMATS["nquads"], output)  # type: ignore[arg-type]
    lines = output.getvalue().decode().splitlines()
    assert lines == sorted(set(lines)) and len(lines) == len(set(remote.quads_list))


def test_concurrent_first_requests_write_the_cache_once(
    shared_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = export.write_export

    def counted(store: GraphStore, fmt: export.ExportFormat, path: Path) -> str:
        calls.append(fmt.name)
        return real(store, fmt, path)

    monkeypatch.setattr(export, "write_export", counted)
    store, results = open_store(shared_settings), []
    barrier = threading.Barrier(4)

    def request() -> None:
        barrier.wait()
        results.append(cached_export(store, FORMATS["nquads"], tmp_path / "cache"))

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert calls == ["nquads"] and len(set(results)) == 1 and len(results) == 4
    path, digest = results[0]
    assert export.file_sha256(path) == digest
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def fail_midway(_store: GraphStore, _fmt: export.ExportFormat, output: BinaryIO) -> None:
    """Write part of an export, then fail like a full disk."""
    output.write(b"<https://w3id.org/gcmkg/id/x> <https://w3id.org/gcmkg/id/p> ")
    raise OSError(28, "No space left on device")


def test_a_failed_write_leaves_nothing_and_the_next_request_rebuilds(
    shared_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, cache = open_store(shared_settings), tmp_path / "cache"
    monkeypatch.setattr(export, "dump", fail_midway)
    with pytest.raises(StoreError, match=r"gcmkg\.nq: cannot write the nquads export .*No space left"):
        cached_export(store, FORMATS["nquads"], cache)
    assert [p.name for p in (cache / store.generation()).iterdir()] == [".gcmkg.nq.lock"]
    monkeypatch.undo()
    path, digest = cached_export(store, FORMATS["nquads"], cache)
    assert export.file_sha256(path) == digest and path.stat().st_size > 0


def test_http_export_fails_cleanly_then_recovers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(var_dir=tmp_path)
    write_generation(graphs_with_shared_triples(), settings)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        monkeypatch.setattr(export, "dump", fail_midway)
        failed = client.get("/export?format=turtle")
        assert failed.status_code == 503 and "gcmkg.ttl" in failed.json()["detail"]
        monkeypatch.undo()
        answer = client.get("/export?format=turtle")
    assert answer.status_code == 200
    assert int(answer.headers["content-length"]) == len(answer.content)
    assert len(Graph().parse(data=answer.text, format="turtle")) > 200


def test_unwritable_target_names_the_path(shared_settings: Settings, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(StoreError, match=r"gcmkg\.ttl: cannot write the turtle export"):
        write_export(open_store(shared_settings), FORMATS["turtle"], blocker / "gcmkg.ttl")


def test_distinct_triples_keeps_each_triple_once_and_every_graphs_own_triples(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    ex = "http://example.org/"
    node, lit = ox.NamedNode, ox.Literal
    plan = {
        "g1": [("a", "p", "x"), ("a", "q", "y")],
        "g2": [("a", "p", "x"), ("a", "r", "z"), ("b", "p", "x")],
    }
    plan["g3"] = [("a", "p", "x"), ("b", "p", "x"), ("c", "p", "x")]
    for graph, triples in plan.items():
        for s, p, o in triples:
            store.add(ox.Quad(node(ex + s), node(ex + p), lit(o), node(ex + graph)))
    store.add(ox.Quad(node(ex + "d"), node(ex + "p"), lit("default")))  # the default graph is not exported
    got = [str(triple) for triple in distinct_triples(store)]
    expected = {f"<{ex}{s}> <{ex}{p}> {lit(o)}" for triples in plan.values() for s, p, o in triples}
    assert len(got) == len(set(got)) and set(got) == expected


def test_a_default_graph_is_left_out_of_the_quad_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ox.Store(str(tmp_path / "store"))
    a, p, d, g = (ox.NamedNode(f"http://example.org/{name}") for name in "apdg")
    store.add(ox.Quad(a, p, ox.Literal("named"), g))
    store.add(ox.Quad(d, p, ox.Literal("default")))
    monkeypatch.setattr(export, "oxigraph_of", lambda _store: store)
    for name in ("trig", "nquads", "jsonld"):
        output = io.BytesIO()
        export.dump(store, FORMATS[name], output)  # type: ignore[arg-type]
        parsed = list(ox.parse(output.getvalue(), FORMATS[name].rdf_format))
        assert [str(quad.object) for quad in parsed] == ['"named"'], name


def test_bloom_filter_has_no_false_negatives_and_few_false_positives() -> None:
    bloom = export.Bloom(bits=1 << 16)
    keys = [f"<http://example.org/s{n}>" for n in range(2000)]
    assert sum(bloom.check_and_add(key) for key in keys) < 20  # new keys: rarely reported as seen
    assert all(bloom.check_and_add(key) for key in keys)  # seen keys: always reported


def test_shared_subject_candidates_hold_every_subject_of_several_graphs(shared_settings: Settings) -> None:
    store = open_store(shared_settings)
    graphs_of: dict[str, set[str]] = {}
    for quad in store.quads():
        graphs_of.setdefault(str(quad.subject), set()).add(str(quad.graph_name))
    shared = {subject for subject, graphs in graphs_of.items() if len(graphs) > 1}
    embedded = oxigraph_of(store)
    assert embedded is not None and shared
    assert shared <= export.shared_subject_candidates(embedded)
