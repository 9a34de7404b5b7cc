"""Small helpers the tests share."""

import re


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def submit_form(client, url: str, data: dict, *, page_url: str | None = None, **kwargs):
    """GET the page that holds the form, then POST the form with its CSRF token."""
    page = client.get(page_url or url)
    data = {"csrf_token": csrf_token(page.get_data(as_text=True)), **data}
    return client.post(url, data=data, **kwargs)


CLEAN_BODY = ("A young woman from a fishing community told our outreach team how a trusted "
              "neighbour tried to recruit girls for work in a city hotel.")


def story_body(**fields) -> dict:
    """A story's JSON that passes every check (consent for two audiences, no flagged detail)."""
    body = {
        "title": "A voice from the coast",
        "body": CLEAN_BODY,
        "language": "en",
        "country": "KE",
        "themes": [],
        "audiences": ["global_advocacy", "network_learning"],
        "storyteller": "adult_survivor",
        "consent": {"obtained": True, "given_by": "the survivor", "obtained_on": "2025-09-01",
                    "audiences": ["global_advocacy", "network_learning"],
                    "guardian_consent": False},
    }
    body.update(fields)
    return body


class FormPage:
    """A form page as a reader meets it: the error summary's links, each element by id with
    its attributes and text, what each field holds."""

    def __init__(self, html: str):
        from html.parser import HTMLParser

        self.by_id: dict[str, dict] = {}
        self.summary: list[tuple[str, str]] = []
        self.checked: set[tuple[str, str]] = set()
        page = self

        class Parser(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.open: list[dict] = []  # elements whose text is being collected
                self.in_summary = 0
                self.link = None

            def handle_starttag(self, tag, attrs):
                attrs = {k: v or "" for k, v in attrs}
                element = {"tag": tag, "attrs": attrs, "text": ""}
                if "id" in attrs:
                    page.by_id[attrs["id"]] = element
                if tag in ("textarea", "p", "option", "select"):
                    self.open.append(element)
                if tag == "option" and "selected" in attrs and self.open:
                    select = next((e for e in reversed(self.open) if e["tag"] == "select"), None)
                    if select is not None:
                        select.setdefault("selected", []).append(attrs.get("value", ""))
                if tag == "input" and "checked" in attrs:
                    page.checked.add((attrs.get("name", ""), attrs.get("value", "")))
                if "error-summary" in attrs.get("class", ""):
                    self.in_summary = 1
                elif self.in_summary and tag == "div":
                    self.in_summary += 1
                if self.in_summary and tag == "a":
                    self.link = [attrs.get("href", ""), ""]

            def handle_endtag(self, tag):
                if self.open and self.open[-1]["tag"] == tag:
                    self.open.pop()
                if self.in_summary and tag == "div":
                    self.in_summary -= 1
                if tag == "a" and self.link is not None:
                    page.summary.append((self.link[0], self.link[1].strip()))
                    self.link = None

            def handle_data(self, data):
                for element in self.open:
                    element["text"] += data
                if self.link is not None:
                    self.link[1] += data

        Parser().feed(html)

    def value(self, field_id: str) -> str:
        """What a text input or text area shows."""
        element = self.by_id[field_id]
        if element["tag"] == "textarea":
            return element["text"].strip("\n")
        return element["attrs"].get("value", "")

    def selected(self, field_id: str) -> list[str]:
        return self.by_id[field_id].get("selected", [])

    def error(self, field_id: str) -> str:
        """The message shown next to a field, which the field names as its description."""
        element = self.by_id[field_id]
        assert element["attrs"].get("aria-invalid") == "true", f"{field_id} is not marked"
        described = element["attrs"].get("aria-describedby", "").split()
        assert f"{field_id}-error" in described, f"{field_id} is not tied to its message"
        return self.by_id[f"{field_id}-error"]["text"].strip()
