"""HTML snippets: the stored text is escaped, then the matched words are wrapped in <mark>."""

from __future__ import annotations

import html
import threading
from collections import OrderedDict

from whoosh.analysis import Token
from whoosh.highlight import (
    FIRST,
    BasicFragmentScorer,
    ContextFragmenter,
    Formatter,
    WholeFragmenter,
    get_text,
    set_matched_filter,
    top_fragments,
)

from .analysis import analyzer, field_language

_SNIPPET_CHARS = 240
_HEAD_CHARS = 700
_WINDOW_CHARS = 300

# The analysed tokens of the texts snippets were made from, per process: a text (a result's
# summary and opening, or a window of its body) is analysed once, not by every search that
# shows it. Analysis was two thirds of a snippet's cost, and snippets half of a search's.
_TOKENS: OrderedDict[tuple[str, str], tuple] = OrderedDict()
_TOKENS_MAX = 1024
_TOKENS_LOCK = threading.Lock()


def _analysed(lang: str, text: str) -> tuple:
    key = (lang, text)
    with _TOKENS_LOCK:
        found = _TOKENS.get(key)
        if found is not None:
            _TOKENS.move_to_end(key)
            return found
    found = tuple((t.text, t.startchar, t.endchar, t.stopped, t.boost) for t in analyzer(lang)(
        text, chars=True, mode="query", removestops=False))
    with _TOKENS_LOCK:
        _TOKENS[key] = found
        while len(_TOKENS) > _TOKENS_MAX:
            _TOKENS.popitem(last=False)
    return found


def _tokens(lang: str, text: str):
    """The tokens whoosh's highlight() would analyse from `text`, one Token reused as its
    analysers do (the fragmenter copies the ones it keeps)."""
    token = Token(positions=False, chars=True, removestops=False, mode="query")
    for token.text, token.startchar, token.endchar, token.stopped, token.boost in \
            _analysed(lang, text):
        yield token


def _highlight(lang: str, text: str, terms: set[str], fragmenter, top: int) -> str:
    """whoosh.highlight.highlight() over the cached tokens."""
    tokens = set_matched_filter(_tokens(lang, text), frozenset(terms))
    fragments = top_fragments(fragmenter.fragment_tokens(text, tokens), top,
                              BasicFragmentScorer(), FIRST, 1)
    return _MarkFormatter()(text, fragments)


class _MarkFormatter(Formatter):
    """Escapes every piece of text, then wraps matched tokens in <mark>."""

    between = " … "

    def _text(self, text):
        return html.escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(get_text(text, token, replace), quote=False) + "</mark>"


def snippet(stored: dict, terms) -> str:
    """Escaped snippet with matched words in <mark>; plain escaped summary when no match."""
    lang = field_language(stored.get("language"))
    summary, body = stored.get("summary") or "", stored.get("body") or ""
    if terms:
        texts = {t for fname, t in terms if fname.endswith("_" + lang)}
        if texts:
            frag = ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=60)
            out = None
            # Re-analysing a whole report costs ~2 ms per 400 words: look at the start first,
            # then at windows around likely matches, then at the title.
            for text in _windows(summary, body, texts):
                out = _highlight(lang, text, texts, frag, top=2)
                if out:
                    break
            if not out:  # matched in the title only
                out = _highlight(lang, stored.get("title") or "", texts, WholeFragmenter(),
                                 top=1)
            if out:
                return out
    text = (summary or body).strip()
    if len(text) > _SNIPPET_CHARS:
        text = text[:_SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False)


def _windows(summary: str, body: str, terms: set[str]):
    """Candidate texts to highlight: the opening, then spans around raw term prefixes."""
    yield f"{summary}\n{body[:_HEAD_CHARS]}".strip()
    if len(body) <= _HEAD_CHARS:
        return
    lower = body.lower()
    for term in sorted(terms, key=len, reverse=True)[:8]:
        word = term.split(" ")[0][:6]
        pos = lower.find(word, _HEAD_CHARS - 200) if len(word) >= 3 else -1
        if pos >= 0:
            start = max(0, pos - _WINDOW_CHARS)
            yield body[start:pos + _WINDOW_CHARS]
