"""`policywatch nats-exporter` on a real nats-server: JetStream's lag per durable, stream sizes
against their limits, a node's monitoring endpoint, and a read-only NATS identity."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import httpx
import nats.js.errors
import pytest
from fastapi import FastAPI
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig
from prometheus_client.parser import text_string_to_metric_families

from shared.jetstream_metrics import read_jetstream
from shared.natsauth.material import Material
from shared.natsexporter import connect_exporter, create_exporter_app
from shared.natsserver import NatsServer, free_port
from shared.settings import ExporterSettings, NatsSettings, Settings, StreamsSettings
from shared.streams import declare_stream, stream_config
from shared.subjects import (
    ALERTS_STREAM,
    ARTICLES_STREAM,
    ARTICLES_SUBJECT,
    EXTRACT_DURABLE,
    alert_subject,
    alerts_stream,
    all_streams,
    owner_durable,
)
from tests.natsclient import connect

pytestmark = pytest.mark.nats


def client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://exporter")


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def exporter_settings(tmp_path: Path, url: str, auth: Material, monitor: str = "") -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        nats=NatsSettings(url=url, creds_file=auth.creds("exporter"), reconnect_wait_seconds=0.2),
        exporter=ExporterSettings(nats_monitor_urls=monitor, read_timeout_seconds=2.0),
    )


async def test_exports_each_durables_lag_and_each_streams_size_against_its_limit(
    tmp_path: Path, nats_server: NatsServer, nats_auth: Material
) -> None:
    admin = await connect(NatsSettings(url=nats_server.url, creds_file=nats_auth.creds("admin")))
    try:
        js = admin.jetstream()
        for stream in all_streams():
            await declare_stream(js, stream_config(stream, StreamsSettings(), replicas=1))
        await js.add_consumer(
            ARTICLES_STREAM, ConsumerConfig(durable_name=EXTRACT_DURABLE, ack_policy=AckPolicy.EXPLICIT)
        )
        for owner in ("acme", "globex"):  # two owners' durables: one `owners` series, no owner label
            await js.add_consumer(
                ALERTS_STREAM,
                ConsumerConfig(
                    durable_name=owner_durable(owner, "phone"),
                    ack_policy=AckPolicy.EXPLICIT,
                    filter_subject=alert_subject(owner, ">").rsplit(".", 1)[0] + ".>",
                ),
            )
        for i in range(5):
            await js.publish(ARTICLES_SUBJECT, f'{{"n": {i}}}'.encode())
        await js.publish(alert_subject("acme", "r1"), b"{}")
        pull = await js.pull_subscribe_bind(EXTRACT_DURABLE, ARTICLES_STREAM)
        taken = await pull.fetch(2, timeout=2)  # delivered to a worker, not acknowledged
        assert len(taken) == 2

        app = create_exporter_app(exporter_settings(tmp_path, nats_server.url, nats_auth))
        async with app.router.lifespan_context(app), client(app) as http:
            response = await http.get("/metrics")
    finally:
        await admin.close()

    assert response.status_code == 200
    found = samples(response.text)
    extract = (("consumer", EXTRACT_DURABLE), ("stream", ARTICLES_STREAM))
    assert found[("policywatch_jetstream_up", ())] == 1
    assert found[("policywatch_jetstream_consumer_pending_messages", extract)] == 3
    assert found[("policywatch_jetstream_consumer_ack_pending_messages", extract)] == 2
    assert found[("policywatch_jetstream_consumer_redelivered_messages", extract)] == 0
    owners = (("consumer", "owners"), ("stream", ALERTS_STREAM))
    assert found[("policywatch_jetstream_consumer_pending_messages", owners)] == 1
    assert not any("acme" in str(labels) for _, labels in found), "no owner id becomes a label"
    articles = (("stream", ARTICLES_STREAM),)
    assert found[("policywatch_jetstream_stream_messages", articles)] == 5
    assert found[("policywatch_jetstream_stream_bytes", articles)] > 0
    assert found[("policywatch_jetstream_stream_max_bytes", articles)] == StreamsSettings().articles.max_bytes
    assert found[("policywatch_jetstream_stream_current_replicas", articles)] == 1
    assert {labels for name, labels in found if name == "policywatch_jetstream_stream_messages"} == {
        (("stream", stream.name),) for stream in all_streams()
    }


async def test_exporter_identity_reads_jetstream_but_changes_nothing(
    nats_server: NatsServer, nats_auth: Material
) -> None:
    settings = Settings(nats=NatsSettings(url=nats_server.url, creds_file=nats_auth.creds("exporter")))
    exporter = await connect_exporter(settings)
    try:
        js = exporter.jetstream(timeout=1.0)
        assert await js.streams_info() == []
        with pytest.raises((nats.errors.TimeoutError, nats.js.errors.Error)):
            await js.add_stream(StreamConfig(name=alerts_stream().name, subjects=["policy.alerts.v1.>"]))
    finally:
        await exporter.close()


async def test_metrics_say_jetstream_is_down_when_nats_goes_away_instead_of_failing(
    tmp_path: Path, nats_auth: Material
) -> None:
    server = NatsServer(store_dir=tmp_path / "nats", auth=nats_auth).start()
    app = create_exporter_app(exporter_settings(tmp_path, server.url, nats_auth))
    try:
        async with app.router.lifespan_context(app), client(app) as http:
            assert samples((await http.get("/metrics")).text)[("policywatch_jetstream_up", ())] == 1
            server.stop()
            response = await http.get("/metrics")
            assert response.status_code == 200
            assert samples(response.text)[("policywatch_jetstream_up", ())] == 0
            assert (await http.get("/ready")).status_code == 503
    finally:
        server.stop()


async def test_node_endpoint_reads_only_configured_nodes_and_fails_for_a_node_that_is_down(
    tmp_path: Path, nats_auth: Material
) -> None:
    monitor_port, absent_port = free_port(), free_port()
    monitored = f"http://127.0.0.1:{monitor_port}"
    absent = f"http://127.0.0.1:{absent_port}"
    with NatsServer(store_dir=tmp_path / "nats", auth=nats_auth, http_port=monitor_port) as server:
        app = create_exporter_app(exporter_settings(tmp_path, server.url, nats_auth, f"{monitored},{absent}"))
        async with app.router.lifespan_context(app), client(app) as http:
            up = await http.get("/nats", params={"target": monitored})
            down = await http.get("/nats", params={"target": absent})
            unknown = await http.get("/nats", params={"target": "http://169.254.169.254"})
    assert up.status_code == 200
    found = {name: value for (name, _), value in samples(up.text).items()}
    assert found["policywatch_nats_server_healthy"] == 1
    assert found["policywatch_nats_server_connections"] >= 1  # the exporter itself
    assert found["policywatch_nats_server_jetstream_storage_max_bytes"] > 0
    assert down.status_code == 503 and absent in down.text
    assert unknown.status_code == 400 and "EXPORTER__NATS_MONITOR_URLS" in unknown.text


async def test_owners_lag_counts_every_owners_durable_past_jetstreams_list_page(
    nats_server: NatsServer, nats_auth: Material
) -> None:
    owners = 300  # JetStream lists 256 consumers a request
    admin = await connect(NatsSettings(url=nats_server.url, creds_file=nats_auth.creds("admin")))
    exporter = await connect_exporter(
        Settings(nats=NatsSettings(url=nats_server.url, creds_file=nats_auth.creds("exporter")))
    )
    try:
        js = admin.jetstream()
        await declare_stream(js, stream_config(alerts_stream(), StreamsSettings(), replicas=1))
        for i in range(owners):
            config = ConsumerConfig(
                durable_name=owner_durable(f"o{i}", "phone"), ack_policy=AckPolicy.EXPLICIT
            )
            await js.add_consumer(ALERTS_STREAM, config)
        await js.publish(alert_subject("o1", "r1"), b"{}")  # each durable reads the whole stream here
        snapshot = await read_jetstream(exporter.jetstream())
    finally:
        await exporter.close()
        await admin.close()
    [state] = snapshot.consumers
    assert (state.consumer, state.pending) == ("owners", owners)


@pytest.mark.parametrize("body", [b"<html>a login page</html>", b"[1, 2]", b'{"connections": "many"}'])
async def test_node_endpoint_answers_503_when_a_configured_url_serves_no_nats_varz(
    tmp_path: Path, nats_auth: Material, body: bytes
) -> None:
    """A monitoring URL that is wrong (a proxy's login page, another service) fails the scrape
    with 503, as a node that is down does, not with a 500."""

    class NotNats(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotNats)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    wrong = f"http://127.0.0.1:{site.server_address[1]}"
    try:
        with NatsServer(store_dir=tmp_path / "nats", auth=nats_auth) as server:
            app = create_exporter_app(exporter_settings(tmp_path, server.url, nats_auth, wrong))
            async with app.router.lifespan_context(app), client(app) as http_client:
                response = await http_client.get("/nats", params={"target": wrong})
    finally:
        site.shutdown()
        site.server_close()
    assert response.status_code == 503, response.text
    assert wrong in response.text
