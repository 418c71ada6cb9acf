"""A JetStream cluster of `nats-server` processes on loopback ports, with the installation's
identities: the tests' and `bench/chaos`'s cluster (deployments use `deploy/nats/`).

Every node gets a client port, a route port and a monitoring port, routes to every node, and
the same operator and accounts; a node can be SIGKILLed and restarted on the same ports and
store, as a crashed machine comes back.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from shared.natsauth.material import Material
from shared.natsauth.serverconf import ClusterSpec
from shared.natsserver import NatsServer, free_port


@dataclass
class NatsCluster:
    root: Path
    auth: Material
    size: int = 3
    host: str = "127.0.0.1"
    sync_always: bool = False
    nodes: list[NatsServer] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Every node's URL, comma-separated: the form `POLICYWATCH_NATS__URL` takes."""
        return ",".join(node.url for node in self.nodes)

    @property
    def urls(self) -> list[str]:
        return [node.url for node in self.nodes]

    def start(self, timeout: float = 30.0) -> NatsCluster:
        route_ports = [free_port(self.host) for _ in range(self.size)]
        routes = tuple(f"nats-route://{self.host}:{port}" for port in route_ports)
        for index, route_port in enumerate(route_ports):
            name = self.node_name(index)
            spec = ClusterSpec(server_name=name, port=route_port, routes=routes, host=self.host)
            node = NatsServer(
                store_dir=self.root / name,
                host=self.host,
                auth=self.auth,
                cluster=spec,
                http_port=free_port(self.host),
                sync_always=self.sync_always,
            )
            self.nodes.append(node)
        try:
            for node in self.nodes:
                node.start()
            self.wait_healthy(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def node_name(self, index: int) -> str:
        return f"n{index + 1}"

    def node(self, server_name: str) -> NatsServer:
        [found] = [node for node in self.nodes if node.cluster and node.cluster.server_name == server_name]
        return found

    def kill(self, server_name: str) -> None:
        self.node(server_name).kill()

    def restart(self, server_name: str, timeout: float = 30.0) -> None:
        node = self.node(server_name)
        node.start()
        self.wait_healthy(timeout, [node])

    def wait_healthy(self, timeout: float, nodes: list[NatsServer] | None = None) -> None:
        """Until every node's /healthz says JetStream is up and current (meta leader known,
        streams caught up)."""
        deadline = time.monotonic() + timeout
        pending = list(nodes or self.nodes)
        with httpx.Client(timeout=2.0) as client:
            while pending:
                node = pending[0]
                try:
                    if client.get(f"http://{self.host}:{node.http_port}/healthz").status_code == 200:
                        pending.pop(0)
                        continue
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    names = [n.cluster.server_name for n in pending if n.cluster]
                    raise TimeoutError(f"cluster nodes not healthy within {timeout}s: {names}")
                time.sleep(0.2)

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    def __enter__(self) -> NatsCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
