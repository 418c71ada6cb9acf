"""Where an article's latency goes: the moment each step's output reached NATS.

The bench subscribes (core NATS, beside the services' durable consumers) to the articles, the
shifts and the alerts subjects and notes, per article, when its version, its first shift and its
first alert arrived; an alert also says when alert created it (`created_at`, wall clock, taken
while alert stores and matches the shift, before its commit and publish). So POST sent -> alert
received splits into:

    ingest   POST sent -> article on the stream (clean, dedupe, reserve, publish)
    extract  article on the stream -> first shift on the stream (pull, batch, spaCy, publish)
    alert    shift on the stream -> alert created (pull, store, group, match)
    publish  alert created -> alert at the subscriber (commit, publish, delivery)

Times are the bench's monotonic clock; `created_at` is moved onto it with the offset between
the wall clock and the monotonic one taken at start (one machine, one clock).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

STEPS = ("ingest", "extract", "alert", "publish")


@dataclass
class StepClock:
    """First arrival of each article's version, shift and alert (monotonic seconds)."""

    article: dict[str, float] = field(default_factory=dict)
    shift: dict[str, float] = field(default_factory=dict)
    created: dict[str, float] = field(default_factory=dict)
    wall_offset: float = field(default_factory=lambda: time.time() - time.monotonic())

    async def on_article(self, msg: Any) -> None:
        self.article.setdefault(_field(msg.data, "id"), time.monotonic())

    async def on_shift(self, msg: Any) -> None:
        self.shift.setdefault(_field(msg.data, "article_id"), time.monotonic())

    def on_alert(self, article_id: str, created_at: datetime) -> None:
        self.created.setdefault(article_id, created_at.timestamp() - self.wall_offset)

    def split(self, article_id: str, sent: float, received: float) -> dict[str, float] | None:
        """Seconds per step of one article, None when a step's moment was not seen."""
        moments = [self.article.get(article_id), self.shift.get(article_id), self.created.get(article_id)]
        if any(m is None for m in moments):
            return None
        points = [sent, *moments, received]
        return {step: points[n + 1] - points[n] for n, step in enumerate(STEPS)}  # type: ignore[operator]


def _field(data: bytes, name: str) -> str:
    return str(json.loads(data)[name])


@dataclass(frozen=True)
class Split:
    """Per-step latencies of the paced articles, each in the order of their total latency."""

    totals: list[float]
    steps: dict[str, list[float]]

    @classmethod
    def of(cls, splits: Sequence[dict[str, float]]) -> Split:
        ranked = sorted(splits, key=lambda s: sum(s.values()))
        return cls([sum(s.values()) for s in ranked], {step: [s[step] for s in ranked] for step in STEPS})

    def rows(self) -> list[tuple[str, str]]:
        """One row per step: its p50/p95/p99 alone, and its mean share of the slowest 5%."""
        if len(self.totals) < 2:
            return []
        tail = max(1, len(self.totals) // 20)
        tail_total = sum(self.totals[-tail:])
        rows = []
        for step, values in self.steps.items():
            q = statistics.quantiles(values, n=100)
            share = sum(values[-tail:]) / tail_total if tail_total else 0.0
            rows.append(
                (
                    f"  {step} ({DESCRIPTIONS[step]})",
                    f"{q[49] * 1000:.0f} / {q[94] * 1000:.0f} / {q[98] * 1000:.0f} ms, "
                    f"{share:.0%} of the slowest {tail}",
                )
            )
        return rows


DESCRIPTIONS = {
    "ingest": "POST sent -> article published",
    "extract": "-> first shift published",
    "alert": "-> alert created",
    "publish": "-> alert at subscriber",
}
