"""Request bodies every service refuses before a route sees them: too large (413), not declared
as JSON (415), or JSON that Python's own parser would accept but nothing downstream can store or
answer with (422).

Every body our APIs take is JSON. FastAPI reads a body sent without a Content-Type as JSON and
one sent as a form (what `curl -d` sends unless told) as raw bytes, which fails validation with
"Input should be a valid dictionary": the 415 says what to send instead.

`json.loads`, which FastAPI uses, reads `NaN`, `Infinity` and lone UTF-16 surrogates
(`"\\ud800"`): a rule or article holding one fails later, in the database or when the answer is
encoded, as a 500 with the connection reset. pydantic's JSON parser refuses all three, and caps
nesting depth and the length of numbers, so every JSON body is read once with it first.
"""

from __future__ import annotations

import pydantic_core

from shared.asgi import ASGIApp, Message, Receive, Scope, Send, answer_json

_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


class BodyTooLarge(Exception):
    """The request body passed the limit while it was read."""


def json_problem(body: bytes) -> str | None:
    """Why `body` is not acceptable JSON, or None: 'expected value at line 1 column 7' for NaN."""
    try:
        pydantic_core.from_json(body, allow_inf_nan=False, cache_strings=False)
    except ValueError as exc:
        return str(exc)
    return None


def is_json_media_type(content_type: str) -> bool:
    """'application/json; charset=utf-8' and 'application/problem+json' are JSON; '' is not."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def not_json_detail(content_type: str) -> str:
    sent = f"Content-Type {content_type!r}" if content_type else "no Content-Type"
    return f"the request body must be JSON, sent with Content-Type: application/json (this one has {sent})"


def too_large_detail(limit: int) -> str:
    return f"request body larger than the {limit}-byte limit"


class RequestBodyGuard:
    """ASGI middleware: 413 for a body over `max_bytes` (declared or streamed), 415 for a body not
    sent as JSON, 422 for a JSON body pydantic cannot read; other requests pass through with their
    body replayed unchanged."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WITH_BODY:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await answer_json(send, 413, {"detail": too_large_detail(self.max_bytes)})
            return
        try:
            body = await _read_body(receive, self.max_bytes)
        except BodyTooLarge:
            await answer_json(send, 413, {"detail": too_large_detail(self.max_bytes)})
            return
        content_type = headers.get("content-type", "")
        if body and not is_json_media_type(content_type):
            await answer_json(send, 415, {"detail": not_json_detail(content_type)})
            return
        if body:
            problem = json_problem(body)
            if problem is not None:
                error = {"type": "json_invalid", "loc": ["body"], "msg": "JSON decode error"}
                await answer_json(send, 422, {"detail": [{**error, "ctx": {"error": problem}}]})
                return
        await self.app(scope, _replay(body, receive), send)


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as the server would

    return replay
