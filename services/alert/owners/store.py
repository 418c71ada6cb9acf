"""Owners (tenants) and their API keys: data access, keyword-only."""

from __future__ import annotations

from sqlmodel import Session, select

from services.alert.storage.tables import ApiKey, Owner
from shared import apikeys
from shared.subjects import subject_token


class OwnerExistsError(ValueError):
    pass


class UnknownOwnerError(LookupError):
    pass


def create_owner(session: Session, *, name: str) -> tuple[Owner, str]:
    """A new owner and its first API key; the plaintext key is returned once, never stored."""
    owner_id = subject_token(name)
    if session.get(Owner, owner_id) or session.exec(select(Owner).where(Owner.name == name)).first():
        raise OwnerExistsError(f"an owner named {name!r} (id {owner_id!r}) already exists")
    owner = Owner(id=owner_id, name=name)
    session.add(owner)
    session.flush()  # the key's foreign key needs the owner row first
    plaintext = add_key(session, owner_id=owner_id)
    session.commit()
    session.refresh(owner)
    return owner, plaintext


def add_key(session: Session, *, owner_id: str) -> str:
    new = apikeys.make_key()
    session.add(ApiKey(id=new.key_id, owner_id=owner_id, key_hash=new.key_hash))
    return new.plaintext


def owner_for_key(session: Session, *, plaintext: str) -> Owner | None:
    def live_hash(key_id: str) -> str | None:
        stored = session.get(ApiKey, key_id)
        return stored.key_hash if stored is not None and stored.revoked_at is None else None

    key_id = apikeys.check_key(plaintext, prefix=apikeys.PREFIX, stored_hash_of=live_hash)
    stored = session.get(ApiKey, key_id) if key_id else None
    return session.get(Owner, stored.owner_id) if stored is not None else None
