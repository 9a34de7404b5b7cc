"""HTML snippets: the stored text is escaped, then the matched words are wrapped in <mark>."""

from __future__ import annotations

import html

from whoosh.highlight import ContextFragmenter, Formatter, WholeFragmenter, get_text, highlight

from .analysis import analyzer, field_language

_SNIPPET_CHARS = 240
_HEAD_CHARS = 700
_WINDOW_CHARS = 300


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
            an = analyzer(lang)
            frag = ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=60)
            out = None
            # Re-analysing a whole report costs ~2 ms per 400 words: look at the start first,
            # then at windows around likely matches, then at the title.
            for text in _windows(summary, body, texts):
                out = highlight(text, texts, an, frag, _MarkFormatter(), top=2)
                if out:
                    break
            if not out:  # matched in the title only
                out = highlight(stored.get("title") or "", texts, an, WholeFragmenter(),
                                _MarkFormatter(), top=1)
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
