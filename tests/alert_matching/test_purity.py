"""The matching core is pure: importing it pulls in no broker, database or HTTP client."""

from __future__ import annotations

import subprocess
import sys


def test_matching_imports_no_broker_database_or_http_client() -> None:
    code = (
        "import sys, services.alert.matching as m; "
        "print(sorted({n.split('.')[0] for n in sys.modules} & "
        "{'nats', 'faststream', 'sqlalchemy', 'sqlmodel', 'httpx', 'fastapi', 'psycopg'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
