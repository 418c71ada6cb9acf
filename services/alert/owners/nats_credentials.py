"""Owners' NATS credentials: issue, rotate (the old ones are revoked), list revocations.

Data access only; `nats_access.py` puts the results on NATS (durables, the account's
revocations). The creds text, which holds the user's seed, is returned once and never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from services.alert.storage.tables import NatsCredential
from shared.contract import utcnow
from shared.natsauth.material import Issuer
from shared.natsauth.permissions import owner_inbox, owner_permissions
from shared.subjects import owner_alerts, owner_durable

DEFAULT_CONSUMERS = ("alerts",)
LABEL = re.compile(r"^[a-z0-9]{1,32}$")
MAX_CONSUMERS = 8


@dataclass(frozen=True)
class IssuedCredentials:
    owner_id: str
    user: str
    creds: str
    labels: list[str]

    @property
    def subject(self) -> str:
        return owner_alerts(self.owner_id)

    @property
    def inbox_prefix(self) -> str:
        return owner_inbox(self.owner_id)

    @property
    def durables(self) -> list[str]:
        return [owner_durable(self.owner_id, label) for label in self.labels]


def check_labels(labels: list[str]) -> list[str]:
    """The durable labels, deduplicated; ValueError saying which one is not allowed."""
    unique = list(dict.fromkeys(labels))
    if not 1 <= len(unique) <= MAX_CONSUMERS:
        raise ValueError(f"between 1 and {MAX_CONSUMERS} consumers")
    for label in unique:
        if not LABEL.match(label):
            raise ValueError(f"consumer label {label!r}: 1-32 lowercase letters and digits")
    return unique


def issue(
    session: Session, issuer: Issuer, *, owner_id: str, labels: list[str], now: datetime | None = None
) -> IssuedCredentials:
    """New credentials for `owner_id`; every earlier one of the owner is revoked. Commits."""
    labels = check_labels(labels)
    now = now or utcnow()
    for old in session.exec(
        select(NatsCredential).where(
            NatsCredential.owner_id == owner_id, col(NatsCredential.revoked_at).is_(None)
        )
    ):
        old.revoked_at = now
        session.add(old)
    user, creds = issuer.user(f"owner-{owner_id}", owner_permissions(owner_id, labels))
    session.add(NatsCredential(id=user.public, owner_id=owner_id, consumers=labels, issued_at=now))
    session.commit()
    return IssuedCredentials(owner_id, user.public, creds, labels)


def active(session: Session, *, owner_id: str) -> NatsCredential | None:
    return session.exec(
        select(NatsCredential).where(
            NatsCredential.owner_id == owner_id, col(NatsCredential.revoked_at).is_(None)
        )
    ).first()


def revocations(session: Session) -> dict[str, int]:
    """Revoked users' public keys -> when (Unix seconds): JWTs issued until then are refused."""
    rows = session.exec(select(NatsCredential).where(col(NatsCredential.revoked_at).is_not(None)))
    return {row.id: int(row.revoked_at.timestamp()) + 1 for row in rows if row.revoked_at is not None}


def unready(session: Session) -> list[NatsCredential]:
    """Active credentials whose durables were not created yet (issued by the CLI, offline)."""
    return list(
        session.exec(
            select(NatsCredential).where(
                col(NatsCredential.revoked_at).is_(None), col(NatsCredential.consumers_ready).is_(False)
            )
        )
    )


def mark_ready(session: Session, *, user: str) -> None:
    row = session.get(NatsCredential, user)
    if row is not None:
        row.consumers_ready = True
        session.add(row)
        session.commit()
