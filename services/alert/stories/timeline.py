"""The stance timeline of an actor on a topic: its stories in order, before -> after, with evidence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from services.alert.matching import AliasResolver
from services.alert.matching.text import stems
from services.alert.storage.queries import escape_like
from services.alert.storage.tables import ShiftRecord, Story
from shared.contract import PolicyShift


class TimelineEvidence(BaseModel):
    text: str
    source: str
    article_url: str | None
    article_title: str
    published_at: datetime | None


class TimelineEntry(BaseModel):
    story_id: str
    actor: str
    topic: str
    direction: str
    shift_type: str
    status: str
    before: str | None = Field(description="Stance or value before, as first reported.")
    after: str | None = Field(description="Stance or value after, as first reported.")
    first_seen: datetime
    last_seen: datetime
    sources: list[str]
    evidence: list[TimelineEvidence]


def canonical_actor(name: str, gazetteer: AliasResolver | None) -> str:
    found = gazetteer.resolve(name) if gazetteer is not None else None
    return found.canonical if found is not None else " ".join(name.split())


def topic_matches(wanted: str, topic: str) -> bool:
    """Every word of `wanted` is in `topic` (plurals and case folded): 'tariffs' ~ 'steel tariff'."""
    return set(stems(wanted)) <= set(stems(topic))


def stance_timeline(
    session: Session, *, actor: str, topic: str, gazetteer: AliasResolver | None, limit: int = 200
) -> list[TimelineEntry]:
    name = canonical_actor(actor, gazetteer)
    literally = col(Story.actor).ilike(escape_like(name), escape="\\")
    query = select(Story).where(literally).order_by(col(Story.first_seen)).limit(5 * limit)
    stories = [s for s in session.exec(query).all() if topic_matches(topic, s.topic)]
    entries = [(story, _shifts_of(session, story)) for story in stories if story.shift_ids]
    return [to_entry(story, shifts) for story, shifts in entries if shifts][:limit]


def _shifts_of(session: Session, story: Story) -> list[PolicyShift]:
    """The story's live shifts: a retracted one is no longer part of anyone's stance."""
    query = (
        select(ShiftRecord)
        .where(ShiftRecord.story_id == story.id, col(ShiftRecord.retracted_at).is_(None))
        .order_by(col(ShiftRecord.happened_at))
    )
    return [PolicyShift.model_validate(r.payload) for r in session.exec(query).all()]


def to_entry(story: Story, shifts: Sequence[PolicyShift]) -> TimelineEntry:
    first = shifts[0]
    return TimelineEntry(
        story_id=story.id,
        actor=story.actor,
        topic=story.topic,
        direction=story.direction,
        shift_type=str(first.shift_type),
        status=str(max(shifts, key=lambda s: s.detected_at).status),
        before=next((s.before for s in shifts if s.before), None),
        after=next((s.after for s in shifts if s.after), None),
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        sources=list(story.sources),
        evidence=[
            TimelineEvidence(
                text=s.evidence.text,
                source=s.source,
                article_url=s.article_url,
                article_title=s.article_title,
                published_at=s.published_at,
            )
            for s in shifts
        ],
    )
