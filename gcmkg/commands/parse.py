"""`gcmkg parse FILE [--json]`: parse one Hub page and print its records and completeness report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from gcmkg.errors import ParseError
from ingest.parse import read_page
from ingest.records import Page


def _plain(value: Any) -> Any:
    """Return value with dates as ISO strings and tuples as lists, for JSON."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def page_json(page: Page) -> str:
    """Return the page's records as JSON (the page text itself left out; spans index into it)."""
    data = dataclasses.asdict(page)
    data.pop("text")
    return json.dumps(_plain(data), ensure_ascii=False, indent=2)


def page_report(page: Page) -> list[str]:
    """Return a human-readable summary: questions, comments, threads and what is incomplete."""
    lines = [
        f"{page.source}  sha256 {page.sha256[:16]}…  "
        + ", ".join(f"{k}={v}" for k, v in page.metadata.items())
    ]
    consultation = page.consultation
    lines.append(
        f"title: {consultation.title or '(none)'}  objectives: {consultation.objectives_under_review}"
    )
    for q in page.questions:
        langs = ", ".join(t.lang for t in q.texts)
        lines.append(f"question {q.key}: {q.texts[0].text[:70] if q.texts else ''} [{langs}]")
    for c in page.comments:
        reply = f" ↳ {c.in_reply_to_name} (parent {c.parent})" if c.in_reply_to_name else ""
        badge = " [Moderator]" if c.moderator else ""
        lines.append(f"  {c.key} {c.date} {c.container:<12} {c.language:<5} {c.author_display}{badge}{reply}")
    report = page.completeness
    for t in report.threads:
        lines.append(f"thread {t.container}: declared {t.declared_comments}, found {t.found_comments}")
    lines.append(f"unresolved parents: {', '.join(report.unresolved_parents) or 'none'}")
    lines.append(f"truncated names: {', '.join(report.truncated_names) or 'none'}")
    lines.append(f"truncated bodies: {', '.join(report.truncated_bodies) or 'none'}")
    lines.extend(f"skipped {note}" for note in report.skipped)
    return lines


def parse_command(
    file: Annotated[Path, typer.Argument(help="A scraped Hub discussion page (text).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the records as JSON.")] = False,
) -> None:
    """Parse one Hub discussion page and print its records and completeness report."""
    try:
        page = read_page(file)
    except ParseError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from error
    typer.echo(page_json(page) if as_json else "\n".join(page_report(page)))


def register(app: typer.Typer) -> None:
    """Register `gcmkg parse` on app."""
    app.command(name="parse")(parse_command)
