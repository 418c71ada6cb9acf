"""The offline extraction: dev.jsonl-style records in, score.py-style lines out."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from services.extract.events import ArticleRef, ArticleText
from shared.cleaning import clean_text
from shared.contract import PolicyShift


def read_records(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    for line in lines:
        if line.strip():
            yield json.loads(line)


def to_article(record: dict[str, Any]) -> ArticleText:
    """A raw record ({id, url, title, text, published}) as a cleaned article."""
    ref = ArticleRef(
        id=str(record["id"]),
        url=record.get("url"),
        title=clean_text(record.get("title") or ""),
        published_at=published_at(record.get("published")),
    )
    return ArticleText(ref=ref, text=clean_text(record.get("text") or ""))


def published_at(value: object) -> datetime | None:
    """'2024-12-20' or an ISO timestamp -> an aware datetime (UTC when no zone is given); anything
    else -> None (the date is optional)."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def event_record(shift: PolicyShift) -> dict[str, Any]:
    """One event in the format ../shared/eval/score.py reads."""
    quantity = shift.quantity.model_dump(by_alias=True) if shift.quantity else None
    return {
        "actor": shift.actor,
        "actor_type": shift.actor_type,
        "announced_by": shift.announced_by,
        "topic": shift.topic,
        "shift_type": shift.shift_type,
        "before": shift.before,
        "after": shift.after,
        "quantity": quantity,
        "status": shift.status,
        "evidence": shift.evidence.text,
        "evidence_start": shift.evidence.start,
        "evidence_end": shift.evidence.end,
        "speaker": shift.evidence.speaker,
        "extra_evidence": [e.text for e in shift.extra_evidence],
        "confidence": shift.confidence,
    }


def article_line(article_id: str, shifts: list[PolicyShift]) -> str:
    return json.dumps({"id": article_id, "events": [event_record(s) for s in shifts]}, ensure_ascii=False)
