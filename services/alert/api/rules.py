"""/rules: create, list, read, replace, patch, delete watch rules; their versions.

A webhook secret is shown once, in the response that sets it; everywhere else only
`webhook_secret_set`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, HTTPException, Query, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from services.alert.api.deps import ContextDep, CurrentOwner, SessionDep, not_found
from services.alert.delivery import digests
from services.alert.matching import AliasResolver
from services.alert.rules import backtest, replicas
from services.alert.rules import store as rules
from services.alert.rules.rulebook import filter_of, options_of
from services.alert.schemas import (
    BacktestRequest,
    BacktestResult,
    Page,
    RuleCreate,
    RulePublic,
    RuleUpdate,
    RuleVersionPublic,
)
from services.alert.storage.pagination import next_cursor
from services.alert.storage.tables import Rule
from shared.auth import UNAUTHORIZED
from shared.egress import url_problem
from shared.openapi import NOT_FOUND, Responses, problem

router = APIRouter(prefix="/rules", tags=["rules"], responses=UNAUTHORIZED)
RULE_LIMIT: Responses = {409: problem("The owner already holds `max_rules_per_owner` live rules.")}
NO_WEBHOOK: Responses = {409: problem("The rule has no webhook_url.")}


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a watch rule", responses=RULE_LIMIT)
def create_rule(
    body: RuleCreate,
    owner: CurrentOwner,
    session: SessionDep,
    context: ContextDep,
    background: BackgroundTasks,
) -> RulePublic:
    _check_rule(context, body)
    limit = context.settings.alert.max_rules_per_owner
    if rules.count_rules(session, owner_id=owner.id) >= limit:
        raise HTTPException(status.HTTP_409_CONFLICT, f"rule limit reached: {limit} live rules per owner")
    rule = rules.create_rule(session, owner_id=owner.id, body=body)
    _changed(context, background, rule)
    return _with_warnings(context, rules.to_public(rule, reveal_secret=True))


@router.get("", summary="List your rules, newest first")
def list_rules(
    owner: CurrentOwner,
    session: SessionDep,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Page[RulePublic]:
    rows = list(rules.list_rules(session, owner_id=owner.id, cursor=cursor, limit=limit))
    return Page(
        items=[rules.to_public(r) for r in rows[:limit]],
        next_cursor=next_cursor(rows, limit=limit, when_attr="created_at"),
    )


@router.get("/{rule_id}", summary="Read a rule", responses=NOT_FOUND)
def get_rule(rule_id: str, owner: CurrentOwner, session: SessionDep) -> RulePublic:
    return rules.to_public(_owned(session, owner.id, rule_id))


@router.put("/{rule_id}", summary="Replace a rule (a new version)", responses=NOT_FOUND)
def replace_rule(
    rule_id: str,
    body: RuleCreate,
    owner: CurrentOwner,
    session: SessionDep,
    context: ContextDep,
    background: BackgroundTasks,
) -> RulePublic:
    rule = _owned(session, owner.id, rule_id)
    _check_rule(context, body)
    return _replace(session, context, background, rule, body)


@router.patch("/{rule_id}", summary="Change some fields of a rule (a new version)", responses=NOT_FOUND)
def patch_rule(
    rule_id: str,
    patch: RuleUpdate,
    owner: CurrentOwner,
    session: SessionDep,
    context: ContextDep,
    background: BackgroundTasks,
) -> RulePublic:
    rule = _owned(session, owner.id, rule_id)
    try:
        body = RuleCreate.model_validate(rules.merged(rule, patch))
    except ValidationError as exc:
        raise RequestValidationError(_in_body(exc)) from exc
    _check_rule(context, body)
    return _replace(session, context, background, rule, body)


@router.delete(
    "/{rule_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a rule", responses=NOT_FOUND
)
def delete_rule(
    rule_id: str, owner: CurrentOwner, session: SessionDep, context: ContextDep, background: BackgroundTasks
) -> Response:
    rule = _owned(session, owner.id, rule_id)
    deleted_at = rules.delete_rule(session, rule=rule)
    # in the same transaction: a deleted rule delivers nothing more, not even a digest due soon
    digests.discard_deleted(session, now=deleted_at, rule_id=rule.id)
    session.commit()
    context.rules.remove(rule_id)
    context.rules_changed()
    background.add_task(replicas.announce, context.runtime.broker, replicas.notice_of(rule, deleted=True))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{rule_id}/webhook-secret",
    summary="Rotate the webhook secret (a new version); the new secret is returned in this response only",
    responses={**NOT_FOUND, **NO_WEBHOOK},
)
def rotate_webhook_secret(
    rule_id: str, owner: CurrentOwner, session: SessionDep, context: ContextDep, background: BackgroundTasks
) -> RulePublic:
    rule = _owned(session, owner.id, rule_id)
    if not rule.spec.get("webhook_url"):
        raise HTTPException(status.HTTP_409_CONFLICT, "the rule has no webhook_url")
    rule = rules.rotate_secret(session, rule=rule)
    _changed(context, background, rule)
    return rules.to_public(rule, reveal_secret=True)


@router.get("/{rule_id}/versions", summary="Every version of a rule, oldest first", responses=NOT_FOUND)
def rule_versions(rule_id: str, owner: CurrentOwner, session: SessionDep) -> list[RuleVersionPublic]:
    _owned(session, owner.id, rule_id)
    return [
        RuleVersionPublic(version=v.version, name=v.name, spec=_hide_secret(v.spec), created_at=v.created_at)
        for v in rules.rule_versions(session, rule_id=rule_id)
    ]


@router.post(
    "/{rule_id}/backtest",
    summary="What the rule would have fired over stored shifts (no alerts sent)",
    responses=NOT_FOUND,
)
def backtest_rule(
    rule_id: str, body: BacktestRequest, owner: CurrentOwner, session: SessionDep, context: ContextDep
) -> BacktestResult:
    rule = _owned(session, owner.id, rule_id)
    shifts = backtest.stored_shifts(session, since=body.since, until=body.until, limit=body.limit)
    hits = backtest.replay(
        rule.id, filter_of(rule.spec), options_of(rule.spec), shifts, gazetteer=context.rules.gazetteer
    )
    return BacktestResult(rule_id=rule.id, rule_version=rule.version, shifts_scanned=len(shifts), hits=hits)


def _replace(
    session: SessionDep, context: ContextDep, background: BackgroundTasks, rule: Rule, body: RuleCreate
) -> RulePublic:
    """A new version; the response shows the webhook secret only when this change set a new one."""
    before = rules.secret_of(rule)
    rule = rules.replace_rule(session, rule=rule, body=body)
    _changed(context, background, rule)
    after = rules.secret_of(rule)
    return _with_warnings(context, rules.to_public(rule, reveal_secret=after is not None and after != before))


def _owned(session: SessionDep, owner_id: str, rule_id: str) -> Rule:
    rule = rules.get_rule(session, owner_id=owner_id, rule_id=rule_id)
    if rule is None:
        raise not_found("rule")
    return rule


def _changed(context: ContextDep, background: BackgroundTasks, rule: Rule) -> None:
    """Index the new version here; other replicas refresh it when the notice reaches them."""
    context.rules.put(rule)
    context.rules_changed()
    background.add_task(replicas.announce, context.runtime.broker, replicas.notice_of(rule))


def _check_rule(context: ContextDep, body: RuleCreate) -> None:
    _check_criteria(body)
    _check_size(context, body)
    _check_webhook(context, body)


def _check_criteria(body: RuleCreate) -> None:
    """422 for a rule that would fire on every shift, unless it says so with `match_all`."""
    if not body.match_all and not body.has_criteria():
        _invalid(
            "match_all",
            "the rule has no criteria (actors, actor_types, topics, query, shift_types, statuses, "
            "min_confidence, min_sources) and would match every shift; give one, or set match_all: true",
            body.match_all,
        )


def _with_warnings(context: ContextDep, rule: RulePublic) -> RulePublic:
    warnings = unknown_actor_warnings(rule.actors, context.rules.gazetteer)
    return rule.model_copy(update={"warnings": warnings}) if warnings else rule


def unknown_actor_warnings(actors: list[str], gazetteer: AliasResolver | None) -> list[str]:
    """Actor names the gazetteer does not know: accepted (a name it lacks may still be reported
    as such), but they match only that exact name, so the owner should hear of it."""
    if gazetteer is None:
        return []
    return [
        f"actor {name!r} is not in the gazetteer: only that exact name matches"
        for name in actors
        if gazetteer.resolve(name) is None
    ]


def _check_size(context: ContextDep, body: RuleCreate) -> None:
    """422 on the first list or query over this service's caps (settings `max_rule_items`,
    `max_query_length`): matching cost and the index grow with them."""
    options = context.settings.alert
    for field in ("actors", "actor_types", "topics", "shift_types", "statuses"):
        items = getattr(body, field)
        if len(items) > options.max_rule_items:
            problem = f"at most {options.max_rule_items} items"
            _invalid(field, problem, len(items))
    if body.query is not None and len(body.query) > options.max_query_length:
        _invalid("query", f"at most {options.max_query_length} characters", len(body.query))


def _invalid(field: str, problem: str, value: object) -> None:
    error = {"type": "value_error", "loc": ("body", field), "msg": problem, "input": value}
    raise RequestValidationError([error])


def _check_webhook(context: ContextDep, body: RuleCreate) -> None:
    """422 on `webhook_url` for a URL the service must not call (see shared/egress.py)."""
    if body.webhook_url is None:
        return
    url = str(body.webhook_url)
    problem = url_problem(url, allow_private=context.settings.alert.webhook_allow_private_hosts)
    if problem:
        error = {"type": "value_error", "loc": ("body", "webhook_url"), "msg": problem, "input": url}
        raise RequestValidationError([error])


def _hide_secret(spec: dict[str, object]) -> dict[str, object]:
    return {k: ("***" if k == "webhook_secret" and v else v) for k, v in spec.items()}


def _in_body(exc: ValidationError) -> list[dict[str, object]]:
    return [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
