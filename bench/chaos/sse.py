"""An SSE client for crash runs: follows an owner's /alerts/stream on any live alert replica and,
when the replica it reads dies, reconnects to one that is up with `Last-Event-ID`, as a browser's
EventSource would (the first time with `Last-Event-ID: 0`, from the stream's start). Every event
it gets is kept (raw, so duplicates show)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from shared.contract import Alert


@dataclass
class SseClient:
    urls: Callable[[], Sequence[str]]
    key: str
    alerts: list[Alert] = field(default_factory=list)
    reconnects: int = 0
    last_event_id: str = "0"  # from the stream's start: nothing published before we connect is missed
    subscribed: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        attempt = 0
        async with httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=60.0)) as http:
            while True:
                choices = self.urls()
                if choices:
                    url = choices[attempt % len(choices)]
                    with contextlib.suppress(httpx.HTTPError):
                        await self._follow(http, url)
                attempt += 1
                self.reconnects += 1
                await asyncio.sleep(0.3)

    async def _follow(self, http: httpx.AsyncClient, url: str) -> None:
        headers = {"X-API-Key": self.key, "Last-Event-ID": self.last_event_id}
        async with http.stream("GET", f"{url}/alerts/stream", headers=headers) as response:
            if response.status_code != 200:
                return
            event_id, data = None, []
            async for line in response.aiter_lines():
                if line.startswith(":"):
                    self.subscribed.set()
                elif line.startswith("id:"):
                    event_id = line[3:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
                elif line == "" and data:
                    self.alerts.append(Alert.model_validate_json("\n".join(data)))
                    if event_id is not None:
                        self.last_event_id = event_id
                    event_id, data = None, []
