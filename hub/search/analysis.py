"""Per-language text analysis: tokenise, lowercase, fold accents, drop stop words, stem.

Accents are folded *before* stemming so that text typed without accents ("educacion")
matches text written with them ("educación"); a few folded plural endings are normalised
first because the Snowball stemmers only know the accented forms of those suffixes.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from itertools import pairwise

import regex
from whoosh.analysis import Analyzer, Filter, LowercaseFilter, StemFilter, Tokenizer
from whoosh.analysis.acore import Token
from whoosh.lang import NoStopWords, stopwords_for_language

# Languages with a dedicated analyzer; everything else uses FALLBACK.
STEMMED_LANGUAGES = ("en", "fr", "es", "pt", "ru", "ar", "de", "it", "nl")
LANGUAGES = (*STEMMED_LANGUAGES, "th")
FALLBACK = "xx"
ALL_FIELD_LANGUAGES = (*LANGUAGES, FALLBACK)

# \w in Whoosh's default tokenizer splits words at combining marks (Thai, Hindi, vowelled
# Arabic); \p{M} keeps them whole.
WORD_RE = regex.compile(r"[\p{L}\p{M}\p{N}_]+")
# Scripts written without spaces between words: index character bigrams instead.
NOSPACE_RE = regex.compile(
    r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Han}\p{Hiragana}\p{Katakana}]"
)

GRAPHEME_RE = regex.compile(r"\X")

_ARABIC_MARKS = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}
_SPECIAL = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ё": "е", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي",
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch in _ARABIC_MARKS:
        return ""
    code = ord(ch)
    # Only Latin and Greek letters lose their diacritics: in Cyrillic (й) and the Indic and
    # Thai scripts the marks are part of the letter.
    if code < 0x0250 or 0x0370 <= code < 0x0400 or 0x1E00 <= code < 0x1F00:
        decomposed = unicodedata.normalize("NFD", ch)
        return "".join(c for c in decomposed if not 0x0300 <= ord(c) < 0x0370)
    return ch


def fold(text: str) -> str:
    """Lowercase and remove accents from Latin/Greek letters and Arabic harakat."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))


class RegexTokenizer(Tokenizer):
    """Tokenizer on the `regex` package pattern [\\p{L}\\p{M}\\p{N}_]+."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        for pos, m in enumerate(WORD_RE.finditer(value)):
            t.text = m.group()
            t.boost = 1.0
            if keeporiginal:
                t.original = t.text
            t.stopped = False
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + m.start()
                t.endchar = start_char + m.end()
            yield t


class FoldFilter(Filter):
    """Folds accents (after LowercaseFilter)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class StopSetFilter(Filter):
    """Removes stop words, renumbering positions so phrases work the same at index and query."""

    def __init__(self, stops: frozenset[str]):
        self.stops = stops

    def __call__(self, tokens):
        pos = None
        for t in tokens:
            if t.text in self.stops:
                continue
            if t.positions:
                pos = 0 if pos is None else pos + 1
                t.pos = pos
            yield t


# Snowball stemmers only recognise the accented suffixes; map the folded forms first.
_PLURALS = {
    "pt": (("coes", "cao"), ("soes", "sao"), ("aes", "ao"), ("oes", "ao"), ("ais", "al"),
           ("eis", "el")),
    "es": (("ciones", "cion"), ("siones", "sion")),
    "fr": (),
}
# Irregular plurals the English stemmer leaves apart.
_IRREGULAR = {"en": {"children": "child", "women": "woman", "men": "man"}}


class SuffixFilter(Filter):
    """Normalises folded plural endings (pt 'exploracoes' -> 'exploracao') before stemming."""

    def __init__(self, rules, exact=None):
        self.rules = rules
        self.exact = exact or {}

    def __call__(self, tokens):
        rules, exact = self.rules, self.exact
        for t in tokens:
            text = t.text
            if text in exact:
                t.text = exact[text]
                yield t
                continue
            for suffix, repl in rules:
                if text.endswith(suffix) and len(text) > len(suffix) + 2:
                    t.text = text[: -len(suffix)] + repl
                    break
            yield t


class BigramFilter(Filter):
    """Splits runs of space-less scripts (Thai, CJK...) into overlapping character bigrams."""

    def __call__(self, tokens):
        pos = 0
        for t in tokens:
            text = t.text
            if not NOSPACE_RE.search(text) or len(text) <= 2:
                if t.positions:
                    t.pos = pos
                pos += 1
                yield t
                continue
            # Bigrams of grapheme clusters, so a Thai vowel or tone mark stays on its consonant.
            clusters = GRAPHEME_RE.findall(text)
            if len(clusters) <= 2:
                if t.positions:
                    t.pos = pos
                pos += 1
                yield t
                continue
            offset = t.startchar if t.chars else 0
            for i in range(len(clusters) - 1):
                t.text = clusters[i] + clusters[i + 1]
                if t.positions:
                    t.pos = pos
                pos += 1
                if t.chars:
                    t.startchar = offset
                    t.endchar = offset + len(t.text)
                offset += len(clusters[i])
                yield t


class PairFilter(Filter):
    """Also emits each pair of consecutive tokens ("polic court"), so a phrase is a term lookup.

    Whoosh's position-based phrase matching decodes positions posting by posting in Python
    (~150 ms for a common two-word phrase at 20k documents); pair terms make it ~1 ms.
    """

    def __call__(self, tokens):
        prev_text = None
        prev_start = 0
        for t in tokens:
            text = t.text
            start = t.startchar if t.chars else 0
            yield t
            if prev_text is not None:
                t.text = prev_text + " " + text
                if t.chars:
                    t.startchar = prev_start
                yield t
                t.text = text
                if t.chars:
                    t.startchar = start
            prev_text, prev_start = text, start


def pairs(toks: list[str]) -> list[str]:
    """The pair terms PairFilter indexes for a token sequence."""
    return [f"{a} {b}" for a, b in pairwise(toks)]


# Whoosh has no Arabic stop list.
_AR_STOPS = (
    "في", "من", "على", "الى", "إلى", "عن", "مع", "هذا", "هذه", "ذلك", "التي", "الذي",
    "الذين", "او", "أو", "و", "ثم", "ان", "أن", "إن", "كان", "كانت", "قد", "لا", "ما",
    "لم", "لن", "هو", "هي", "هم", "بين", "كل", "بعد", "قبل", "حتى", "عند",
)


@cache
def stopwords(lang: str) -> frozenset[str]:
    """Folded stop words for a language (empty set when unknown)."""
    if lang == "ar":
        words = _AR_STOPS
    else:
        try:
            words = stopwords_for_language(lang)
        except (KeyError, ValueError, NoStopWords):
            words = ()
    return frozenset(fold(w) for w in words)


@cache
def analyzer(lang: str) -> Analyzer:
    """The index/query analyzer for a language code; unknown codes get the fallback."""
    chain = RegexTokenizer() | LowercaseFilter() | FoldFilter()
    if lang in STEMMED_LANGUAGES:
        chain = chain | StopSetFilter(stopwords(lang))
        if _PLURALS.get(lang) or lang in _IRREGULAR:
            chain = chain | SuffixFilter(_PLURALS.get(lang, ()), _IRREGULAR.get(lang))
        chain = chain | StemFilter(lang=lang, cachesize=50000)
        return chain
    return chain | BigramFilter()


@cache
def index_analyzer(lang: str) -> Analyzer:
    """Analyzer for the per-language text fields: tokens plus consecutive-token pairs."""
    return analyzer(lang) | PairFilter()


@cache
def spelling_analyzer() -> Analyzer:
    """Unstemmed, folded words: the vocabulary for did-you-mean."""
    return RegexTokenizer() | LowercaseFilter() | FoldFilter()


def field_language(lang: str | None) -> str:
    """Map a document language code to the suffix of its per-language fields."""
    lang = (lang or "").lower().split("-")[0]
    return lang if lang in LANGUAGES else FALLBACK


def analyze(text: str, lang: str) -> list[str]:
    """Token texts of `text` under the analyzer for `lang`."""
    return [t.text for t in analyzer(field_language(lang))(text)]


def words(text: str) -> list[str]:
    """Folded, unstemmed words of `text`."""
    return [fold(m.group()) for m in WORD_RE.finditer(text)]
