"""The alert service's tables. Every row that a user can see carries its `owner_id`.

Table names start with `alert_` so the service can share a database with the others.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from services.alert.storage.dbtypes import UTCDateTime
from shared.contract import utcnow


def _when(*, index: bool = False, nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, index=index, nullable=True)
    return Field(default_factory=utcnow, sa_type=UTCDateTime, index=index, nullable=False)


class Owner(SQLModel, table=True):
    __tablename__ = "alert_owner"

    id: str = Field(primary_key=True, max_length=64, description="Subject-safe owner id.")
    name: str = Field(unique=True, max_length=200)
    created_at: datetime = _when()


class ApiKey(SQLModel, table=True):
    __tablename__ = "alert_api_key"

    id: str = Field(primary_key=True, max_length=32, description="Public key id, the key's first part.")
    owner_id: str = Field(foreign_key="alert_owner.id", index=True, max_length=64)
    key_hash: str = Field(max_length=128)
    created_at: datetime = _when()
    revoked_at: datetime | None = _when(nullable=True)


class Rule(SQLModel, table=True):
    """The current version of a watch rule; `RuleVersion` keeps every version."""

    __tablename__ = "alert_rule"

    id: str = Field(primary_key=True, max_length=32)
    owner_id: str = Field(foreign_key="alert_owner.id", index=True, max_length=64)
    name: str = Field(max_length=200)
    version: int = 1
    spec: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    created_at: datetime = _when()
    updated_at: datetime = _when()
    deleted_at: datetime | None = _when(nullable=True)


class RuleVersion(SQLModel, table=True):
    __tablename__ = "alert_rule_version"

    rule_id: str = Field(primary_key=True, max_length=32)
    version: int = Field(primary_key=True)
    owner_id: str = Field(index=True, max_length=64)
    name: str = Field(max_length=200)
    spec: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    created_at: datetime = _when()


class ShiftRecord(SQLModel, table=True):
    """Every shift the service received, matched or not."""

    __tablename__ = "alert_shift"

    id: str = Field(primary_key=True, max_length=64)
    article_id: str = Field(index=True, max_length=128)
    actor: str = Field(index=True, max_length=200)
    actor_type: str = Field(max_length=32)
    topic: str = Field(max_length=300)
    shift_type: str = Field(index=True, max_length=32)
    status: str = Field(max_length=32)
    confidence: float
    source: str = Field(max_length=200)
    story_id: str | None = Field(default=None, index=True, max_length=64)
    happened_at: datetime = _when(index=True)
    received_at: datetime = _when(index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    retracted_at: datetime | None = _when(nullable=True)
    retracted_in_version: int | None = Field(
        default=None, description="Article version that no longer reports the shift."
    )


class ArticleExtraction(SQLModel, table=True):
    """The latest `ArticleExtracted` notice per article: every shift its newest version reports."""

    __tablename__ = "alert_article_extraction"

    article_id: str = Field(primary_key=True, max_length=128)
    version: int
    shift_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    extractor: str = Field(default="", max_length=100)
    detected_at: datetime = _when()
    received_at: datetime = _when()


class Story(SQLModel, table=True):
    """Shifts with the same actor, topic and direction within a window: one story."""

    __tablename__ = "alert_story"
    # A shift's story is looked up by key within a window of last_seen, newest first.
    __table_args__ = (sa.Index("ix_alert_story_key_last_seen", "key", "last_seen"),)

    id: str = Field(primary_key=True, max_length=64)
    key: str = Field(max_length=600)
    actor: str = Field(max_length=200)
    topic: str = Field(max_length=300)
    direction: str = Field(max_length=32)
    first_seen: datetime = _when()
    last_seen: datetime = _when(index=True)
    source_count: int = 1
    sources: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    shift_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    updated_at: datetime = _when()


class AlertRecord(SQLModel, table=True):
    __tablename__ = "alert_alert"

    id: str = Field(primary_key=True, max_length=64)
    owner_id: str = Field(index=True, max_length=64)
    rule_id: str = Field(index=True, max_length=32)
    rule_version: int
    shift_id: str = Field(index=True, max_length=64)
    story_id: str | None = Field(default=None, index=True, max_length=64)
    kind: str = Field(default="new", max_length=16, description="new | update | retraction")
    delivery_mode: str = Field(default="immediate", max_length=16)
    digest_id: str | None = Field(default=None, index=True, max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    created_at: datetime = _when(index=True)
    published_at: datetime | None = _when(nullable=True)
    discarded_at: datetime | None = Field(
        default=None,
        sa_type=UTCDateTime,
        nullable=True,
        description="Never to be delivered: a digest item whose rule was deleted before its digest went out.",
    )


class Delivery(SQLModel, table=True):
    """One webhook delivery of an alert (or a digest), with its outcome so far."""

    __tablename__ = "alert_delivery"

    id: str = Field(primary_key=True, max_length=64)
    owner_id: str = Field(index=True, max_length=64)
    rule_id: str = Field(index=True, max_length=32)
    alert_id: str | None = Field(default=None, index=True, max_length=64)
    digest_id: str | None = Field(default=None, index=True, max_length=64)
    channel: str = Field(default="webhook", max_length=16)
    url: str = Field(max_length=2000)
    status: str = Field(default="pending", index=True, max_length=16)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=2000)
    response_status: int | None = None
    created_at: datetime = _when(index=True)
    updated_at: datetime = _when()
    claimed_by: str | None = Field(
        default=None, max_length=64, description="The replica sending it (delivery/leases.py); None: nobody."
    )
    claimed_until: datetime | None = Field(
        default=None, sa_type=UTCDateTime, nullable=True, description="The claim lapses after this."
    )


class NatsCredential(SQLModel, table=True):
    """An owner's NATS user, issued by alert. Only its public key is kept, never its seed."""

    __tablename__ = "alert_nats_credential"

    id: str = Field(primary_key=True, max_length=64, description="The user's public nkey (U...).")
    owner_id: str = Field(foreign_key="alert_owner.id", index=True, max_length=64)
    consumers: list[str] = Field(default_factory=list, sa_type=sa.JSON, description="Durable labels.")
    consumers_ready: bool = Field(default=False, description="Its durables exist on POLICY_ALERTS.")
    issued_at: datetime = _when()
    revoked_at: datetime | None = _when(nullable=True, index=True)
