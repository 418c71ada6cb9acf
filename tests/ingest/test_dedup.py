"""The dedup verdict on an incoming article, given what the seen-set knows (pure)."""

from __future__ import annotations

from dataclasses import replace

from services.ingest.dedup import Candidate, Decision, Known, KnownArticle, Reservation, Verdict, decide

CANDIDATE = Candidate(
    id="a1",
    url="https://example.org/a",
    canonical_url="https://example.org/a",
    title="Ban delayed",
    text="The ban is delayed.",
    source="example.org",
    published_at=None,
    content_hash="h2",
    fingerprint=None,
    language="en",
)


def test_unknown_article_is_new_at_version_1() -> None:
    decision = decide(CANDIDATE, Known())
    assert decision == Decision(Verdict.NEW, "a1", 1)
    assert decision.publishes


def test_same_id_and_content_is_already_published() -> None:
    known = Known(same_id=KnownArticle(id="a1", version=2, content_hash="h2"))
    decision = decide(CANDIDATE, known)
    assert decision == Decision(Verdict.ALREADY_PUBLISHED, "a1", 2)
    assert not decision.publishes


def test_changed_text_under_the_same_id_is_the_next_version() -> None:
    known = Known(
        same_id=KnownArticle(id="a1", version=1, content_hash="h1", sources=("example.org", "wire"))
    )
    decision = decide(CANDIDATE, known)
    assert decision == Decision(Verdict.EDITED, "a1", 2, previous_version_hash="h1", sources=("wire",))


def test_an_old_copy_of_an_edited_article_is_not_an_edit() -> None:
    known = Known(
        same_id=KnownArticle(id="a1", version=3, content_hash="h3", earlier_hashes=frozenset({"h2"}))
    )
    assert decide(CANDIDATE, known) == Decision(Verdict.STALE_VERSION, "a1", 3)


def test_same_content_under_another_url_is_a_syndicated_copy_adding_its_source() -> None:
    other = replace(CANDIDATE, id="b1", source="wire.example")
    known = Known(same_content=KnownArticle(id="a1", version=1, content_hash="h2", sources=("example.org",)))
    decision = decide(other, known)
    assert decision == Decision(Verdict.SAME_CONTENT, "a1", 1, sources=("example.org", "wire.example"))
    assert not decision.publishes


def test_near_duplicate_fingerprint_is_a_syndicated_copy() -> None:
    known = Known(near=KnownArticle(id="z9", version=4, content_hash="hz", sources=("example.org",)))
    decision = decide(replace(CANDIDATE, id="b1"), known)
    assert decision == Decision(Verdict.NEAR_DUPLICATE, "z9", 4, sources=("example.org",))


# A reservation left by a crash between a publish and its record: v2 (hash h2) may be on the stream.
CURRENT_V1 = KnownArticle(id="a1", version=1, content_hash="h1", sources=("example.org", "wire"))
RESERVED_V2 = Reservation(article_id="a1", version=2, content_hash="h2", previous_version_hash="h1")


def test_the_reserved_content_again_is_published_again_as_the_reserved_version() -> None:
    decision = decide(CANDIDATE, Known(same_id=CURRENT_V1, reserved=RESERVED_V2))
    assert decision == Decision(Verdict.EDITED, "a1", 2, previous_version_hash="h1", sources=("wire",))


def test_other_content_after_a_reservation_takes_the_next_version_chained_to_the_reserved_hash() -> None:
    decision = decide(replace(CANDIDATE, content_hash="h3"), Known(same_id=CURRENT_V1, reserved=RESERVED_V2))
    assert decision == Decision(
        Verdict.EDITED, "a1", 3, previous_version_hash="h2", sources=("wire",), skips_reserved=2
    )


def test_a_reserved_first_version_is_published_again_as_new() -> None:
    reserved = Reservation(article_id="a1", version=1, content_hash="h2")
    decision = decide(CANDIDATE, Known(reserved=reserved))
    assert decision == Decision(Verdict.NEW, "a1", 1)


def test_the_recorded_content_is_still_a_duplicate_while_a_reservation_is_outstanding() -> None:
    current = KnownArticle(id="a1", version=1, content_hash="h2")
    reserved = Reservation(article_id="a1", version=2, content_hash="h3", previous_version_hash="h2")
    assert decide(CANDIDATE, Known(same_id=current, reserved=reserved)).verdict == Verdict.ALREADY_PUBLISHED
