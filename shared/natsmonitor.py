"""A nats-server's own monitoring endpoint (`http_port`: /varz, /healthz) as Prometheus metrics.

nats-server serves JSON, not Prometheus's text format, so the exporter reads a node's endpoint
when Prometheus asks for it (`/nats?target=http://nats-1:8222`, the multi-target exporter
pattern) and answers `policywatch_nats_server_*`; a node that does not answer makes the scrape
fail, so Prometheus's `up` of that target is 0. Only the configured nodes may be named
(`EXPORTER__NATS_MONITOR_URLS`): the exporter fetches no other address.
"""

from __future__ import annotations

from typing import Any

import httpx
from prometheus_client import CollectorRegistry, Gauge, generate_latest


class NodeUnreachable(Exception):
    """The node's monitoring endpoint did not answer."""


def monitor_urls(setting: str) -> list[str]:
    """The comma-separated setting as a list of base URLs without a trailing '/'."""
    return [url.strip().rstrip("/") for url in setting.split(",") if url.strip()]


async def read_node(client: httpx.AsyncClient, base_url: str) -> tuple[dict[str, Any], bool]:
    """The node's /varz, and whether /healthz says it is healthy (JetStream current included)."""
    try:
        varz = await client.get(f"{base_url}/varz")
        varz.raise_for_status()
        health = await client.get(f"{base_url}/healthz")
        body = varz.json()
    except httpx.HTTPError as exc:
        raise NodeUnreachable(f"nats-server monitoring at {base_url} did not answer: {exc!r}") from exc
    except ValueError as exc:
        raise NodeUnreachable(f"{base_url}/varz is not JSON: not a nats-server monitoring endpoint") from exc
    if not isinstance(body, dict):
        raise NodeUnreachable(f"{base_url}/varz is not a JSON object: not a nats-server monitoring endpoint")
    return body, health.status_code == 200


def node_metrics(varz: dict[str, Any], healthy: bool) -> bytes:
    """The Prometheus text for one node (its server name as the `server` label); ValueError when
    a value is not a number (the URL is not a nats-server's)."""
    registry = CollectorRegistry()
    server = str(varz.get("server_name") or "")
    jetstream = varz.get("jetstream") or {}
    values = {
        ("healthy", "1 when the node's /healthz answers ok (JetStream included)."): int(healthy),
        ("connections", "Client connections open on the node."): varz.get("connections", 0),
        ("routes", "Routes to other cluster nodes."): varz.get("routes", 0),
        ("memory_bytes", "Resident memory of the nats-server process."): varz.get("mem", 0),
        ("slow_consumers", "Clients the node has cut off as slow consumers since it started."): varz.get(
            "slow_consumers", 0
        ),
        ("jetstream_storage_bytes", "File storage JetStream uses on the node."): (
            jetstream.get("stats") or {}
        ).get("storage", 0),
        ("jetstream_storage_max_bytes", "File storage JetStream may use on the node."): (
            jetstream.get("config") or {}
        ).get("max_storage", 0),
    }
    for (name, description), value in values.items():
        Gauge(f"policywatch_nats_server_{name}", description, ["server"], registry=registry).labels(
            server
        ).set(_number(value))
    return generate_latest(registry)


def _number(value: Any) -> float:
    if not isinstance(value, int | float | None):
        raise ValueError(f"not a number: {str(value)[:40]!r}")
    return float(value or 0)
