"""Backtest: replay stored shifts through one rule, as the live consumer would, without alerting.

Stories are replayed too: a story's source count grows as its shifts come in, and only the
first match of a story fires unless the rule asks for updates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from services.alert.matching import AliasResolver, RuleFilter, match_linear
from services.alert.matching.actors import ActorKeys
from services.alert.schemas import BacktestHit, RuleOptions
from services.alert.storage.tables import ShiftRecord
from services.alert.stories.keys import source_of
from shared.contract import PolicyShift


def replay(
    rule_id: str,
    rule: RuleFilter,
    options: RuleOptions,
    shifts: Iterable[tuple[PolicyShift, str | None]],
    *,
    gazetteer: AliasResolver | None = None,
) -> list[BacktestHit]:
    """What the rule would have fired for `shifts` (oldest first, each with its story id)."""
    keys = ActorKeys(gazetteer)
    sources: dict[str, set[str]] = {}
    alerted: set[str] = set()
    hits = []
    for shift, story_id in shifts:
        story = story_id or f"shift:{shift.id}"
        seen = sources.setdefault(story, set())
        seen.add(source_of(shift))
        found = match_linear([(rule_id, rule)], shift, sources=len(seen), actor_keys=keys)
        if not found:
            continue
        if story in alerted and not options.notify_updates:
            continue
        kind = "update" if story in alerted else "new"
        alerted.add(story)
        hits.append(
            BacktestHit(
                shift=shift, story_id=story_id, kind=kind, reasons=found[0].reasons, story_sources=len(seen)
            )
        )
    return hits


def stored_shifts(
    session: Session, *, since: datetime, until: datetime | None, limit: int
) -> list[tuple[PolicyShift, str | None]]:
    """Stored live (not retracted) shifts in the window, oldest first, with their story ids."""
    query = select(ShiftRecord).where(
        ShiftRecord.happened_at >= since, col(ShiftRecord.retracted_at).is_(None)
    )
    if until is not None:
        query = query.where(ShiftRecord.happened_at < until)
    query = query.order_by(col(ShiftRecord.happened_at), col(ShiftRecord.id)).limit(limit)
    return [(PolicyShift.model_validate(r.payload), r.story_id) for r in session.exec(query).all()]
