"""Writes dashboards/policywatch.json: `python deploy/grafana/build_dashboard.py`.

Panels are listed here as (title, PromQL expressions, unit) so the dashboard is reviewed as code;
tests/e2e/test_processes.py checks every metric named here is exported by a running service, and
tests/e2e/test_prometheus.py the NATS panels' metrics by a running nats-exporter.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATASOURCE = {"type": "prometheus", "uid": "prometheus"}
PANELS: list[tuple[str, list[str], str]] = [
    (
        "Articles received / published (per s)",
        [
            "sum(rate(policywatch_ingest_articles_received_total[5m]))",
            "sum(rate(policywatch_ingest_articles_published_total[5m]))",
        ],
        "ops",
    ),
    (
        "Duplicates and invalid articles (per s)",
        [
            "sum by (reason) (rate(policywatch_ingest_articles_duplicates_total[5m]))",
            "sum(rate(policywatch_ingest_articles_invalid_total[5m]))",
        ],
        "ops",
    ),
    ("Feed sources silent longer than expected", ["sum(policywatch_ingest_feed_silent)"], "short"),
    (
        "Feed items new / failed (per s)",
        [
            "sum(rate(policywatch_ingest_feed_items_new_total[5m]))",
            "sum(rate(policywatch_ingest_feed_items_failed_total[5m]))",
        ],
        "ops",
    ),
    (
        "Extraction latency p50 / p95",
        [
            "histogram_quantile(0.5, sum by (le) (rate(policywatch_extract_seconds_bucket[5m])))",
            "histogram_quantile(0.95, sum by (le) (rate(policywatch_extract_seconds_bucket[5m])))",
        ],
        "s",
    ),
    ("Shifts by type (per s)", ["sum by (shift_type) (rate(policywatch_extract_shifts_total[5m]))"], "ops"),
    (
        "Articles skipped by extract (per s)",
        ["sum by (reason) (rate(policywatch_extract_skipped_total[5m]))"],
        "ops",
    ),
    (
        "Shifts received / alerts stored / published (per s)",
        [
            "sum(rate(policywatch_alert_shifts_received_total[5m]))",
            "sum(rate(policywatch_alert_alerts_stored_total[5m]))",
            "sum(rate(policywatch_alert_alerts_published_total[5m]))",
        ],
        "ops",
    ),
    (
        "Rule matching p95 and rules registered",
        [
            "histogram_quantile(0.95, sum by (le) (rate(policywatch_alert_match_seconds_bucket[5m])))",
        ],
        "s",
    ),
    ("Watch rules", ["sum(policywatch_alert_rules)"], "short"),
    (
        "Webhook attempts by status (per s)",
        ["sum by (status) (rate(policywatch_alert_webhook_attempts_total[5m]))"],
        "ops",
    ),
    (
        "Dead letters (per s)",
        [
            "sum(rate(policywatch_ingest_dead_letters_total[5m]))",
            "sum by (reason) (rate(policywatch_extract_dead_letters_total[5m]))",
            "sum by (reason) (rate(policywatch_alert_dead_letters_total[5m]))",
        ],
        "ops",
    ),
    (
        "Messages processed by handler and status (per s)",
        [
            "sum by (app_name, handler, status) "
            "(rate(policywatch_faststream_received_processed_messages_total[5m]))",
        ],
        "ops",
    ),
    # NATS's side, from `policywatch nats-exporter` (JetStream state, each node's endpoint)
    (
        "Consumer lag: messages not yet delivered, per durable",
        ["max by (stream, consumer) (policywatch_jetstream_consumer_pending_messages)"],
        "short",
    ),
    (
        "Unacknowledged and redelivered messages, per durable",
        [
            "max by (stream, consumer) (policywatch_jetstream_consumer_ack_pending_messages)",
            "max by (stream, consumer) (policywatch_jetstream_consumer_redelivered_messages)",
        ],
        "short",
    ),
    (
        "Idle pull requests per durable (workers waiting for work)",
        ["max by (stream, consumer) (policywatch_jetstream_consumer_waiting_pulls)"],
        "short",
    ),
    (
        "Stream size against its limit",
        [
            "max by (stream) (policywatch_jetstream_stream_bytes) "
            "/ max by (stream) (policywatch_jetstream_stream_max_bytes)",
        ],
        "percentunit",
    ),
    (
        "Stream replicas caught up / configured",
        [
            "min by (stream) (policywatch_jetstream_stream_current_replicas)",
            "max by (stream) (policywatch_jetstream_stream_replicas)",
        ],
        "short",
    ),
    (
        "NATS nodes healthy and their connections",
        [
            "sum(policywatch_nats_server_healthy)",
            "sum by (server) (policywatch_nats_server_connections)",
        ],
        "short",
    ),
    (
        "Handler exceptions (per s)",
        [
            "sum by (app_name, exception_type) "
            "(rate(policywatch_faststream_received_processed_messages_exceptions_total[5m]))",
        ],
        "ops",
    ),
]


def panel(i: int, title: str, exprs: list[str], unit: str) -> dict[str, Any]:
    return {
        "id": i + 1,
        "type": "timeseries",
        "title": title,
        "datasource": DATASOURCE,
        "gridPos": {"h": 8, "w": 12, "x": (i % 2) * 12, "y": (i // 2) * 8},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "targets": [{"refId": chr(65 + j), "expr": e, "datasource": DATASOURCE} for j, e in enumerate(exprs)],
    }


def dashboard() -> dict[str, Any]:
    return {
        "uid": "policywatch",
        "title": "PolicyWatch",
        "schemaVersion": 39,
        "version": 1,
        "time": {"from": "now-6h", "to": "now"},
        "refresh": "30s",
        "tags": ["policywatch"],
        "panels": [panel(i, *spec) for i, spec in enumerate(PANELS)],
    }


if __name__ == "__main__":
    out = Path(__file__).parent / "dashboards" / "policywatch.json"
    out.write_text(json.dumps(dashboard(), indent=2) + "\n")
    print(f"wrote {out}")
