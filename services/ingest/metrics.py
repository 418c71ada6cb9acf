"""Ingest's own Prometheus counters, registered on the service runtime's registry."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter


class IngestMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.received = Counter(
            "policywatch_ingest_articles_received",
            "Articles received (HTTP, CLI or feeds), valid or not.",
            registry=registry,
        )
        self.duplicates = Counter(
            "policywatch_ingest_articles_duplicates",
            "Articles not published because they were already known, by reason.",
            ["reason"],
            registry=registry,
        )
        self.published = Counter(
            "policywatch_ingest_articles_published",
            "Article versions published to the articles stream (new articles and edits).",
            registry=registry,
        )
        self.edits = Counter(
            "policywatch_ingest_articles_edited",
            "Published article versions that replace an earlier version (version > 1).",
            registry=registry,
        )
        self.invalid = Counter(
            "policywatch_ingest_articles_invalid",
            "Articles rejected as invalid (bad request body, bad JSONL line, empty after cleaning).",
            registry=registry,
        )
        self.publish_duplicates = Counter(
            "policywatch_ingest_publish_duplicates",
            "Publishes JetStream dropped as a repeat of a Nats-Msg-Id it already stored: a version "
            "published again after a crash between its publish and its record.",
            registry=registry,
        )
        self.unconfirmed = Counter(
            "policywatch_ingest_versions_unconfirmed",
            "Reserved versions a crash left unrecorded and a different content skipped (they may or "
            "may not be on the stream; their number is never reused).",
            registry=registry,
        )
