"""Connecting to the tests' nats-server as one of the installation's identities.

The test server runs with the same NATS identities `policywatch up` generates: `settings.nats`
names a service's creds file, and its siblings (`<auth>/<user>/nats.creds`) are the other
users. Tests that publish what a service would publish connect as that service, so the normal
suite also proves each service's permissions are enough; `admin` is for inspection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nats
from nats.aio.client import Client

from shared.natsauth.connect import auth_options
from shared.natsauth.permissions import SERVICES, owner_inbox, service_inbox
from shared.settings import NatsSettings, Settings
from shared.subjects import owner_alerts
from tests.e2e.stackutil import AlertListener


def auth_root(settings: NatsSettings) -> Path:
    assert settings.creds_file is not None, "these settings name no NATS identity"
    return settings.creds_file.parent.parent


def as_user(settings: Settings | NatsSettings, user: str) -> NatsSettings:
    """The same server, as `user` (a service, `admin`) from the same installation."""
    nats_settings = settings.nats if isinstance(settings, Settings) else settings
    creds = auth_root(nats_settings) / user / "nats.creds"
    return nats_settings.model_copy(update={"creds_file": creds})


async def connect(settings: Settings | NatsSettings, user: str = "admin", **options: Any) -> Client:
    """A nats-py connection as `user`, with the inbox prefix that user's permissions allow."""
    nats_settings = as_user(settings, user)
    inbox = service_inbox(user) if user in SERVICES else None
    return await nats.connect(nats_settings.url, **auth_options(nats_settings, inbox_prefix=inbox), **options)


async def connect_owner(settings: Settings | NatsSettings, owner: str, creds: Path, **options: Any) -> Client:
    """A connection with an owner's issued credentials (and the owner's own inbox prefix)."""
    nats_settings = settings.nats if isinstance(settings, Settings) else settings
    owner_settings = nats_settings.model_copy(update={"creds_file": creds})
    return await nats.connect(
        owner_settings.url, **auth_options(owner_settings, inbox_prefix=owner_inbox(owner)), **options
    )


def service_settings(settings: Settings, service: str) -> Settings:
    """`settings` as `service` runs them under `policywatch up`: its own NATS user (and, for
    alert, the issuer of owners' credentials and the system user)."""
    nats_settings = as_user(settings, service)
    copy = settings.model_copy(update={"nats": nats_settings})
    if service == "alert":
        root = auth_root(nats_settings)
        alert = settings.alert.model_copy(
            update={
                "nats_issuer_file": root / "alert" / "issuer.json",
                "nats_system_creds_file": root / "alert" / "system.creds",
            }
        )
        copy = copy.model_copy(update={"alert": alert})
    return copy


def owner_creds(settings: Settings, owner: str, path: Path) -> Path:
    """Issue `owner` NATS credentials offline (as `policywatch alert create-owner` does) into `path`."""
    from services.alert.owners import admin
    from shared.natsauth.material import Issuer

    issuer = Issuer.load(auth_root(settings.nats) / "alert" / "issuer.json")
    path.write_text(admin.issue_nats_credentials(settings.alert_database_url(), owner, issuer).creds)
    return path


def owner_listener(settings: Settings, owner: str) -> AlertListener:
    """A live subscriber to `owner`'s alerts, connected with the owner's own credentials."""
    creds = owner_creds(settings, owner, settings.data_dir.parent / f"{owner}.creds")
    return AlertListener(
        settings.nats.url, owner_alerts(owner), user_credentials=str(creds), inbox_prefix=owner_inbox(owner)
    )
