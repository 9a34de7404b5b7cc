"""Multilingual SEC thesaurus: equivalent terms across languages, loaded from CSV data.

The data lives in ``thesaurus.csv`` (columns concept, lang, term, status; ``*`` for acronyms)
so the Secretariat can extend it without touching code; an extra file can be layered on top.
``status`` follows the Luxembourg Terminology Guidelines: ``preferred`` for the term to use,
``replaced`` for the one it replaces ("child pornography"), empty for a plain equivalent.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import STEMMED_LANGUAGES, analyze, fold, words

DEFAULT_PATH = Path(__file__).with_name("thesaurus.csv")
MAX_TERM_WORDS = 12


@dataclass(frozen=True)
class Term:
    concept: str
    lang: str  # ISO 639-1 code, or "*" for any language
    text: str
    status: str = ""  # "preferred", "replaced" or ""

    @property
    def preferred(self) -> bool:
        """A Luxembourg Guidelines term, or an acronym (CSAM, OCSE) standing for the concept."""
        if self.status == "narrower":
            return False
        return self.status == "preferred" or (self.lang == "*" and self.text.isupper())


@dataclass
class Thesaurus:
    """Concepts and their terms, with lookup keys for matching spans of a query."""

    concepts: dict[str, list[Term]] = field(default_factory=dict)
    # concept -> concepts it includes (CSEM includes CSAM): rows "csem,narrower,csam".
    narrower: dict[str, set[str]] = field(default_factory=dict)
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
                status = (row.get("status") or "").strip().lower()
                if concept and text and lang == "narrower":
                    self.narrower.setdefault(concept, set()).add(text)
                elif concept and text:
                    self.add(Term(concept, lang, text, status))

    def add(self, term: Term) -> None:
        """Register one term under its concept."""
        terms = self.concepts.setdefault(term.concept, [])
        same = [t for t in terms if (t.lang, t.text) == (term.lang, term.text)]
        if same:
            if term.status and term.status != same[0].status:  # a later file re-marks it
                terms[terms.index(same[0])] = term
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
        """Concepts whose term equals the word span (exactly, or after stemming in a language).

        An accent typed must agree with the term's: "traités" (treaties) is not "traite"
        (trafficking), while "reinsercion" typed without accents still finds "réinsertion"."""
        key = tuple(words(" ".join(span)))
        found = set(self._exact.get(key, ()))
        if not found:
            text = " ".join(span)
            for lang in STEMMED_LANGUAGES:
                stemmed = tuple(analyze(text, lang))
                if stemmed:
                    found |= self._stemmed.get((lang, stemmed), set())
        typed = [w.lower() for w in span if fold(w) != w.lower()]
        if not typed:
            return found
        return {c for c in found if any(_accents_agree(typed, t.text)
                                        for t in self.concepts[c])}

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
        """All terms of the given concepts, in file order, then those of the concepts they
        include (status "narrower", so they rank below)."""
        terms = [t for c in sorted(concepts) for t in self.concepts.get(c, ())]
        included = sorted({n for c in concepts for n in self.narrower.get(c, ())} - concepts)
        terms += [Term(t.concept, t.lang, t.text, "narrower")
                  for c in included for t in self.concepts.get(c, ())]
        return terms


def _accents_agree(typed: list[str], term: str) -> bool:
    """Whether each accented word typed has a word in `term` sharing its letters up to and
    including every accent typed (the term may carry accents the query lacks, not the
    reverse): "traités" does not agree with "traite", "reinsercion" needs no accent."""
    term_words = [w.lower() for w in term.split()]
    for q in typed:
        fq = fold(q)
        if len(q) != len(fq):  # ß, æ... change length: no letter-by-letter comparison
            continue
        accents = [i for i, ch in enumerate(q) if fold(ch) != ch]
        ok = False
        for t in term_words:
            ft = fold(t)
            if len(t) != len(ft):
                continue
            p = 0
            while p < min(len(fq), len(ft)) and fq[p] == ft[p]:
                p += 1
            if p >= 3 and all(i < p and t[i] == q[i] for i in accents):
                ok = True
                break
        if not ok:
            return False
    return True
