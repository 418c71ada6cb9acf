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

from sqlalchemy import Connection, Engine, Index, Table, bindparam, event, text, true
from sqlmodel import Field, Session, SQLModel, col, create_engine, select

from services.ingest.dedup import Candidate, Decision, Known, KnownArticle, Reservation
from services.ingest.fingerprint import BANDS, NEAR_DUPLICATE_JACCARD, bands, encode, similarities
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
        """The seen-set entries bearing on `candidate`: same id, same content, near fingerprint.
        Plain prepared statements: the ORM's per-query overhead was most of ingest's lookup."""
        with self.engine.connect() as connection:
            same_id = _known_article(connection, candidate.id)
            same_content = near = None
            if same_id is None:
                owner = connection.execute(_OWNER_OF_CONTENT, {"hash": candidate.content_hash}).scalar()
                same_content = _known_article(connection, owner) if owner else None
                if same_content is None and candidate.fingerprint is not None:
                    nearest = _nearest(connection, candidate.fingerprint)
                    near = _known_article(connection, nearest) if nearest else None
            reserved = connection.execute(_RESERVATION, {"id": candidate.id}).first()
            return Known(
                same_id=same_id,
                same_content=same_content,
                near=near,
                reserved=Reservation(*reserved) if reserved else None,
            )

    def reserve(self, article: Article) -> None:
        self.reserve_all([article])

    def reserve_all(self, articles: Sequence[Article]) -> None:
        """Durably reserve each article's version before publishing it, in one transaction; a
        reservation replaced (an earlier version a crash left unconfirmed) is kept as an
        unacknowledged version. One read and at most four executemany statements for the batch."""
        if not articles:
            return
        with self.engine.begin() as connection:
            _reserve_all(connection, articles, now())

    def record_published_all(self, published: Sequence[tuple[Article, Candidate]]) -> None:
        """Remember published versions, in one transaction; call only once JetStream acknowledged
        every one of them."""
        if not published:
            return
        with self.engine.begin() as connection:
            _record_all(connection, published, now())

    def set_sources_all(self, decisions: Sequence[Decision]) -> None:
        """Each decision's article now has the decision's sources, in one transaction."""
        with Session(self.engine) as session:
            for decision in decisions:
                row = session.get(ArticleRow, decision.article_id)
                if row is not None:
                    row.sources_json = json.dumps(list(decision.sources))
                    session.add(row)
            session.commit()


def _record_all(
    connection: Connection, published: Sequence[tuple[Article, Candidate]], stamp: datetime
) -> None:
    """A few statements for the whole batch (executemany), not an ORM unit of work per article."""
    articles, versions = _table(ArticleRow), _table(ArticleVersionRow)
    bands_, reservations = _table(FingerprintBandRow), _table(ReservationRow)
    ids = [article.id for article, _ in published]
    known = set(connection.execute(select(ArticleRow.id).where(col(ArticleRow.id).in_(ids))).scalars())
    current = [
        {
            "b_id": article.id,
            "canonical_url": article.canonical_url,
            "title": article.title,
            "version": article.version,
            "content_hash": article.content_hash,
            "source": article.source,
            "language": article.language,
            "updated_at": stamp,
            "fingerprint": encode(candidate.fingerprint) if candidate.fingerprint else None,
        }
        for article, candidate in published
    ]
    fresh = [
        {**{k: v for k, v in row.items() if k != "b_id"}, "id": row["b_id"], "first_seen_at": stamp,
         "sources_json": json.dumps([candidate.source])}
        for row, (_, candidate) in zip(current, published, strict=True)
        if row["b_id"] not in known
    ]  # fmt: skip
    if fresh:
        connection.execute(articles.insert(), fresh)
    if len(fresh) < len(current):
        changed = [row for row in current if row["b_id"] in known]
        connection.execute(articles.update().where(articles.c.id == bindparam("b_id")), changed)
    keys = [{"b_id": a.id, "b_version": a.version} for a, _ in published]
    same_version = (versions.c.article_id == bindparam("b_id")) & (
        versions.c.version == bindparam("b_version")
    )
    connection.execute(versions.delete().where(same_version), keys)
    connection.execute(
        versions.insert(),
        [
            {"article_id": a.id, "version": a.version, "content_hash": a.content_hash,
             "published_at": stamp, "acknowledged": True}
            for a, _ in published
        ],
    )  # fmt: skip
    connection.execute(bands_.delete().where(bands_.c.article_id.in_(ids)))
    band_rows = [
        {"article_id": a.id, "band": band, "key": key}
        for a, candidate in published
        for band, key in enumerate(bands(candidate.fingerprint) if candidate.fingerprint else [])
    ]
    if band_rows:
        connection.execute(bands_.insert(), band_rows)
    reserved = (reservations.c.article_id == bindparam("b_id")) & (
        reservations.c.version == bindparam("b_version")
    )
    connection.execute(reservations.delete().where(reserved), keys)


def _reserve_all(connection: Connection, articles: Sequence[Article], stamp: datetime) -> None:
    versions, reservations = _table(ArticleVersionRow), _table(ReservationRow)
    ids = [article.id for article in articles]
    old = {
        row.article_id: row
        for row in connection.execute(reservations.select().where(reservations.c.article_id.in_(ids)))
    }
    # The same version reserved again (a retry of its publish) is left as it is.
    fresh = [a for a in articles if a.id not in old or not _reserves(old[a.id], a)]
    if not fresh:
        return
    replaced = [old[a.id] for a in fresh if a.id in old]
    if replaced:
        keys = [{"b_id": r.article_id, "b_version": r.version} for r in replaced]
        connection.execute(
            versions.delete().where(
                (versions.c.article_id == bindparam("b_id")) & (versions.c.version == bindparam("b_version"))
            ),
            keys,
        )
        connection.execute(
            versions.insert(),
            [
                {"article_id": r.article_id, "version": r.version, "content_hash": r.content_hash,
                 "published_at": r.reserved_at, "acknowledged": False}
                for r in replaced
            ],
        )  # fmt: skip
        connection.execute(
            reservations.delete().where(reservations.c.article_id == bindparam("b_id")),
            [{"b_id": r.article_id} for r in replaced],
        )
    connection.execute(
        reservations.insert(),
        [
            {"article_id": a.id, "version": a.version, "content_hash": a.content_hash,
             "previous_version_hash": a.previous_version_hash, "reserved_at": stamp}
            for a in fresh
        ],
    )  # fmt: skip


def _reserves(reservation: Any, article: Article) -> bool:
    return (reservation.version, reservation.content_hash) == (article.version, article.content_hash)


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]


_ARTICLE = text("SELECT version, content_hash, sources_json FROM ingest_article WHERE id = :id")
_HASHES = text("SELECT content_hash FROM ingest_article_version WHERE article_id = :id")
_OWNER_OF_CONTENT = text("SELECT article_id FROM ingest_article_version WHERE content_hash = :hash LIMIT 1")
_RESERVATION = text(
    "SELECT article_id, version, content_hash, previous_version_hash"
    " FROM ingest_article_reservation WHERE article_id = :id"
)
_SHARING_A_BAND = text(
    "SELECT id, fingerprint FROM ingest_article WHERE fingerprint IS NOT NULL AND id IN"
    " (SELECT article_id FROM ingest_fingerprint_band WHERE "
    + " OR ".join(f"(band = {i} AND key = :k{i})" for i in range(BANDS))
    + ") ORDER BY id"
)


def _known_article(connection: Connection, article_id: str) -> KnownArticle | None:
    row = connection.execute(_ARTICLE, {"id": article_id}).first()
    if row is None:
        return None
    version, content_hash, sources_json = row
    hashes = connection.execute(_HASHES, {"id": article_id}).scalars().all()
    return KnownArticle(
        id=article_id,
        version=version,
        content_hash=content_hash,
        sources=tuple(json.loads(sources_json)),
        earlier_hashes=frozenset(hashes) - {content_hash},
    )


def _nearest(connection: Connection, fingerprint: tuple[int, ...]) -> str | None:
    """The id of the most similar known article sharing an LSH band, if it is a near duplicate:
    one query for the candidates' stored signatures, compared in one array operation."""
    keys = {f"k{i}": key for i, key in enumerate(bands(fingerprint))}
    rows = connection.execute(_SHARING_A_BAND, keys).all()
    scores = similarities([fp for _, fp in rows], fingerprint)
    best: tuple[float, str] | None = None
    for (article_id, _), score in zip(rows, scores, strict=True):
        if score >= NEAR_DUPLICATE_JACCARD and (best is None or score > best[0]):
            best = (score, article_id)
    return best[1] if best else None
