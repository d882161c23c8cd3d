"""Rendering a service result in the negotiated format: JSON (default), CSV, Turtle, JSON-LD, N-Triples."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from api import formats
from api.negotiation import negotiate
from api.services.describe import describe
from gcmkg.config import Settings
from gcmkg.store import GraphStore

OFFERED = (formats.JSON, formats.CSV, formats.TURTLE, formats.JSONLD, formats.NTRIPLES)
NAMES = {"json": formats.JSON, "csv": formats.CSV, "turtle": formats.TURTLE, "jsonld": formats.JSONLD}
NAMES["nt"] = formats.NTRIPLES
FormatParam = Annotated[
    Literal["json", "csv", "turtle", "jsonld", "nt"] | None,
    Query(description="Response format; overrides the Accept header"),
]
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {media: {} for media in OFFERED[1:]}},
    404: {"description": "Unknown resource"},
    406: {"description": "No acceptable format"},
    422: {"description": "Invalid parameter"},
}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Return a flat dict of a JSON value (nested keys joined by '.', lists of scalars by ' ')."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}{key}."))
        return out
    if isinstance(value, list):
        scalars = all(not isinstance(item, dict | list) for item in value)
        joined = " ".join("" if v is None else str(v) for v in value) if scalars else len(value)
        return {prefix.rstrip("."): joined}
    return {prefix.rstrip("."): value}


def to_csv(rows: Sequence[dict[str, Any]]) -> bytes:
    """Return rows as CSV with the union of their keys as header (first-seen order)."""
    header = list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def respond(
    request: Request,
    fmt: str | None,
    model: BaseModel | Sequence[BaseModel],
    iris: Callable[[], list[str]],
    store: GraphStore,
    settings: Settings,
    rows: Callable[[], list[BaseModel]] | None = None,
) -> Response:
    """Return the result as JSON, CSV (rows, default the model itself) or RDF describing `iris()`."""
    media = negotiate(request.headers.get("accept"), fmt, OFFERED, NAMES)
    headers = {"Vary": "Accept"}
    if media == formats.JSON:
        if isinstance(model, BaseModel):  # pydantic's own serialiser: no intermediate dicts (a page of items)
            return Response(model.model_dump_json(), media_type="application/json", headers=headers)
        return JSONResponse([item.model_dump(mode="json") for item in model], headers=headers)
    if media == formats.CSV:
        items = rows() if rows else ([model] if isinstance(model, BaseModel) else list(model))
        data = to_csv([flatten(item.model_dump(mode="json")) for item in items])
        return Response(data, media_type=formats.content_type(media), headers=headers)
    triples = describe(store, settings, iris())
    return Response(
        formats.serialize_triples(triples, media), media_type=formats.content_type(media), headers=headers
    )
