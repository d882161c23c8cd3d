"""The application factory: `create_app(settings)` wires the store, the routers and the error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors, middleware
from api.execution import close_serving_store, open_serving_store
from api.routers import routers
from gcmkg import __version__
from gcmkg.config import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """Return the GCM-KG web application serving the store configured by settings."""
    resolved = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = open_serving_store(resolved)
        try:
            yield
        finally:
            close_serving_store(app.state.store)

    app = FastAPI(
        title="GCM-KG",
        version=__version__,
        description="Who recommends what, to whom, for which GCM objective, citing which instruments.",
        lifespan=lifespan,
    )
    app.state.settings = resolved
    app.state.store = open_serving_store(resolved)
    errors.install(app)
    middleware.install(app, resolved)
    for router in routers():
        app.include_router(router)
    return app
