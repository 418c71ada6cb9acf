"""/alerts and /deliveries: an owner's alert history and webhook delivery records."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.alert.api.deps import CurrentOwner, SessionDep, not_found
from services.alert.schemas import AlertPublic, DeliveryPublic, Page
from services.alert.storage import queries
from services.alert.storage.pagination import next_cursor
from services.alert.storage.tables import AlertRecord, Delivery
from shared.auth import UNAUTHORIZED
from shared.moments import Moment
from shared.openapi import NOT_FOUND

router = APIRouter(tags=["alerts"], responses=UNAUTHORIZED)
Limit = Annotated[int, Query(ge=1, le=500)]


@router.get("/alerts", summary="Your alerts, newest first, with filters")
def list_alerts(
    owner: CurrentOwner,
    session: SessionDep,
    rule_id: str | None = None,
    story_id: str | None = None,
    kind: Annotated[str | None, Query(pattern="^(new|update|retraction)$")] = None,
    since: Moment | None = None,
    until: Moment | None = None,
    cursor: str | None = None,
    limit: Limit = 100,
) -> Page[AlertPublic]:
    rows = list(
        queries.list_alerts(
            session,
            owner_id=owner.id,
            cursor=cursor,
            limit=limit,
            rule_id=rule_id,
            story_id=story_id,
            kind=kind,
            since=since,
            until=until,
        )
    )
    sources = queries.story_sources(session, {r.story_id for r in rows if r.story_id})
    items = [to_public(r, sources.get(r.story_id or "")) for r in rows[:limit]]
    return Page(items=items, next_cursor=next_cursor(rows, limit=limit, when_attr="created_at"))


@router.get("/alerts/{alert_id}", summary="One alert with its explanation", responses=NOT_FOUND)
def get_alert(alert_id: str, owner: CurrentOwner, session: SessionDep) -> AlertPublic:
    record = session.get(AlertRecord, alert_id)
    if record is None or record.owner_id != owner.id:
        raise not_found("alert")
    sources = queries.story_sources(session, {record.story_id} if record.story_id else set())
    return to_public(record, sources.get(record.story_id or ""))


@router.get("/deliveries", tags=["deliveries"], summary="Your webhook deliveries, newest first")
def list_deliveries(
    owner: CurrentOwner,
    session: SessionDep,
    rule_id: str | None = None,
    alert_id: str | None = None,
    status: Annotated[str | None, Query(pattern="^(pending|retrying|delivered|failed)$")] = None,
    cursor: str | None = None,
    limit: Limit = 100,
) -> Page[DeliveryPublic]:
    rows = list(
        queries.list_deliveries(
            session,
            owner_id=owner.id,
            cursor=cursor,
            limit=limit,
            rule_id=rule_id,
            alert_id=alert_id,
            status=status,
        )
    )
    items = [DeliveryPublic.model_validate(r, from_attributes=True) for r in rows[:limit]]
    return Page(items=items, next_cursor=next_cursor(rows, limit=limit, when_attr="created_at"))


@router.get(
    "/deliveries/{delivery_id}", tags=["deliveries"], summary="One webhook delivery", responses=NOT_FOUND
)
def get_delivery(delivery_id: str, owner: CurrentOwner, session: SessionDep) -> DeliveryPublic:
    record = session.get(Delivery, delivery_id)
    if record is None or record.owner_id != owner.id:
        raise not_found("delivery")
    return DeliveryPublic.model_validate(record, from_attributes=True)


def to_public(record: AlertRecord, story_sources: int | None) -> AlertPublic:
    return AlertPublic.model_validate(
        {
            **record.payload,
            "kind": record.kind,
            "delivery_mode": record.delivery_mode,
            "digest_id": record.digest_id,
            "published_at": record.published_at,
            "discarded_at": record.discarded_at,
            "story_sources": story_sources,
        }
    )
