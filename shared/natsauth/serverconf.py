"""The nats-server configuration for PolicyWatch's identities: operator mode, a full resolver;
alone or as one node of a JetStream cluster."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from shared.natsauth.material import Material


@dataclass(frozen=True)
class ClusterSpec:
    """This node's place in a JetStream cluster: its name, route port and the routes to every node."""

    server_name: str
    port: int
    routes: tuple[str, ...]
    name: str = "policywatch"
    host: str = "0.0.0.0"


def server_config(
    material: Material,
    *,
    host: str,
    port: int,
    store_dir: Path | str,
    http_port: int | None = None,
    max_payload: int | None = None,
    cluster: ClusterSpec | None = None,
    sync_always: bool = False,
) -> str:
    """A complete nats-server config: no anonymous client, JetStream, accounts from `material`;
    with `cluster`, one node of a JetStream cluster (its server name, its routes).

    `sync_always` makes JetStream fsync every write before acknowledging it (see the README's
    deployment section for what it costs); by default it syncs every two minutes and a cluster
    relies on its replicas for durability.
    """
    sync = " sync_interval: always" if sync_always else ""
    lines = [
        "# Written by PolicyWatch (shared/natsauth): every client needs a user JWT signed for its account.",
        f"host: {json.dumps(host)}",
        f"port: {port}",
        f"jetstream {{ store_dir: {json.dumps(str(store_dir))}{sync} }}",
    ]
    if cluster is not None:
        routes = ", ".join(json.dumps(route) for route in cluster.routes)
        lines += [
            f"server_name: {json.dumps(cluster.server_name)}",
            "cluster {",
            f"  name: {json.dumps(cluster.name)}",
            f"  listen: {json.dumps(f'{cluster.host}:{cluster.port}')}",
            f"  routes: [{routes}]",
            "}",
        ]
    lines.append(auth_config(material, store_dir=store_dir).rstrip("\n"))
    if http_port is not None:
        lines.append(f"http_port: {http_port}")
    if max_payload is not None:
        lines.append(f"max_payload: {max_payload}")
    return "\n".join(lines) + "\n"


def auth_config(material: Material, *, store_dir: Path | str) -> str:
    """The operator, the system account and the full resolver: the part of a nats-server config
    that every node of an installation shares (`deploy/nats/*.conf` include it as `auth.conf`).

    The resolver keeps account JWTs in `<store_dir>/jwt`, so an account update the alert
    service pushes (a revocation) survives a server restart; the preloaded JWTs only seed it.
    """
    preload = "\n".join(f"  {key}: {json.dumps(jwt)}" for key, jwt in material.preload().items())
    lines = [
        f"operator: {json.dumps(material.operator_jwt())}",
        f"system_account: {material.keys.system.public}",
        "resolver {",
        "  type: full",
        f"  dir: {json.dumps(str(Path(store_dir) / 'jwt'))}",
        "  allow_delete: false",
        '  interval: "2m"',
        '  timeout: "1.9s"',
        "}",
        "resolver_preload {",
        preload,
        "}",
    ]
    return "\n".join(lines) + "\n"
