"""The story pages: writing with flags after save, acknowledging, submitting, the queue,
moderating, published list and page, in English, French and Spanish."""

import re

import pytest

from tests.helpers import csrf_token, submit_form

FORM = {
    "title": "Nets and new beginnings",
    "body": "Call her on +254 712 345678. She rebuilt her life with a savings group.",
    "language": "en", "country": "KE", "storyteller": "adult_survivor",
    "audiences": ["global_advocacy"], "consent_obtained": "y",
    "consent_given_by": "the survivor", "consent_obtained_on": "2025-09-01",
    "consent_audiences": ["global_advocacy"],
}


def _story_id(location: str) -> int:
    return int(re.search(r"/stories/(\d+)", location).group(1))


def test_write_flag_acknowledge_submit_and_moderate(member_user, make_user, as_):
    client = as_(member_user)
    response = submit_form(client, "/stories/new", FORM)
    assert response.status_code == 302
    story_id = _story_id(response.headers["Location"])
    page = client.get(f"/stories/{story_id}/edit")
    html = page.get_data(as_text=True)
    assert "+254 712 345678" in html and "A phone number can identify" in html
    # Submitting with an open flag is refused and says why.
    response = client.post(f"/stories/{story_id}/transition",
                           data={"csrf_token": csrf_token(html), "action": "submit"})
    assert response.status_code == 409
    assert "acknowledge" in response.get_data(as_text=True)
    response = client.post(f"/stories/{story_id}/flags/0/acknowledge",
                           data={"csrf_token": csrf_token(html),
                                 "reason": "The organisation's public helpline"})
    assert response.status_code == 302
    html = client.get(f"/stories/{story_id}/edit").get_data(as_text=True)
    assert "The organisation&#39;s public helpline" in html
    response = client.post(f"/stories/{story_id}/transition",
                           data={"csrf_token": csrf_token(html), "action": "submit"})
    assert response.status_code == 302
    mine = client.get("/stories/mine").get_data(as_text=True)
    assert "Nets and new beginnings" in mine and "Submitted" in mine

    reviewer = as_(make_user("secretariat"))
    queue = reviewer.get("/stories/moderation").get_data(as_text=True)
    assert "Nets and new beginnings" in queue and "all acknowledged" in queue
    assert "Consent from the survivor" in queue
    story_html = reviewer.get(f"/stories/{story_id}").get_data(as_text=True)
    assert "The organisation&#39;s public helpline" in story_html
    for action in ("approve", "publish"):
        response = reviewer.post(f"/stories/{story_id}/transition",
                                 data={"csrf_token": csrf_token(story_html), "action": action,
                                       "comment": "Fine"})
        assert response.status_code == 302, action
    assert "Nets and new beginnings" in as_(None).get("/stories").get_data(as_text=True)
    assert "Nets and new beginnings" not in reviewer.get("/stories/moderation").get_data(
        as_text=True)
    home = client.get("/").get_data(as_text=True)
    # Issue 12: the notice links to the story without naming it.
    assert "Published" in home and f'href="/stories/{story_id}"' in home
    assert "Nets and new beginnings" not in home


def test_form_errors_are_shown_and_nothing_is_saved(member_user, as_):
    client = as_(member_user)
    response = submit_form(client, "/stories/new", {**FORM, "title": ""})
    assert response.status_code == 422
    response = submit_form(client, "/stories/new", {**FORM, "consent_given_by": "Maria Lopez"})
    assert response.status_code == 422
    assert "never a name" in response.get_data(as_text=True)
    assert client.get("/api/v1/stories").get_json()["total"] == 0


def test_members_cannot_moderate_from_the_page(member_user, bring_to, as_):
    story_id = bring_to(member_user, "submitted")
    client = as_(member_user)
    html = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert 'value="approve"' not in html
    response = client.post(f"/stories/{story_id}/transition",
                           data={"csrf_token": csrf_token(html), "action": "approve"})
    assert response.status_code == 403
    assert client.get("/stories/moderation").status_code == 403
    assert as_(None).get("/stories/moderation").status_code in (302, 401)


def test_queue_is_oldest_first(member_user, bring_to, make_user, as_):
    first = bring_to(member_user, "submitted", title="First in line")
    second = bring_to(member_user, "submitted", title="Second in line")
    assert first < second
    html = as_(make_user("secretariat")).get("/stories/moderation").get_data(as_text=True)
    assert html.index("First in line") < html.index("Second in line")


@pytest.mark.parametrize("lang,words", [("fr", ["Histoires", "Écrire une histoire"]),
                                        ("es", ["Historias", "Escribir una historia"])])
def test_pages_in_french_and_spanish(lang, words, member_user, bring_to, as_):
    story_id = bring_to(member_user, "published")
    client = as_(member_user)
    html = client.get(f"/stories?lang={lang}").get_data(as_text=True)
    for word in words:
        assert word in html
    assert client.get(f"/stories/{story_id}?lang={lang}").status_code == 200
    assert client.get(f"/stories/new?lang={lang}").status_code == 200
    assert client.get(f"/stories/mine?lang={lang}").status_code == 200
