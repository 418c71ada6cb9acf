"""The newest dead letters, read back from POLICY_DEADLETTER by sequence, newest first."""

from __future__ import annotations

import re
from datetime import datetime

from nats.js.errors import NotFoundError
from nats.js.manager import JetStreamManager
from pydantic import BaseModel, Field, ValidationError

from shared.contract import DeadLetter
from shared.subjects import DEADLETTER_STREAM

MAX_LOOKUPS_PER_ITEM = 4  # gaps left by removed messages cost a lookup each; bound them
# shared.consumer's reason for a handler that kept failing: "failed after N deliveries: Type: text"
_FAILED = re.compile(r"(failed after \d+ deliveries: [\w.]+)(?::.*)?", re.DOTALL)


class DeadLetterSummary(BaseModel):
    """A dead letter without its payload: the reason is what an operator acts on, and a body
    stays in its own stream (`stream`, `stream_sequence`) for whoever may read it."""

    sequence: int = Field(description="Its sequence in POLICY_DEADLETTER.")
    service: str
    subject: str
    reason: str
    deliveries: int
    failed_at: datetime
    stream: str | None
    stream_sequence: int | None
    payload_bytes: int


async def recent_dead_letters(js: JetStreamManager, *, limit: int) -> tuple[int, list[DeadLetterSummary]]:
    """(messages in the stream, up to `limit` of the newest, newest first)."""
    state = (await js.stream_info(DEADLETTER_STREAM)).state
    found: list[DeadLetterSummary] = []
    sequence, oldest, lookups = state.last_seq, max(state.first_seq, 1), 0
    while sequence >= oldest and len(found) < limit and lookups < limit * MAX_LOOKUPS_PER_ITEM:
        lookups += 1
        try:
            message = await js.get_msg(DEADLETTER_STREAM, sequence)
        except NotFoundError:  # removed (limits, purge): the next older one
            sequence -= 1
            continue
        summary = summarize(sequence, message.data or b"")
        if summary is not None:
            found.append(summary)
        sequence -= 1
    return state.messages, found


def summarize(sequence: int, data: bytes) -> DeadLetterSummary | None:
    try:
        letter = DeadLetter.model_validate_json(data)
    except ValidationError:  # not written by a PolicyWatch service: nothing to show
        return None
    return DeadLetterSummary(
        sequence=sequence,
        service=letter.service,
        subject=letter.subject,
        reason=shown_reason(sequence, letter),
        deliveries=letter.deliveries,
        failed_at=letter.failed_at,
        stream=letter.stream,
        stream_sequence=letter.stream_sequence,
        payload_bytes=len(letter.payload.encode()),
    )


def shown_reason(sequence: int, letter: DeadLetter) -> str:
    """The reason as every owner may read it. Alert's handler works on every owner's rules and
    alerts, so the text of an exception it raised (a database error quotes its statement's
    parameters: owner and rule ids, rule names) is left out; the exception's type stays."""
    failed = _FAILED.fullmatch(letter.reason)
    if letter.service != "alert" or failed is None:
        return letter.reason
    return f"{failed.group(1)} (the rest: `policywatch deadletters show {sequence}`)"
