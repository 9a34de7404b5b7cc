"""Turn a user's query string into a Whoosh query over the per-language fields."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .analysis import analyzer, exact_forms, fold, stopwords, words
from .questions import droppable, is_question_word, query_languages
from .thesaurus import Term, Thesaurus

FIELD_BOOSTS = (("title", 3.0), ("summary", 2.0), ("body", 1.0))
# Expansions rank below the words the user typed; a concept's preferred term and its acronym
# in between.
EXPANSION_BOOST = 0.3
PREFERRED_BOOST = 0.7
# Terms of a concept the query's concept includes (CSAM within CSEM).
NARROWER_BOOST = 0.2
# Added when a document has a word in the exact form typed (accents included, unstemmed);
# without one its score is halved: "traite" ranks "la traite" above "les traités".
EXACT_BOOST = 1.0
_QUOTED_RE = regex.compile(r'"([^"]*)"?')
_MAJOR = ("en", "fr", "es", "pt")
# Languages whose words differ by accents alone; elsewhere only accented query words get the
# exact-form bonus.
_ACCENTED = frozenset(("fr", "es", "pt", "it", "de", "nl"))


@dataclass
class Unit:
    """One AND-ed element of a query: a word, a phrase, or a span naming a thesaurus concept."""

    words: list[str]  # original spelling
    phrase: bool
    concepts: set[str] = field(default_factory=set)
    terms: list[Term] = field(default_factory=list)
    weight: int = 1  # how many of the query's meaningful words it stands for

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
        # "how can hotels" names the concept hotels: it counts as one word, not three.
        u.weight = max(1, sum(1 for w in words(u.text)
                              if w not in drop and not _is_common_stop([w])))
        meaningful.append(u)
    return meaningful or units


def _is_common_stop(ws: list[str]) -> bool:
    folded = words(" ".join(ws))
    return bool(folded) and all(any(w in stopwords(lang) for lang in _MAJOR) for w in folded)


def _tokens(text: str, lang: str) -> list[str]:
    return [t.text for t in analyzer(lang)(text)]


# Query trees are plain tuples, evaluated by scoring.View.evaluate(), one per query unit and
# document language (see plan(); the engine combines the units: all, or most):
#   ("leaf", field, tokens, boost)  -- one token is a term, several a phrase
#   ("and", [nodes]) / ("or", [nodes])
#   ("exact", [match, forms]): `match`, ranked by whether the exact forms typed occur
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
    """The alternatives of one unit for documents in `lang` (None when it is only stop words).

    The words as typed rank first, then the concept's preferred terms and acronyms (so a
    query in old terms still ranks documents using the Luxembourg Guidelines' terms high, and
    an acronym-only document ranks with the spelt-out ones), then the other equivalents."""
    alts: list[Node] = []
    # A span naming a concept is matched as that phrase; its words anywhere count for less.
    as_phrase = unit.phrase or bool(unit.concepts)
    original = _text_query(unit.text, lang, as_phrase, 1.0)
    if original is not None:
        alts.append(_with_exact(original, unit.words, lang, 1.0))
    if unit.concepts and not unit.phrase and len(unit.words) > 1:
        loose = _text_query(unit.text, lang, False, EXPANSION_BOOST)
        if loose is not None:
            alts.append(loose)
    seen = {tuple(words(unit.text))}
    # Equivalents that analyse to the same tokens in this language ("enfants", "enfant")
    # would only add the same postings again.
    analysed = {tuple(_tokens(unit.text, lang))}
    for term in unit.terms:
        if term.lang not in (lang, "*"):
            continue
        key = tuple(words(term.text))
        toks = tuple(_tokens(term.text, lang))
        if key in seen or toks in analysed:
            continue
        seen.add(key)
        analysed.add(toks)
        if term.status == "narrower":
            boost = NARROWER_BOOST
        else:
            boost = PREFERRED_BOOST if term.preferred else EXPANSION_BOOST
        q = _text_query(term.text, lang, True, boost)
        if q is not None:
            # One-word terms, too, are told apart from words that only fold to them.
            alts.append(_with_exact(q, [term.text], lang, boost) if len(key) == 1 else q)
    return _or(alts) if alts else None


def _with_exact(node: Node, ws: list[str], lang: str, boost: float) -> Node:
    """`node` ranked by whether the exact forms of `ws` occur (accented words anywhere;
    every word in languages whose words differ by an accent alone)."""
    stops = stopwords(lang)
    exact = [("leaf", f"exact_{lang}", (form,), EXACT_BOOST * boost) for form in dict.fromkeys(
        f for w in ws if fold(w) != w.lower() or lang in _ACCENTED for f in exact_forms(w)
        if len(f) > 2 and fold(f) not in stops)]
    return ("exact", [node, _or(exact)]) if exact else node


def plan(units: list[Unit], languages: list[str]) -> dict[str, list[Node | None]]:
    """Per document language, one query per unit (None where the unit is only stop words)."""
    return {lang: [unit_query(u, lang) for u in units] for lang in languages}


def plan_leaves(units_plan: dict[str, list[Node | None]]):
    """All leaves of a plan."""
    for nodes in units_plan.values():
        for node in nodes:
            if node is not None:
                yield from leaves(node)


def min_should_match(n: int) -> int:
    """Words a "most" match needs out of the n its documents' language can match: one- and
    two-word queries need every word, longer ones a share that shrinks with length (2 of 3
    to 6, 3 of 7 to 12, 4 of 13 to 20): documents with more of the words still rank first."""
    return n if n <= 2 else max(2, round(n ** 0.5))


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


