"""What ingest accepts (`ArticleIn`, a pushed or read article) and what it answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from shared.moments import utc_representable

MAX_BATCH = 1000


class ArticleIn(BaseModel):
    """One article as a client pushes it; fields like the records of dev.jsonl."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str | None = Field(default=None, max_length=512, description="The source's own id for the article.")
    url: str | None = Field(
        default=None, max_length=4096, description="Where the article lives (http or https)."
    )
    title: str = Field(default="", max_length=2000, description="Headline (markup allowed, it is cleaned).")
    text: str = Field(min_length=1, description="Body text or HTML; cleaned before publishing.")
    published_at: datetime | None = Field(
        default=None,
        validation_alias=AliasChoices("published_at", "published"),
        description="Publication time (ISO 8601; a date or naive time is read as UTC). Alias: `published`.",
    )
    source: str | None = Field(
        default=None, max_length=200, description="Source name; default: the URL's host."
    )
    byline: str | None = Field(default=None, max_length=500, description="Author(s), if known.")
    language: str | None = Field(
        default=None, max_length=8, description="ISO 639-1 code if known; else detected."
    )

    @field_validator("id", "url", "source", "byline", "language")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        # Carried downstream as they are (text and title are cleaned), into stores whose text
        # cannot hold U+0000 (PostgreSQL): refused here, not dead-lettered there.
        if value is not None and "\x00" in value:
            raise PydanticCustomError("nul_character", "must not contain a NUL (U+0000) character")
        return value

    @field_validator("text", mode="before")
    @classmethod
    def _has_text(cls, value: Any) -> Any:
        # before the length check, whose "at least 1 character" puzzles someone who sent spaces
        if isinstance(value, str) and not value.strip():
            raise PydanticCustomError("blank_text", "the article has no text: it is empty or only whitespace")
        return value

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        parts = urlsplit(value)
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
            raise ValueError("must be an absolute http(s) URL")
        return value

    @field_validator("published_at", mode="before")
    @classmethod
    def _date_is_midnight(cls, value: Any) -> Any:
        if isinstance(value, str) and len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(), UTC)
        return value

    @field_validator("published_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return utc_representable(value) if value is not None else None


class Status(StrEnum):
    PUBLISHED = "published"
    DUPLICATE = "duplicate"
    INVALID = "invalid"


class IngestResult(BaseModel):
    """What happened to one article."""

    index: int = Field(description="Position of the article in the request (0 for a single article).")
    id: str | None = Field(default=None, description="PolicyWatch article id (None when invalid).")
    status: Status = Field(description="published, duplicate or invalid.")
    version: int | None = Field(
        default=None, description="Version published, or the current one for a duplicate."
    )
    reason: str | None = Field(
        default=None,
        description="Why: new / edited for published; already_published, stale_version, same_content, "
        "near_duplicate for duplicates; the problem for invalid.",
    )
    duplicate_of: str | None = Field(
        default=None, description="For a syndicated copy: the article it repeats."
    )


class IngestReport(BaseModel):
    """The answer to `POST /articles`: one result per article, in request order, and totals."""

    results: list[IngestResult]
    published: int = 0
    duplicates: int = 0
    invalid: int = 0

    @classmethod
    def of(cls, results: list[IngestResult]) -> IngestReport:
        count = {status: sum(r.status == status for r in results) for status in Status}
        return cls(
            results=results,
            published=count[Status.PUBLISHED],
            duplicates=count[Status.DUPLICATE],
            invalid=count[Status.INVALID],
        )


class ArticleRecordOut(BaseModel):
    """What ingest remembers about an article (`GET /articles/{id}`)."""

    id: str
    canonical_url: str | None
    title: str
    version: int
    content_hash: str
    source: str
    sources: list[str] = Field(description="Every source seen carrying this story, first one first.")
    language: str | None
    first_seen_at: datetime
    updated_at: datetime
