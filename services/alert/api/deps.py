"""Dependencies of the alert routes: the shared context, a DB session, the calling owner."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from sqlmodel import Session

from services.alert.context import AlertContext
from services.alert.owners.store import owner_for_key
from services.alert.storage.tables import Owner
from shared.auth import api_key_header, unauthorized

owner_key = api_key_header("An owner's API key: `policywatch alert create-owner NAME` prints one.")


def get_context(request: Request) -> AlertContext:
    context: AlertContext = request.app.state.alert
    return context


ContextDep = Annotated[AlertContext, Depends(get_context)]


def get_session(context: ContextDep) -> Iterator[Session]:
    with Session(context.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def current_owner(context: ContextDep, api_key: Annotated[str | None, Security(owner_key)]) -> Owner:
    # Its own short session: a long-lived stream must not hold a pooled connection for its life.
    owner = None
    if api_key:
        with Session(context.engine) as session:
            owner = owner_for_key(session, plaintext=api_key)
    if owner is None:
        raise unauthorized()
    return owner


CurrentOwner = Annotated[Owner, Depends(current_owner)]


def not_found(what: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"{what} not found")
