"""Deciding what an incoming article is: new, an edit, or a duplicate (and why). Pure.

In order:
1. an article with the same id exists (same canonical URL, or same source id):
   same content hash -> duplicate `already_published`; the hash of one of its earlier versions
   -> duplicate `stale_version` (an old copy, not an edit); else -> `edited`, version + 1;
2. another article had this exact content -> duplicate `same_content` (a syndicated copy);
3. another article's fingerprint is near (MinHash Jaccard >= 0.7) -> duplicate `near_duplicate`;
4. else -> `new`, version 1.
A syndicated copy is not published again: its source is added to the original's `sources`.

A version is reserved before it is published and recorded once JetStream acked it; a reservation
still there (a crash in between, or a failed publish) may or may not have reached the stream.
For an article with one, a content that is not a duplicate is either the reserved content
(published again as the reserved version: JetStream drops it if the first publish landed) or a
different one (the next version after the reserved one, chained to the reserved hash, so the
reserved version number is never given to other content).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True)
class Candidate:
    """A cleaned incoming article with its identity computed, before any lookup."""

    id: str
    url: str | None
    canonical_url: str | None
    title: str
    text: str
    source: str
    published_at: datetime | None
    content_hash: str
    fingerprint: tuple[int, ...] | None
    language: str | None
    byline: str | None = None


@dataclass(frozen=True)
class KnownArticle:
    """What the seen-set holds about a published article."""

    id: str
    version: int
    content_hash: str
    sources: tuple[str, ...] = ()
    earlier_hashes: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Reservation:
    """A version reserved before its publish and not yet recorded as acknowledged."""

    article_id: str
    version: int
    content_hash: str
    previous_version_hash: str | None = None


@dataclass(frozen=True)
class Known:
    """The seen-set entries that bear on one candidate."""

    same_id: KnownArticle | None = None
    same_content: KnownArticle | None = None
    near: KnownArticle | None = None
    reserved: Reservation | None = None


class Verdict(StrEnum):
    NEW = "new"
    EDITED = "edited"
    ALREADY_PUBLISHED = "already_published"
    STALE_VERSION = "stale_version"
    SAME_CONTENT = "same_content"
    NEAR_DUPLICATE = "near_duplicate"


PUBLISH = frozenset({Verdict.NEW, Verdict.EDITED})
SYNDICATED = frozenset({Verdict.SAME_CONTENT, Verdict.NEAR_DUPLICATE})


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    article_id: str
    version: int
    previous_version_hash: str | None = None
    sources: tuple[str, ...] = ()
    # The reserved version this one skips (a different content took the next number).
    skips_reserved: int | None = None

    @property
    def publishes(self) -> bool:
        return self.verdict in PUBLISH


def decide(candidate: Candidate, known: Known) -> Decision:
    """The verdict on `candidate` given what is already known (see the module docstring)."""
    current = known.same_id
    if current is not None:
        if current.content_hash == candidate.content_hash:
            return Decision(Verdict.ALREADY_PUBLISHED, current.id, current.version)
        if candidate.content_hash in current.earlier_hashes:
            return Decision(Verdict.STALE_VERSION, current.id, current.version)
    if known.reserved is not None:
        return _after_reservation(known.reserved, current, candidate)
    if current is not None:
        others = _other_sources(current, candidate)
        return Decision(Verdict.EDITED, current.id, current.version + 1, current.content_hash, others)
    if known.same_content is not None:
        return _syndicated(Verdict.SAME_CONTENT, known.same_content, candidate)
    if known.near is not None:
        return _syndicated(Verdict.NEAR_DUPLICATE, known.near, candidate)
    return Decision(Verdict.NEW, candidate.id, 1)


def _after_reservation(reserved: Reservation, current: KnownArticle | None, candidate: Candidate) -> Decision:
    others = _other_sources(current, candidate) if current else ()
    if reserved.content_hash == candidate.content_hash:
        verdict = Verdict.NEW if reserved.version == 1 else Verdict.EDITED
        return Decision(
            verdict, reserved.article_id, reserved.version, reserved.previous_version_hash, others
        )
    return Decision(
        Verdict.EDITED,
        reserved.article_id,
        reserved.version + 1,
        reserved.content_hash,
        others,
        skips_reserved=reserved.version,
    )


def _other_sources(current: KnownArticle, candidate: Candidate) -> tuple[str, ...]:
    return tuple(s for s in current.sources if s != candidate.source)


def _syndicated(verdict: Verdict, original: KnownArticle, candidate: Candidate) -> Decision:
    sources = original.sources
    if candidate.source not in sources:
        sources = (*sources, candidate.source)
    return Decision(verdict, original.id, original.version, sources=sources)
