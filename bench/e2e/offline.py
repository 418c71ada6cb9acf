"""The ceiling: extraction alone, in the bench's own process, on the articles the pipeline gets.

It runs what extract's extraction process runs (`Extractor.from_settings`: spaCy and the learned
judges; texts guarded as `worker.extract_guarded` does; batches of `EXTRACT__BATCH_SIZE`), with
no NATS, HTTP or process boundary. The machine's load moves a wall-clock rate, so the ceiling
is timed in two halves, one just before the pipeline's throughput phase and one just after, and
the two added up: a load that changes during the run weighs on both sides of the ratio alike.
The CPU time per article (of the extracting thread) is the figure the load does not move.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.chaos.articles import GeneratedArticle
from shared.settings import ExtractSettings


@dataclass(frozen=True)
class Timing:
    articles: int
    seconds: float  # wall clock
    cpu_seconds: float  # of the extracting thread


@dataclass(frozen=True)
class Ceiling:
    parts: tuple[Timing, ...]

    @property
    def rate(self) -> float:
        """Articles/s over every part."""
        return sum(p.articles for p in self.parts) / sum(p.seconds for p in self.parts)

    @property
    def cpu_ms(self) -> float:
        return sum(p.cpu_seconds for p in self.parts) * 1000 / sum(p.articles for p in self.parts)

    def spread(self) -> str:
        return " / ".join(f"{p.articles / p.seconds:.1f}" for p in self.parts)


def extract_settings(extra: dict[str, str]) -> ExtractSettings:
    """The extract settings the service processes get from `--env` (POLICYWATCH_EXTRACT__*)."""
    prefix = "POLICYWATCH_EXTRACT__"
    given = {k.removeprefix(prefix).lower(): v for k, v in extra.items() if k.startswith(prefix)}
    return ExtractSettings.model_validate(given)


class OfflineExtraction:
    """The extractor the service runs, loaded once in this process."""

    def __init__(self, settings: ExtractSettings) -> None:
        from services.extract.extractor import Extractor

        self.batch_size = settings.batch_size
        self.extractor = Extractor.from_settings(settings)

    def time(self, articles: Sequence[GeneratedArticle]) -> Timing:
        """Extract `articles` in the service's batches; how long it took."""
        texts = self._texts(articles)
        started, cpu = time.perf_counter(), time.thread_time()
        for i in range(0, len(texts), self.batch_size):
            self._extract(texts[i : i + self.batch_size])
        return Timing(len(texts), time.perf_counter() - started, time.thread_time() - cpu)

    def _extract(self, texts: list[Any]) -> None:
        from services.extract.worker import extract_guarded

        extract_guarded(self.extractor, texts)

    @staticmethod
    def _texts(articles: Sequence[GeneratedArticle]) -> list[Any]:
        from services.extract.events import ArticleRef, ArticleText
        from shared.cleaning import clean_text

        return [ArticleText(ArticleRef(id=a.key, title=a.title), clean_text(a.text)) for a in articles]
