"""`gcmkg check`: the ontology, vocabularies and shapes load, agree with each other and are consistent.

Checks, in order: the ontology parses; its gkg: terms and the GKG namespace module agree both ways;
the committed vocabularies parse and equal a fresh generation from the registries; the shapes parse
and the vocabularies conform to them; HermiT finds the ontology with the vocabularies consistent.
Prints one line per check and exits 1 (with what is wrong) when any fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

import typer
from pyshacl.errors import ReportableRuntimeError, ShapeLoadError
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.plugins.parsers.notation3 import BadSyntax

from gcmkg.namespaces import GKG, ONTOLOGY_IRI
from gcmkg.reasoning import ReasonerUnavailable, check_consistency
from gcmkg.registry import RegistryError
from gcmkg.resources import ontology_file, vocabulary_files
from gcmkg.validation import validate_vocabularies
from gcmkg.vocabularies import build_all, serialize

TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
LOAD_ERRORS = (BadSyntax, OSError, ValueError)


@dataclass(frozen=True)
class Outcome:
    """The result of one check."""

    name: str
    ok: bool
    detail: str
    seconds: float


def namespace_mismatch(ontology: Graph) -> tuple[list[str], list[str]]:
    """Return (terms of the namespace module missing from the ontology, ontology terms missing from it)."""
    declared = {
        str(s)[len(ONTOLOGY_IRI) :]
        for kind in TERM_KINDS
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_IRI)
    }
    listed = set(GKG.__annotations__)
    return sorted(listed - declared), sorted(declared - listed)


def check_ontology() -> str:
    """Parse the ontology and compare it with the namespace module; return a summary or raise ValueError."""
    ontology = Graph().parse(ontology_file(), format="turtle")
    missing, extra = namespace_mismatch(ontology)
    if missing or extra:
        raise ValueError(
            f"gcmkg/namespaces.py and {ontology_file().name} disagree: "
            f"not in the ontology {missing}; not in the namespace {extra}"
        )
    return f"{len(ontology)} triples, {len(GKG.__annotations__)} gkg: terms, namespace in sync"


def check_vocabularies() -> str:
    """Parse the committed vocabularies and compare them with a fresh generation; ValueError when stale."""
    committed = {path.stem: path.read_text(encoding="utf-8") for path in vocabulary_files()}
    total = sum(len(Graph().parse(data=text, format="turtle")) for text in committed.values())
    fresh = {name: serialize(graph) for name, graph in build_all().items()}
    stale = sorted(n for n in set(fresh) | set(committed) if committed.get(n) != fresh.get(n))
    if stale:
        raise ValueError(f"vocabularies out of date with the registries: {stale}; run `gcmkg vocab`")
    return f"{len(committed)} files, {total} triples, up to date with the registries"


def check_shapes() -> str:
    """Parse the shapes and validate the vocabularies against them; raise ValueError on violations."""
    result = validate_vocabularies()
    if not result.conforms:
        raise ValueError("vocabularies violate the shapes:\n" + result.report)
    return "shapes parse; vocabularies conform"


def check_owl() -> str:
    """Run HermiT on the ontology and vocabularies; raise ValueError when inconsistent."""
    result = check_consistency()
    if not result.consistent:
        raise ValueError(result.explanation)
    return f"HermiT: consistent ({len(result.inferred)} inferred triples)"


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("ontology", check_ontology),
    ("vocabularies", check_vocabularies),
    ("shapes", check_shapes),
    ("owl", check_owl),
)
ERRORS = (*LOAD_ERRORS, RegistryError, ReasonerUnavailable, ShapeLoadError, ReportableRuntimeError)


def run_check(name: str, check: Callable[[], str]) -> Outcome:
    """Run one check, timing it, and return its outcome (a failure carries the error's message)."""
    start = time.perf_counter()
    try:
        detail, ok = check(), True
    except ERRORS as error:
        detail, ok = f"{type(error).__name__}: {error}", False
    return Outcome(name, ok, detail, time.perf_counter() - start)


def check_command(
    skip_owl: Annotated[bool, typer.Option("--skip-owl", help="Skip the HermiT consistency check.")] = False,
) -> None:
    """Check that the ontology, vocabularies and shapes load, agree and are consistent (OWL, HermiT)."""
    outcomes = [run_check(name, check) for name, check in CHECKS if not (skip_owl and name == "owl")]
    for outcome in outcomes:
        mark = "ok  " if outcome.ok else "FAIL"
        typer.echo(f"{mark} {outcome.name:<13} {outcome.seconds:5.1f}s  {outcome.detail}")
    failed = [o.name for o in outcomes if not o.ok]
    if failed:
        typer.echo(f"check failed: {', '.join(failed)}", err=True)
        raise typer.Exit(code=1)
    typer.echo("check passed")


def register(app: typer.Typer) -> None:
    """Register `gcmkg check` on app."""
    app.command(name="check")(check_command)
