"""Exception handlers: project errors become JSON errors with a fitting status, never a stack trace."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from api.negotiation import NotAcceptable
from gcmkg.errors import (
    GcmkgError,
    InvalidParameter,
    QueryAborted,
    QueryRejected,
    QueryTimeout,
    ResultTooLarge,
    StoreBusy,
    StoreError,
)


class ErrorBody(BaseModel):
    """The JSON body of every error response."""

    error: str
    detail: str


class NotFound(GcmkgError):
    """A resource the client named does not exist (HTTP 404)."""


def error_response(
    status: int, error: str, detail: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Return a JSON error response."""
    body = ErrorBody(error=error, detail=detail).model_dump()
    return JSONResponse(body, status_code=status, headers={"Vary": "Accept", **(headers or {})})


def _status_of(error: GcmkgError) -> tuple[int, str, dict[str, str]]:
    if isinstance(error, QueryRejected):
        return error.status, "query_rejected", {}
    if isinstance(error, QueryTimeout):
        return 504, "timeout", {}
    if isinstance(error, ResultTooLarge):
        return 413, "result_too_large", {}
    if isinstance(error, NotAcceptable):
        return 406, "not_acceptable", {}
    if isinstance(error, InvalidParameter):
        return 422, "invalid_parameter", {}
    if isinstance(error, NotFound):
        return 404, "not_found", {}
    if isinstance(error, QueryAborted):
        return 503, "query_aborted", {}
    if isinstance(error, StoreBusy):
        return 503, "busy", {"Retry-After": "2"}
    if isinstance(error, StoreError):
        return 503, "store_unavailable", {"Retry-After": "5"}
    return 500, "internal_error", {}


async def handle_project_error(_request: Request, error: Exception) -> JSONResponse:
    """Map a project error to its JSON response."""
    if not isinstance(error, GcmkgError):
        return error_response(500, "internal_error", "unexpected error")
    status, name, headers = _status_of(error)
    return error_response(status, name, str(error), headers)


async def handle_validation(_request: Request, error: Exception) -> JSONResponse:
    """Map a request validation failure to a 422 JSON error naming the bad parameters."""
    problems = error.errors() if isinstance(error, RequestValidationError) else []
    where = "; ".join(
        f"{'.'.join(str(p) for p in problem.get('loc', ()))}: {problem.get('msg', '')}"
        for problem in problems
    )
    return error_response(422, "invalid_parameter", where or "invalid request")


async def handle_http(_request: Request, error: Exception) -> JSONResponse:
    """Map Starlette HTTP errors (unknown route, wrong method) to JSON errors."""
    status = error.status_code if isinstance(error, HTTPException) else 500
    detail = str(error.detail) if isinstance(error, HTTPException) else "error"
    return error_response(status, "http_error", detail)


def install(app: FastAPI) -> None:
    """Register the handlers on app."""
    app.add_exception_handler(GcmkgError, handle_project_error)
    app.add_exception_handler(RequestValidationError, handle_validation)
    app.add_exception_handler(HTTPException, handle_http)
