"""Extract's own Prometheus metrics, registered on the service runtime's registry."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class ExtractMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.articles = Counter(
            "policywatch_extract_articles",
            "Articles read by the extractor (skipped ones included).",
            registry=registry,
        )
        self.seconds = Histogram(
            "policywatch_extract_seconds",
            "Seconds spent extracting shifts from one article.",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
            registry=registry,
        )
        self.shifts = Counter(
            "policywatch_extract_shifts",
            "Policy shifts published, by shift type.",
            ["shift_type"],
            registry=registry,
        )
        self.skipped = Counter(
            "policywatch_extract_skipped",
            "Articles not extracted, by reason (language, empty).",
            ["reason"],
            registry=registry,
        )
