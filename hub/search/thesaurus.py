"""Multilingual SEC thesaurus: equivalent terms across languages, loaded from CSV data.

The data lives in ``thesaurus.csv`` (columns concept, lang, term; ``*`` for acronyms) so the
Secretariat can extend it without touching code; an extra file can be layered on top.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import STEMMED_LANGUAGES, analyze, words

DEFAULT_PATH = Path(__file__).with_name("thesaurus.csv")
MAX_TERM_WORDS = 12


@dataclass(frozen=True)
class Term:
    concept: str
    lang: str  # ISO 639-1 code, or "*" for any language
    text: str


@dataclass
class Thesaurus:
    """Concepts and their terms, with lookup keys for matching spans of a query."""

    concepts: dict[str, list[Term]] = field(default_factory=dict)
    # folded word tuple -> concepts; per-language stemmed tuple -> concepts
    _exact: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    _stemmed: dict[tuple[str, tuple[str, ...]], set[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, *paths: str | Path | None) -> Thesaurus:
        """Load the default CSV plus any extra CSV files (same columns)."""
        th = cls()
        for path in (DEFAULT_PATH, *paths):
            if path:
                th.load_file(path)
        return th

    def load_file(self, path: str | Path) -> None:
        """Add the rows of one CSV file."""
        with open(path, encoding="utf-8", newline="") as fh:
            rows = (line for line in fh if line.strip() and not line.lstrip().startswith("#"))
            for row in csv.DictReader(rows):
                concept = (row.get("concept") or "").strip()
                lang = (row.get("lang") or "*").strip().lower() or "*"
                text = (row.get("term") or "").strip()
                if concept and text:
                    self.add(Term(concept, lang, text))

    def add(self, term: Term) -> None:
        """Register one term under its concept."""
        terms = self.concepts.setdefault(term.concept, [])
        if term in terms:
            return
        terms.append(term)
        key = tuple(words(term.text))
        if key:
            self._exact.setdefault(key, set()).add(term.concept)
        if term.lang in STEMMED_LANGUAGES:
            stemmed = tuple(analyze(term.text, term.lang))
            if stemmed:
                self._stemmed.setdefault((term.lang, stemmed), set()).add(term.concept)

    def lookup(self, span: list[str]) -> set[str]:
        """Concepts whose term equals the word span (exactly, or after stemming in a language)."""
        key = tuple(words(" ".join(span)))
        found = set(self._exact.get(key, ()))
        if found:
            return found
        text = " ".join(span)
        for lang in STEMMED_LANGUAGES:
            stemmed = tuple(analyze(text, lang))
            if stemmed:
                found |= self._stemmed.get((lang, stemmed), set())
        return found

    def segment(self, tokens: list[str]) -> list[tuple[list[str], set[str]]]:
        """Split a word list into spans, greedily taking the longest spans naming a concept."""
        out: list[tuple[list[str], set[str]]] = []
        i = 0
        while i < len(tokens):
            for j in range(min(len(tokens), i + MAX_TERM_WORDS), i, -1):
                concepts = self.lookup(tokens[i:j])
                if concepts:
                    out.append((tokens[i:j], concepts))
                    i = j
                    break
            else:
                out.append(([tokens[i]], set()))
                i += 1
        return out

    def terms_for(self, concepts: set[str]) -> list[Term]:
        """All terms of the given concepts, in file order."""
        return [t for c in sorted(concepts) for t in self.concepts.get(c, ())]
