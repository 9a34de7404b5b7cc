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
