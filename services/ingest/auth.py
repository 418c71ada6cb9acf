"""Who may call ingest's data endpoints: holders of an ingest API key (`X-API-Key: pwi_...`)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import Request, Security

from services.ingest.keys import KeyStore
from shared.auth import api_key_header, unauthorized

ingest_key = api_key_header("An ingest API key: `policywatch ingest create-key NAME` prints one.")


async def require_ingest_key(request: Request, key: Annotated[str | None, Security(ingest_key)]) -> None:
    """401 unless the request carries a live ingest key (a database lookup, off the event loop)."""
    keys: KeyStore = request.app.state.ingest.keys
    if not key or not await asyncio.to_thread(keys.is_valid, key):
        raise unauthorized()
