"""The `gcmkg` command line: one sub-command per job; each lives in its own module under gcmkg/commands/."""

from __future__ import annotations

import typer

from gcmkg import __version__
from gcmkg.commands import register_all

app = typer.Typer(
    name="gcmkg",
    help="GCM-KG: who recommends what, to whom, for which GCM objective, citing which instruments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"gcmkg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """GCM-KG command line."""


register_all(app)


def main() -> None:
    """Run the command line (entry point of the `gcmkg` script)."""
    app()
