"""HTTP routes of ingest: push articles, look one up. Routes only translate; `Ingestor` decides."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from nats.errors import Error as NatsError
from pydantic import ValidationError

from services.ingest.auth import require_ingest_key
from services.ingest.ingestor import Ingestor
from services.ingest.schemas import (
    MAX_BATCH,
    ArticleIn,
    ArticleRecordOut,
    IngestReport,
    IngestResult,
    Status,
)
from services.ingest.store import SeenStore
from shared.auth import UNAUTHORIZED
from shared.openapi import NOT_FOUND, problem

_UNION_BRANCHES = {"ArticleIn": False, "list[any]": True}
log = logging.getLogger(__name__)
# A batch's items are validated one by one in the route (an invalid one is reported, the others
# go on), so the parameter takes a list of anything; the documented body stays precise.
_BODY_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "title": "Body",
                    "anyOf": [
                        {"$ref": "#/components/schemas/ArticleIn"},
                        {"type": "array", "items": {"$ref": "#/components/schemas/ArticleIn"}},
                    ],
                }
            }
        },
    }
}


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
        openapi_extra=_BODY_SCHEMA,
    )
    async def post_articles(body: Annotated[ArticleIn | list[Any], Body()]) -> IngestReport:
        if not isinstance(body, list):
            return IngestReport.of(await _ingest(ingestor, [body]))
        if len(body) > MAX_BATCH:
            raise HTTPException(413, f"at most {MAX_BATCH} articles per request")
        return IngestReport.of(await _ingest_batch(ingestor, body))

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


async def _ingest(ingestor: Ingestor, items: list[ArticleIn]) -> list[IngestResult]:
    try:
        return await ingestor.ingest_many(items)
    except (NatsError, ConnectionError, TimeoutError, OSError) as exc:
        log.warning("answered 503, the broker failed: %r", exc)
        raise HTTPException(503, f"broker unavailable: {exc}") from exc


async def _ingest_batch(ingestor: Ingestor, body: list[Any]) -> list[IngestResult]:
    """Each item validated on its own: an invalid one is reported `invalid` with the reason, at
    its index, and the valid ones are ingested."""
    checked = [validate_item(item) for item in body]
    valid = [(index, item) for index, item in enumerate(checked) if isinstance(item, ArticleIn)]
    results = {index: result for index, result in enumerate(checked) if isinstance(result, IngestResult)}
    for index, result in results.items():
        ingestor.count_invalid()
        results[index] = result.model_copy(update={"index": index})
    ingested = await _ingest(ingestor, [item for _, item in valid]) if valid else []
    for (index, _), result in zip(valid, ingested, strict=True):
        results[index] = result.model_copy(update={"index": index})
    return [results[index] for index in range(len(body))]


def validate_item(item: Any) -> ArticleIn | IngestResult:
    """The article, or an `invalid` result that says which fields are wrong and why."""
    try:
        return ArticleIn.model_validate(item)
    except ValidationError as exc:
        reason = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'item'}: {error['msg']}"
            for error in exc.errors(include_url=False)
        )
        return IngestResult(index=0, status=Status.INVALID, reason=reason)


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
