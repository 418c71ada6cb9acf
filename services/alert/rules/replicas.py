"""Rule changes across alert replicas.

The rule routes change the database and this replica's `RuleBook`; other replicas learn of the
change from a `RuleChanged` notice on core NATS (`RULES_CHANGED_SUBJECT`). Every replica,
the sender included, subscribes without a queue group (so each gets every notice) and re-reads
that one rule from the database: refreshing is idempotent, and re-reading rather than trusting
the notice means notices arriving out of order still end at the database's state.

Core NATS is at most once: a replica disconnected while a rule changes misses the notice and
keeps the old rule until its next restart, when it reloads every rule.
"""

from __future__ import annotations

import asyncio
import logging

from faststream.nats import NatsBroker
from sqlmodel import Session

from services.alert.context import AlertContext
from services.alert.progress import RULE_REFRESHES
from services.alert.storage.tables import Rule
from shared.contract import RuleChanged
from shared.subjects import RULES_CHANGED_SUBJECT

log = logging.getLogger(__name__)


def notice_of(rule: Rule, *, deleted: bool = False) -> RuleChanged:
    return RuleChanged(rule_id=rule.id, owner=rule.owner_id, version=rule.version, deleted=deleted)


async def announce(broker: NatsBroker, notice: RuleChanged) -> None:
    """Publish `notice`; a failure is logged: the change is committed, replicas catch up at restart."""
    try:
        await broker.publish(notice, RULES_CHANGED_SUBJECT)
    except Exception:
        log.exception("could not announce the change of rule %s to other replicas", notice.rule_id)


def subscribe_rule_changes(context: AlertContext) -> None:
    """Every replica refreshes the rule a `RuleChanged` notice names (a plain core subscription)."""

    async def on_rule_changed(notice: RuleChanged) -> None:
        await asyncio.to_thread(refresh_rule, context, notice.rule_id)
        context.rules_changed()
        await context.progress.bump(RULE_REFRESHES)

    context.runtime.broker.subscriber(RULES_CHANGED_SUBJECT)(on_rule_changed)


def refresh_rule(context: AlertContext, rule_id: str) -> None:
    with Session(context.engine) as session:
        context.rules.refresh(rule_id, session.get(Rule, rule_id))
