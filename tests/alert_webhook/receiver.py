"""A real HTTP receiver on a free loopback port that records requests and answers from a script.

Each answer is a status code (optionally with headers) or HANG (never answer). The last answer
repeats. Tests wait on `wait_for(count)` instead of sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

HANG = "hang"
Answer = int | tuple[int, dict[str, str]] | str


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    answers: Sequence[Answer] = (200,)
    requests: list[Request] = field(default_factory=list)
    port: int = 0
    _arrived: asyncio.Condition = field(default_factory=asyncio.Condition)
    _release: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[Request]:
        """Wait until `count` requests have arrived; return them."""
        async with asyncio.timeout(timeout), self._arrived:
            await self._arrived.wait_for(lambda: len(self.requests) >= count)
        return self.requests[:count]

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    return
                answer = self.answers[min(len(self.requests), len(self.answers) - 1)]
                async with self._arrived:
                    self.requests.append(request)
                    self._arrived.notify_all()
                if answer == HANG:
                    await self._release.wait()
                    return
                status, headers = answer if isinstance(answer, tuple) else (int(answer), {})
                extra = [f"{name}: {value}" for name, value in headers.items()]
                lines = [f"HTTP/1.1 {status} X", "Content-Length: 2", *extra]
                writer.write(("\r\n".join(lines) + "\r\n\r\nok").encode())
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    first, *header_lines = head.decode("latin-1").split("\r\n")
    method, path, _ = first.split(" ", 2)
    headers = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return Request(method, path, headers, body)


@contextlib.asynccontextmanager
async def running(answers: Sequence[Answer] = (200,)) -> AsyncIterator[Receiver]:
    """A receiver listening on 127.0.0.1 at a free port for the duration of the block."""
    receiver = Receiver(answers=answers)
    server = await asyncio.start_server(receiver._handle, "127.0.0.1", 0)
    receiver.port = server.sockets[0].getsockname()[1]
    try:
        yield receiver
    finally:
        receiver._release.set()
        server.close()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(2):
                await server.wait_closed()
