"""Language of a comment or question text: "en", "fr", "es", or "other" when it cannot tell."""

from __future__ import annotations

import functools
import re

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_CODES = {Language.ENGLISH: "en", Language.FRENCH: "fr", Language.SPANISH: "es"}
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_WORDS = 1  # fewer alphabetic words than this: "other"
MIN_CONFIDENCE = 0.5  # below this top confidence among en/fr/es: "other"
MAX_LETTERS = 2000  # longer texts are judged on their first words (lingua's cost grows with length)
OTHER = "other"


@functools.cache
def detector() -> LanguageDetector:
    """Return the lingua detector restricted to English, French and Spanish (built on first use)."""
    return LanguageDetectorBuilder.from_languages(*_CODES).build()


def letters_only(text: str) -> str:
    """Return the words of text without URLs, digits and punctuation, space-joined."""
    return " ".join(_WORD.findall(_URL.sub(" ", text)))


def detect_language(text: str) -> str:
    """Return "en", "fr" or "es" for text, or "other" when it is too short or ambiguous to tell."""
    words = letters_only(text)[:MAX_LETTERS]
    if len(words.split()) < MIN_WORDS:
        return OTHER
    values = detector().compute_language_confidence_values(words)
    if not values or values[0].value < MIN_CONFIDENCE:
        return OTHER
    return _CODES[values[0].language]
