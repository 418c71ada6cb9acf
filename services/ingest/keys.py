"""ingest's API keys: who may push articles and manage feed sources. Stored hashed, checked in
constant time (`shared.apikeys`, as alert does for its owners' keys); `pwi_...` keys."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, text
from sqlmodel import Field, Session, SQLModel, col, select

from shared import apikeys

PREFIX = "pwi"


def utcnow() -> datetime:
    return datetime.now(UTC)


class IngestKeyRow(SQLModel, table=True):
    __tablename__ = "ingest_api_key"

    id: str = Field(primary_key=True, max_length=32, description="Public key id, the key's middle part.")
    name: str = Field(max_length=200, description="Who or what holds the key.")
    key_hash: str = Field(max_length=128)
    created_at: datetime
    revoked_at: datetime | None = None


class KeyStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, *, name: str) -> tuple[IngestKeyRow, str]:
        """A new key named `name`; its plaintext is returned once and never stored."""
        new = apikeys.make_key(PREFIX)
        row = IngestKeyRow(id=new.key_id, name=name, key_hash=new.key_hash, created_at=utcnow())
        with Session(self.engine) as session:
            session.add(row)
            session.commit()
            session.refresh(row)
        return row, new.plaintext

    def revoke(self, key_id: str) -> bool:
        with Session(self.engine) as session:
            row = session.get(IngestKeyRow, key_id)
            if row is None or row.revoked_at is not None:
                return False
            row.revoked_at = utcnow()
            session.add(row)
            session.commit()
            return True

    def all(self) -> list[IngestKeyRow]:
        with Session(self.engine) as session:
            return list(session.exec(select(IngestKeyRow).order_by(col(IngestKeyRow.created_at))).all())

    def is_valid(self, plaintext: str) -> bool:
        # Every request asks: a plain prepared statement, not an ORM session and row.
        with self.engine.connect() as connection:

            def live_hash(key_id: str) -> str | None:
                return connection.execute(_LIVE_HASH, {"id": key_id}).scalar()

            return apikeys.check_key(plaintext, prefix=PREFIX, stored_hash_of=live_hash) is not None


_LIVE_HASH = text("SELECT key_hash FROM ingest_api_key WHERE id = :id AND revoked_at IS NULL")
