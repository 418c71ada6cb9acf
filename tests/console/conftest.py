"""Console fixtures: the alert app of tests/alert (real nats-server, real database), and
Debian's chromium for the browser tests."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from tests.alert.conftest import (  # noqa: F401  (fixtures, found by name)
    alert_api,
    alert_settings,
    database_url,
    nats_identity,
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium, not a browser build Playwright would download (nothing downloads here)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium on this machine: `apt-get install chromium` (.ci/run installs it)")
    # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
    return {**browser_type_launch_args, "executable_path": chromium, "args": ["--no-sandbox"]}
