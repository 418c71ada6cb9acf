"""Which articles of one request can be decided together.

A batch is decided from one read of the seen-set and written in one transaction for its
reservations and one for its records. That holds only while no article of the group would have
read something an earlier one writes: the same id, the same content, a near fingerprint, or the
article whose sources a syndicated copy extends. The first article that would is the start of
the next group, decided once the group before it is recorded, exactly as if the articles had
come one at a time. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.ingest.dedup import SYNDICATED, Candidate, Decision
from services.ingest.fingerprint import is_near_duplicate


@dataclass
class Group:
    """The articles decided together so far, and what their writes touch."""

    ids: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    fingerprints: list[tuple[int, ...]] = field(default_factory=list)

    def clashes(self, candidate: Candidate, decision: Decision) -> bool:
        """Would `candidate`'s lookup have read a write of this group?"""
        if {candidate.id, decision.article_id} & self.ids or candidate.content_hash in self.hashes:
            return True
        fingerprint = candidate.fingerprint
        return fingerprint is not None and any(is_near_duplicate(fingerprint, f) for f in self.fingerprints)

    def add(self, candidate: Candidate, decision: Decision) -> None:
        """Remember what deciding `candidate` this way will write."""
        if decision.publishes:
            self.ids.update((candidate.id, decision.article_id))
            self.hashes.add(candidate.content_hash)
            if candidate.fingerprint is not None:
                self.fingerprints.append(candidate.fingerprint)
        elif decision.verdict in SYNDICATED:
            self.ids.add(decision.article_id)
