"""The deploy files are valid: compose against the compose spec, Prometheus and Grafana configs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import nats
import nats.errors
import pytest
import yaml
from check_jsonschema.builtin_schemas import get_builtin_schema
from prometheus_client import CollectorRegistry

from shared.broker import make_broker
from shared.settings import NatsSettings, StreamsSettings
from shared.streams import ensure_streams
from shared.subjects import ARTICLES_STREAM
from tests.deploycluster import NODES, deployed_cluster

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_is_valid_against_the_compose_spec() -> None:
    jsonschema.validate(compose(), get_builtin_schema("vendor.compose-spec"))


def test_compose_runs_the_whole_stack() -> None:
    services = compose()["services"]
    assert {*NODES, "postgres", "prometheus", "grafana", "ingest", "extract", "alert"} <= set(services)
    for name in ("ingest", "extract", "alert"):
        assert services[name]["command"] == ["serve", name]
        env = services[name]["environment"]
        assert env["POLICYWATCH_NATS__URL"].split(",") == [f"nats://{node}:4222" for node in NODES]
        assert env[f"POLICYWATCH_{name.upper()}__HOST"] == "0.0.0.0"
        assert {f"{node}" for node in NODES} <= set(services[name]["depends_on"])
        assert services[name]["restart"] == "unless-stopped", "a failed start-up is retried"
    for node in NODES:
        assert services[node]["command"] == ["-c", f"/etc/nats/{node}.conf"]
        assert "./deploy/nats:/etc/nats:ro" in services[node]["volumes"]


def test_compose_nats_needs_credentials_and_each_service_sees_only_its_own() -> None:
    services = compose()["services"]
    assert services["nats-auth"]["command"][0] == "nats-setup"
    for node in NODES:
        assert services[node]["depends_on"]["nats-auth"]["condition"] == "service_completed_successfully"
    for name in (*NODES, "ingest", "extract", "alert", "nats-exporter"):
        mounts = [v for v in services[name]["volumes"] if isinstance(v, dict) and v["source"] == "nats-auth"]
        expected = "server" if name in NODES else name.removeprefix("nats-")
        assert [(m["volume"]["subpath"], m["read_only"]) for m in mounts] == [(expected, True)], name
    for name in ("ingest", "extract", "alert"):
        env = services[name]["environment"]
        assert env["POLICYWATCH_NATS__CREDS_FILE"] == f"/auth/{name}/nats.creds"
    ops = services["ops"]
    assert ops["profiles"] == ["ops"], "the admin identity runs only when an operator asks"
    assert ops["environment"]["POLICYWATCH_NATS__CREDS_FILE"] == "/auth/admin/nats.creds"
    assert [v["volume"]["subpath"] for v in ops["volumes"]] == ["admin"]
    alert_env = services["alert"]["environment"]
    assert alert_env["POLICYWATCH_ALERT__NATS_ISSUER_FILE"] == "/auth/alert/issuer.json"


def prometheus_targets() -> dict[str, set[str]]:
    config = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    return {
        job["job_name"]: {t for sc in job["static_configs"] for t in sc["targets"]}
        for job in config["scrape_configs"]
    }


def test_prometheus_scrapes_every_service_port_from_compose() -> None:
    services = compose()["services"]
    expected = {
        f"{name}:{services[name]['environment'][f'POLICYWATCH_{name.upper()}__PORT']}"
        for name in ("ingest", "extract", "alert")
    }
    assert prometheus_targets()["policywatch"] == expected


def test_prometheus_scrapes_the_exporter_and_every_nats_nodes_monitoring_port_through_it() -> None:
    services = compose()["services"]
    exporter = services["nats-exporter"]
    env = exporter["environment"]
    assert exporter["command"] == ["nats-exporter"]
    assert prometheus_targets()["jetstream"] == {f"nats-exporter:{env['POLICYWATCH_EXPORTER__PORT']}"}
    http_ports = {
        node: re.search(r"^http_port: (\d+)$", (ROOT / "deploy/nats" / f"{node}.conf").read_text(), re.M)
        for node in NODES
    }
    nodes = {f"http://{node}:{match.group(1)}" for node, match in http_ports.items() if match}
    assert len(nodes) == len(NODES)
    assert prometheus_targets()["nats"] == nodes
    assert set(env["POLICYWATCH_EXPORTER__NATS_MONITOR_URLS"].split(",")) == nodes
    config = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    nats_job = next(job for job in config["scrape_configs"] if job["job_name"] == "nats")
    assert nats_job["relabel_configs"][-1]["replacement"] == prometheus_targets()["jetstream"].pop()
    assert "alerts.yml" in config["rule_files"]


def test_grafana_dashboard_queries_policywatch_metrics() -> None:
    dashboard = json.loads((ROOT / "deploy/grafana/dashboards/policywatch.json").read_text())
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    assert exprs and all("policywatch_" in e for e in exprs)


def test_cluster_node_configs_differ_only_in_the_server_name() -> None:
    texts = {node: (ROOT / "deploy" / "nats" / f"{node}.conf").read_text() for node in NODES}
    for node, text in texts.items():
        assert f"server_name: {node}\n" in text
        name_line = f"server_name: {node}\n"
        assert text.split(name_line)[1] == texts["nats-1"].split("server_name: nats-1\n")[1]
        for other in NODES:
            assert f'"nats-route://{other}:6222"' in text
        assert 'include "../../auth/server/auth.conf"' in text
        assert "# sync_interval: always" in text, "the fsync option stays documented beside the store"


@pytest.mark.nats
async def test_deploy_configs_form_an_authenticated_cluster_with_three_replica_streams(
    tmp_path: Path,
) -> None:
    with deployed_cluster(tmp_path) as cluster:
        with pytest.raises(nats.errors.Error, match="Authorization Violation"):
            await nats.connect(cluster.url.split(","), allow_reconnect=False, max_reconnect_attempts=0)
        extract = NatsSettings(url=cluster.url, creds_file=cluster.auth_dir / "extract" / "nats.creds")
        broker = make_broker(extract, service="extract", registry=CollectorRegistry())
        await broker.connect()
        try:
            await ensure_streams(broker, "extract", StreamsSettings())
            js = broker.config.connection_state.stream
            info = await js.stream_info(ARTICLES_STREAM)
        finally:
            await broker.stop()
    assert info.config.num_replicas == 3
    assert info.cluster is not None
    assert {info.cluster.leader, *(peer.name for peer in info.cluster.replicas or [])} == set(NODES)
