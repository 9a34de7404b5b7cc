"""Words that carry the asking, not the topic: question words and auxiliaries, per language.

People type questions ("how can hotels train staff to spot child trafficking", "comment
protéger ...", "¿cómo ...?"). These words are dropped from the query in the query's language;
the query's language is guessed from its script and from which language's stop and question
words it uses, which is reliable exactly where it matters: in sentences.
"""

from __future__ import annotations

from functools import cache

import regex

from .analysis import fold, stopwords

_QUESTION_WORDS = {
    "en": "how what why when where which who whom whose can could should would do does did "
          "is are was were will shall may might must ways way",
    "fr": "comment pourquoi quand où quel quelle quels quelles qui que quoi combien est-ce "
          "peut peuvent doit doivent faut faire",
    "es": "cómo qué por porqué cuándo dónde cuál cuáles quién quiénes cuánto cuántos "
          "puede pueden debe deben hacer hay",
    "pt": "como que porque quando onde qual quais quem quanto quantos pode podem deve devem "
          "fazer há",
    "it": "come perché quando dove quale quali chi cosa quanto può possono deve devono fare",
    "de": "wie warum wann wo welche welcher welches wer was können kann sollen soll muss "
          "müssen",
    "nl": "hoe waarom wanneer waar welke wie wat kunnen kan moeten",
    "ru": "как почему когда где какой какая какие кто что сколько можно нужно",
    "ar": "كيف لماذا متى أين ما ماذا هل من أي يمكن",
    "th": "อย่างไร ทำไม เมื่อไร ที่ไหน อะไร ใคร ไหม หรือไม่",
}
_SCRIPTS = (("ru", regex.compile(r"\p{Cyrillic}")), ("ar", regex.compile(r"\p{Arabic}")),
            ("th", regex.compile(r"\p{Thai}")))


@cache
def question_words(lang: str) -> frozenset[str]:
    """Folded question words and auxiliaries of a language."""
    return frozenset(fold(w) for w in _QUESTION_WORDS.get(lang, "").split())


def is_question_word(word: str) -> bool:
    """Whether a folded word is a question word in any language."""
    return any(word in question_words(lang) for lang in _QUESTION_WORDS)


def droppable(lang: str) -> frozenset[str]:
    """Words of `lang` that say nothing about the topic: stop words plus question words."""
    return stopwords(lang) | question_words(lang)


def query_languages(folded_words: list[str], raw: str = "") -> tuple[str, ...]:
    """The language(s) a query is most likely written in; empty when nothing tells.

    Ties are kept ("como ... de ..." is Portuguese or Spanish): their droppable words are
    dropped together."""
    for lang, pattern in _SCRIPTS:
        if pattern.search(raw):
            return (lang,)
    hits = {}
    for lang in _QUESTION_WORDS:
        if lang in ("ru", "ar", "th"):
            continue
        q, s = question_words(lang), stopwords(lang)
        # A question word counts double: "comment" is French, "les" French and Spanish.
        hits[lang] = sum(2 * (w in q) + (w in s) for w in folded_words)
    best = max(hits.values(), default=0)
    if best < 2:
        return ()
    return tuple(lang for lang, h in hits.items() if h == best)
