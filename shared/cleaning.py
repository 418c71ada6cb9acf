"""Cleaning article text: markup, scraping debris, whitespace, quotes.

Ingest cleans every article before publishing it; `policywatch extract` cleans its raw input
with the same function, so offline and live evidence offsets agree.

The cleaned string is final: extract computes evidence offsets into exactly the text ingest
publishes, and `clean_text` is idempotent (cleaning a cleaned text changes nothing), so a
consumer that cleans again never shifts an offset.

Quotes: typographic quotes become straight ASCII quotes (’ -> ', “ ” -> "), one character for
one, so matching rules downstream see one spelling. Guillemets and primes are left alone.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Every pattern here runs in time linear in the text, whatever the text (a service cleans what
# anyone sends it): no quantifier may scan past the next `<` (or `[` in markdown) from each of
# many starting points, and no two adjacent quantifiers may match the same characters. Elements
# dropped with their content and comments are cut by `_drop_elements` / `_drop_comments`, which
# search for each closer once, not by a lazy `.*?` that rescans the rest of the text from every
# unclosed opener.
_DROPPED = ("script", "style", "noscript", "iframe", "svg", "figure", "figcaption", "nav", "aside", "form")
_DROP_OPENER = re.compile(rf"<({'|'.join(_DROPPED)})\b[^<>]*>", re.IGNORECASE)
_DROP_CLOSERS = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _DROPPED}
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"</?(p|div|section|article|header|footer|h[1-6]|li|ul|ol|blockquote|tr|table|pre)\b[^<>]*>",
    re.IGNORECASE,
)
# Only something that looks like a real tag: "a < b and c > d" in prose stays as it is.
_ANY_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]*(\s[^<>]*)?/?>")

_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^)\[\]]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\((?:https?://|/)[^)\s\[\]]*\)")

_IMAGE_EXT = r"(?:jpe?g|png|gif|webp|svg|avif)"
_DEBRIS_LINES = [
    # leftovers of a markdown image whose start was cut: ".jpg)", "photo-123.png?w=800)"
    re.compile(rf"^[\w\-./%?=&:]*\.{_IMAGE_EXT}(?:\?[^\s)]*)?\)?$", re.IGNORECASE),
    re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE),  # a bare URL on its own line
    re.compile(r"^(?:skip\s+)?advert(?:isement)?s?(?:\s*-?\s*(?:scroll|continue)\s+.*)?$", re.IGNORECASE),
    re.compile(
        r"^(?:sponsored(?:\s+content)?|promoted(?:\s+content)?|story continues below.*)$", re.IGNORECASE
    ),
    re.compile(
        r"^(?:share|tweet|email|print|copy\s+link|save|comments?|whatsapp|pin\s*it|linkedin|"
        r"share\s+(?:this|on|via|article|story)\b.*|share\s*(?:on\s+)?(?:facebook|twitter|x)|"
        r"follow\s+us\b.*|sign\s+up\s+for\s+our\s+newsletter.*|subscribe(?:\s+now)?|"
        r"read\s+more(?::.*)?|related(?:\s+(?:articles?|stories|content))?:?|click\s+here\b.*)$",
        re.IGNORECASE,
    ),
    re.compile(r"^[|•·\-–—*_=~#> ]+$"),  # separators and lone bullets
]
_SHORT_DEBRIS_MAX = 80  # debris lines are short; a real sentence may start with "Share"

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
    }
)
# Characters that show nothing: zero-width ones, the soft hyphen, and the C0 controls but tab and
# newlines (\f and \v are spaces below): PostgreSQL text holds no NUL, and no reader needs them.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")

# What `strip_markup` would still find in a cleaned text: markup nested deeper than
# `strip_markup_fully` unwraps ('<p<a<a<script>-->-->-->' needs four passes), or put together by
# a later step ('<\u200bp>' once the invisible space goes). The same syntax as html.unescape's.
_ENTITY = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_TAG_STARTS = (re.compile("<!--"), _DROP_OPENER, _LINE_BREAK_TAG, _BLOCK_TAG, _ANY_TAG)


def _drop_comments(text: str) -> str:
    """'a<!-- x -->b' -> 'ab'; an unclosed '<!--' and what follows it stay."""
    kept, position = [], 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no closer after this opener means none after any later one either
        kept.append(text[position:start])
        position = end + 3
    kept.append(text[position:])
    return "".join(kept)


def _drop_elements(text: str) -> str:
    """'a<script>x</script>b' -> 'ab'; an element never closed keeps its content (its tag goes
    later, with the other tags)."""
    kept, position, searched_from = [], 0, 0
    unclosed: set[str] = set()
    while opener := _DROP_OPENER.search(text, searched_from):
        name = opener.group(1).lower()
        closer = None if name in unclosed else _DROP_CLOSERS[name].search(text, opener.end())
        if closer is None:
            unclosed.add(name)
            searched_from = opener.end()
            continue
        kept.append(text[position : opener.start()])
        position = searched_from = closer.end()
    kept.append(text[position:])
    return "".join(kept)


def strip_markup(text: str) -> str:
    """HTML to plain text: '<p>A &amp; B</p><p>C</p>' -> 'A & B\\n\\nC' (before whitespace cleanup)."""
    if "<" in text:
        text = _drop_comments(text)
        text = _drop_elements(text)
        text = _LINE_BREAK_TAG.sub("\n", text)
        text = _BLOCK_TAG.sub("\n\n", text)
        text = _ANY_TAG.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def normalise_quotes(text: str) -> str:
    """Typographic quotes to ASCII, one for one: '“It’s”' -> '"It\\'s"'."""
    return text.translate(_QUOTES)


def is_debris_line(line: str) -> bool:
    """A line that is scraping debris, not prose: '.jpg)', 'Advertisement', 'Share on Facebook'."""
    stripped = line.strip()
    if not stripped or len(stripped) > _SHORT_DEBRIS_MAX:
        return False
    return any(pattern.match(stripped) for pattern in _DEBRIS_LINES)


def normalise_whitespace(text: str) -> str:
    """One space between words, lines stripped, at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def strip_markup_fully(text: str) -> str:
    """`strip_markup` until nothing changes: feeds often escape their HTML twice."""
    for _ in range(3):
        stripped = strip_markup(text)
        if stripped == text:
            break
        text = stripped
    return text


def defuse_markup(text: str) -> str:
    """Leftover markup made inert with one space, so cleaning again finds none: '<p-->' ->
    '< p-->', '&amp;' -> '& amp;', '[a](/x)' -> '[a] (/x)'.

    A space after `<`, `&` or `]` ends every pattern `strip_markup` looks for there and starts
    none (none of them allows a space right after those characters), so one linear pass reaches
    what repeated stripping would need as many passes as the markup is deep."""
    cuts = {m.start() + 1 for pattern in _TAG_STARTS for m in pattern.finditer(text)}
    cuts.update(m.start() + 1 for m in _ENTITY.finditer(text) if html.unescape(m.group()) != m.group())
    for pattern in (_MD_IMAGE, _MD_LINK):
        cuts.update(m.start() + m.group().index("](") + 1 for m in pattern.finditer(text))
    if not cuts:
        return text
    pieces, previous = [], 0
    for cut in sorted(cuts):
        pieces.append(text[previous:cut])
        previous = cut
    pieces.append(text[previous:])
    return " ".join(pieces)


def clean_text(raw: str) -> str:
    """The article body as ingest publishes it; `clean_text(clean_text(x)) == clean_text(x)`."""
    text = unicodedata.normalize("NFC", strip_markup_fully(raw))
    text = normalise_quotes(text)
    text = normalise_whitespace(text)
    kept = [line for line in text.split("\n") if not is_debris_line(line)]
    return defuse_markup(normalise_whitespace("\n".join(kept)))


def clean_title(raw: str) -> str:
    """A headline on one line: markup, quotes and whitespace cleaned, newlines folded."""
    text = normalise_quotes(unicodedata.normalize("NFC", strip_markup_fully(raw)))
    folded = _INVISIBLE.sub("", text).replace("\n", " ").replace("\r", " ")
    return defuse_markup(_SPACES.sub(" ", folded).strip())
