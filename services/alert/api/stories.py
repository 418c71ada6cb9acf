"""GET /stories: the stories (shifts that report the same change), most recently seen first.

Like shifts, stories come from the news, not from an owner: every authenticated owner reads the
same ones. `GET /stories/{id}` (api/shifts.py) gives one with its shifts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlmodel import col, select

from services.alert.api.deps import ContextDep, CurrentOwner, SessionDep
from services.alert.schemas import Page
from services.alert.storage.pagination import next_cursor, paginate
from services.alert.storage.queries import escape_like
from services.alert.storage.tables import Story
from services.alert.stories.timeline import canonical_actor
from shared.auth import UNAUTHORIZED

router = APIRouter(tags=["history"], responses=UNAUTHORIZED)


class StorySummary(BaseModel):
    id: str
    actor: str
    topic: str
    direction: str
    first_seen: datetime
    last_seen: datetime
    source_count: int
    sources: list[str]
    shift_count: int


@router.get(
    "/stories",
    summary="Stories with their sources, newest first (not those whose every shift was retracted)",
)
def list_stories(
    owner: CurrentOwner,
    session: SessionDep,
    context: ContextDep,
    actor: Annotated[str | None, Query(description="Canonical name or alias.")] = None,
    topic: Annotated[str | None, Query(description="Substring of the topic.")] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Page[StorySummary]:
    query = select(Story)
    if actor:
        name = canonical_actor(actor, context.rules.gazetteer)
        query = query.where(col(Story.actor).ilike(escape_like(name), escape="\\"))
    if topic:
        query = query.where(col(Story.topic).ilike(f"%{escape_like(topic)}%", escape="\\"))
    page = paginate(query, when=col(Story.last_seen), ident=col(Story.id), cursor=cursor, limit=limit)
    rows = list(session.exec(page).all())
    # a story whose every shift an edit retracted has nothing left to show (as in the timeline)
    items = [
        StorySummary.model_validate({**story.model_dump(), "shift_count": len(story.shift_ids)})
        for story in rows[:limit]
        if story.shift_ids
    ]
    return Page(items=items, next_cursor=next_cursor(rows, limit=limit, when_attr="last_seen"))
