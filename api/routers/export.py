"""/export: the whole dataset in Turtle, TriG, N-Quads or JSON-LD, streamed, with an ETag."""

from __future__ import annotations

import os
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from api.deps import SettingsDep, StoreDep
from gcmkg.errors import StoreError
from gcmkg.export import FORMATS, export_file_name, stream_open
from gcmkg.export_cache import export_or_follow

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
    """The whole dataset, byte-identical across rebuilds of the same sources (store order, no blank nodes).

    Written once per store generation and cached; while the first copy is still being written (large
    datasets), the response follows it as it grows, without ETag or Content-Length.
    """
    fmt = FORMATS[format]
    media = fmt.media if fmt.media.endswith("json") else f"{fmt.media}; charset=utf-8"
    headers = {
        "Content-Disposition": f'attachment; filename="{export_file_name(fmt)}"',
        "Cache-Control": "no-cache",
    }
    found = export_or_follow(store, fmt, settings.var_dir / "export-cache")
    if not isinstance(found, tuple):
        return StreamingResponse(found, media_type=media, headers=headers)
    path, digest = found
    headers["ETag"] = etag = f'"{digest}"'
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    try:  # opened now: a newer generation may prune the cached file while we send it
        handle = path.open("rb")
    except FileNotFoundError:
        raise StoreError(f"{path.name}: replaced by a newer generation while starting; retry") from None
    headers["Content-Length"] = str(os.fstat(handle.fileno()).st_size)
    return StreamingResponse(stream_open(handle), media_type=media, headers=headers)
