"""Domain errors raised below the API, answered as the client errors they are."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.alert.storage.pagination import InvalidCursorError


def add_error_handlers(app: FastAPI) -> None:
    """Register the answers to the domain errors the routes let through."""
    app.add_exception_handler(InvalidCursorError, invalid_cursor)


async def invalid_cursor(_request: Request, exc: Exception) -> JSONResponse:
    # The shape of FastAPI's own 422, so a client reads a bad cursor like any bad query parameter.
    detail = [{"loc": ["query", "cursor"], "msg": "invalid cursor", "type": "value_error"}]
    return JSONResponse({"detail": detail}, status_code=422)
