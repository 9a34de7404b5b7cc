"""Follow a hub's same-site links as one reader and check every page on the way.

A page is checked for: its status (no 5xx, no error for a link the hub itself showed), well-formed
HTML (every element closed in order, no stray end tag, no repeated id), the UI language (no
English message of the catalogs shown verbatim on a French or Spanish page) and its weight.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from babel.messages.pofile import read_po
from werkzeug.exceptions import HTTPException

ROOT = Path(__file__).resolve().parents[2]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Text a reader sees besides text nodes.
TEXT_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
PLACEHOLDER = re.compile(r"%\(\w+\)([sdif])|%([sd])")
NUMBER = r"[-\d][\d,.\s\u00a0\u202f]*"
KB = 1024


class Page(HTMLParser):
    """One pass over a page: links, stylesheets, shown text (with its language), problems."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, lang)
        self.links: list[str] = []
        self.stylesheets: list[str] = []
        self.texts: list[tuple[str, str | None]] = []
        self.problems: list[str] = []
        self.ids: set[str] = set()
        self.lang: str | None = None
        self.doctype = False

    def _lang(self) -> str | None:
        return self.stack[-1][1] if self.stack else self.lang

    def handle_decl(self, decl):
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, closed=tag in VOID)

    def handle_startendtag(self, tag, attrs):
        in_foreign = any(t in ("svg", "math") for t, _ in self.stack)
        if tag not in VOID and not in_foreign:
            self.problems.append(f"<{tag}/> is not a void element")
        self._start(tag, attrs, closed=True)

    def _start(self, tag, attrs, *, closed):
        attrs = dict(attrs)
        lang = attrs.get("lang", self._lang())
        if tag == "html":
            self.lang = lang
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.problems.append(f"id {attrs['id']!r} used twice")
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs["href"])
        for name in TEXT_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append((attrs[name], lang))
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append((attrs["value"], lang))
        if not closed:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"end tag </{tag}> of a void element")
            return
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()
            return
        open_tags = [t for t, _ in self.stack]
        self.problems.append(f"</{tag}> closes <{open_tags[-1] if open_tags else 'nothing'}>"
                             f" (open: {' > '.join(open_tags[-4:])})")
        if tag in open_tags:  # recover as a browser would, so one slip is reported once
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        text = " ".join(data.split())
        if text:
            self.texts.append((text, self._lang()))

    def finish(self) -> None:
        self.close()
        if not self.doctype:
            self.problems.append("no <!doctype html>")
        if self.stack:
            self.problems.append(f"never closed: {' > '.join(t for t, _ in self.stack)}")


class Untranslated:
    """English messages of the catalogs whose translation differs, as patterns of shown text."""

    def __init__(self, locale: str):
        path = ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        exact, patterns = set(), []
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for msgid in ids:
                if msgid in strings:
                    continue  # the same word in both languages ("Total", "Description")
                msgid = " ".join(msgid.split())
                if PLACEHOLDER.search(msgid):
                    if sum(c.isalpha() for c in PLACEHOLDER.sub("", msgid)) < 5:
                        continue  # "%(a)s of %(b)s" would match any text with "of" in it
                    patterns.append(_pattern(msgid))
                else:
                    exact.add(msgid.replace("%%", "%"))
        self.exact, self.patterns = exact, patterns
        self.any = re.compile("|".join(f"(?:{p.pattern})" for p in patterns))

    def find(self, text: str) -> str | None:
        if text in self.exact:
            return text
        if not self.any.fullmatch(text):
            return None
        for pattern in self.patterns:
            if pattern.fullmatch(text):
                return pattern.pattern
        return None


def _pattern(msgid: str) -> re.Pattern:
    """A message with placeholders as a pattern: numbers for %d, any text for %s."""
    pattern, end = "", 0
    for match in PLACEHOLDER.finditer(msgid):
        pattern += re.escape(msgid[end:match.start()].replace("%%", "%"))
        # A name or a date, not a sentence of content that happens to start alike.
        pattern += NUMBER if "d" in match.groups() else ".{1,50}?"
        end = match.end()
    return re.compile(pattern + re.escape(msgid[end:].replace("%%", "%")))


def budget(endpoint: str) -> int:
    """Bytes of HTML and CSS a page may weigh."""
    return {"main.home": 30 * KB, "indicators.dashboard": 200 * KB}.get(endpoint, 80 * KB)


@dataclass
class Result:
    pages: dict[str, int] = field(default_factory=dict)  # url -> HTML+CSS bytes
    endpoints: dict[str, int] = field(default_factory=dict)  # endpoint -> heaviest page
    failures: list[str] = field(default_factory=list)
    other: int = 0  # non-HTML answers (exports) checked only for their status


@dataclass
class Crawler:
    """Breadth-first from the home page, at most `per_shape` URLs of each shape (endpoint and
    the names of its query parameters), every request in `locale`."""

    app: object
    client: object
    locale: str
    per_shape: int = 2
    per_endpoint: int = 6
    skip_endpoints: frozenset = frozenset()
    result: Result = field(default_factory=Result)

    def __post_init__(self):
        self.adapter = self.app.url_map.bind("hub.test")
        self.untranslated = Untranslated(self.locale) if self.locale != "en" else None
        self.css: dict[str, int] = {}

    def shape(self, path: str, query: list) -> tuple | None:
        try:
            endpoint, _ = self.adapter.match(path, method="GET")
        except HTTPException:
            return None
        return endpoint, tuple(sorted({k for k, _ in query} - {"lang"}))

    def normalise(self, href: str, base: str) -> tuple[str, list] | None:
        url = urlsplit(urljoin(base, href))
        if url.scheme not in ("http", "") or url.netloc not in ("", "hub.test", "localhost"):
            return None
        query = [(k, v) for k, v in parse_qsl(url.query, keep_blank_values=True) if k != "lang"]
        return url.path, query

    def run(self) -> Result:
        seen: set[str] = set()
        shapes: dict = {}
        queue = deque([("/", [], "/")])
        while queue:
            path, query, source = queue.popleft()
            key = f"{path}?{urlencode(query)}"
            if key in seen:
                continue
            seen.add(key)
            shape = self.shape(path, query)
            if shape is None:
                self.result.failures.append(f"{key}: linked from {source}, matches no page")
                continue
            endpoint = shape[0]
            if endpoint in self.skip_endpoints or endpoint == "static":
                continue
            by_endpoint = sum(n for s, n in shapes.items() if s[0] == endpoint)
            if shapes.get(shape, 0) >= self.per_shape or by_endpoint >= self.per_endpoint:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            for link in self.visit(path, query, endpoint, source):
                found = self.normalise(link, path)
                if found:
                    queue.append((*found, path))
        return self.result

    def visit(self, path: str, query: list, endpoint: str, source: str) -> list[str]:
        url = f"{path}?{urlencode([*query, ('lang', self.locale)])}"
        response = self.client.get(url)
        where = f"{url} (from {source})"
        if response.status_code >= 500:
            self.result.failures.append(f"{where}: {response.status_code}")
            return []
        if response.status_code in (301, 302, 303, 307, 308):
            return [response.headers["Location"]]
        if response.status_code >= 400:
            self.result.failures.append(f"{where}: {response.status_code} for a link the hub "
                                        "showed")
            return []
        if response.mimetype != "text/html":
            self.result.other += 1
            return []
        html = response.get_data(as_text=True)
        page = Page()
        page.feed(html)
        page.finish()
        self.result.failures.extend(f"{where}: {problem}" for problem in page.problems)
        if page.lang != self.locale:
            self.result.failures.append(f"{where}: <html lang={page.lang!r}>")
        if self.untranslated:
            for text, lang in page.texts:
                if lang in (None, self.locale) and (msgid := self.untranslated.find(text)):
                    self.result.failures.append(f"{where}: untranslated {text!r}"
                                                f" ({msgid!r})")
        weight = len(response.get_data()) + sum(self.stylesheet(h) for h in page.stylesheets)
        self.result.pages[url] = weight
        self.result.endpoints[endpoint] = max(weight, self.result.endpoints.get(endpoint, 0))
        if weight > budget(endpoint):
            self.result.failures.append(f"{where}: {weight / KB:.1f} KB of HTML and CSS, over"
                                        f" its {budget(endpoint) // KB} KB")
        return page.links

    def stylesheet(self, href: str) -> int:
        if href not in self.css:
            response = self.client.get(href)
            self.css[href] = len(response.get_data())
            response.close()
        return self.css[href]
