"""Who an article is: canonical URL, content hash, near-duplicate fingerprint and id.

- `canonical_url` folds the variants of one page into one string: scheme, `www.`/`m.`/`amp.`
  hosts, AMP paths and parameters, tracking parameters, fragments, parameter order.
- `content_hash` is the SHA-256 of the normalised title and text (case, whitespace, quotes), so
  re-formatting is not an edit but any changed word is.
- `simhash` is a 64-bit fingerprint of the text's word 3-shingles: a trivial edit (a word or two
  in a few hundred) moves it by a few bits, so syndicated copies are found by Hamming distance.
- `article_id` comes from the canonical URL, else the source's own id, else the content hash.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from shared.contract import stable_id

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "cmpid",
        "cmp",
        "ito",
        "smid",
        "smtyp",
        "ocid",
        "taid",
        "spm",
        "share",
        "sr_share",
        "s_cid",
        "xtor",
        "wt_mc",
        "wt.mc_id",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "rss",
        "__twitter_impression",
        "icid",
        "guccounter",
    }
)
TRACKING_PREFIXES = ("utm_", "ns_", "pk_", "mtm_", "hsa_", "oly_", "vero_", "__hs")
_AMP_VALUES = frozenset({"amp", "1", "true"})
_HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.")
_AMP_PATH = re.compile(r"(?:/amp)+/?$|^/amp(?=/)", re.IGNORECASE)
_AMP_SUFFIX = re.compile(r"\.amp(?=\.html?$)|\.amp$", re.IGNORECASE)
_PATH_SAFE = "/:@!$&'()*+,;=-._~"

SIMHASH_BITS = 64
SIMHASH_BANDS = 4  # bands of 16 bits: two fingerprints within 3 bits share at least one band
NEAR_DUPLICATE_BITS = 3
MIN_FINGERPRINT_WORDS = 40  # shorter texts collide too easily to call them the same story
MAX_FINGERPRINT_WORDS = 3000  # the opening of a story identifies it; bounds the cost on huge pages
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def canonical_url(url: str) -> str | None:
    """'HTTP://www.Ex.com/a/amp/?utm_source=x&b=2&a=1#top' -> 'https://ex.com/a?a=1&b=2'."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
            break
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = quote(unquote(parts.path), safe=_PATH_SAFE)
    path = _AMP_SUFFIX.sub("", _AMP_PATH.sub("", path))
    path = path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, _canonical_query(parts.query), ""))


def _canonical_query(query: str) -> str:
    kept = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        name = key.lower()
        if name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES) or is_amp_param(name, value):
            continue
        kept.append((key, value))
    return urlencode(sorted(kept))


def is_amp_param(key: str, value: str) -> bool:
    """`?amp`, `?amp=1`, `?outputType=amp`: the AMP rendering of the same page."""
    name = key.lower()
    return name == "amp" or (name in {"outputtype", "output"} and value.lower() in _AMP_VALUES)


def normalise_for_hash(text: str) -> str:
    return _SPACE.sub(" ", text.casefold().replace("\u2019", "'")).strip()


def content_hash(title: str, text: str) -> str:
    """SHA-256 of the normalised title and text: formatting changes keep it, a new word does not."""
    payload = normalise_for_hash(title) + "\n" + normalise_for_hash(text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def shingles(text: str, size: int = 3) -> list[str]:
    words = _WORD.findall(text.casefold())[:MAX_FINGERPRINT_WORDS]
    if len(words) < size:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def simhash(text: str) -> int | None:
    """64-bit simhash of word 3-shingles, or None when the text is too short to fingerprint."""
    if len(_WORD.findall(text)) < MIN_FINGERPRINT_WORDS:
        return None
    weights = [0] * SIMHASH_BITS
    for shingle in shingles(text):
        value = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(SIMHASH_BITS):
            weights[bit] += 1 if value >> bit & 1 else -1
    return sum(1 << bit for bit, weight in enumerate(weights) if weight > 0)


def simhash_bands(fingerprint: int) -> list[int]:
    """The fingerprint cut into 16-bit bands, each indexed so near neighbours are found by lookup."""
    width = SIMHASH_BITS // SIMHASH_BANDS
    mask = (1 << width) - 1
    return [(fingerprint >> (i * width)) & mask for i in range(SIMHASH_BANDS)]


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def article_id(*, canonical: str | None, source: str, external_id: str | None, hash_: str) -> str:
    """Stable id: from the canonical URL, else the source's own id, else the content hash."""
    if canonical:
        return stable_id("url", canonical)
    if external_id:
        return stable_id("source-id", source.casefold(), external_id)
    return stable_id("content", hash_)
