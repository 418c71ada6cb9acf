"""Each API's OpenAPI schema declares the error answers clients can get (no server needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shared.settings import Settings


@pytest.fixture
def schemas(tmp_path: Path) -> dict[str, dict[str, Any]]:
    from services.alert.app import create_app as alert_app
    from services.ingest.app import create_app as ingest_app

    settings = Settings(data_dir=tmp_path)
    return {"ingest": ingest_app(settings).openapi(), "alert": alert_app(settings).openapi()}


def documented(schema: dict[str, Any], method: str, path: str) -> set[str]:
    return set(schema["paths"][path][method]["responses"])


@pytest.mark.parametrize(
    ("service", "method", "path", "codes"),
    [
        ("ingest", "post", "/articles", {"200", "401", "413", "415", "422", "429"}),
        ("ingest", "get", "/articles/{article_id}", {"200", "401", "404", "429"}),
        ("ingest", "post", "/sources", {"201", "401", "413", "422", "429"}),
        ("ingest", "delete", "/sources/{source_id}", {"204", "401", "404", "429"}),
        ("alert", "post", "/rules", {"201", "401", "409", "413", "415", "422", "429"}),
        ("alert", "patch", "/rules/{rule_id}", {"200", "401", "404", "413", "422", "429"}),
        ("alert", "post", "/rules/{rule_id}/webhook-secret", {"200", "401", "404", "409", "429"}),
        ("alert", "get", "/alerts/stream", {"200", "400", "401", "429"}),
        ("alert", "get", "/shifts/{shift_id}", {"200", "401", "404", "429"}),
    ],
)
def test_error_answers_are_declared_where_they_can_happen(
    schemas: dict[str, dict[str, Any]], service: str, method: str, path: str, codes: set[str]
) -> None:
    assert codes <= documented(schemas[service], method, path)


@pytest.mark.parametrize("service", ["ingest", "alert"])
def test_probes_need_no_key_and_are_never_rate_limited(
    schemas: dict[str, dict[str, Any]], service: str
) -> None:
    for path in ("/health", "/ready", "/metrics"):
        codes = documented(schemas[service], "get", path)
        assert "401" not in codes and "429" not in codes
