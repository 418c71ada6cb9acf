"""The nats-server configuration for PolicyWatch's identities: operator mode, a full resolver."""

from __future__ import annotations

import json
from pathlib import Path

from shared.natsauth.material import Material


def server_config(
    material: Material,
    *,
    host: str,
    port: int,
    store_dir: Path | str,
    http_port: int | None = None,
    max_payload: int | None = None,
) -> str:
    """A complete nats-server config: no anonymous client, JetStream, accounts from `material`.

    The resolver keeps account JWTs in `<store_dir>/jwt`, so an account update the alert
    service pushes (a revocation) survives a server restart; the preloaded JWTs only seed it.
    """
    preload = "\n".join(f"  {key}: {json.dumps(jwt)}" for key, jwt in material.preload().items())
    lines = [
        "# Written by PolicyWatch (shared/natsauth): every client needs a user JWT signed for its account.",
        f"host: {json.dumps(host)}",
        f"port: {port}",
        f"jetstream {{ store_dir: {json.dumps(str(store_dir))} }}",
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
    if http_port is not None:
        lines.append(f"http_port: {http_port}")
    if max_payload is not None:
        lines.append(f"max_payload: {max_payload}")
    return "\n".join(lines) + "\n"
