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

    alerts = subparsers.add_parser("alerts", help="follow alerts as they arrive (no nats CLI needed)")
    actions = alerts.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")
    tail = actions.add_parser(
        "tail",
        help="print alerts as they arrive: live on the owner's subject, or from a durable (resumes, acks)",
    )
    tail.add_argument(
        "--owner", help="whose alerts, with its NATS credentials (default: every owner's, as admin)"
    )
    tail.add_argument(
        "--durable",
        metavar="LABEL",
        help="pull from the owner's durable <owner>-<LABEL> (e.g. alerts) and ack what is printed; "
        "a later run goes on where this one stopped",
    )
    tail.add_argument("--creds", type=Path, help="NATS .creds file (default: the one create-owner wrote)")
    tail.add_argument(
        "--server", help="NATS URL (default: the configured one, else the one `policywatch up` runs)"
    )
    tail.add_argument("--count", type=int, help="stop after this many alerts")
    tail.set_defaults(run=_tail_alerts)


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


def _tail_alerts(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from nats.errors import Error as NatsError

    from services.alert.tail import tail, tail_target

    try:
        target = tail_target(
            settings, owner=args.owner, creds=args.creds, durable=args.durable, server=args.server
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    how = f"durable {target.durable}" if target.durable else "live"
    print(f"following {target.subject} ({how}) on {', '.join(target.servers)}; Ctrl-C stops", file=sys.stderr)
    try:
        asyncio.run(tail(target, lambda line: print(line, flush=True), count=args.count))
    except (OSError, NatsError) as exc:  # refused connections, "no servers available"
        print(f"error: cannot reach NATS at {', '.join(target.servers)}: {exc}", file=sys.stderr)
        return 1
    return 0


def _add_key(settings: Settings, args: argparse.Namespace) -> int:
    from services.alert.owners import admin
    from services.alert.owners.store import UnknownOwnerError

    try:
        print(admin.add_key(settings.alert_database_url(), args.owner_id))
    except UnknownOwnerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
