"""How a PolicyWatch process authenticates to NATS: the keyword arguments for `nats.connect`
(and FastStream's `NatsBroker`, which passes them on) built from `NatsSettings`."""

from __future__ import annotations

import ssl
from typing import Any

from faststream.nats.security import NatsCredentials, NatsNKey, NatsSecurity, NatsUserPassword

from shared.settings import NatsSettings


def servers(settings: NatsSettings) -> list[str]:
    return [url.strip() for url in settings.url.split(",") if url.strip()]


def auth_options(settings: NatsSettings, *, inbox_prefix: str | None = None) -> dict[str, Any]:
    """Credentials, TLS and the inbox prefix this identity's permissions allow."""
    options: dict[str, Any] = {}
    if settings.creds_file is not None:
        options["user_credentials"] = str(settings.creds_file)
    elif settings.nkey_seed_file is not None:
        options["nkeys_seed"] = str(settings.nkey_seed_file)
    elif settings.user is not None:
        options["user"] = settings.user
        options["password"] = settings.password or ""
    context = tls_context(settings)
    if context is not None:
        options["tls"] = context
    if inbox_prefix is not None:
        options["inbox_prefix"] = inbox_prefix
    return options


def tls_context(settings: NatsSettings) -> ssl.SSLContext | None:
    """A verifying TLS context when a CA or a client certificate is configured, else None
    (a `tls://` URL alone uses the system's CAs)."""
    if settings.tls_ca_file is None and settings.tls_cert_file is None:
        return None
    context = ssl.create_default_context(
        cafile=str(settings.tls_ca_file) if settings.tls_ca_file is not None else None
    )
    if settings.tls_cert_file is not None:
        key = str(settings.tls_key_file) if settings.tls_key_file is not None else None
        context.load_cert_chain(str(settings.tls_cert_file), key)
    return context


def broker_security(settings: NatsSettings) -> NatsSecurity | None:
    """The same identity and TLS as `auth_options`, in FastStream's `security=` form."""
    context = tls_context(settings)
    if settings.creds_file is not None:
        return NatsCredentials(str(settings.creds_file), ssl_context=context)
    if settings.nkey_seed_file is not None:
        return NatsNKey(settings.nkey_seed_file, ssl_context=context)
    if settings.user is not None:
        return NatsUserPassword(username=settings.user, password=settings.password or "", ssl_context=context)
    return NatsSecurity(ssl_context=context) if context is not None else None
