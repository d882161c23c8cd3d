"""`gcmkg docs`: generate the ontology's HTML documentation (pyLODE) into docs/ontology/index.html."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gcmkg.ontology_docs import DocsError, docs_file, write_docs


def docs_command(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write the HTML (default docs/ontology/index.html)."),
    ] = None,
) -> None:
    """Generate the ontology's human-readable documentation with pyLODE."""
    try:
        written = write_docs(output or docs_file())
    except DocsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from error
    typer.echo(f"wrote {written}")


def register(app: typer.Typer) -> None:
    """Register `gcmkg docs` on app."""
    app.command(name="docs")(docs_command)
