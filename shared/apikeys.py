"""API keys: `<prefix>_<key id>_<secret>`. Only a hash of a key is stored; checks take the same
time whether the key id is unknown or the secret is wrong, and compare in constant time.

The key id finds the stored row without scanning; the secret has 256 bits of entropy, so a
plain SHA-256 is enough (no password-style stretching needed for random keys). alert's owner
keys are `pw_...`, ingest's keys `pwi_...`: one glance tells which service a key is for.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

PREFIX = "pw"
_KEY_ID_LENGTH = 12
_NO_HASH = "0" * 64


@dataclass(frozen=True)
class NewKey:
    key_id: str
    plaintext: str
    key_hash: str


def hash_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def make_key(prefix: str = PREFIX) -> NewKey:
    key_id = secrets.token_hex(_KEY_ID_LENGTH // 2)
    plaintext = f"{prefix}_{key_id}_{secrets.token_urlsafe(32)}"
    return NewKey(key_id=key_id, plaintext=plaintext, key_hash=hash_key(plaintext))


def key_id_of(plaintext: str, prefix: str = PREFIX) -> str | None:
    """The key id part, or None when the string is not shaped like one of our keys."""
    parts = plaintext.split("_", 2)
    if len(parts) != 3 or parts[0] != prefix or len(parts[1]) != _KEY_ID_LENGTH:
        return None
    return parts[1]


def key_matches(plaintext: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_key(plaintext), stored_hash)


def check_key(plaintext: str, *, prefix: str, stored_hash_of: Callable[[str], str | None]) -> str | None:
    """The key id when `plaintext` is a live key, else None.

    `stored_hash_of(key_id)` is the stored hash of a live (not revoked) key, or None.
    """
    key_id = key_id_of(plaintext, prefix)
    if key_id is None:
        return None
    stored = stored_hash_of(key_id)
    if stored is None:
        key_matches(plaintext, _NO_HASH)  # as long as a wrong secret takes
        return None
    return key_id if key_matches(plaintext, stored) else None
