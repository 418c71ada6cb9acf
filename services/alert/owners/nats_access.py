"""Owners' access on NATS: their durable consumers, and the account's revocations.

Owners never create consumers (a create request names a deliver subject they could abuse):
alert creates each owner's durables, pull consumers filtered to `policy.alerts.v1.<owner>.>`.
A rotation revokes the old user by re-signing the account JWT with the user's key in its
revocations and pushing it through the system account (`$SYS.REQ.CLAIMS.UPDATE`); nats-server
then closes the old user's connections and refuses it from then on. The database is the record:
every start and every `sync` re-asserts it, so a server that lost its resolver store catches up.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable

import nats
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.client import JetStreamContext
from sqlalchemy.engine import Engine
from sqlmodel import Session

from services.alert.owners import nats_credentials as natscreds
from services.alert.storage.tables import NatsCredential
from shared.natsauth.connect import auth_options, servers
from shared.natsauth.material import Issuer
from shared.settings import Settings
from shared.subjects import ALERTS_STREAM, owner_alerts, owner_durable

log = logging.getLogger(__name__)
CLAIMS_UPDATE = "$SYS.REQ.CLAIMS.UPDATE"


class NatsAccessError(RuntimeError):
    pass


class OwnerAccess:
    """Issues owners' credentials and keeps NATS in step with the database."""

    def __init__(self, settings: Settings, engine: Engine, jetstream: Callable[[], JetStreamContext]) -> None:
        self._settings = settings
        self._engine = engine
        self._jetstream = jetstream
        self._pushed: dict[str, int] | None = None
        self._lock = asyncio.Lock()

    @property
    def issuer(self) -> Issuer | None:
        path = self._settings.alert.nats_issuer_file
        return Issuer.load(path) if path is not None else None

    async def rotate(self, owner_id: str, labels: list[str]) -> natscreds.IssuedCredentials:
        """New credentials for the owner, its durables ready, its older credentials revoked."""
        issuer = self.issuer
        if issuer is None:
            raise NatsAccessError("this alert service has no NATS issuer configured")
        issued = await asyncio.to_thread(self._issue, issuer, owner_id, labels)
        await self.ensure_durables(owner_id, issued.labels)
        await asyncio.to_thread(self._mark_ready, issued.user)
        await self.push_revocations(force=True)
        return issued

    async def sync(self) -> None:
        """Create durables of credentials issued offline; push revocations the server lacks."""
        for row in await asyncio.to_thread(self._unready):
            await self.ensure_durables(row.owner_id, list(row.consumers))
            await asyncio.to_thread(self._mark_ready, row.id)
        await self.push_revocations()

    async def ensure_durables(self, owner_id: str, labels: list[str]) -> None:
        js = self._jetstream()
        for label in labels:
            name = owner_durable(owner_id, label)
            config = ConsumerConfig(
                name=name,
                durable_name=name,
                filter_subject=owner_alerts(owner_id),
                ack_policy=AckPolicy.EXPLICIT,
                deliver_policy=DeliverPolicy.ALL,
            )
            await js.add_consumer(ALERTS_STREAM, config=config)

    async def push_revocations(self, *, force: bool = False) -> None:
        """Re-sign the account with every revocation in the database, if it changed (or `force`)."""
        issuer, creds = self.issuer, self._settings.alert.nats_system_creds_file
        if issuer is None or creds is None:
            return
        async with self._lock:
            revoked = await asyncio.to_thread(self._revocations)
            if not force and revoked == self._pushed:
                return
            await self._send_claims(issuer.account_jwt(revoked), creds)
            self._pushed = revoked

    async def _send_claims(self, account_jwt: str, creds: object) -> None:
        system = self._settings.nats.model_copy(update={"creds_file": creds})
        nc = await nats.connect(servers(system), allow_reconnect=False, **auth_options(system))
        try:
            reply = await nc.request(CLAIMS_UPDATE, account_jwt.encode(), timeout=5)
        finally:
            await nc.close()
        data = json.loads(reply.data).get("data", {})
        if data.get("code") != 200:
            raise NatsAccessError(f"nats-server refused the account update: {data}")
        log.info("NATS account re-signed with revocations: %s", data.get("message"))

    def _issue(self, issuer: Issuer, owner_id: str, labels: list[str]) -> natscreds.IssuedCredentials:
        with Session(self._engine) as session:
            return natscreds.issue(session, issuer, owner_id=owner_id, labels=labels)

    def _unready(self) -> list[NatsCredential]:
        with Session(self._engine) as session:
            return natscreds.unready(session)

    def _mark_ready(self, user: str) -> None:
        with Session(self._engine) as session:
            natscreds.mark_ready(session, user=user)

    def _revocations(self) -> dict[str, int]:
        with Session(self._engine) as session:
            return natscreds.revocations(session)
