"""Per-source health metrics. The `source` label is the operator-registered source name, so
its values are bounded by the number of registered sources (never item URLs or ids); a source's
series go when the source does."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge


class FeedMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.items_seen = Counter(
            "policywatch_ingest_feed_items_seen", "Feed items taken in for the first time or changed.",
            ["source"], registry=registry,
        )  # fmt: skip
        self.items_new = Counter(
            "policywatch_ingest_feed_items_new", "Feed items published as a new article or a new version.",
            ["source"], registry=registry,
        )  # fmt: skip
        self.items_failed = Counter(
            "policywatch_ingest_feed_items_failed", "Feed items whose page could not be fetched or read.",
            ["source"], registry=registry,
        )  # fmt: skip
        self.polls = Counter(
            "policywatch_ingest_feed_polls", "Feed polls by outcome (ok, not_modified, or the error kind).",
            ["source", "outcome"], registry=registry,
        )  # fmt: skip
        self.last_success = Gauge(
            "policywatch_ingest_feed_last_success_timestamp_seconds", "Unix time of the last good poll.",
            ["source"], registry=registry,
        )  # fmt: skip
        self.failures = Gauge(
            "policywatch_ingest_feed_consecutive_failures", "Failed polls in a row (drives the backoff).",
            ["source"], registry=registry,
        )  # fmt: skip
        self.silent = Gauge(
            "policywatch_ingest_feed_silent", "1 when a source has had no new item for longer than expected.",
            ["source"], registry=registry,
        )  # fmt: skip
        self.silent_seconds = Gauge(
            "policywatch_ingest_feed_silent_seconds", "Seconds since the source's last new item.",
            ["source"], registry=registry,
        )  # fmt: skip

    def _all(self) -> tuple[Counter | Gauge, ...]:
        return (self.items_seen, self.items_new, self.items_failed, self.polls, self.last_success,
                self.failures, self.silent, self.silent_seconds)  # fmt: skip

    def forget(self, source: str) -> None:
        """Drop every series of `source` (all outcomes of its polls too)."""
        for metric in self._all():
            metric.remove_by_labels({"source": source})

    def keep_only(self, sources: Iterable[str]) -> None:
        """Drop the series of every source not in `sources` (removed or renamed elsewhere, e.g.
        by `policywatch sources remove`, which writes the database and not this process)."""
        keep = set(sources)
        labelled = {
            sample.labels["source"]
            for metric in self._all()
            for family in metric.collect()
            for sample in family.samples
        }
        for source in labelled - keep:
            self.forget(source)
