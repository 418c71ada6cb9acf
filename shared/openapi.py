"""The error answers every service documents in its OpenAPI schema, beside its own.

Routes declare what they decide (401 for a key, 404 for an id, 409 for a conflict);
`document_guards` adds what is answered before any route runs: 400 for a malformed HTTP request
(the server), 413 for a body over the limit, 422 for JSON nothing downstream can hold, 429 over
the rate limit (the shared middleware).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

Responses = dict[int | str, dict[str, Any]]


class Problem(BaseModel):
    """An error answer: `{"detail": "..."}`."""

    detail: str = Field(description="What is wrong, in words.")


def problem(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description}


NOT_FOUND: Responses = {404: problem("No such id among yours (another owner's ids look the same).")}


def _ref() -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def document_guards(app: FastAPI, *, body_limit: int, rate_limited: bool, unlimited: Iterable[str]) -> None:
    """Make `app.openapi()` declare the middleware's 413, 422 and 429 on the operations they guard."""
    exempt = set(unlimited)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            schemas.setdefault("Problem", Problem.model_json_schema())
            for path, operations in schema.get("paths", {}).items():
                for operation in operations.values():
                    _add_guards(operation, path not in exempt and rate_limited, body_limit)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _add_guards(operation: dict[str, Any], rate_limited: bool, body_limit: int) -> None:
    responses = operation.setdefault("responses", {})
    # The HTTP server answers a malformed request itself (a bad Content-Length, say).
    responses.setdefault("400", {"description": "Malformed HTTP request."})
    if "requestBody" in operation:
        responses.setdefault(
            "413", {"description": f"Request body over the {body_limit}-byte limit.", "content": _ref()}
        )
        responses.setdefault("415", {"description": "The body is not sent as JSON.", "content": _ref()})
        responses.setdefault("422", {"description": "Invalid body or parameters."})
    if rate_limited:
        responses.setdefault(
            "429",
            {
                "description": "Over the rate limit of this key (or address); see `Retry-After`.",
                "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds."}},
                "content": _ref(),
            },
        )
