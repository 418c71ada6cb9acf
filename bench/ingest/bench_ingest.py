"""Throughput of ingest's publish path on a local nats-server: N synthetic articles through
`Ingestor.ingest` (clean, fingerprint, dedup lookup, JetStream publish with ack, seen-set write).

    .venv/bin/python bench/ingest/bench_ingest.py [N]
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from faststream.nats import NatsBroker

from services.ingest.app import create_parts
from services.ingest.schemas import ArticleIn
from shared.contract import Article
from shared.natsserver import NatsServer
from shared.service import ensure_streams
from shared.settings import NatsSettings, Settings
from shared.subjects import ARTICLES_STREAM, ARTICLES_SUBJECT

# a Zipf-like vocabulary of pseudo-words, so stories overlap the way news does, not totally
_SYLLABLES = ["ba", "ko", "ri", "tem", "sul", "an", "pe", "dor", "mi", "lo", "vat", "en", "cu", "gra"]


def vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    return ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(size)]


def synthetic(i: int, rng: random.Random, words: list[str]) -> ArticleIn:
    weights = [1 / (rank + 1) for rank in range(len(words))]
    text = " ".join(rng.choices(words, weights=weights, k=250)) + "."
    return ArticleIn(url=f"https://bench.example/{i}", title=f"Story {i}", text=text, source="bench")


async def run(n: int, tmp: Path) -> None:
    with NatsServer(store_dir=tmp / "nats") as server:
        settings = Settings(data_dir=tmp / "data", nats=NatsSettings(url=server.url))
        parts = create_parts(settings)
        parts.migrate()
        await parts.runtime.broker.connect()
        await ensure_streams(parts.runtime.broker, parts.runtime.name)
        rng = random.Random(7)
        words = vocabulary(rng)
        items = [synthetic(i, rng, words) for i in range(n)]
        try:
            bare = await bare_publish(parts.runtime.broker, items)
            started = time.perf_counter()
            verdicts = [(await parts.ingestor.ingest(item)).reason for item in items]
            first = time.perf_counter() - started
            started = time.perf_counter()
            for item in items:
                await parts.ingestor.ingest(item)
            again = time.perf_counter() - started
        finally:
            await parts.runtime.broker.stop()
            await parts.close()
    print(f"baseline, {n} bare JetStream publishes: {n / bare:.0f}/s ({bare / n * 1000:.1f} ms each)")
    print(
        f"{n} new articles: {n / first:.0f}/s ({first / n * 1000:.1f} ms each), "
        f"{first / bare:.1f}x the bare publish; verdicts {Counter(verdicts)}"
    )
    print(f"{n} duplicates:   {n / again:.0f}/s ({again / n * 1000:.1f} ms each), {again / bare:.1f}x")


async def bare_publish(broker: NatsBroker, items: list[ArticleIn]) -> float:
    """The floor: the same articles published as-is (no cleaning, dedup or seen-set), acked."""
    articles = [
        Article(id=f"bare-{i}", text=item.text, title=item.title or "", content_hash=str(i))
        for i, item in enumerate(items)
    ]
    started = time.perf_counter()
    for article in articles:
        await broker.publish(
            article, ARTICLES_SUBJECT, stream=ARTICLES_STREAM, headers={"Nats-Msg-Id": article.id}
        )
    return time.perf_counter() - started


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(int(sys.argv[1]) if len(sys.argv) > 1 else 500, Path(tmp)))
