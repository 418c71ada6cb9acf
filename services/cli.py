"""`policywatch`: one command-line entry point for every service and tool.

Each service contributes its own sub-commands through `services.<name>.commands.add_commands`,
imported lazily so `policywatch --help` stays fast and a service's heavy dependencies (spaCy)
load only when one of its commands runs.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from shared.logs import configure_logging
from shared.settings import Settings

SERVICES = ("ingest", "extract", "alert")
log = logging.getLogger("policywatch")


def serve(settings: Settings, service: str) -> None:
    """Run one service's HTTP app (and its NATS consumers) until interrupted."""
    import uvicorn

    module = importlib.import_module(f"services.{service}.app")
    app = module.create_app(settings)
    http = getattr(settings, service)
    uvicorn.run(app, host=http.host, port=http.port, log_level=settings.log_level.lower(), lifespan="on")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policywatch",
        description="PolicyWatch: live monitoring of policy shifts in the news. Settings come from "
        "POLICYWATCH_* environment variables (see README).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    up = commands.add_parser("up", help="run the whole stack on embedded defaults (nats-server, SQLite)")
    up.add_argument("--demo", action="store_true", help="feed sample articles, register a rule, show alerts")
    up.add_argument(
        "--nats-url",
        help="use these NATS servers (comma-separated, e.g. every node of a cluster) instead of "
        "starting the bundled one",
    )
    up.add_argument("--exit-after-demo", action="store_true", help="with --demo: stop once alerts were shown")
    up.set_defaults(run=lambda settings, args: _run_up(settings, args))

    srv = commands.add_parser("serve", help="run one service")
    srv.add_argument("service", choices=SERVICES)
    srv.set_defaults(run=lambda settings, args: serve(settings, args.service))

    from shared.natsauth.setup_command import add_command as add_nats_setup

    add_nats_setup(commands)
    from shared.natsexporter import add_command as add_nats_exporter

    add_nats_exporter(commands)
    from services.deadletters import add_commands as add_deadletters

    add_deadletters(commands)
    for name in SERVICES:
        try:
            module = importlib.import_module(f"services.{name}.commands")
        except ModuleNotFoundError as exc:
            if exc.name != f"services.{name}.commands":
                raise
            continue
        module.add_commands(commands)
    return parser


def _run_up(settings: Settings, args: argparse.Namespace) -> int:
    from services.stack import run_stack

    return run_stack(settings, demo=args.demo, nats_url=args.nats_url, exit_after_demo=args.exit_after_demo)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    configure_logging(settings.log_level)
    run: Callable[[Settings, argparse.Namespace], int | None] = args.run
    try:
        return int(run(settings, args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
