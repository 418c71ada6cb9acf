"""NATS JWTs (v2) and nkeys: the claim shapes nats-server reads, signed with ed25519.

Written from the `nats-io/jwt` v2 claim structs; only the fields PolicyWatch uses. A JWT is
`base64url(header).base64url(claims).base64url(signature)`, the signature an nkey's ed25519
signature over the first two parts.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass
from typing import Any

import nkeys

HEADER = {"typ": "JWT", "alg": "ed25519-nkey"}
UNLIMITED = -1

_PREFIXES = {
    "operator": nkeys.PREFIX_BYTE_OPERATOR,
    "account": nkeys.PREFIX_BYTE_ACCOUNT,
    "user": nkeys.PREFIX_BYTE_USER,
}


@dataclass(frozen=True)
class NKey:
    """An nkey pair kept as its seed (`S...`); `public` is the `O...`/`A...`/`U...` key."""

    seed: str

    @classmethod
    def create(cls, kind: str) -> NKey:
        return cls(nkeys.encode_seed(os.urandom(32), _PREFIXES[kind]).decode())

    @property
    def public(self) -> str:
        return str(nkeys.from_seed(self.seed.encode()).public_key.decode())

    def sign(self, data: bytes) -> bytes:
        return bytes(nkeys.from_seed(self.seed.encode()).sign(data))


def encode(claims: dict[str, Any], signer: NKey) -> str:
    """Sign `claims` (with `sub`, `name` and a `nats` section) as issued by `signer` now."""
    body = {**claims, "iss": signer.public, "iat": int(time.time())}
    body.pop("jti", None)
    # The JWT id must change with the content: nats-server keeps an account JWT whose id it has
    # already stored, so two updates in the same second need different ids.
    digest = hashlib.sha512(json.dumps(body, sort_keys=True).encode() + os.urandom(8)).digest()[:32]
    body["jti"] = base64.b32encode(digest).decode().rstrip("=")
    signed = f"{_b64(json.dumps(HEADER).encode())}.{_b64(json.dumps(body).encode())}"
    return f"{signed}.{_b64(signer.sign(signed.encode()))}"


def decode(token: str) -> dict[str, Any]:
    """The claims of a JWT, unverified (nats-server verifies; we read what we issued)."""
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def operator_claims(name: str, operator: NKey, *, signing_key: str, system_account: str) -> dict[str, Any]:
    return {
        "name": name,
        "sub": operator.public,
        "nats": {
            "signing_keys": [signing_key],
            "system_account": system_account,
            "type": "operator",
            "version": 2,
        },
    }


def account_claims(
    name: str,
    account: str,
    *,
    signing_keys: list[str],
    jetstream: bool,
    revocations: dict[str, int] | None = None,
) -> dict[str, Any]:
    """An account with no connection limits; `jetstream` gives it unlimited JetStream storage."""
    limits: dict[str, Any] = {
        "subs": UNLIMITED,
        "data": UNLIMITED,
        "payload": UNLIMITED,
        "imports": UNLIMITED,
        "exports": UNLIMITED,
        "wildcards": True,
        "conn": UNLIMITED,
        "leaf": UNLIMITED,
    }
    if jetstream:
        limits |= {"mem_storage": UNLIMITED, "disk_storage": UNLIMITED, "streams": UNLIMITED}
        limits |= {"consumer": UNLIMITED}
    nats: dict[str, Any] = {
        "limits": limits,
        "signing_keys": signing_keys,
        "default_permissions": {"pub": {}, "sub": {}},
        "type": "account",
        "version": 2,
    }
    if revocations:
        nats["revocations"] = dict(sorted(revocations.items()))
    return {"name": name, "sub": account, "nats": nats}


def user_claims(
    name: str, user: str, *, account: str, publish: list[str], subscribe: list[str]
) -> dict[str, Any]:
    """A user of `account` allowed to publish and subscribe to exactly these subjects."""
    return {
        "name": name,
        "sub": user,
        "nats": {
            "pub": {"allow": publish} if publish else {"deny": [">"]},
            "sub": {"allow": subscribe} if subscribe else {"deny": [">"]},
            "subs": UNLIMITED,
            "data": UNLIMITED,
            "payload": UNLIMITED,
            "issuer_account": account,
            "type": "user",
            "version": 2,
        },
    }


def format_creds(user_jwt: str, user: NKey) -> str:
    """A `.creds` file (JWT and seed) as `nsc` writes it; every NATS client reads this format."""
    return (
        "-----BEGIN NATS USER JWT-----\n"
        f"{user_jwt}\n"
        "------END NATS USER JWT------\n\n"
        "************************* IMPORTANT *************************\n"
        "NKEY Seed printed below can be used to sign and prove identity.\n"
        "NKEYs are sensitive and should be treated as secrets.\n\n"
        "-----BEGIN USER NKEY SEED-----\n"
        f"{user.seed}\n"
        "------END USER NKEY SEED------\n\n"
        "*************************************************************\n"
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")
