"""Times a client sends: any that Python parses, but only those that UTC can hold.

`0001-01-01T00:01+01:01` parses, but is a year-0 instant in UTC: comparing it with stored times
or storing it overflows, a 500. `Moment` refuses such a time with a 422 instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def utc_representable(value: datetime) -> datetime:
    """`value` unchanged if it falls within UTC's years 1 to 9999 (a naive time is read as UTC)."""
    if value.tzinfo is not None:
        try:
            value.astimezone(UTC)
        except OverflowError as exc:
            raise ValueError("outside the years 1 to 9999 in UTC") from exc
    return value


Moment = Annotated[datetime, AfterValidator(utc_representable)]
