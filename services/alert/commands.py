"""`policywatch alert ...`: administration commands for the alert service."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from shared.settings import Settings


def add_commands(subparsers: Any) -> None:
    alert = subparsers.add_parser("alert", help="alert service administration")
    commands = alert.add_subparsers(dest="alert_command", required=True, metavar="ACTION")

    create = commands.add_parser("create-owner", help="create an owner and print its API key")
    create.add_argument("name", help="owner name; its id (used in NATS subjects) is derived from it")
    create.set_defaults(run=_create_owner)

    key = commands.add_parser("add-key", help="print a new API key for an existing owner id")
    key.add_argument("owner_id")
    key.set_defaults(run=_add_key)


def _create_owner(settings: Settings, args: argparse.Namespace) -> int:
    from services.alert import admin
    from services.alert.owners import OwnerExistsError
    from shared.subjects import owner_alerts, subject_token

    try:
        key = admin.create_owner(settings.alert_database_url(), args.name)
    except OwnerExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"owner id: {subject_token(args.name)}", file=sys.stderr)
    print(f"alerts subject: {owner_alerts(args.name)}", file=sys.stderr)
    print("API key (shown once; send it as the X-API-Key header):", file=sys.stderr)
    print(key)
    return 0


def _add_key(settings: Settings, args: argparse.Namespace) -> int:
    from services.alert import admin
    from services.alert.owners import UnknownOwnerError

    try:
        print(admin.add_key(settings.alert_database_url(), args.owner_id))
    except UnknownOwnerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
