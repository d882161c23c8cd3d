"""One router per resource; `ROUTERS` is the order they are mounted in."""

from __future__ import annotations

from fastapi import APIRouter

from api.explorer import router as explorer
from api.routers import actors, catalog, export, linked_data, objectives, queries, search, sparql


def routers() -> tuple[APIRouter, ...]:
    """Return the routers to mount, in order (built when the app is created, not at import)."""
    return (
        sparql.router,
        queries.build_router(),
        objectives.router,
        actors.router,
        catalog.router,
        search.router,
        linked_data.router,
        export.router,
        explorer.router,
    )
