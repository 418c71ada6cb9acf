"""`policywatch alert ...`: administration commands for the alert service."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from shared.settings import Settings


def add_commands(subparsers: Any) -> None:
    alert = subparsers.add_parser("alert", help="alert service administration")
    commands = alert.add_subparsers(dest="alert_command", required=True, metavar="ACTION")

    create = commands.add_parser(
        "create-owner", help="create an owner, print its API key and write its NATS credentials"
    )
    create.add_argument("name", help="owner name; its id (used in NATS subjects) is derived from it")
    create.add_argument(
        "--creds-out",
        type=Path,
        help="where to write the owner's NATS .creds file (default: <data_dir>/nats-auth/owners/<id>.creds)",
    )
    create.set_defaults(run=_create_owner)

    key = commands.add_parser("add-key", help="print a new API key for an existing owner id")
    key.add_argument("owner_id")
    key.set_defaults(run=_add_key)


def _create_owner(settings: Settings, args: argparse.Namespace) -> int:
    from services.alert.owners import admin
    from services.alert.owners.store import OwnerExistsError
    from shared.subjects import owner_alerts, subject_token

    try:
        key = admin.create_owner(settings.alert_database_url(), args.name)
    except OwnerExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    owner_id = subject_token(args.name)
    print(f"owner id: {owner_id}", file=sys.stderr)
    print(f"alerts subject: {owner_alerts(args.name)}", file=sys.stderr)
    _write_nats_credentials(settings, owner_id, args.creds_out)
    print("API key (shown once; send it as the X-API-Key header):", file=sys.stderr)
    print(key)
    return 0


def _write_nats_credentials(settings: Settings, owner_id: str, out: Path | None) -> None:
    from services.alert.owners import admin
    from shared.natsauth.material import Issuer, write_secret

    issuer_file = settings.alert_issuer_file()
    if issuer_file is None:
        print(
            "NATS credentials: none issued (no POLICYWATCH_ALERT__NATS_ISSUER_FILE and no embedded "
            "installation in the data dir); POST /nats/credentials issues them later.",
            file=sys.stderr,
        )
        return
    issued = admin.issue_nats_credentials(settings.alert_database_url(), owner_id, Issuer.load(issuer_file))
    path = out or settings.nats_auth_dir() / "owners" / f"{owner_id}.creds"
    write_secret(path, issued.creds)
    print(f"NATS credentials: {path} (inbox prefix {issued.inbox_prefix}; durables ", end="", file=sys.stderr)
    print(f"{', '.join(issued.durables)} on POLICY_ALERTS, ready once alert has synced)", file=sys.stderr)


def _add_key(settings: Settings, args: argparse.Namespace) -> int:
    from services.alert.owners import admin
    from services.alert.owners.store import UnknownOwnerError

    try:
        print(admin.add_key(settings.alert_database_url(), args.owner_id))
    except UnknownOwnerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
