"""Domain errors raised below the API, answered as the client errors they are."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError

from services.alert.storage.pagination import InvalidCursorError

log = logging.getLogger(__name__)


def add_error_handlers(app: FastAPI) -> None:
    """Register the answers to the domain errors the routes let through."""
    app.add_exception_handler(InvalidCursorError, invalid_cursor)
    app.add_exception_handler(DataError, nul_character)


async def invalid_cursor(_request: Request, exc: Exception) -> JSONResponse:
    # The shape of FastAPI's own 422, so a client reads a bad cursor like any bad query parameter.
    detail = [{"loc": ["query", "cursor"], "msg": "invalid cursor", "type": "value_error"}]
    return JSONResponse({"detail": detail}, status_code=422)


async def nul_character(_request: Request, exc: Exception) -> JSONResponse:
    # PostgreSQL's text cannot hold U+0000 and psycopg refuses to send one: whichever parameter,
    # path segment or body field carried it, the client sent it. Any other DataError stays a 500.
    if "NUL (0x00)" not in str(exc):
        raise exc
    log.info("refused a request with a NUL character: %s", str(exc).splitlines()[0])
    msg = "text may not contain a NUL (U+0000) character"
    detail = [{"loc": ["request"], "msg": msg, "type": "value_error"}]
    return JSONResponse({"detail": detail}, status_code=422)
