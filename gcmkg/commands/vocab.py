"""`gcmkg vocab`: regenerate the vocabularies (ontology/vocabularies/*.ttl) from the registry tables."""

from __future__ import annotations

import typer

from gcmkg.registry import RegistryError
from gcmkg.resources import PROJECT_ROOT
from gcmkg.vocabularies import write_all


def vocab_command() -> None:
    """Regenerate the vocabulary Turtle files from the registries (ontology/registry/*.tsv)."""
    try:
        written = write_all()
    except RegistryError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from error
    for path in written:
        typer.echo(f"wrote {path.relative_to(PROJECT_ROOT)}")


def register(app: typer.Typer) -> None:
    """Register `gcmkg vocab` on app."""
    app.command(name="vocab")(vocab_command)
