"""The near-duplicate fingerprint: survives trivial edits and syndication, separates stories."""

from __future__ import annotations

from services.ingest.fingerprint import bands, decode, encode, is_near_duplicate, minhash, similarity
from tests.ingest.stories import FUEL_DUTY, PETROL_BAN, RATE_HOLD


def _sig(text: str) -> tuple[int, ...]:
    signature = minhash(text)
    assert signature is not None
    return signature


def test_fingerprint_survives_a_trivial_edit() -> None:
    edited = PETROL_BAN.replace("five years", "5 years").replace("Tuesday", "Wednesday")
    assert is_near_duplicate(_sig(PETROL_BAN), _sig(edited))


def test_fingerprint_survives_a_wire_tagline_and_reformatting() -> None:
    copy = PETROL_BAN.upper().replace(". ", ".\n\n") + "\nReporting by a staff writer; editing by another."
    assert is_near_duplicate(_sig(PETROL_BAN), _sig(copy))


def test_different_stories_on_one_topic_are_not_near_duplicates() -> None:
    assert similarity(_sig(PETROL_BAN), _sig(FUEL_DUTY)) < 0.3
    assert similarity(_sig(PETROL_BAN), _sig(RATE_HOLD)) < 0.1


def test_short_texts_get_no_fingerprint() -> None:
    assert minhash("Too short to tell stories apart.") is None


def test_fingerprint_is_deterministic_and_round_trips_through_storage() -> None:
    signature = _sig(PETROL_BAN)
    assert _sig(PETROL_BAN) == signature
    assert decode(encode(signature)) == signature
    assert len(bands(signature)) == 16
