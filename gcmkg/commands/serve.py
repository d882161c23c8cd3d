"""`gcmkg serve`: the HTTP API (SPARQL, stored queries, REST, linked data, exports) under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from gcmkg.config import Settings


def serve_command(
    host: Annotated[
        str | None, typer.Option(help="Interface to bind (default GCMKG_HOST or 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default GCMKG_PORT or 8000).")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the store the last build wrote; a new build is picked up without a restart."""
    import uvicorn  # heavy: imported only when the command runs

    settings = Settings()
    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = settings.model_copy(update=overrides)
    from api.server import protocol_with_header_deadline

    http = protocol_with_header_deadline(settings.header_timeout_s)
    if workers > 1:
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            http=http,
        )
        return
    from api.app import create_app

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, http=http)


def register(app: typer.Typer) -> None:
    """Register `gcmkg serve`."""
    app.command("serve")(serve_command)
