"""The alert service's own Prometheus metrics (FastStream's come from the broker middleware)."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


@dataclass(frozen=True)
class AlertMetrics:
    shifts_received: Counter
    alerts_stored: Counter
    alerts_published: Counter
    rules: Gauge
    match_seconds: Histogram
    stories_corroborated: Counter
    webhook_attempts: Counter
    shifts_retracted: Counter


def create_metrics(registry: CollectorRegistry) -> AlertMetrics:
    return AlertMetrics(
        shifts_received=Counter(
            "policywatch_alert_shifts_received_total", "Policy shifts consumed.", registry=registry
        ),
        alerts_stored=Counter("policywatch_alert_alerts_stored_total", "Alerts stored.", registry=registry),
        alerts_published=Counter(
            "policywatch_alert_alerts_published_total", "Alerts published on NATS.", registry=registry
        ),
        rules=Gauge("policywatch_alert_rules", "Live watch rules in the index.", registry=registry),
        match_seconds=Histogram(
            "policywatch_alert_match_seconds",
            "Time to match one shift against every rule.",
            buckets=(0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0),
            registry=registry,
        ),
        stories_corroborated=Counter(
            "policywatch_alert_stories_corroborated_total",
            "Shifts that joined an existing story instead of starting one.",
            registry=registry,
        ),
        webhook_attempts=Counter(
            "policywatch_alert_webhook_attempts_total",
            "Webhook delivery attempts reported, by resulting status.",
            ["status"],
            registry=registry,
        ),
        shifts_retracted=Counter(
            "policywatch_alert_shifts_retracted_total",
            "Stored shifts retracted because an edit of their article no longer reports them.",
            registry=registry,
        ),
    )
