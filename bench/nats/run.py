"""What the stream settings cost: JetStream publishes with ack of 2 KB articles (the size of a
short news article) to POLICY_ARTICLES, by replicas and `sync_interval`, each ratio against the
baseline measured in the same run (R1 on one server, default sync).

    .venv/bin/python bench/nats/run.py [N]

Publishes are sequential (one in flight, as ingest's per-article publish waits for its ack) and
then 64 in flight (what several ingest clients at once look like).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from faststream.nats import NatsBroker
from prometheus_client import CollectorRegistry

from shared.broker import make_broker
from shared.natsauth.material import Material, ensure_material
from shared.natscluster import NatsCluster
from shared.natsserver import NatsServer
from shared.settings import NatsSettings, StreamsSettings
from shared.streams import ensure_streams
from shared.subjects import ARTICLES_STREAM, ARTICLES_SUBJECT

BODY = b"x" * 2048
CONFIGS = (
    ("R1, one server", 1, False),
    ("R1, sync_interval: always", 1, True),
    ("R3, 3-node cluster", 3, False),
    ("R3, sync_interval: always", 3, True),
)


@contextmanager
def servers(root: Path, auth: Material, replicas: int, sync_always: bool) -> Iterator[str]:
    if replicas == 1:
        with NatsServer(store_dir=root / "one", auth=auth, sync_always=sync_always) as server:
            yield server.url
    else:
        with NatsCluster(root / "cluster", auth, sync_always=sync_always) as cluster:
            yield cluster.url


async def publish_rate(broker: NatsBroker, count: int, in_flight: int) -> float:
    js = broker.config.connection_state.stream
    sent = 0

    async def one(n: int) -> None:
        await js.publish(ARTICLES_SUBJECT, BODY, headers={"Nats-Msg-Id": f"{in_flight}-{n}"})

    started = time.perf_counter()
    while sent < count:
        batch = min(in_flight, count - sent)
        await asyncio.gather(*(one(sent + i) for i in range(batch)))
        sent += batch
    return count / (time.perf_counter() - started)


async def measure(url: str, auth: Material, count: int) -> tuple[float, float]:
    settings = NatsSettings(url=url, creds_file=auth.creds("ingest"))
    broker = make_broker(settings, service="ingest", registry=CollectorRegistry())
    await broker.connect()
    try:
        await ensure_streams(broker, "ingest", StreamsSettings())
        await publish_rate(broker, 100, 1)  # warm up: leaders elected, files open
        return await publish_rate(broker, count, 1), await publish_rate(broker, count * 4, 64)
    finally:
        await broker.stop()


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        auth = ensure_material(root / "auth")
        for index, (name, replicas, sync_always) in enumerate(CONFIGS):
            with servers(root / str(index), auth, replicas, sync_always) as url:
                rows.append((name, *asyncio.run(measure(url, auth, count))))
    base_one, base_many = rows[0][1], rows[0][2]
    print(f"{count} sequential and {count * 4} concurrent (64 in flight) 2 KB publishes to {ARTICLES_STREAM}")
    print(f"{'configuration':28} {'one in flight':>22} {'64 in flight':>22}")
    for name, one, many in rows:
        print(f"{name:28} {one:9.0f}/s ({one / base_one:4.2f}×) {many:11.0f}/s ({many / base_many:4.2f}×)")


if __name__ == "__main__":
    main()
