"""Ingesting a JSON Lines file (records like dev.jsonl) through the same `Ingestor`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pydantic import ValidationError

from services.ingest.ingestor import Ingestor
from services.ingest.schemas import ArticleIn, IngestResult, Status
from shared.consumer import describe_validation_error

# Articles handed to the ingestor together: one read, two transactions and pipelined publishes
# for all of them instead of one round of each per line.
CHUNK = 100


@dataclass
class FileSummary:
    published: int = 0
    duplicates: Counter[str] = field(default_factory=Counter)
    invalid: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, result: IngestResult) -> None:
        if result.status == Status.PUBLISHED:
            self.published += 1
        elif result.status == Status.DUPLICATE:
            self.duplicates[result.reason or "duplicate"] += 1
        else:
            self.invalid.append((line, result.reason or "invalid"))

    def render(self) -> str:
        reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(self.duplicates.items()))
        lines = [
            f"published: {self.published}",
            f"duplicates: {sum(self.duplicates.values())}" + (f" ({reasons})" if reasons else ""),
            f"invalid: {len(self.invalid)}",
        ]
        lines += [f"  line {line}: {reason}" for line, reason in self.invalid]
        return "\n".join(lines)


def parse_lines(lines: Iterable[str]) -> Iterator[tuple[int, ArticleIn | str]]:
    """(line number, article or the reason it is invalid), skipping blank lines."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, ArticleIn.model_validate_json(line)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            if errors and errors[0]["type"] == "json_invalid":
                yield number, f"not JSON: {errors[0]['msg']}"
            else:
                yield number, describe_validation_error(ArticleIn, exc).removeprefix("invalid ArticleIn: ")


async def ingest_lines(ingestor: Ingestor, lines: Iterable[str], *, chunk: int = CHUNK) -> FileSummary:
    """Every line through `ingestor`, `chunk` articles a call (decided as if one at a time, see
    `Ingestor.ingest_many`)."""
    summary = FileSummary()
    waiting: list[tuple[int, ArticleIn]] = []

    async def flush() -> None:
        results = await ingestor.ingest_many([item for _, item in waiting])
        for (number, _), result in zip(waiting, results, strict=True):
            summary.add(number, result)
        waiting.clear()

    for number, item in parse_lines(lines):
        if isinstance(item, str):
            ingestor.count_invalid()
            summary.invalid.append((number, item))
            continue
        waiting.append((number, item))
        if len(waiting) >= chunk:
            await flush()
    if waiting:
        await flush()
    summary.invalid.sort()
    return summary
