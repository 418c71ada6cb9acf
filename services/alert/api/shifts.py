"""/shifts, /stories and /timeline: every shift received, grouped into stories, per actor and topic.

Shifts come from the news, not from an owner, so every authenticated owner reads the same ones.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlmodel import col, select

from services.alert.api.deps import ContextDep, CurrentOwner, SessionDep, not_found
from services.alert.schemas import Page, ShiftPublic, StoryPublic
from services.alert.storage import queries
from services.alert.storage.pagination import next_cursor
from services.alert.storage.tables import ShiftRecord, Story
from services.alert.stories.timeline import TimelineEntry, canonical_actor, stance_timeline
from shared.auth import UNAUTHORIZED
from shared.moments import Moment
from shared.openapi import NOT_FOUND

router = APIRouter(tags=["history"], responses=UNAUTHORIZED)


@router.get("/shifts", summary="Every shift received, newest first, with filters")
def list_shifts(
    owner: CurrentOwner,
    session: SessionDep,
    context: ContextDep,
    actor: Annotated[
        str | None, Query(description="Canonical name or any alias ('RBA', 'Washington'), as in rules.")
    ] = None,
    topic: Annotated[str | None, Query(description="Substring of the topic.")] = None,
    shift_type: str | None = None,
    status: str | None = None,
    story_id: str | None = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    since: Moment | None = None,
    until: Moment | None = None,
    include_retracted: Annotated[
        bool, Query(description="Also list shifts an edit of their article no longer reports.")
    ] = False,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Page[ShiftPublic]:
    rows = list(
        queries.list_shifts(
            session,
            cursor=cursor,
            limit=limit,
            actor=canonical_actor(actor, context.rules.gazetteer) if actor else None,
            topic=topic,
            shift_type=shift_type,
            status=status,
            story_id=story_id,
            min_confidence=min_confidence,
            since=since,
            until=until,
            include_retracted=include_retracted,
        )
    )
    items = [shift_public(r) for r in rows[:limit]]
    return Page(items=items, next_cursor=next_cursor(rows, limit=limit, when_attr="happened_at"))


@router.get("/shifts/{shift_id}", summary="One shift", responses=NOT_FOUND)
def get_shift(shift_id: str, owner: CurrentOwner, session: SessionDep) -> ShiftPublic:
    record = session.get(ShiftRecord, shift_id)
    if record is None:
        raise not_found("shift")
    return shift_public(record)


@router.get(
    "/stories/{story_id}", summary="One story: the shifts that report the same change", responses=NOT_FOUND
)
def get_story(story_id: str, owner: CurrentOwner, session: SessionDep) -> StoryPublic:
    story = session.get(Story, story_id)
    if story is None:
        raise not_found("story")
    query = (
        select(ShiftRecord)
        .where(ShiftRecord.story_id == story_id, col(ShiftRecord.retracted_at).is_(None))
        .order_by(col(ShiftRecord.happened_at))
    )
    shifts = [shift_public(r) for r in session.exec(query).all()]
    return StoryPublic.model_validate({**story.model_dump(), "shifts": shifts})


@router.get("/timeline", summary="Stance timeline of an actor on a topic, oldest first")
def timeline(
    owner: CurrentOwner,
    session: SessionDep,
    context: ContextDep,
    actor: Annotated[str, Query(min_length=1, description="Canonical name or alias.")],
    topic: Annotated[str, Query(min_length=1, description="Topic words, e.g. 'tariffs'.")],
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[TimelineEntry]:
    return stance_timeline(session, actor=actor, topic=topic, gazetteer=context.rules.gazetteer, limit=limit)


def shift_public(record: ShiftRecord) -> ShiftPublic:
    return ShiftPublic.model_validate(
        {
            **record.payload,
            "story_id": record.story_id,
            "received_at": record.received_at,
            "retracted_at": record.retracted_at,
            "retracted_in_version": record.retracted_in_version,
        }
    )
