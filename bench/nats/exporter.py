"""What a Prometheus scrape of `policywatch nats-exporter` costs: one read of JetStream's
streams and consumers (`read_jetstream`), by the number of owners' durables on POLICY_ALERTS
(JetStream lists 256 consumers a request), against a read with none, on one nats-server.

    .venv/bin/python bench/nats/exporter.py [REPEATS]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import nats
from nats.js.api import AckPolicy, ConsumerConfig
from nats.js.client import JetStreamContext

from shared.jetstream_metrics import read_jetstream
from shared.natsauth.connect import auth_options
from shared.natsauth.material import ensure_material
from shared.natsexporter import connect_exporter
from shared.natsserver import NatsServer
from shared.settings import NatsSettings, Settings, StreamsSettings
from shared.streams import declare_stream, stream_config
from shared.subjects import ALERTS_STREAM, all_streams, owner_durable

OWNERS = (0, 100, 300, 1000)


async def median_read(js: JetStreamContext, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await read_jetstream(js)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


async def run(repeats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        auth = ensure_material(Path(tmp) / "auth")
        with NatsServer(store_dir=Path(tmp) / "nats", auth=auth) as server:
            admin_settings = NatsSettings(url=server.url, creds_file=auth.creds("admin"))
            admin = await nats.connect(server.url, **auth_options(admin_settings))
            exporter = await connect_exporter(
                Settings(nats=NatsSettings(url=server.url, creds_file=auth.creds("exporter")))
            )
            try:
                js = admin.jetstream()
                for stream in all_streams():
                    await declare_stream(js, stream_config(stream, StreamsSettings(), replicas=1))
                baseline = None
                made = 0
                for owners in OWNERS:
                    for i in range(made, owners):
                        durable = owner_durable(f"o{i}", "alerts")
                        config = ConsumerConfig(durable_name=durable, ack_policy=AckPolicy.EXPLICIT)
                        await js.add_consumer(ALERTS_STREAM, config)
                    made = owners
                    seconds = await median_read(exporter.jetstream(), repeats)
                    baseline = baseline or seconds
                    print(
                        f"owners' durables {owners:>5}: a scrape reads JetStream in {seconds * 1000:6.1f} ms "
                        f"(median of {repeats}), {seconds / baseline:5.1f}x the read with none"
                    )
            finally:
                await exporter.close()
                await admin.close()


if __name__ == "__main__":
    asyncio.run(run(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
