"""API keys: `pw_<key id>_<secret>`. Only a hash of the key is stored; checks are constant-time.

The key id finds the stored row without scanning; the secret has 256 bits of entropy, so a
plain SHA-256 is enough (no password-style stretching needed for random keys).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

PREFIX = "pw"


@dataclass(frozen=True)
class NewKey:
    key_id: str
    plaintext: str
    key_hash: str


def hash_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def make_key() -> NewKey:
    key_id = secrets.token_hex(6)
    plaintext = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    return NewKey(key_id=key_id, plaintext=plaintext, key_hash=hash_key(plaintext))


def key_id_of(plaintext: str) -> str | None:
    """The key id part, or None when the string is not shaped like one of our keys."""
    parts = plaintext.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or len(parts[1]) != 12:
        return None
    return parts[1]


def key_matches(plaintext: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_key(plaintext), stored_hash)
