"""Administration that needs no HTTP server: create owners and their API keys."""

from __future__ import annotations

from sqlmodel import Session

from services.alert.owners import nats_credentials as natscreds
from services.alert.owners import store as owners
from services.alert.storage import db
from services.alert.storage.tables import Owner
from shared.natsauth.material import Issuer


def create_owner(database_url: str, name: str) -> str:
    """Create owner `name` (migrating the database first) and return its new plaintext API key."""
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        with Session(engine) as session:
            _, key = owners.create_owner(session, name=name)
        return key
    finally:
        engine.dispose()


def add_key(database_url: str, owner_id: str) -> str:
    """Another API key for an existing owner (e.g. to rotate keys)."""
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        with Session(engine) as session:
            if session.get(Owner, owner_id) is None:
                raise owners.UnknownOwnerError(f"no owner with id {owner_id!r}")
            key = owners.add_key(session, owner_id=owner_id)
            session.commit()
        return key
    finally:
        engine.dispose()


def issue_nats_credentials(
    database_url: str, owner_id: str, issuer: Issuer, labels: list[str] | None = None
) -> natscreds.IssuedCredentials:
    """NATS credentials for an owner, offline: the alert service creates their durables (and
    pushes the revocation of any earlier ones) on its next sync."""
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        with Session(engine) as session:
            if session.get(Owner, owner_id) is None:
                raise owners.UnknownOwnerError(f"no owner with id {owner_id!r}")
            return natscreds.issue(
                session, issuer, owner_id=owner_id, labels=labels or list(natscreds.DEFAULT_CONSUMERS)
            )
    finally:
        engine.dispose()
