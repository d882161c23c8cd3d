"""/export: the whole dataset in Turtle, TriG, N-Quads or JSON-LD, streamed, with an ETag."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from api.deps import SettingsDep, StoreDep
from gcmkg.export import FORMATS, cached_export, export_file_name, stream

router = APIRouter(tags=["export"])


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {"content": {f.media: {} for f in FORMATS.values()}},
        304: {"description": "Not modified"},
    },
)
def export(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    format: Annotated[Literal["turtle", "trig", "nquads", "jsonld"], Query()] = "trig",
) -> Response:
    """The whole dataset, byte-identical across rebuilds of the same sources (sorted, no blank nodes)."""
    fmt = FORMATS[format]
    path, digest = cached_export(store, fmt, settings.var_dir / "export-cache")
    etag = f'"{digest}"'
    headers = {
        "ETag": etag,
        "Content-Disposition": f'attachment; filename="{export_file_name(fmt)}"',
        "Cache-Control": "no-cache",
    }
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    media = fmt.media if fmt.media.endswith("json") else f"{fmt.media}; charset=utf-8"
    headers["Content-Length"] = str(path.stat().st_size)
    return StreamingResponse(stream(path), media_type=media, headers=headers)
