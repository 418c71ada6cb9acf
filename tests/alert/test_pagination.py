"""Keyset cursors: storage code that knows nothing of HTTP, and the round trip of a cursor."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.alert.storage.pagination import InvalidCursorError, decode_cursor, encode_cursor


def test_a_cursor_decodes_to_the_time_and_id_it_was_made_from() -> None:
    when = datetime(2026, 3, 2, 9, 0, 1, 250, tzinfo=UTC)
    assert decode_cursor(encode_cursor(when, "rule|with|bars")) == (when, "rule|with|bars")


@pytest.mark.parametrize("cursor", ["garbage!", "bm8tc2VwYXJhdG9y", "bm90LWEtZGF0ZXx4", "__8"])
def test_a_cursor_it_did_not_write_raises_a_domain_error_not_an_http_one(cursor: str) -> None:
    with pytest.raises(InvalidCursorError):
        decode_cursor(cursor)
