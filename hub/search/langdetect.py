"""Language detection restricted to the hub's languages (lingua, built once per process)."""

from __future__ import annotations

import threading

from .analysis import LANGUAGES

MIN_CHARS = 20
_detector = None
_lock = threading.Lock()


def _get_detector():
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                # Imported lazily: building the models costs memory and a second or so.
                from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

                langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper()))
                         for c in LANGUAGES]
                _detector = (LanguageDetectorBuilder.from_languages(*langs)
                             .with_minimum_relative_distance(0.1).build())
    return _detector


def detect_language(text: str | None) -> str | None:
    """ISO 639-1 code of `text` among en fr es pt ru ar th de it nl; None if short or unsure."""
    if not text or len(text.strip()) < MIN_CHARS:
        return None
    lang = _get_detector().detect_language_of(text)
    if lang is None:
        return None
    return lang.iso_code_639_1.name.lower()
