"""`gcmkg stats`: what the current store holds (consultations, comments, statements, actors, links...)."""

from __future__ import annotations

import json
from typing import Annotated, Literal

import typer

from gcmkg.config import Settings
from gcmkg.errors import GcmkgError


def measures(settings: Settings) -> list[tuple[str, int]]:
    """Return the (measure, count) rows of the dataset-stats stored query on the current store."""
    from gcmkg.store import open_store, run_query
    from gcmkg.stored_queries import load_queries

    query = load_queries()["dataset-stats"]
    outcome = run_query(open_store(settings), query.text, {}, settings.query_timeout_s, settings.max_results)
    return [(row[0].value, int(row[1].value)) for row in outcome.rows if row[0] is not None and row[1]]


def objective_counts(settings: Settings) -> list[tuple[str, int]]:
    """Return ('objective N', recommendations) for every objective."""
    from gcmkg.store import open_store, run_query
    from gcmkg.stored_queries import load_queries

    query = load_queries()["objectives"]
    outcome = run_query(open_store(settings), query.text, {}, settings.query_timeout_s, settings.max_results)
    rows = outcome.records()
    return [(f"objective {row['notation'].value}", int(row["recommendations"].value)) for row in rows]


def emit(rows: list[tuple[str, int]], output: str) -> None:
    """Print the rows as a table, CSV or JSON."""
    if output == "json":
        typer.echo(json.dumps(dict(rows), indent=2))
    elif output == "csv":
        typer.echo("measure,count")
        for name, count in rows:
            typer.echo(f'"{name}",{count}')
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("measure", "count", title="GCM-KG store")
        for name, count in rows:
            table.add_row(name, str(count))
        Console().print(table)


def stats_command(
    objectives: Annotated[
        bool, typer.Option("--objectives", help="Also count the recommendations of each objective.")
    ] = False,
    output: Annotated[Literal["table", "csv", "json"], typer.Option("--output", "-o")] = "table",
) -> None:
    """Print what the current store holds: consultations, comments, statements, recommenders, links."""
    settings = Settings()
    try:
        rows = measures(settings) + (objective_counts(settings) if objectives else [])
    except GcmkgError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    emit(rows, output)


def register(app: typer.Typer) -> None:
    """Register `gcmkg stats`."""
    app.command("stats")(stats_command)
