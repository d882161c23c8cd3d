"""`gcmkg build`: sources → validated store generation (exports on request), with progress and a summary."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from gcmkg.config import Settings
from gcmkg.errors import GcmkgError
from gcmkg.resources import seed_pages

if TYPE_CHECKING:
    from gcmkg.pipeline import BuildSummary


def summary_table(summary: BuildSummary) -> Table:
    """Return the closing summary of a build as a rich table."""
    table = Table(title="GCM-KG build", show_header=False)
    table.add_row("pages", str(summary.pages))
    table.add_row("comments", str(summary.comments))
    for kind, count in summary.statements_by_kind.items():
        table.add_row(f"statements: {kind}", str(count))
    table.add_row("actors (recommenders)", str(summary.actors))
    for method, count in summary.links_by_method.items():
        table.add_row(f"objective links: {method}", str(count))
    table.add_row("triples", str(summary.triples))
    table.add_row("SHACL", "conforms" if summary.shacl_conforms else "VIOLATIONS")
    for stage, seconds in summary.stage_seconds.items():
        table.add_row(f"time: {stage}", f"{seconds:.2f} s")
    table.add_row("time: total", f"{summary.total_seconds:.2f} s")
    return table


def build_command(
    sources: list[Path] = typer.Argument(  # noqa: B008
        None, help="Hub page files (scraped text). Default: the bundled seed page(s) in data/seeds/."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, only the summary."),
    exports: bool = typer.Option(
        False, "--exports", help="Also write the export files (else: `gcmkg export`, or /export on demand)."
    ),
) -> None:
    """Build the graph: parse, extract, convert to RDF, validate (SHACL) and load a new store generation."""
    from gcmkg.pipeline import STAGES, build  # heavy: imported only when the command runs

    settings = Settings()
    paths = list(sources or seed_pages())
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
    ) as progress:
        task = progress.add_task("starting", total=len(paths) * len(STAGES) + int(exports))

        def on_stage(source: str, stage: str) -> None:
            progress.update(task, description=f"{source}: {stage}", advance=1)

        try:
            summary = build(paths, settings, on_stage)
        except GcmkgError as error:
            console.print(f"[red]build failed[/red]: {error}\nThe store was left unchanged.")
            raise typer.Exit(1) from error
        if exports:
            progress.update(task, description="store: export", advance=1)
            summary = with_exports(summary, settings, console)
    Console().print(summary_table(summary))
    typer.echo(f"store: {settings.store_dir}")
    if exports:
        typer.echo(f"exports: {settings.export_dir}")


def with_exports(summary: BuildSummary, settings: Settings, console: Console) -> BuildSummary:
    """Write the export files of the new generation; return the summary with their time."""
    from gcmkg.export import write_exports
    from gcmkg.store import open_store

    start = time.perf_counter()
    try:
        write_exports(open_store(settings), settings.export_dir)
    except GcmkgError as error:
        console.print(f"[red]export failed[/red]: {error}\nThe new store generation is in place.")
        raise typer.Exit(1) from error
    seconds = time.perf_counter() - start
    return replace(
        summary,
        stage_seconds={**summary.stage_seconds, "export": seconds},
        total_seconds=summary.total_seconds + seconds,
    )


def register(app: typer.Typer) -> None:
    """Register `build` on the app."""
    app.command("build")(build_command)
