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


def _minhash_by_formula(text: str) -> tuple[int, ...]:
    """The signature as first defined, one permutation and one shingle at a time in Python."""
    import hashlib

    from services.ingest.fingerprint import _COEFFICIENTS, shingles

    hashes = [
        int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big") for s in shingles(text)
    ]
    return tuple(min(((a * x + b) & (2**64 - 1)) >> 32 for x in hashes) for a, b in _COEFFICIENTS)


def test_vectorised_minhash_gives_the_stored_signatures_of_the_formula() -> None:
    for text in (PETROL_BAN, FUEL_DUTY, RATE_HOLD):
        assert _sig(text) == _minhash_by_formula(text)


def test_similarities_against_stored_signatures_match_similarity() -> None:
    from services.ingest.fingerprint import similarities

    signatures = [_sig(text) for text in (PETROL_BAN, FUEL_DUTY, RATE_HOLD)]
    scores = similarities([encode(s) for s in signatures], signatures[0])
    assert scores == [similarity(s, signatures[0]) for s in signatures]
    assert similarities([], signatures[0]) == []
