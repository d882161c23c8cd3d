"""One router per resource; `ROUTERS` is the order they are mounted in."""

from __future__ import annotations

from fastapi import APIRouter

from api.routers import sparql

ROUTERS: tuple[APIRouter, ...] = (sparql.router,)
