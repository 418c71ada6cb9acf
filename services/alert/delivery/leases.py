"""Webhook delivery leases: which replica sends a delivery, so several replicas never send it twice.

A replica claims a delivery with one conditional UPDATE before sending it: it wins only while the
delivery is unfinished and unclaimed, already its own, or its lease expired (the replica holding
it crashed). The database serialises concurrent claims of a row (PostgreSQL re-checks the WHERE
clause after a competing UPDATE commits; SQLite takes one writer at a time), so exactly one
replica's UPDATE matches. The holder renews its leases while it works on them and releases them
when it stops.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from services.alert.storage.tables import Delivery

UNFINISHED = ("pending", "retrying")


def _unfinished() -> sa.ColumnElement[bool]:
    return col(Delivery.status).in_(UNFINISHED)


def claim(session: Session, *, delivery_id: str, replica: str, now: datetime, lease: timedelta) -> bool:
    """Take the delivery for `replica` until `now + lease`; False when another replica holds it."""
    claimable = sa.or_(
        col(Delivery.claimed_by).is_(None),
        col(Delivery.claimed_by) == replica,
        col(Delivery.claimed_until) < now,
    )
    statement = (
        sa.update(Delivery)
        .where(col(Delivery.id) == delivery_id, _unfinished(), claimable)
        .values(claimed_by=replica, claimed_until=now + lease)
    )
    return session.exec(statement).rowcount == 1


def renew(session: Session, *, replica: str, now: datetime, lease: timedelta) -> int:
    """Extend every unfinished delivery `replica` holds; returns how many."""
    statement = (
        sa.update(Delivery)
        .where(col(Delivery.claimed_by) == replica, _unfinished())
        .values(claimed_until=now + lease)
    )
    return session.exec(statement).rowcount


def release(session: Session, *, replica: str) -> int:
    """Give up every delivery `replica` holds (it stops): another replica, or its restart, resumes them."""
    statement = (
        sa.update(Delivery)
        .where(col(Delivery.claimed_by) == replica)
        .values(claimed_by=None, claimed_until=None)
    )
    return session.exec(statement).rowcount
