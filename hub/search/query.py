"""Turn a user's query string into a Whoosh query over the per-language fields."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .analysis import analyzer, stopwords, words
from .questions import droppable, is_question_word, query_languages
from .thesaurus import Term, Thesaurus

FIELD_BOOSTS = (("title", 3.0), ("summary", 2.0), ("body", 1.0))
# Expansions rank slightly below the words the user typed.
EXPANSION_BOOST = 0.3
_QUOTED_RE = regex.compile(r'"([^"]*)"?')
_MAJOR = ("en", "fr", "es", "pt")


@dataclass
class Unit:
    """One AND-ed element of a query: a word, a phrase, or a span naming a thesaurus concept."""

    words: list[str]  # original spelling
    phrase: bool
    concepts: set[str] = field(default_factory=set)
    terms: list[Term] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def split_query(q: str) -> list[tuple[list[str], bool]]:
    """Split into ([words], quoted) chunks, keeping the user's order."""
    chunks: list[tuple[list[str], bool]] = []
    pos = 0
    for m in _QUOTED_RE.finditer(q):
        before = q[pos:m.start()]
        if before.strip():
            chunks.append((_raw_words(before), False))
        inner = _raw_words(m.group(1))
        if inner:
            chunks.append((inner, len(inner) > 1))
        pos = m.end()
    rest = q[pos:]
    if rest.strip():
        chunks.append((_raw_words(rest), False))
    return [(w, quoted) for w, quoted in chunks if w]


def _raw_words(text: str) -> list[str]:
    # Apostrophes and hyphens stay inside a span ("mariage d'enfants", "volun-tourism") so the
    # thesaurus can recognise them; the analyzers split them later.
    return regex.findall(r"[\p{L}\p{M}\p{N}_'’\-]*[\p{L}\p{M}\p{N}_]", text)


def parse(q: str, thesaurus: Thesaurus | None) -> list[Unit]:
    """Parse into units; with a thesaurus, spans naming a concept get their equivalent terms."""
    units: list[Unit] = []
    for chunk, quoted in split_query(q):
        if quoted:
            unit = Unit(chunk, phrase=True)
            if thesaurus:
                unit.concepts = thesaurus.lookup(chunk)
            units.append(unit)
            continue
        if thesaurus:
            for span, concepts in thesaurus.segment(chunk):
                units.append(Unit(span, phrase=False, concepts=concepts))
        else:
            units.extend(Unit([w], phrase=False) for w in chunk)
    for unit in units:
        if thesaurus and unit.concepts:
            unit.terms = thesaurus.terms_for(unit.concepts)
    # A lone word that is a stop word in a major language ("de", "the", "la") would force
    # documents in every other language to contain it, and question words ("how", "comment",
    # "¿cómo") say nothing about the topic: drop them unless they are all we have.
    langs = query_languages(words(q), q)
    drop = frozenset().union(*(droppable(lang) for lang in langs))
    meaningful, seen = [], set()
    for i, u in enumerate(units):
        key = (tuple(words(u.text)), u.phrase)
        if key in seen:  # "travel ... who travel": one unit is enough
            continue
        seen.add(key)
        if not (u.phrase or u.concepts):
            folded = list(key[0])
            if _is_common_stop(u.words) or (drop and all(w in drop for w in folded)):
                continue
            if i == 0 and not langs and len(folded) == 1 and is_question_word(folded[0]):
                continue
        meaningful.append(u)
    return meaningful or units


def _is_common_stop(ws: list[str]) -> bool:
    folded = words(" ".join(ws))
    return bool(folded) and all(any(w in stopwords(lang) for lang in _MAJOR) for w in folded)


def _tokens(text: str, lang: str) -> list[str]:
    return [t.text for t in analyzer(lang)(text)]


# Query trees are plain tuples, evaluated by scoring.evaluate():
#   ("leaf", field, tokens, boost)  -- one token is a term, several a phrase
#   ("and", [nodes]) / ("or", [nodes]) / ("disjoint", [nodes]): an OR of branches that
#   never match the same document
Node = tuple


def _and(parts: list[Node]) -> Node:
    return parts[0] if len(parts) == 1 else ("and", parts)


def _or(parts: list[Node]) -> Node:
    return parts[0] if len(parts) == 1 else ("or", parts)


def _text_query(text: str, lang: str, as_phrase: bool, boost: float) -> Node | None:
    """Query for `text` in the three fields of `lang`: a term, a phrase, or an AND of words."""
    if as_phrase:
        toks = _tokens(text, lang)
        return _field_or(toks, lang, boost) if toks else None
    parts = []
    for w in _raw_words(text):
        toks = _tokens(w, lang)
        if toks:
            parts.append(_field_or(toks, lang, boost))
    return _and(parts) if parts else None


def _field_or(toks: list[str], lang: str, boost: float) -> Node:
    return _or([("leaf", f"{name}_{lang}", tuple(toks), fboost * boost)
                for name, fboost in FIELD_BOOSTS])


def unit_query(unit: Unit, lang: str) -> Node | None:
    """The alternatives of one unit for documents in `lang` (None when it is only stop words)."""
    alts: list[Node] = []
    original = _text_query(unit.text, lang, unit.phrase, 1.0)
    if original is not None:
        alts.append(original)
    seen = {tuple(words(unit.text))}
    for term in unit.terms:
        if term.lang not in (lang, "*"):
            continue
        key = tuple(words(term.text))
        if key in seen:
            continue
        seen.add(key)
        q = _text_query(term.text, lang, True, EXPANSION_BOOST)
        if q is not None:
            alts.append(q)
    return _or(alts) if alts else None


def build(units: list[Unit], languages: list[str]) -> Node | None:
    """OR over languages of (AND over units), so a stop word in one language cannot empty it."""
    per_lang: list[Node] = []
    for lang in languages:
        parts = [p for u in units if (p := unit_query(u, lang)) is not None]
        if parts:
            per_lang.append(_and(parts))
    if not per_lang:
        return None
    # Each document lives in one language's fields, so these branches never overlap.
    return per_lang[0] if len(per_lang) == 1 else ("disjoint", per_lang)


def plan(units: list[Unit], languages: list[str]) -> dict[str, list[Node | None]]:
    """Per document language, one query per unit (None where the unit is only stop words)."""
    return {lang: [unit_query(u, lang) for u in units] for lang in languages}


def plan_leaves(units_plan: dict[str, list[Node | None]]):
    """All leaves of a plan."""
    for nodes in units_plan.values():
        for node in nodes:
            if node is not None:
                yield from leaves(node)


def weight(units: list[Unit]) -> int:
    """How many query words the units stand for (a concept span counts each of its words)."""
    return sum(max(1, len(words(u.text))) for u in units)


def min_should_match(n: int) -> int:
    """Words a "most" match needs out of the n the documents' language can match: a majority
    (2 of 3, 3 of 4 or 5, 4 of 6 or 7 ...); one- and two-word queries need every word."""
    return n if n <= 2 else n // 2 + 1


def leaves(node: Node):
    """All ("leaf", field, tokens, boost) nodes of a tree."""
    if node[0] == "leaf":
        yield node
    else:
        for child in node[1]:
            yield from leaves(child)


def expansions(units: list[Unit]) -> list[dict]:
    """Which thesaurus expansions a parsed query used, for display."""
    out = []
    for u in units:
        if not u.terms:
            continue
        own = tuple(words(u.text))
        added: list[str] = []
        for t in u.terms:
            if tuple(words(t.text)) != own and t.text not in added:
                added.append(t.text)
        if added:
            out.append({"term": u.text, "concepts": sorted(u.concepts), "added": added})
    return out


