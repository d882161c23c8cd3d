"""`gcmkg validate`: check a Turtle/TriG/N-Quads file, or the current store, against the SHACL shapes.

Every named graph except the vocabularies is validated on its own, in the context of the vocabularies,
as the build does for each page graph. Exit codes: 0 conforms, 1 violations, 2 unusable input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rdflib import Dataset, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from gcmkg.config import Settings
from gcmkg.errors import GcmkgError

FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt"}
PARSE_ERRORS = (BadSyntax, ValueError, SyntaxError)


def parse_file(path: Path) -> Dataset:
    """Return the dataset of an RDF file; raise typer.BadParameter saying what to give instead."""
    if not path.is_file():
        raise typer.BadParameter(f"{path}: no such file (give a .ttl, .trig, .nq or .nt file)")
    rdf_format = FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise typer.BadParameter(f"{path}: unknown RDF file type (use one of {', '.join(FORMATS)})")
    dataset = Dataset(default_union=False)
    try:
        dataset.parse(path, format=rdf_format)
    except PARSE_ERRORS as error:
        raise typer.BadParameter(f"{path}: not valid {rdf_format}: {error}") from None
    return dataset


def store_dataset(settings: Settings) -> Dataset:
    """Return the current store's quads as an rdflib dataset."""
    import pyoxigraph as ox

    from gcmkg.store import open_store

    data = ox.serialize(list(open_store(settings).quads()), format=ox.RdfFormat.N_QUADS) or b""
    dataset = Dataset(default_union=False)
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    return dataset


def graphs_to_check(dataset: Dataset, base: str, source: str) -> dict[str, Graph]:
    """Return the non-empty graphs by name (the default graph called source), vocabularies left out."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from gcmkg.iris import vocabulary_graph_iri

    skip = str(vocabulary_graph_iri(base))
    named = {
        source if g.identifier == DATASET_DEFAULT_GRAPH_ID else str(g.identifier): g
        for g in dataset.graphs()
        if len(g) and str(g.identifier) != skip
    }
    return dict(sorted(named.items()))


def validate_command(
    file: Annotated[
        Path | None, typer.Argument(help="A .ttl, .trig, .nq or .nt file. Default: the current store.")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print every violation.")] = False,
) -> None:
    """Validate an RDF file or the current store against the SHACL shapes (exit 1 on violations)."""
    from gcmkg.validation import validate

    settings = Settings()
    try:
        dataset = parse_file(file) if file else store_dataset(settings)
    except (typer.BadParameter, GcmkgError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    graphs = graphs_to_check(dataset, settings.base_iri, str(file or settings.store_dir))
    if not graphs:
        typer.echo(f"error: {file or 'the store'} holds no triples to validate", err=True)
        raise typer.Exit(2)
    failed = 0
    for name, graph in graphs.items():
        result = validate(graph, settings.base_iri)
        failed += not result.conforms
        mark = "ok  " if result.conforms else "FAIL"
        typer.echo(f"{mark} {name}: {len(graph)} triples, {len(result.violations)} violations")
        if not result.conforms and verbose:
            typer.echo(result.report)
    if failed:
        typer.echo(f"validation failed: {failed} of {len(graphs)} graphs violate the shapes", err=True)
        raise typer.Exit(1)
    typer.echo(f"valid: {len(graphs)} graphs conform to the shapes")


def register(app: typer.Typer) -> None:
    """Register `gcmkg validate`."""
    app.command("validate")(validate_command)
