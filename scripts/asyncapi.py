"""Writes docs/asyncapi.json: every service's FastStream-generated AsyncAPI document, combined.

    python scripts/asyncapi.py            # write it
    python scripts/asyncapi.py --check    # exit 1 when the file differs from the code

Each service's app is built with `create_app` on throwaway settings (nothing connects); its
broker's subscribers and declared publishers are the document.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.asyncapi import combined_document, service_document  # noqa: E402
from shared.settings import NatsSettings, Settings  # noqa: E402

OUT = ROOT / "docs" / "asyncapi.json"
SERVICES = ("ingest", "extract", "alert")


def build() -> dict[str, Any]:
    documents = {}
    with tempfile.TemporaryDirectory() as tmp:
        for service in SERVICES:
            # the NATS settings given, not read from the environment: the document names its server
            settings = Settings(data_dir=Path(tmp), nats=NatsSettings())
            app = importlib.import_module(f"services.{service}.app").create_app(settings)
            documents[service] = service_document(app.state.runtime.broker, service)
    return combined_document(documents)


def render() -> str:
    return json.dumps(build(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare with docs/asyncapi.json; write nothing")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if OUT.exists() and OUT.read_text() == text:
            return 0
        print(f"{OUT.relative_to(ROOT)} differs from the code: run python scripts/asyncapi.py")
        return 1
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
