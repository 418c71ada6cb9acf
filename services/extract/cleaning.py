"""Light cleaning of raw article text for the offline command.

Ingest cleans articles before publishing them; offline input (`policywatch extract --input`) is
raw, so it gets this light pass: scraping debris lines (a stray `.jpg)`), non-breaking spaces,
runs of spaces, and runs of blank lines. Evidence offsets point into the cleaned string.
"""

from __future__ import annotations

import re

_DEBRIS_LINE = re.compile(
    r"^[ \t]*[\w\-./]*\.(?:jpe?g|png|gif|webp|svg)\)?[ \t]*(?:\n|$)", re.IGNORECASE | re.MULTILINE
)
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_text(text: str) -> str:
    """Drop debris lines and normalise whitespace: 'A.\\n.jpg)\\nB' -> 'A.\\nB'."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _DEBRIS_LINE.sub("", text)
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()
