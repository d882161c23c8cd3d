"""`gcmkg eval [PAGE] [--gold FILE]`: precision, recall and F1 of the extractor per facet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gcmkg.errors import IngestError
from gcmkg.resources import extraction_gold_file, seed_pages
from ingest.evaluate import evaluate, load_gold, report
from ingest.extract import extract
from ingest.parse import read_page


def _default_page(gold: dict[str, object]) -> Path:
    """Return the seed page the gold annotation names."""
    name = str(gold.get("source", ""))
    for path in seed_pages():
        if path.name == name:
            return path
    raise IngestError(f"gold annotation names source {name!r}, which is not a bundled seed page")


def run_eval(
    page: Annotated[
        Path | None, typer.Argument(help="Hub page file (default: the page the gold names).")
    ] = None,
    gold: Annotated[Path | None, typer.Option(help="Gold annotation JSON (default: the seed gold).")] = None,
) -> None:
    """Print precision, recall and F1 per facet of the extraction of PAGE against the gold annotation."""
    try:
        annotation = load_gold(gold or extraction_gold_file())
        parsed = read_page(page or _default_page(annotation))
        typer.echo(f"{parsed.source}: {len(parsed.comments)} comments")
        typer.echo(report(evaluate(parsed, extract(parsed), annotation)))
    except IngestError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from exc


def register(app: typer.Typer) -> None:
    """Register `gcmkg eval`."""
    app.command("eval")(run_eval)
