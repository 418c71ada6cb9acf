"""A real Prometheus server on deploy/prometheus/prometheus.yml scraping the running stack.

The stack runs as docker-compose.yml describes it, as processes (see test_processes.py): the
three NATS nodes on deploy/nats/, the three services and `policywatch nats-exporter` with their
compose environment. Prometheus (Debian's `prometheus` binary) runs on the deploy config with
compose's host names mapped to loopback ports and a 1 s scrape interval; every target must be
up (services, exporter, each NATS node through the exporter) and the pipeline's counters must
move once an article has gone through.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from services.alert.owners import admin
from shared.natsserver import free_port
from tests.deploycluster import NODES, DeployedCluster, compose_services, deployed_cluster
from tests.e2e.stackutil import spawn_service, stop, wait_ready
from tests.e2e.test_processes import (
    ARTICLE,
    assert_dashboard_metrics_exist,
    compose_environment,
    create_ingest_key,
)

PROMETHEUS = shutil.which("prometheus")
ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("ingest", "extract", "alert")

pytestmark = [
    pytest.mark.nats,
    pytest.mark.slow,
    pytest.mark.prometheus,
    pytest.mark.skipif(
        PROMETHEUS is None,
        reason="no prometheus binary: install Debian's `prometheus` package (.ci/run does when missing)",
    ),
]


def exporter_environment(cluster: DeployedCluster, data_dir: Path, hosts: dict[str, str]) -> dict[str, str]:
    """compose's nats-exporter environment, mapped to this machine as compose_environment maps a service's."""
    spec = compose_services()["nats-exporter"]
    assert spec["command"] == ["nats-exporter"]
    env = {key: str(value) for key, value in spec["environment"].items()}
    env["POLICYWATCH_NATS__URL"] = cluster.url
    env["POLICYWATCH_NATS__CREDS_FILE"] = env["POLICYWATCH_NATS__CREDS_FILE"].replace(
        "/auth/", f"{cluster.auth_dir}/"
    )
    env["POLICYWATCH_DATA_DIR"] = str(data_dir)
    env["POLICYWATCH_EXPORTER__HOST"] = "127.0.0.1"
    env["POLICYWATCH_EXPORTER__PORT"] = hosts["nats-exporter:8004"].split(":")[1]
    env["POLICYWATCH_EXPORTER__NATS_MONITOR_URLS"] = mapped(
        env["POLICYWATCH_EXPORTER__NATS_MONITOR_URLS"], hosts
    )
    return {**os.environ, **env}


def mapped(text: str, hosts: dict[str, str]) -> str:
    """`text` with every compose `host:port` replaced by its loopback address."""
    return re.sub("|".join(re.escape(h) for h in hosts), lambda m: hosts[m[0]], text)


def prometheus_config(tmp: Path, hosts: dict[str, str]) -> Path:
    """deploy/prometheus/ with compose's addresses mapped and a 1 s scrape interval."""
    config = yaml.safe_load(mapped((ROOT / "deploy/prometheus/prometheus.yml").read_text(), hosts))
    config["global"] = {"scrape_interval": "1s", "evaluation_interval": "1s", "scrape_timeout": "1s"}
    for rules in config.get("rule_files", []):
        shutil.copy(ROOT / "deploy/prometheus" / rules, tmp / rules)
    path = tmp / "prometheus.yml"
    path.write_text(yaml.safe_dump(config))
    return path


def run_prometheus(tmp: Path, config: Path, port: int) -> subprocess.Popen[bytes]:
    assert PROMETHEUS is not None
    with open(tmp / "prometheus.log", "wb") as log:
        return subprocess.Popen(
            [
                PROMETHEUS,
                f"--config.file={config}",
                f"--storage.tsdb.path={tmp / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_until(check: Any, what: str, timeout: float, log: Path) -> Any:
    """Poll `check()` (Prometheus's HTTP API: nothing to subscribe to) until it returns a value."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout}s (last: {last})\n{log.read_text()[-2000:]}")


def query(http: httpx.Client, expr: str) -> dict[str, float]:
    """An instant query: {a series' labels as text: value}."""
    body = http.get("/api/v1/query", params={"query": expr}).json()
    assert body["status"] == "success", body
    return {str(sorted(r["metric"].items())): float(r["value"][1]) for r in body["data"]["result"]}


def settled(http: httpx.Client, expr: str, expected: list[float], log: Path) -> dict[str, float]:
    """`query(expr)` once its values are `expected`; an AssertionError with the last values if never."""
    return wait_until(
        lambda: found if list((found := query(http, expr)).values()) == expected else None, expr, 30, log
    )


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[dict[str, str], dict[str, str], Path]]:
    """The compose stack as processes; yields (the compose host map, each service's env, data dir)."""
    data_dir = tmp_path / "data"
    with deployed_cluster(tmp_path) as cluster:
        hosts = {f"{node}:8222": f"127.0.0.1:{cluster.http_ports[node]}" for node in NODES}
        envs = {s: compose_environment(s, cluster.url, data_dir, None, cluster.auth_dir) for s in SERVICES}
        for s in SERVICES:
            hosts[f"{s}:{compose_services()[s]['environment'][f'POLICYWATCH_{s.upper()}__PORT']}"] = (
                f"127.0.0.1:{envs[s][f'POLICYWATCH_{s.upper()}__PORT']}"
            )
        hosts["nats-exporter:8004"] = f"127.0.0.1:{free_port()}"
        envs["nats-exporter"] = exporter_environment(cluster, data_dir, hosts)
        commands = {**{s: ["serve", s] for s in SERVICES}, "nats-exporter": ["nats-exporter"]}
        logs = {name: tmp_path / f"{name}.log" for name in commands}
        processes = {name: spawn_service(commands[name], envs[name], logs[name]) for name in commands}
        try:
            for name in SERVICES:
                port = envs[name][f"POLICYWATCH_{name.upper()}__PORT"]
                wait_ready(f"http://127.0.0.1:{port}", processes[name], logs[name])
            wait_ready(
                f"http://{hosts['nats-exporter:8004']}", processes["nats-exporter"], logs["nats-exporter"]
            )
            yield hosts, envs, data_dir
        finally:
            for process in processes.values():
                stop(process)


PIPELINE = (
    "policywatch_ingest_articles_published_total",
    "policywatch_extract_articles_total",
    "policywatch_alert_shifts_received_total",
    "policywatch_alert_alerts_stored_total",
)


def test_prometheus_scrapes_every_target_and_sees_the_pipeline_move(
    tmp_path: Path, stack: tuple[dict[str, str], dict[str, str], Path]
) -> None:
    hosts, envs, data_dir = stack
    prom_dir = tmp_path / "prometheus"
    prom_dir.mkdir()
    port = free_port()
    prometheus = run_prometheus(prom_dir, prometheus_config(prom_dir, hosts), port)
    log = prom_dir / "prometheus.log"
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as http:
            wait_until(lambda: _get(http, "/-/ready") == 200, "prometheus ready", 60, log)

            def all_up() -> list[dict[str, Any]] | None:
                targets = http.get("/api/v1/targets").json()["data"]["activeTargets"]
                return targets if len(targets) == 7 and all(t["health"] == "up" for t in targets) else None

            targets = wait_until(all_up, "every target up", 60, log)
            assert {t["labels"]["job"] for t in targets} == {"policywatch", "jetstream", "nats"}
            healthy = wait_until(
                lambda: query(http, "policywatch_nats_server_healthy == 1"), "nodes", 30, log
            )
            assert len(healthy) == len(NODES)
            before = {name: sum(query(http, name).values()) for name in PIPELINE}
            assert before == dict.fromkeys(PIPELINE, 0.0)

            alert_db = f"sqlite:///{(data_dir / 'alert.db').resolve()}"
            key = admin.create_owner(alert_db, "newsroom")
            services = {s: f"http://127.0.0.1:{envs[s][f'POLICYWATCH_{s.upper()}__PORT']}" for s in SERVICES}
            rule = httpx.post(
                f"{services['alert']}/rules",
                json={"name": "eu", "actors": ["EU"]},
                headers={"X-API-Key": key},
            )
            assert rule.status_code == 201, rule.text
            pushed = httpx.post(
                f"{services['ingest']}/articles",
                json=ARTICLE,
                headers={"X-API-Key": create_ingest_key(envs["ingest"])},
                timeout=30,
            )
            assert pushed.json()["published"] == 1

            def moved() -> dict[str, float] | None:
                now = {name: sum(query(http, name).values()) for name in PIPELINE}
                return now if all(value >= 1 for value in now.values()) else None

            after = wait_until(moved, "pipeline counters move", 120, log)

            def rules_evaluated() -> list[dict[str, Any]] | None:
                groups = http.get("/api/v1/rules").json()["data"]["groups"]
                rules = [rule for group in groups for rule in group["rules"]]
                return (
                    rules
                    if rules and all(rule.get("lastEvaluation", "0001").startswith("20") for rule in rules)
                    else None
                )

            rules = wait_until(rules_evaluated, "alerting rules evaluated", 30, log)
            firing = query(http, 'ALERTS{alertstate="firing"}')
            exporter = f"http://{hosts['nats-exporter:8004']}"
            node = mapped("http://nats-1:8222", hosts)
            exposition = [httpx.get(f"{url}/metrics").text for url in (*services.values(), exporter)]
            exposition.append(httpx.get(f"{exporter}/nats", params={"target": node}).text)
            # the exporter reads one node's view per scrape: under load a replica can report the
            # stream a scrape late, so these two wait for their settled values (or fail on timeout)
            lag = settled(
                http, 'policywatch_jetstream_consumer_pending_messages{consumer="extract"}', [0.0], log
            )
            stored = settled(
                http, 'policywatch_jetstream_stream_messages{stream="POLICY_ARTICLES"}', [1.0], log
            )
            replicas = query(http, "policywatch_jetstream_stream_current_replicas")
            reasons = query(http, 'policywatch_extract_dead_letters_total{reason="invalid"}')
    finally:
        stop(prometheus)
    assert after["policywatch_ingest_articles_published_total"] == 1
    assert after["policywatch_alert_alerts_stored_total"] == 1
    assert list(lag.values()) == [0.0], "the exporter reports extract's durable, caught up"
    assert list(stored.values()) == [1.0]
    assert sorted(replicas.values()) == [3.0] * 5, "every stream R3, every replica caught up"
    assert list(reasons.values()) == [0.0], "dead-letter counters exist at 0 before the first letter"
    defined = yaml.safe_load((ROOT / "deploy/prometheus/alerts.yml").read_text())["groups"]
    assert {rule["name"] for rule in rules} == {rule["alert"] for group in defined for rule in group["rules"]}
    assert all(rule["health"] == "ok" for rule in rules), rules
    assert firing == {}, "a healthy stack pages no one"
    assert_dashboard_metrics_exist("\n".join(exposition), exporter=True)


def _get(http: httpx.Client, path: str) -> int:
    try:
        return http.get(path).status_code
    except httpx.HTTPError:
        return 0
