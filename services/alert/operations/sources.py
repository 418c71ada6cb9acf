"""The feed sources' health, read from ingest's `GET /sources` with alert's ingest key."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from pydantic import BaseModel, Field, SecretStr

from shared.egress import url_problem

TIMEOUT_SECONDS = 5.0


class SourcesReport(BaseModel):
    configured: bool = Field(description="Whether alert knows ingest's URL and a key.")
    sources: list[dict[str, Any]] = Field(default_factory=list, description="As ingest's GET /sources.")
    error: str | None = None


async def ingest_sources(url: str | None, key: SecretStr | None) -> SourcesReport:
    if not url or key is None:
        return SourcesReport(
            configured=False,
            error="set POLICYWATCH_ALERT__INGEST_URL and POLICYWATCH_ALERT__INGEST_API_KEY "
            "to see the sources",
        )
    # The operator's URL, and ingest lives on the private network: private hosts are allowed, the
    # rest of the address guard holds (http(s), a host, no credentials in it).
    problem = url_problem(url, allow_private=True)
    if problem:
        return SourcesReport(configured=False, error=f"POLICYWATCH_ALERT__INGEST_URL: {problem}")
    headers = {"X-API-Key": key.get_secret_value()}
    try:
        # no redirects (httpx's default) and no proxy from the environment: the key goes to ingest only
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, trust_env=False) as client:
            response = await client.get(f"{url.rstrip('/')}/sources", headers=headers)
    except httpx.HTTPError as exc:
        return SourcesReport(configured=True, error=f"ingest unreachable: {exc!s}"[:500])
    if response.status_code != 200:
        return SourcesReport(configured=True, error=f"ingest answered {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, list) or not all(isinstance(source, dict) for source in body):
        return SourcesReport(configured=True, error="ingest answered something that is not a list of sources")
    return SourcesReport(configured=True, sources=[redacted(source) for source in body])


def redacted(source: dict[str, Any]) -> dict[str, Any]:
    """A source as every owner may see it: the sources are shared by all owners, and a private
    feed's URL can carry a token (`?key=...`) or credentials; its scheme, host and path remain."""
    return {
        name: _bare_url(value) if name.endswith("url") and isinstance(value, str) else value
        for name, value in source.items()
    }


def _bare_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(an unreadable URL)"
    netloc = f"[{host}]{port}" if ":" in host else f"{host}{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
