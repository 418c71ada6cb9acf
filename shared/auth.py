"""The API key header every service checks, and its 401."""

from __future__ import annotations

from fastapi import HTTPException, status
from fastapi.security import APIKeyHeader

from shared.openapi import Responses, problem

API_KEY_HEADER = "X-API-Key"


def api_key_header(description: str) -> APIKeyHeader:
    """The `X-API-Key` header as a FastAPI security scheme (missing: None, the route decides)."""
    return APIKeyHeader(name=API_KEY_HEADER, auto_error=False, description=description)


def unauthorized() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail=f"missing or invalid {API_KEY_HEADER}",
        headers={"WWW-Authenticate": "ApiKey"},
    )


UNAUTHORIZED: Responses = {401: problem(f"Missing, unknown or revoked `{API_KEY_HEADER}`.")}
