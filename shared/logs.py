"""Logging set-up shared by the services and the CLI."""

from __future__ import annotations

import logging


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )
    # FastStream logs every message, httpx every request, Alembic every plugin at INFO: keep that
    # for DEBUG runs.
    if logging.getLevelName(level.upper()) > logging.DEBUG:
        for noisy in ("faststream", "httpx", "alembic"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
