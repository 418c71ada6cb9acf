"""The deploy files are valid: compose against the compose spec, Prometheus and Grafana configs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from check_jsonschema.builtin_schemas import get_builtin_schema

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_is_valid_against_the_compose_spec() -> None:
    jsonschema.validate(compose(), get_builtin_schema("vendor.compose-spec"))


def test_compose_runs_the_whole_stack() -> None:
    services = compose()["services"]
    assert {"nats", "postgres", "prometheus", "grafana", "ingest", "extract", "alert"} <= set(services)
    for name in ("ingest", "extract", "alert"):
        assert services[name]["command"] == ["serve", name]
        env = services[name]["environment"]
        assert env["POLICYWATCH_NATS__URL"] == "nats://nats:4222"
        assert env[f"POLICYWATCH_{name.upper()}__HOST"] == "0.0.0.0"
    assert services["nats"]["command"] == ["-c", "/auth/server/nats-server.conf"]


def test_compose_nats_needs_credentials_and_each_service_sees_only_its_own() -> None:
    services = compose()["services"]
    assert services["nats-auth"]["command"][0] == "nats-setup"
    assert services["nats"]["depends_on"]["nats-auth"]["condition"] == "service_completed_successfully"
    for name in ("nats", "ingest", "extract", "alert"):
        mounts = [v for v in services[name]["volumes"] if isinstance(v, dict) and v["source"] == "nats-auth"]
        expected = "server" if name == "nats" else name
        assert [(m["volume"]["subpath"], m["read_only"]) for m in mounts] == [(expected, True)], name
    for name in ("ingest", "extract", "alert"):
        env = services[name]["environment"]
        assert env["POLICYWATCH_NATS__CREDS_FILE"] == f"/auth/{name}/nats.creds"
    alert_env = services["alert"]["environment"]
    assert alert_env["POLICYWATCH_ALERT__NATS_ISSUER_FILE"] == "/auth/alert/issuer.json"


def test_prometheus_scrapes_every_service_port_from_compose() -> None:
    config = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    targets = {t for job in config["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]}
    services = compose()["services"]
    expected = {
        f"{name}:{services[name]['environment'][f'POLICYWATCH_{name.upper()}__PORT']}"
        for name in ("ingest", "extract", "alert")
    }
    assert targets == expected


def test_grafana_dashboard_queries_policywatch_metrics() -> None:
    dashboard = json.loads((ROOT / "deploy/grafana/dashboards/policywatch.json").read_text())
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    assert exprs and all("policywatch_" in e for e in exprs)
