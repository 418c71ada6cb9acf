"""Language detection with py3langid, loaded once per detector on first use (about 0.5 s)."""

from __future__ import annotations

import threading
from typing import Any

SAMPLE_CHARS = 1000  # the opening of an article (150-odd words) is enough; the cost is linear in it
MIN_LETTERS = 20  # below this langid guesses
MIN_PROBABILITY = 0.5


class LanguageDetector:
    """`detect("The minister said...") -> "en"`; None when the text is too short or unclear."""

    def __init__(self) -> None:
        self._identifier: Any = None
        self._lock = threading.Lock()

    def detect(self, text: str) -> str | None:
        sample = text[:SAMPLE_CHARS]
        if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
            return None
        language, probability = self._load().classify(sample)
        if probability < MIN_PROBABILITY or language == "und":
            return None
        return str(language)

    def _load(self) -> Any:
        with self._lock:
            if self._identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            return self._identifier
