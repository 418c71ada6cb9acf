"""The persisted seen-set: every published article version, its fingerprint and its sources.

Write-ahead: a version is reserved (article id, version, content hash) before its publish and
recorded only after JetStream acknowledged it, in one transaction that clears the reservation.
A reservation left by a crash in between tells the next content for that article which version
may already be on the stream (see `services.ingest.dedup`); a reservation replaced by one for a
later version is kept as an unacknowledged version, so its number and hash are never reused.
SQLite file by default, any SQLAlchemy URL through `POLICYWATCH_INGEST__DATABASE_URL`; the
tables are built by the Alembic migrations (`services.ingest.db.migrate`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Index, and_, event, or_, text, true
from sqlmodel import Field, Session, SQLModel, col, create_engine, select

from services.ingest.dedup import Candidate, Decision, Known, KnownArticle, Reservation, Verdict
from services.ingest.fingerprint import NEAR_DUPLICATE_JACCARD, bands, encode, similarities
from shared.contract import Article


class ArticleRow(SQLModel, table=True):
    __tablename__ = "ingest_article"

    id: str = Field(primary_key=True, max_length=64)
    canonical_url: str | None = Field(default=None, index=True)
    title: str = ""
    version: int = 1
    content_hash: str = Field(index=True, max_length=64)
    fingerprint: str | None = Field(default=None, max_length=1024)
    source: str = "unknown"
    sources_json: str = "[]"
    language: str | None = None
    first_seen_at: datetime
    updated_at: datetime

    @property
    def sources(self) -> list[str]:
        return list(json.loads(self.sources_json))


class ArticleVersionRow(SQLModel, table=True):
    __tablename__ = "ingest_article_version"

    article_id: str = Field(primary_key=True, max_length=64)
    version: int = Field(primary_key=True)
    content_hash: str = Field(index=True, max_length=64)
    published_at: datetime
    # False: reserved, then skipped after a crash; it may or may not be on the stream.
    acknowledged: bool = Field(default=True, sa_column_kwargs={"server_default": true()})


class ReservationRow(SQLModel, table=True):
    """The version an article is being published as, written before the publish."""

    __tablename__ = "ingest_article_reservation"

    article_id: str = Field(primary_key=True, max_length=64)
    version: int
    content_hash: str = Field(max_length=64)
    previous_version_hash: str | None = Field(default=None, max_length=64)
    reserved_at: datetime


class FingerprintBandRow(SQLModel, table=True):
    """One LSH band of an article's current fingerprint, indexed to find near duplicates."""

    __tablename__ = "ingest_fingerprint_band"
    __table_args__ = (Index("ix_ingest_fingerprint_band_key", "band", "key"),)

    article_id: str = Field(primary_key=True, max_length=64)
    band: int = Field(primary_key=True)
    key: str = Field(max_length=16)


def make_engine(url: str) -> Engine:
    """SQLite gets WAL (a commit is one append, readers do not block the writer) and a busy
    timeout; synchronous stays FULL, so a reservation survives a power cut, not only a crash."""
    if not url.startswith("sqlite"):
        return create_engine(url)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    event.listen(engine, "connect", _sqlite_wal)
    return engine


def _sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def now() -> datetime:
    return datetime.now(UTC)


class SeenStore:
    """Keyword-only data access for the seen-set."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def ping(self) -> bool:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True

    def get(self, article_id: str) -> ArticleRow | None:
        with Session(self.engine) as session:
            return session.get(ArticleRow, article_id)

    def lookup(self, candidate: Candidate) -> Known:
        """The seen-set entries bearing on `candidate`: same id, same content, near fingerprint."""
        with Session(self.engine) as session:
            same_id = session.get(ArticleRow, candidate.id)
            same_content = None
            near = None
            if same_id is None:
                owner = session.exec(
                    select(ArticleVersionRow.article_id)
                    .where(ArticleVersionRow.content_hash == candidate.content_hash)
                    .limit(1)
                ).first()
                same_content = session.get(ArticleRow, owner) if owner else None
                if same_content is None and candidate.fingerprint is not None:
                    near = _nearest(session, candidate.fingerprint)
            reserved = session.get(ReservationRow, candidate.id)
            return Known(
                same_id=_known(session, same_id) if same_id else None,
                same_content=_known(session, same_content) if same_content else None,
                near=_known(session, near) if near else None,
                reserved=_reservation(reserved) if reserved else None,
            )

    def reserve(self, article: Article) -> None:
        self.reserve_all([article])

    def reserve_all(self, articles: Sequence[Article]) -> None:
        """Durably reserve each article's version before publishing it, in one transaction; a
        reservation replaced (an earlier version a crash left unconfirmed) is kept as an
        unacknowledged version."""
        with Session(self.engine) as session:
            for article in articles:
                old = session.get(ReservationRow, article.id)
                if old is not None:
                    if (old.version, old.content_hash) == (article.version, article.content_hash):
                        continue  # the reserved version published again
                    session.merge(_unacknowledged(old))
                session.merge(
                    ReservationRow(
                        article_id=article.id,
                        version=article.version,
                        content_hash=article.content_hash,
                        previous_version_hash=article.previous_version_hash,
                        reserved_at=now(),
                    )
                )
            session.commit()

    def record_published(self, *, article: Article, candidate: Candidate) -> None:
        self.record_published_all([(article, candidate)])

    def record_published_all(self, published: Sequence[tuple[Article, Candidate]]) -> None:
        """Remember published versions, in one transaction; call only once JetStream acknowledged
        every one of them."""
        if not published:
            return
        stamp = now()
        with Session(self.engine) as session:
            for article, candidate in published:
                _record(session, article, candidate, stamp)
            session.commit()

    def set_sources(self, *, article_id: str, sources: list[str]) -> None:
        self.set_sources_all([Decision(Verdict.SAME_CONTENT, article_id, 0, sources=tuple(sources))])

    def set_sources_all(self, decisions: Sequence[Decision]) -> None:
        """Each decision's article now has the decision's sources, in one transaction."""
        with Session(self.engine) as session:
            for decision in decisions:
                row = session.get(ArticleRow, decision.article_id)
                if row is not None:
                    row.sources_json = json.dumps(list(decision.sources))
                    session.add(row)
            session.commit()


def _record(session: Session, article: Article, candidate: Candidate, stamp: datetime) -> None:
    row = session.get(ArticleRow, article.id)
    if row is None:
        row = ArticleRow(
            id=article.id,
            content_hash=article.content_hash,
            first_seen_at=stamp,
            updated_at=stamp,
            sources_json=json.dumps([candidate.source]),
        )
    row.canonical_url = article.canonical_url
    row.title = article.title
    row.version = article.version
    row.content_hash = article.content_hash
    row.source = article.source
    row.language = article.language
    row.updated_at = stamp
    row.fingerprint = encode(candidate.fingerprint) if candidate.fingerprint else None
    session.add(row)
    _set_bands(session, article.id, candidate.fingerprint)
    session.merge(
        ArticleVersionRow(
            article_id=article.id,
            version=article.version,
            content_hash=article.content_hash,
            published_at=stamp,
            acknowledged=True,
        )
    )
    reserved = session.get(ReservationRow, article.id)
    if reserved is not None and reserved.version == article.version:
        session.delete(reserved)


def _set_bands(session: Session, article_id: str, fingerprint: tuple[int, ...] | None) -> None:
    for old in session.exec(select(FingerprintBandRow).where(FingerprintBandRow.article_id == article_id)):
        session.delete(old)
    session.flush()
    for band, key in enumerate(bands(fingerprint) if fingerprint else []):
        session.add(FingerprintBandRow(article_id=article_id, band=band, key=key))


def _nearest(session: Session, fingerprint: tuple[int, ...]) -> ArticleRow | None:
    """The most similar known article sharing an LSH band, if it is a near duplicate: one query
    for the candidates' stored signatures, compared in one array operation."""
    keys = bands(fingerprint)
    matches = or_(
        *(
            and_(col(FingerprintBandRow.band) == i, col(FingerprintBandRow.key) == k)
            for i, k in enumerate(keys)
        )
    )
    sharing = select(FingerprintBandRow.article_id).where(matches)
    rows = session.exec(
        select(ArticleRow.id, ArticleRow.fingerprint)
        .where(col(ArticleRow.id).in_(sharing), col(ArticleRow.fingerprint).is_not(None))
        .order_by(col(ArticleRow.id))
    ).all()
    scores = similarities([fp for _, fp in rows if fp], fingerprint)
    best: tuple[float, str] | None = None
    for (article_id, _), score in zip(rows, scores, strict=True):
        if score >= NEAR_DUPLICATE_JACCARD and (best is None or score > best[0]):
            best = (score, article_id)
    return session.get(ArticleRow, best[1]) if best else None


def _reservation(row: ReservationRow) -> Reservation:
    return Reservation(row.article_id, row.version, row.content_hash, row.previous_version_hash)


def _unacknowledged(row: ReservationRow) -> ArticleVersionRow:
    return ArticleVersionRow(
        article_id=row.article_id,
        version=row.version,
        content_hash=row.content_hash,
        published_at=row.reserved_at,
        acknowledged=False,
    )


def _known(session: Session, row: ArticleRow) -> KnownArticle:
    hashes = session.exec(
        select(ArticleVersionRow.content_hash).where(ArticleVersionRow.article_id == row.id)
    ).all()
    return KnownArticle(
        id=row.id,
        version=row.version,
        content_hash=row.content_hash,
        sources=tuple(row.sources),
        earlier_hashes=frozenset(hashes) - {row.content_hash},
    )
