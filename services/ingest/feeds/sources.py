"""Registered feed sources, their cursor (ETag, Last-Modified, next poll, failures) and their
seen-set of items, in the ingest database, so a restarted poller resumes where it stopped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Field, Session, SQLModel, col, select

from shared.contract import stable_id


def utcnow() -> datetime:
    return datetime.now(UTC)


class FeedSourceRow(SQLModel, table=True):
    __tablename__ = "ingest_feed_source"

    id: str = Field(primary_key=True, max_length=32)
    url: str = Field(unique=True, max_length=4096)
    name: str = Field(max_length=200)
    poll_seconds: float
    max_silence_seconds: float
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll_at: datetime
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    last_new_item_at: datetime | None = None
    last_error: str | None = None
    items_seen: int = 0
    items_new: int = 0
    items_failed: int = 0
    created_at: datetime

    def silent_for(self, now: datetime) -> timedelta:
        return now - _aware(self.last_new_item_at or self.created_at)

    def is_silent(self, now: datetime) -> bool:
        return self.silent_for(now).total_seconds() > self.max_silence_seconds


class FeedItemRow(SQLModel, table=True):
    """An item of a source already taken in; `digest` changes when the feed's copy is edited."""

    __tablename__ = "ingest_feed_item"

    source_id: str = Field(primary_key=True, max_length=32)
    item_key: str = Field(primary_key=True, max_length=2048)
    digest: str = Field(max_length=64)
    article_id: str | None = Field(default=None, max_length=64)
    seen_at: datetime


def source_id(url: str) -> str:
    return stable_id("feed", url.strip(), size=16)


class SourceStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(
        self, *, url: str, name: str, poll_seconds: float, max_silence_seconds: float, now: datetime
    ) -> FeedSourceRow:
        """Register a source (idempotent on its URL: a second add updates name and intervals)."""
        with Session(self.engine) as session:
            row = session.get(FeedSourceRow, source_id(url))
            if row is None:
                row = FeedSourceRow(
                    id=source_id(url), url=url, name=name, poll_seconds=poll_seconds,
                    max_silence_seconds=max_silence_seconds, next_poll_at=now, created_at=now,
                )  # fmt: skip
            row.name, row.poll_seconds, row.max_silence_seconds = name, poll_seconds, max_silence_seconds
            session.add(row)
            session.commit()
            session.refresh(row)
            return row

    def get(self, source: str) -> FeedSourceRow | None:
        with Session(self.engine) as session:
            return session.get(FeedSourceRow, source)

    def all(self) -> list[FeedSourceRow]:
        with Session(self.engine) as session:
            return list(session.exec(select(FeedSourceRow).order_by(col(FeedSourceRow.name))).all())

    def due(self, now: datetime) -> list[FeedSourceRow]:
        with Session(self.engine) as session:
            query = select(FeedSourceRow).where(col(FeedSourceRow.next_poll_at) <= now)
            return list(session.exec(query.order_by(col(FeedSourceRow.next_poll_at))).all())

    def remove(self, source: str) -> bool:
        with Session(self.engine) as session:
            row = session.get(FeedSourceRow, source)
            if row is None:
                return False
            for item in session.exec(select(FeedItemRow).where(FeedItemRow.source_id == source)):
                session.delete(item)
            session.delete(row)
            session.commit()
            return True

    def save(self, row: FeedSourceRow) -> bool:
        """Store a polled source's cursor and health; False (nothing written) once it was removed,
        so a poll that was in flight during a DELETE does not bring the source back."""
        with Session(self.engine) as session:
            if session.get(FeedSourceRow, row.id) is None:
                return False
            session.merge(row)
            session.commit()
            return True

    def seen_digest(self, *, source: str, item_key: str) -> str | None:
        with Session(self.engine) as session:
            item = session.get(FeedItemRow, (source, item_key))
            return item.digest if item else None

    def mark_seen(self, *, source: str, item_key: str, digest: str, article_id: str | None) -> None:
        with Session(self.engine) as session:
            session.merge(
                FeedItemRow(
                    source_id=source,
                    item_key=item_key,
                    digest=digest,
                    article_id=article_id,
                    seen_at=utcnow(),
                )
            )
            session.commit()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
