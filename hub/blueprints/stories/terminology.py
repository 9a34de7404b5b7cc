"""Outdated-terminology checker for stories (Luxembourg Terminology Guidelines, 2016).

The terms live in ``data/terminology.csv`` (concept, language, pattern, suggestion) and the
official instrument titles that may still quote old terms in ``data/official_titles.csv``.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

DATA_DIR = Path(__file__).parent / "data"
FALLBACK_LANGUAGE = "en"
_PUNCT = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-",
          "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u202f": " "}


@dataclass(frozen=True)
class TermHit:
    term: str
    start: int
    end: int
    suggestion: str


def fold(text: str) -> tuple[str, list[int]]:
    """Lower-case ``text`` and strip accents; return it with a map from folded to original index.

    The map has one extra entry (len(text)) so that an end offset can be mapped too.
    """
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            out.append(ch.lower())
            index.append(i)
            continue
        # NFKD splits "é" into "e" + a combining accent, and "œ" stays; drop the combining marks
        # so that "pédophile", "pe\u0301dophile" and "PEDOPHILE" all fold alike.
        # Typographic apostrophes and dashes are folded to ASCII so one pattern fits both.
        ch = _PUNCT.get(ch, ch)
        for part in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(part):
                continue
            for low in part.lower():
                out.append(low)
                index.append(i)
    index.append(len(text))
    return "".join(out), index


def to_original(index: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a folded [start, end) span back to the original text."""
    return index[start], (index[end - 1] + 1) if end > start else index[start]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def _bounded(pattern: str) -> str:
    # Word boundaries on both ends so "pedophiles" matches but "antipedophile" does not.
    return rf"(?<![\p{{L}}\p{{N}}])(?:{pattern})(?![\p{{L}}\p{{N}}])"


@cache
def _terms() -> tuple[list[tuple[str, regex.Pattern[str]]], dict[tuple[str, str], str]]:
    patterns: list[tuple[str, regex.Pattern[str]]] = []
    suggestions: dict[tuple[str, str], str] = {}
    for row in _rows("terminology.csv"):
        concept, language = row["concept"].strip(), row["language"].strip()
        patterns.append((concept, regex.compile(_bounded(row["pattern"].strip()))))
        suggestions.setdefault((concept, language), row["suggestion"].strip())
    return patterns, suggestions


@cache
def _titles() -> list[regex.Pattern[str]]:
    return [regex.compile(row["pattern"].strip(), regex.S) for row in _rows("official_titles.csv")]


def _suggestion(concept: str, language: str) -> str:
    _, suggestions = _terms()
    lang = (language or FALLBACK_LANGUAGE).lower().split("-")[0].split("_")[0]
    return suggestions.get((concept, lang)) or suggestions[(concept, FALLBACK_LANGUAGE)]


def find_outdated_terms(text: str, language: str) -> list[TermHit]:
    """Find outdated SEC terms in ``text``; suggestions are given in ``language``.

    All languages' patterns are applied (stories quote across languages); hits inside the
    official title of an instrument such as the Optional Protocol are not reported.
    """
    if not text:
        return []
    folded, index = fold(text)
    titles = [m.span() for p in _titles() for m in p.finditer(folded)]
    found: list[tuple[int, int, str]] = []
    patterns, _ = _terms()
    for concept, pattern in patterns:
        for m in pattern.finditer(folded):
            s, e = m.span()
            if any(ts <= s and e <= te for ts, te in titles):
                continue
            found.append((s, e, concept))
    # Overlaps (e.g. "webcam child sex tourism" vs "child sex tourism", or the same words matched
    # by two languages' rows): keep the longest, then the earliest.
    found.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    kept: list[tuple[int, int, str]] = []
    for s, e, concept in found:
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, concept))
    hits = []
    for s, e, concept in sorted(kept):
        start, end = to_original(index, s, e)
        hits.append(TermHit(text[start:end], start, end, _suggestion(concept, language)))
    return hits
