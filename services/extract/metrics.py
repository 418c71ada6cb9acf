"""Extract's own Prometheus metrics, registered on the service runtime's registry."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class ExtractMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.articles = Counter(
            "policywatch_extract_articles",
            "Article versions handled, once each (skipped ones included); redeliveries not counted.",
            registry=registry,
        )
        self.seconds = Histogram(
            "policywatch_extract_seconds",
            "Seconds from an article joining an extraction batch to its shifts (every delivery).",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
            registry=registry,
        )
        self.shifts = Counter(
            "policywatch_extract_shifts",
            "Policy shifts JetStream stored as new messages, by shift type (duplicates not counted).",
            ["shift_type"],
            registry=registry,
        )
        self.skipped = Counter(
            "policywatch_extract_skipped",
            "Article versions not extracted, by reason (language, empty), once each.",
            ["reason"],
            registry=registry,
        )
