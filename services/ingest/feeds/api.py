"""HTTP routes for feed sources: register, list with health, look up, poll now, remove."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, field_validator

from services.ingest.auth import require_ingest_key
from services.ingest.feeds.poller import Poller
from services.ingest.feeds.sources import FeedSourceRow
from shared.auth import UNAUTHORIZED
from shared.egress import url_problem
from shared.openapi import NOT_FOUND
from shared.settings import IngestSettings

MAX_POLL_SECONDS = 7 * 24 * 3600.0  # a feed polled less than weekly is not being followed
MAX_SILENCE_SECONDS = 365 * 24 * 3600.0


class SourceIn(BaseModel):
    url: str = Field(max_length=4096, description="Feed URL: RSS 0.9x/2.0, Atom or JSON Feed.")
    name: str | None = Field(default=None, max_length=200, description="Label in metrics; default: the host.")
    poll_seconds: float | None = Field(
        default=None, ge=1, le=MAX_POLL_SECONDS, description="Poll interval; default from settings."
    )
    max_silence_seconds: float | None = Field(
        default=None,
        gt=0,
        le=MAX_SILENCE_SECONDS,
        description="No new item for longer than this -> `silent`; default from settings.",
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
            raise ValueError("must be an absolute http(s) URL")
        return value.strip()


class SourceOut(BaseModel):
    id: str
    url: str
    name: str
    poll_seconds: float
    max_silence_seconds: float
    next_poll_at: datetime
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_new_item_at: datetime | None
    last_error: str | None
    failures: int = Field(description="Failed polls in a row; the backoff doubles with each.")
    items_seen: int
    items_new: int
    items_failed: int
    silent: bool = Field(description="True when no new item arrived for longer than max_silence_seconds.")
    silent_for_seconds: float

    @classmethod
    def of(cls, row: FeedSourceRow, now: datetime) -> SourceOut:
        return cls(
            **row.model_dump(),
            silent=row.is_silent(now),
            silent_for_seconds=row.silent_for(now).total_seconds(),
        )


def make_sources_router(poller: Poller, settings: IngestSettings) -> APIRouter:
    # Routes that only touch the database are plain `def`: FastAPI runs them in its thread pool,
    # so the blocking SQLAlchemy calls never stall the event loop the poller and broker share.
    router = APIRouter(
        prefix="/sources",
        tags=["sources"],
        dependencies=[Depends(require_ingest_key)],
        responses=UNAUTHORIZED,
    )
    store = poller.sources

    @router.post("", status_code=201, response_model=SourceOut, summary="Register a feed source")
    def add_source(body: SourceIn) -> SourceOut:
        problem = url_problem(body.url, allow_private=settings.fetch_allow_private_hosts)
        if problem:
            error = {"type": "value_error", "loc": ("body", "url"), "msg": problem, "input": body.url}
            raise RequestValidationError([error])
        row = store.add(
            url=body.url,
            name=body.name or urlsplit(body.url).hostname or body.url,
            poll_seconds=body.poll_seconds or settings.default_poll_seconds,
            max_silence_seconds=body.max_silence_seconds or settings.default_max_silence_seconds,
            now=poller.now(),
        )
        return SourceOut.of(row, poller.now())

    @router.get("", response_model=list[SourceOut], summary="Sources with their health")
    def list_sources(silent: bool | None = None) -> list[SourceOut]:
        now = poller.now()
        out = [SourceOut.of(row, now) for row in store.all()]
        return [s for s in out if silent is None or s.silent == silent]

    @router.get(
        "/{source_id}", response_model=SourceOut, summary="One source and its health", responses=NOT_FOUND
    )
    def get_source(source_id: str) -> SourceOut:
        return SourceOut.of(_found(store.get(source_id)), poller.now())

    @router.post(
        "/{source_id}/poll", response_model=SourceOut, summary="Poll a source now", responses=NOT_FOUND
    )
    async def poll_now(source_id: str) -> SourceOut:
        return SourceOut.of(_found(await poller.poll(source_id)), poller.now())

    @router.delete("/{source_id}", status_code=204, summary="Stop following a source", responses=NOT_FOUND)
    def remove_source(source_id: str) -> Response:
        if not poller.remove(source_id):
            raise HTTPException(404, "unknown source")
        return Response(status_code=204)

    return router


def _found(row: FeedSourceRow | None) -> FeedSourceRow:
    if row is None:
        raise HTTPException(404, "unknown source")
    return row
