"""/rules/check and /rules/backtest: a rule not saved yet, checked and replayed.

The console checks a rule as its owner types (a 422 names the field and, for a query, the
0-based position of the error) and shows what it would have fired before it is saved.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter
from pydantic import BaseModel, Field

from services.alert.api import rules as rules_api
from services.alert.api.deps import ContextDep, CurrentOwner, SessionDep
from services.alert.matching import AliasResolver, format_query
from services.alert.rules import backtest
from services.alert.rules.rulebook import filter_of, options_of
from services.alert.schemas import BacktestHit, RuleCreate
from shared.auth import UNAUTHORIZED
from shared.moments import Moment

router = APIRouter(prefix="/rules", tags=["rules"], responses=UNAUTHORIZED)
DRAFT_ID = "draft"
BACKTEST_DAYS = 30


class RuleDraft(RuleCreate):
    """A rule as `POST /rules` takes it, its name optional."""

    name: str = Field(default="draft", min_length=1, max_length=200, description="A name for people.")


class RuleCheck(BaseModel):
    query: str | None = Field(description="The query as the matcher reads it (operators made explicit).")
    warnings: list[str] = Field(description="What is allowed but probably not meant.")


class DraftBacktest(BaseModel):
    rule: RuleDraft
    since: Moment | None = Field(default=None, description=f"Default: {BACKTEST_DAYS} days ago.")
    until: Moment | None = Field(default=None, description="Default: now.")
    limit: int = Field(default=5000, ge=1, le=10_000, description="Most stored shifts replayed.")


class DraftBacktestResult(BaseModel):
    since: datetime
    until: datetime
    shifts_scanned: int
    fired: int = Field(description="How many alerts the rule would have sent.")
    hits: list[BacktestHit]


@router.post(
    "/check",
    summary="Check a rule without saving it (422 with the error's field and position)",
)
def check_rule(body: RuleDraft, owner: CurrentOwner, context: ContextDep) -> RuleCheck:
    rules_api._check_size(context, body)
    rules_api._check_webhook(context, body)
    parsed = filter_of(body.model_dump(mode="json")).parsed_query()
    return RuleCheck(
        query=format_query(parsed) if parsed is not None else None,
        warnings=rule_warnings(body, context.rules.gazetteer),
    )


@router.post("/backtest", summary="What a rule not saved yet would have fired (no alerts sent)")
def backtest_draft(
    body: DraftBacktest, owner: CurrentOwner, session: SessionDep, context: ContextDep
) -> DraftBacktestResult:
    rules_api._check_size(context, body.rule)
    until = body.until or datetime.now(UTC)
    since = body.since or days_before(until, BACKTEST_DAYS)
    shifts = backtest.stored_shifts(session, since=since, until=until, limit=body.limit)
    spec = body.rule.model_dump(mode="json")
    hits = backtest.replay(
        DRAFT_ID, filter_of(spec), options_of(spec), shifts, gazetteer=context.rules.gazetteer
    )
    return DraftBacktestResult(
        since=since, until=until, shifts_scanned=len(shifts), fired=len(hits), hits=hits
    )


def days_before(moment: datetime, days: int) -> datetime:
    """`days` before `moment`, or the earliest time there is when that falls before year 1."""
    try:
        return moment - timedelta(days=days)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)


def rule_warnings(rule: RuleDraft, gazetteer: AliasResolver | None) -> list[str]:
    """Actors the gazetteer does not know (matched by their literal name only), and a rule that
    sets no condition at all (it would fire on every shift)."""
    warnings = rules_api.unknown_actor_warnings(rule.actors, gazetteer)
    if not rule.has_criteria():
        saving = "" if rule.match_all else '; saving it needs "match_all": true'
        warnings.append(f"no condition: the rule would fire on every shift{saving}")
    return warnings
