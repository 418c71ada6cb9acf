"""Watch rules: data access (keyword-only). Every change writes a new `RuleVersion`."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from services.alert.schemas import RuleCreate, RulePublic, RuleUpdate
from services.alert.storage.pagination import paginate
from services.alert.storage.tables import Rule, RuleVersion
from shared.contract import utcnow
from shared.subjects import alert_subject


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def spec_of(body: RuleCreate) -> dict[str, Any]:
    spec = body.model_dump(mode="json", exclude={"name"})
    if spec.get("webhook_url") and not spec.get("webhook_secret"):
        spec["webhook_secret"] = new_secret()
    return spec


def secret_of(rule: Rule) -> str | None:
    secret = rule.spec.get("webhook_secret")
    return str(secret) if secret else None


def create_rule(session: Session, *, owner_id: str, body: RuleCreate) -> Rule:
    rule = Rule(id=uuid.uuid4().hex[:16], owner_id=owner_id, name=body.name, spec=spec_of(body))
    session.add(rule)
    session.add(_version_of(rule))
    session.commit()
    session.refresh(rule)
    return rule


def get_rule(session: Session, *, owner_id: str, rule_id: str) -> Rule | None:
    """The owner's live rule, or None: another owner's rule looks exactly like a missing one."""
    rule = session.get(Rule, rule_id)
    if rule is None or rule.owner_id != owner_id or rule.deleted_at is not None:
        return None
    return rule


def count_rules(session: Session, *, owner_id: str) -> int:
    """The owner's live rules."""
    query = (
        select(func.count())
        .select_from(Rule)
        .where(Rule.owner_id == owner_id, col(Rule.deleted_at).is_(None))
    )
    return int(session.exec(query).one())


def list_rules(session: Session, *, owner_id: str, cursor: str | None, limit: int) -> Sequence[Rule]:
    query = select(Rule).where(Rule.owner_id == owner_id, col(Rule.deleted_at).is_(None))
    return session.exec(
        paginate(query, when=col(Rule.created_at), ident=col(Rule.id), cursor=cursor, limit=limit)
    ).all()


def replace_rule(session: Session, *, rule: Rule, body: RuleCreate) -> Rule:
    spec = spec_of(body)
    if body.webhook_url and not body.webhook_secret and rule.spec.get("webhook_url"):
        spec["webhook_secret"] = rule.spec.get("webhook_secret") or spec["webhook_secret"]
    return _new_version(session, rule, name=body.name, spec=spec)


def rotate_secret(session: Session, *, rule: Rule) -> Rule:
    """A new webhook secret, as a new version (so every replica's rule book signs with it)."""
    return _new_version(session, rule, name=rule.name, spec={**rule.spec, "webhook_secret": new_secret()})


def _new_version(session: Session, rule: Rule, *, name: str, spec: dict[str, Any]) -> Rule:
    rule.name, rule.spec = name, spec
    rule.version += 1
    rule.updated_at = utcnow()
    session.add(rule)
    session.add(_version_of(rule))
    session.commit()
    session.refresh(rule)
    return rule


def merged(rule: Rule, patch: RuleUpdate) -> dict[str, Any]:
    """The full rule body after applying `patch` (validated by the caller as a RuleCreate)."""
    return {"name": rule.name, **rule.spec, **patch.model_dump(exclude_unset=True)}


def delete_rule(session: Session, *, rule: Rule) -> datetime:
    """Soft delete, flushed but not committed: alerts keep pointing at a rule whose history stays
    readable. The caller commits, with whatever must change in the same transaction (the rule's
    unsent digest items). Returns the time of deletion."""
    deleted_at = rule.deleted_at = utcnow()
    session.add(rule)
    session.flush()
    return deleted_at


def rule_versions(session: Session, *, rule_id: str) -> Sequence[RuleVersion]:
    query = select(RuleVersion).where(RuleVersion.rule_id == rule_id).order_by(col(RuleVersion.version))
    return session.exec(query).all()


def live_rules(session: Session) -> Sequence[Rule]:
    return session.exec(select(Rule).where(col(Rule.deleted_at).is_(None))).all()


def to_public(rule: Rule, *, reveal_secret: bool = False) -> RulePublic:
    """The rule as the API shows it: the webhook secret only when `reveal_secret` (the response
    that set it), else just whether one is set."""
    secret = secret_of(rule)
    return RulePublic.model_validate(
        {
            **rule.spec,
            "webhook_secret": secret if reveal_secret else None,
            "webhook_secret_set": secret is not None,
            "name": rule.name,
            "id": rule.id,
            "version": rule.version,
            "subject": alert_subject(rule.owner_id, rule.id),
            "created_at": rule.created_at,
            "updated_at": rule.updated_at,
        }
    )


def _version_of(rule: Rule) -> RuleVersion:
    return RuleVersion(
        rule_id=rule.id, version=rule.version, owner_id=rule.owner_id, name=rule.name, spec=dict(rule.spec)
    )
