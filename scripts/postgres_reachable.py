"""Exit 0 when the PostgreSQL at the given SQLAlchemy URL accepts a connection within 3 s, else 1."""

from __future__ import annotations

import sys

import sqlalchemy as sa


def reachable(url: str) -> bool:
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(0 if reachable(sys.argv[1]) else 1)
