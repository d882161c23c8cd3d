"""`gcmkg query`: run a stored query (by name) or a .rq file on the store; print a table, CSV or JSON."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from gcmkg.config import Settings
from gcmkg.errors import GcmkgError
from gcmkg.store import QueryOutcome


def parse_params(pairs: list[str]) -> dict[str, str | None]:
    """Return the --param k=v pairs as a dict; raise typer.BadParameter on a pair without '='."""
    out: dict[str, str | None] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="--param")
        out[key.strip()] = value
    return out


def run(target: str, params: dict[str, str | None], settings: Settings) -> QueryOutcome:
    """Return the outcome of a stored query name or of the query in a .rq file (gated like /sparql)."""
    from api.query_gate import gate
    from gcmkg.store import open_store, run_query
    from gcmkg.stored_queries import bindings, load_queries, parse_stored_query

    store = open_store(settings)
    path = Path(target)
    if target in load_queries():
        query = load_queries()[target]
    elif path.suffix == ".rq" and path.is_file():
        text = path.read_text(encoding="utf-8")
        if not params:
            gate(text)
            return run_query(store, text, None, settings.query_timeout_s, settings.max_results)
        query = parse_stored_query(text, path.stem)
    else:
        raise typer.BadParameter(
            f"{target!r} is neither a stored query name nor a .rq file", param_hint="TARGET"
        )
    terms = bindings(query, params, settings.base_iri)
    return run_query(store, query.text, terms, settings.query_timeout_s, settings.max_results)


def cells(outcome: QueryOutcome) -> list[list[str]]:
    """Return the rows as lists of lexical values ('' when unbound)."""
    return [["" if term is None else term.value for term in row] for row in outcome.rows]


def emit(outcome: QueryOutcome, output: str) -> None:
    """Print the outcome in the chosen output format."""
    if outcome.kind == "ask":
        typer.echo("true" if outcome.boolean else "false")
    elif outcome.kind == "graph":
        typer.echo("\n".join(f"{triple} ." for triple in sorted(outcome.triples, key=str)))
    elif output == "json":
        rows = [dict(zip(outcome.variables, row, strict=True)) for row in cells(outcome)]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif output == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(outcome.variables)
        writer.writerows(cells(outcome))
    else:
        print_table(outcome)


def print_table(outcome: QueryOutcome) -> None:
    """Print the rows as a rich table."""
    from rich.console import Console
    from rich.table import Table

    table = Table(*outcome.variables)
    for row in cells(outcome):
        table.add_row(*row)
    Console().print(table)


def query_command(
    target: Annotated[str, typer.Argument(help="A stored query name (see queries/) or a .rq file.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, repeatable.")] = None,
    output: Annotated[Literal["table", "csv", "json"], typer.Option("--output", "-o")] = "table",
) -> None:
    """Run a query on the store and print its result."""
    try:
        outcome = run(target, parse_params(param or []), Settings())
    except GcmkgError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    emit(outcome, output)


def register(app: typer.Typer) -> None:
    """Register `gcmkg query`."""
    app.command("query")(query_command)
