"""Annotated dependency aliases: the settings and the store, both set on the app in its lifespan."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from gcmkg.config import Settings
from gcmkg.store import GraphStore


def get_settings(request: Request) -> Settings:
    """Return the settings the app was created with."""
    return cast(Settings, request.app.state.settings)


def get_store(request: Request) -> GraphStore:
    """Return the store the app opened."""
    return cast(GraphStore, request.app.state.store)


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
