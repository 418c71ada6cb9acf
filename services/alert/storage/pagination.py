"""Keyset (cursor) pagination, newest first: stable under inserts, unlike OFFSET."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel.sql.expression import SelectOfScalar

from shared.moments import utc_representable

T = TypeVar("T")


class InvalidCursorError(ValueError):
    """A cursor this module did not write (or one changed on the way): the caller's mistake, which
    the API answers with 422 (`services.alert.api.errors`)."""


def encode_cursor(when: datetime, item_id: str) -> str:
    raw = f"{when.isoformat()}|{item_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, item_id = raw.split("|", 1)
        # a time outside UTC's years overflows when the database compares it: a 500 otherwise
        return utc_representable(datetime.fromisoformat(when)), item_id
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursorError(f"invalid cursor {cursor[:40]!r}") from exc


def paginate(
    query: SelectOfScalar[T], *, when: Any, ident: Any, cursor: str | None, limit: int
) -> SelectOfScalar[T]:
    """Order newest first by (`when`, `ident`) and start after `cursor`; fetches one extra row."""
    if cursor:
        after_when, after_id = decode_cursor(cursor)
        query = query.where(sa.or_(when < after_when, sa.and_(when == after_when, ident < after_id)))
    return query.order_by(when.desc(), ident.desc()).limit(limit + 1)


def next_cursor(rows: list[Any], *, limit: int, when_attr: str) -> str | None:
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    return encode_cursor(getattr(last, when_attr), last.id)
