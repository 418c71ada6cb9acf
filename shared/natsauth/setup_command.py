"""`policywatch nats-setup DIR`: the identities and a nats-server config, for a deployment.

docker-compose runs it once (the `nats-auth` service) into a volume that nats-server and each
service mount; running it again keeps every existing key and credential.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shared.natsauth.material import ensure_material, write_secret
from shared.natsauth.serverconf import auth_config, server_config


def add_command(subparsers: Any) -> None:
    setup = subparsers.add_parser(
        "nats-setup", help="generate NATS identities (operator, accounts, users) and a nats-server config"
    )
    setup.add_argument("dir", type=Path, help="where to write them (kept if already there)")
    setup.add_argument("--host", default="0.0.0.0", help="interface nats-server listens on")
    setup.add_argument("--port", type=int, default=4222)
    setup.add_argument("--store-dir", default="/data", help="nats-server's JetStream and account store")
    setup.add_argument("--http-port", type=int, default=8222, help="monitoring port (health checks)")
    setup.set_defaults(run=lambda settings, args: run(args))


def run(args: argparse.Namespace) -> int:
    material = ensure_material(args.dir)
    config = server_config(
        material, host=args.host, port=args.port, store_dir=args.store_dir, http_port=args.http_port
    )
    path = args.dir / "server" / "nats-server.conf"
    write_secret(path, config)
    print(f"nats-server config: {path}")
    # the shared part of every cluster node's config (deploy/nats/nats-*.conf include it)
    auth_path = args.dir / "server" / "auth.conf"
    write_secret(auth_path, auth_config(material, store_dir=args.store_dir))
    print(f"cluster nodes' auth include: {auth_path}")
    for user in ("ingest", "extract", "alert", "exporter", "admin"):
        print(f"{user} credentials: {material.creds(user)}")
    print(f"alert issuer: {material.issuer_file}; alert system user: {material.system_creds}")
    return 0
