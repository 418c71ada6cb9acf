"""Who an article is: canonical URL, content hash, near-duplicate fingerprint and id.

- `canonical_url` folds the variants of one page into one string: scheme, `www.`/`m.`/`amp.`
  hosts, AMP paths and parameters, tracking parameters, fragments, parameter order.
- `content_hash` is the SHA-256 of the normalised title and text (case, whitespace, quotes), so
  re-formatting is not an edit but any changed word is.
- the near-duplicate fingerprint (MinHash) lives in `fingerprint.py`.
- `article_id` comes from the canonical URL, else the source's own id, else the content hash.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from shared.contract import stable_id

TRACKING_PARAMS = frozenset(
    [
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
    ]
)
TRACKING_PREFIXES = ("utm_", "ns_", "pk_", "mtm_", "hsa_", "oly_", "vero_", "__hs")
_AMP_VALUES = frozenset({"amp", "1", "true"})
_HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.")
_AMP_PATH = re.compile(r"(?:/amp)+/?$|^/amp(?=/)", re.IGNORECASE)
_AMP_SUFFIX = re.compile(r"\.amp(?=\.html?$)|\.amp$", re.IGNORECASE)
_PATH_SAFE = "/:@!$&'()*+,;=-._~"

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


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise_for_hash(text: str) -> str:
    """Case folded, whitespace collapsed, typographic quotes made straight."""
    return _SPACE.sub(" ", text.casefold().translate(_QUOTES)).strip()


def content_hash(title: str, text: str) -> str:
    """SHA-256 of the normalised title and text: formatting changes keep it, a new word does not."""
    payload = normalise_for_hash(title) + "\n" + normalise_for_hash(text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def article_id(*, canonical: str | None, source: str, external_id: str | None, hash_: str) -> str:
    """Stable id: from the canonical URL, else the source's own id, else the content hash."""
    if canonical:
        return stable_id("url", canonical)
    if external_id:
        return stable_id("source-id", source.casefold(), external_id)
    return stable_id("content", hash_)
