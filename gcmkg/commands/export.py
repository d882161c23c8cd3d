"""`gcmkg export`: write the whole dataset (Turtle, TriG, N-Quads, JSON-LD) to files or stdout."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from gcmkg.config import Settings
from gcmkg.errors import GcmkgError


def export_command(
    format: Annotated[
        Literal["all", "turtle", "trig", "nquads", "jsonld"], typer.Option("--format", "-f")
    ] = "all",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File (one format), directory (all) or '-'."),
    ] = None,
) -> None:
    """Export the dataset, streamed; rebuilds of the same sources give identical bytes."""
    from gcmkg.export import FORMATS, dump, export_file_name, write_export, write_exports
    from gcmkg.store import open_store

    settings = Settings()
    try:
        store = open_store(settings)
        if format == "all":
            target = output or settings.export_dir
            for name, path in write_exports(store, target).items():
                typer.echo(f"{name}: {path}")
            return
        fmt = FORMATS[format]
        if output is not None and str(output) == "-":
            dump(store, fmt, sys.stdout.buffer)  # streamed: constant memory, nothing written to disk
            sys.stdout.buffer.flush()
            return
        path = output or settings.export_dir / export_file_name(fmt)
        write_export(store, fmt, path)
        typer.echo(f"{format}: {path}")
    except GcmkgError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    """Register `gcmkg export`."""
    app.command("export")(export_command)
