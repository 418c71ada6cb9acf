"""What a judge reads of a sentence: the same normalisation at training and at run time."""

from __future__ import annotations

import re

_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")


def judge_text(sentence: str, *, lede: bool = False) -> str:
    """Lower case, digits as 0, one space; the article's first sentence marked.

    >>> judge_text("The SNB cut its rate to 0.25%  on Thursday.", lede=True)
    'xlede the snb cut its rate to 0.00% on thursday.'
    """
    text = _SPACE.sub(" ", _DIGIT.sub("0", sentence.lower())).strip()
    return f"xlede {text}" if lede else text
