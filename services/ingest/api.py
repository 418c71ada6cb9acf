"""HTTP routes of ingest: push articles, look one up. Routes only translate; `Ingestor` decides."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from nats.errors import Error as NatsError

from services.ingest.auth import require_ingest_key
from services.ingest.ingestor import Ingestor
from services.ingest.schemas import MAX_BATCH, ArticleIn, ArticleRecordOut, IngestReport
from services.ingest.store import SeenStore
from shared.auth import UNAUTHORIZED
from shared.openapi import NOT_FOUND, problem

_UNION_BRANCHES = {"ArticleIn": False, "list[ArticleIn]": True}
log = logging.getLogger(__name__)


def make_articles_router(ingestor: Ingestor, store: SeenStore) -> APIRouter:
    router = APIRouter(tags=["articles"], dependencies=[Depends(require_ingest_key)], responses=UNAUTHORIZED)

    @router.post(
        "/articles",
        summary="Push one article or a batch (a JSON list)",
        response_model=IngestReport,
        responses={
            422: {"description": "Invalid body; `detail[].loc` names the wrong field."},
            503: problem("The broker is unavailable; nothing was published, retry later."),
        },
    )
    async def post_articles(body: Annotated[ArticleIn | list[ArticleIn], Body()]) -> IngestReport:
        items = body if isinstance(body, list) else [body]
        if len(items) > MAX_BATCH:
            raise HTTPException(413, f"at most {MAX_BATCH} articles per request")
        try:
            results = await ingestor.ingest_many(items)
        except (NatsError, ConnectionError, TimeoutError, OSError) as exc:
            log.warning("answered 503, the broker failed: %r", exc)
            raise HTTPException(503, f"broker unavailable: {exc}") from exc
        return IngestReport.of(results)

    @router.get(
        "/articles/{article_id}",
        summary="What ingest remembers of an article",
        response_model=ArticleRecordOut,
        responses=NOT_FOUND,
    )
    def get_article(article_id: str) -> ArticleRecordOut:  # sync: FastAPI runs it off the event loop
        row = store.get(article_id)
        if row is None:
            raise HTTPException(404, "unknown article")
        return ArticleRecordOut(
            id=row.id,
            canonical_url=row.canonical_url,
            title=row.title,
            version=row.version,
            content_hash=row.content_hash,
            source=row.source,
            sources=row.sources,
            language=row.language,
            first_seen_at=row.first_seen_at,
            updated_at=row.updated_at,
        )

    return router


def make_validation_handler(ingestor: Ingestor) -> Any:
    """422 with locations that name the field (`body.text`, `body.1.url`), counted as invalid."""

    async def on_invalid_body(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        body = getattr(exc, "body", None)
        if request.url.path == "/articles":
            items = len(body) if isinstance(body, list) else 1
            for _ in range(items):
                ingestor.count_invalid()
        errors = tidy_union_errors(list(exc.errors()), body)
        return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)

    return on_invalid_body


def tidy_union_errors(errors: list[dict[str, Any]], body: Any) -> list[dict[str, Any]]:
    """Keep the errors of the branch the body was meant for, without the branch's name in `loc`."""
    is_batch = isinstance(body, list)
    tidy = []
    for error in errors:
        loc = list(error.get("loc", ()))
        if len(loc) >= 2 and loc[0] == "body" and loc[1] in _UNION_BRANCHES:
            if _UNION_BRANCHES[loc[1]] != is_batch:
                continue
            loc = ["body", *loc[2:]]
        tidy.append({**error, "loc": loc})
    return tidy or errors
