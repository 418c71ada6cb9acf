"""Keyset (cursor) pagination, newest first: stable under inserts, unlike OFFSET."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from fastapi import HTTPException
from sqlmodel.sql.expression import SelectOfScalar

T = TypeVar("T")


def encode_cursor(when: datetime, item_id: str) -> str:
    raw = f"{when.isoformat()}|{item_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, item_id = raw.split("|", 1)
        return datetime.fromisoformat(when), item_id
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(status_code=422, detail=[_cursor_error()]) from exc


def _cursor_error() -> dict[str, Any]:
    return {"loc": ["query", "cursor"], "msg": "invalid cursor", "type": "value_error"}


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
