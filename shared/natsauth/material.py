"""The NATS identities of one PolicyWatch installation, generated once into a directory.

    <dir>/operator/keys.json     operator, system and account keys (the root of trust; offline)
    <dir>/server/                account JWTs the server preloads
    <dir>/<service>/nats.creds   ingest, extract, alert: each service's user
    <dir>/alert/issuer.json      account and operator signing keys: owners' users, revocations
    <dir>/alert/system.creds     a system-account user allowed to push account updates
    <dir>/exporter/nats.creds    the metrics exporter's read-only user (stream and consumer state)
    <dir>/admin/nats.creds       an operator's user with every right in the account (nats CLI)
    <dir>/owners/<owner>.creds   owners' users issued on this machine (the demo's)

Files are written readable by their owner only. Running `ensure_material` again reuses what is
there and re-issues only missing user files, so a restart keeps every credential valid.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from shared.natsauth.jwt import (
    NKey,
    account_claims,
    decode,
    encode,
    format_creds,
    operator_claims,
    user_claims,
)
from shared.natsauth.permissions import (
    EXPORTER,
    SERVICES,
    Permissions,
    exporter_permissions,
    service_permissions,
)

ACCOUNT_NAME = "POLICYWATCH"
SYSTEM_NAME = "SYS"
ALL = Permissions((">",), (">",))
SYSTEM_USER = Permissions(("$SYS.REQ.CLAIMS.UPDATE",), ("_INBOX.>",))


@dataclass(frozen=True)
class Keys:
    operator: NKey
    operator_signing: NKey
    system: NKey
    account: NKey
    account_signing: NKey

    @classmethod
    def create(cls) -> Keys:
        return cls(
            NKey.create("operator"),
            NKey.create("operator"),
            NKey.create("account"),
            NKey.create("account"),
            NKey.create("account"),
        )

    def to_json(self) -> str:
        return json.dumps({name: key.seed for name, key in self.__dict__.items()}, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Keys:
        return cls(**{name: NKey(seed) for name, seed in json.loads(text).items()})


@dataclass(frozen=True)
class Issuer:
    """What the alert service needs to issue owners' users and revoke them."""

    account_name: str
    account: str  # public key
    account_signing: NKey
    operator_signing: NKey

    def user(self, name: str, permissions: Permissions) -> tuple[NKey, str]:
        """A new user key and its `.creds` text."""
        user = NKey.create("user")
        claims = user_claims(
            name,
            user.public,
            account=self.account,
            publish=list(permissions.publish),
            subscribe=list(permissions.subscribe),
        )
        return user, format_creds(encode(claims, self.account_signing), user)

    def account_jwt(self, revocations: dict[str, int] | None = None) -> str:
        """The account's JWT, re-signed with these user revocations (public key -> issued-before)."""
        claims = account_claims(
            self.account_name,
            self.account,
            signing_keys=[self.account_signing.public],
            jetstream=True,
            revocations=revocations,
        )
        return encode(claims, self.operator_signing)

    def to_json(self) -> str:
        return json.dumps(
            {
                "account_name": self.account_name,
                "account": self.account,
                "account_signing": self.account_signing.seed,
                "operator_signing": self.operator_signing.seed,
            },
            indent=2,
        )

    @classmethod
    def load(cls, path: Path) -> Issuer:
        data = json.loads(path.read_text())
        return cls(
            data["account_name"],
            data["account"],
            NKey(data["account_signing"]),
            NKey(data["operator_signing"]),
        )


@dataclass(frozen=True)
class Material:
    root: Path
    keys: Keys

    @property
    def issuer(self) -> Issuer:
        k = self.keys
        return Issuer(ACCOUNT_NAME, k.account.public, k.account_signing, k.operator_signing)

    def creds(self, user: str) -> Path:
        """`ingest`, `extract`, `alert`, `exporter` or `admin`."""
        return self.root / user / "nats.creds"

    @property
    def issuer_file(self) -> Path:
        return self.root / "alert" / "issuer.json"

    @property
    def system_creds(self) -> Path:
        return self.root / "alert" / "system.creds"

    def owner_creds(self, owner: str) -> Path:
        return self.root / "owners" / f"{owner}.creds"

    @property
    def operator_jwt_file(self) -> Path:
        return self.root / "server" / "operator.jwt"

    @property
    def preload_file(self) -> Path:
        return self.root / "server" / "accounts.json"

    def operator_jwt(self) -> str:
        return self.operator_jwt_file.read_text().strip()

    def preload(self) -> dict[str, str]:
        """The account JWTs the server starts with, signed once: a newer one pushed later wins."""
        return dict(json.loads(self.preload_file.read_text()))

    def _sign_server_files(self) -> None:
        k = self.keys
        operator = operator_claims(
            ACCOUNT_NAME.lower(),
            k.operator,
            signing_key=k.operator_signing.public,
            system_account=k.system.public,
        )
        system = account_claims(SYSTEM_NAME, k.system.public, signing_keys=[], jetstream=False)
        accounts = {
            k.system.public: encode(system, k.operator_signing),
            k.account.public: self.issuer.account_jwt(),
        }
        write_secret(self.operator_jwt_file, encode(operator, k.operator) + "\n")
        write_secret(self.preload_file, json.dumps(accounts, indent=2))


def ensure_material(root: Path) -> Material:
    """Load the identities in `root`, creating the keys on first use and any missing user file."""
    keys_file = root / "operator" / "keys.json"
    if keys_file.exists():
        keys = Keys.from_json(keys_file.read_text())
    else:
        keys = Keys.create()
        write_secret(keys_file, keys.to_json())
    material = Material(root, keys)
    if not (material.operator_jwt_file.exists() and material.preload_file.exists()):
        material._sign_server_files()
    issuer = material.issuer
    if not material.issuer_file.exists():
        write_secret(material.issuer_file, issuer.to_json())
    for service in SERVICES:
        # anew when missing, or when this version grants the service other subjects (an upgrade)
        permissions = service_permissions(service)
        if granted(material.creds(service)) != (set(permissions.publish), set(permissions.subscribe)):
            write_secret(material.creds(service), issuer.user(service, permissions)[1])
    if not material.creds(EXPORTER).exists():
        write_secret(material.creds(EXPORTER), issuer.user(EXPORTER, exporter_permissions())[1])
    if not material.creds("admin").exists():
        write_secret(material.creds("admin"), issuer.user("admin", ALL)[1])
    if not material.system_creds.exists():
        write_secret(material.system_creds, _system_user(keys))
    return material


def granted(creds: Path) -> tuple[set[str], set[str]] | None:
    """The subjects a `.creds` file's user may publish and subscribe to; None without one."""
    try:
        token = creds.read_text().split("-----BEGIN NATS USER JWT-----")[1].split("------END")[0].strip()
        nats = decode(token)["nats"]
        return set(nats["pub"].get("allow", [])), set(nats["sub"].get("allow", []))
    except (OSError, IndexError, KeyError, ValueError):
        return None


def _system_user(keys: Keys) -> str:
    user = NKey.create("user")
    claims = user_claims(
        "alert-system",
        user.public,
        account=keys.system.public,
        publish=list(SYSTEM_USER.publish),
        subscribe=list(SYSTEM_USER.subscribe),
    )
    # Signed by the system account's own key: that account has no signing key.
    claims["nats"].pop("issuer_account")
    return format_creds(encode(claims, keys.system), user)


def write_secret(path: Path, text: str) -> None:
    """Write `text` to `path` readable by the current user only (directories too)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)
    os.replace(tmp, path)
