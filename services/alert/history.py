"""Storing what the service receives: every shift, grouped into stories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from services.alert.stories import direction as direction_of
from services.alert.stories import happened_at, source_of, story_key
from services.alert.tables import ShiftRecord, Story
from shared.contract import PolicyShift, stable_id, utcnow


@dataclass
class StoredShift:
    record: ShiftRecord
    story: Story
    is_new: bool


def store_shift(session: Session, shift: PolicyShift, *, window: timedelta) -> StoredShift:
    """Insert the shift and attach it to its story (idempotent: a redelivery changes nothing)."""
    record = session.get(ShiftRecord, shift.id)
    if record is not None and record.story_id:
        story = session.get(Story, record.story_id)
        if story is not None:
            if shift.article_version > int(record.payload.get("article_version", 1)):
                record.payload = shift.model_dump(mode="json")
                session.add(record)
            return StoredShift(record, story, is_new=False)
    story = attach_to_story(session, shift, window=window)
    record = ShiftRecord(
        id=shift.id,
        article_id=shift.article_id,
        actor=shift.actor,
        actor_type=str(shift.actor_type),
        topic=shift.topic,
        shift_type=str(shift.shift_type),
        status=str(shift.status),
        confidence=shift.confidence,
        source=shift.source,
        story_id=story.id,
        happened_at=happened_at(shift),
        payload=shift.model_dump(mode="json"),
    )
    session.add(record)
    return StoredShift(record, story, is_new=True)


def attach_to_story(session: Session, shift: PolicyShift, *, window: timedelta) -> Story:
    key, when = story_key(shift), happened_at(shift)
    query = (
        select(Story)
        .where(Story.key == key, Story.last_seen >= when - window, Story.first_seen <= when + window)
        .order_by(col(Story.last_seen).desc())
        .limit(1)
    )
    story = session.exec(query).first()
    if story is None:
        story = Story(
            id=stable_id("story", key, shift.id),
            key=key,
            actor=shift.actor,
            topic=shift.topic,
            direction=direction_of(shift),
            first_seen=when,
            last_seen=when,
        )
    add_to_story(story, shift)
    session.add(story)
    return story


def add_to_story(story: Story, shift: PolicyShift) -> None:
    when = happened_at(shift)
    if shift.id not in story.shift_ids:
        story.shift_ids = [*story.shift_ids, shift.id]
    source = source_of(shift)
    if source not in story.sources:
        story.sources = [*story.sources, source]
    story.source_count = len(story.sources)
    story.first_seen = min(story.first_seen, when)
    story.last_seen = max(story.last_seen, when)
    story.updated_at = utcnow()
