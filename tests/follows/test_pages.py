"""Pages: Follow/Following forms (no JavaScript), saving library searches, the list of
follows, digest preferences on the account page and the digest preview."""

import re

import pytest
from werkzeug.datastructures import MultiDict

from tests.helpers import csrf_token


@pytest.fixture
def ann(member_user, client_as):
    member_user.client = client_as(member_user)
    return member_user


def follow_forms(html: str) -> dict[str, str]:
    """{"kind:value": "Follow" | "Following"} for each follow form on a page."""
    found = {}
    for key, body in re.findall(r'data-follow="([^"]+)">(.*?)</form>', html, re.S):
        found[key] = re.search(r'<button[^>]*>([^<]+)</button>', body)[1]
    return found


def test_follow_a_member_from_its_profile_and_stop(ann, make_member, client):
    make_member("kenya-shield", name="Kenya Shield")
    assert follow_forms(client.get("/members/kenya-shield").get_data(as_text=True)) == {}
    page = ann.client.get("/members/kenya-shield").get_data(as_text=True)
    assert follow_forms(page) == {"member:kenya-shield": "Follow"}
    response = ann.client.post("/follows", data={
        "csrf_token": csrf_token(page), "kind": "member", "value": "kenya-shield",
        "next": "/members/kenya-shield"})
    assert response.status_code == 302 and response.headers["Location"] == "/members/kenya-shield"
    page = ann.client.get("/members/kenya-shield").get_data(as_text=True)
    assert follow_forms(page) == {"member:kenya-shield": "Following"}
    assert "You follow “Kenya Shield”" in page
    ann.client.post("/follows", data={"csrf_token": csrf_token(page), "kind": "member",
                                      "value": "kenya-shield", "action": "unfollow",
                                      "next": "https://evil.example/"})
    assert ann.client.get("/api/v1/me/follows").get_json()["total"] == 0
    # Without the CSRF token the form is refused.
    assert ann.client.post("/follows", data={"kind": "member", "value": "kenya-shield"}
                           ).status_code == 400
    assert client.post("/follows", data={"kind": "tag", "value": "ocse"}).status_code in (
        302, 400)


def test_follow_tags_and_regions_from_the_directory_and_the_library(
        ann, make_member, make_resource):
    make_member("kenya-shield")
    page = ann.client.get("/members?tag=ocse&region=east-southern-africa").get_data(as_text=True)
    forms = follow_forms(page)
    assert forms == {} or set(forms) <= {"tag:ocse", "region:east-southern-africa"}
    make_resource(title="Streaming", themes=["ocse"], countries=["KE"])
    page = ann.client.get("/library?theme=ocse&region=east-southern-africa").get_data(
        as_text=True)
    assert follow_forms(page) == {"tag:ocse": "Follow", "region:east-southern-africa": "Follow"}
    ann.client.post("/follows", data={"csrf_token": csrf_token(page), "kind": "tag",
                                      "value": "ocse", "next": "/library?theme=ocse"})
    page = ann.client.get("/library?theme=ocse&region=east-southern-africa").get_data(
        as_text=True)
    assert follow_forms(page)["tag:ocse"] == "Following"
    listing = ann.client.get("/account/follows").get_data(as_text=True)
    assert follow_forms(listing)["tag:ocse"] == "Following"
    assert follow_forms(listing)["region:mena"] == "Follow"


def test_save_the_librarys_search_with_every_parameter(ann, make_resource):
    make_resource(title="Tourism toolkit", type="toolkit", themes=["sectt"],
                  published_on="2024-05-01", body="Travel and tourism.")
    url = ("/library?q=tourism&type=toolkit&theme=sectt&language=en&year_from=2020"
           "&year_to=2026&sort=newest&cross_language=false")
    page = ann.client.get(url).get_data(as_text=True)
    assert "Save this search" in page
    form = page.split('class="save-search"')[1].split("</form>")[0]
    data = [(name, value) for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)]
    data += [("name", "Tourism toolkits"), ("alert", "daily")]
    response = ann.client.post("/account/saved-searches", data=MultiDict(data))
    assert response.status_code == 302
    saved = ann.client.get("/api/v1/me/saved-searches").get_json()["items"]
    assert [(s["name"], s["alert"]) for s in saved] == [("Tourism toolkits", "daily")]
    assert saved[0]["query"] == {"q": "tourism", "type": ["toolkit"], "theme": ["sectt"],
                                 "language": ["en"], "year_from": 2020, "year_to": 2026,
                                 "sort": "newest", "cross_language": False}
    listing = ann.client.get("/account/follows").get_data(as_text=True)
    link = re.search(r'<li data-search="\d+"><a href="([^"]+)">Tourism toolkits</a>', listing)[1]
    rerun = ann.client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "Tourism toolkit</a>" in rerun
    search_id = saved[0]["id"]
    ann.client.post(f"/account/saved-searches/{search_id}",
                    data={"csrf_token": csrf_token(listing), "alert": "weekly"})
    assert ann.client.get(f"/api/v1/me/saved-searches/{search_id}").get_json()["alert"] == \
        "weekly"
    ann.client.post(f"/account/saved-searches/{search_id}",
                    data={"csrf_token": csrf_token(listing), "action": "delete"})
    assert ann.client.get("/api/v1/me/saved-searches").get_json()["total"] == 0


def test_mute_and_unfollow_on_the_list_page(ann):
    follow = ann.client.post("/api/v1/me/follows", json={"kind": "tag", "value": "boys"}
                             ).get_json()
    page = ann.client.get("/account/follows").get_data(as_text=True)
    ann.client.post(f"/account/follows/{follow['id']}",
                    data={"csrf_token": csrf_token(page), "action": "mute"})
    assert ann.client.get("/api/v1/me/follows").get_json()["items"][0]["muted"] is True
    page = ann.client.get("/account/follows").get_data(as_text=True)
    assert "Unmute" in page
    ann.client.post(f"/account/follows/{follow['id']}",
                    data={"csrf_token": csrf_token(page), "action": "unfollow"})
    assert ann.client.get("/api/v1/me/follows").get_json()["total"] == 0


def test_digest_preferences_on_the_account_page_in_french(ann):
    page = ann.client.get("/account?lang=fr").get_data(as_text=True)
    assert "Résumé par courriel" in page
    assert 'value="weekly" checked' in page
    ann.client.post("/account/digest-preferences",
                    data={"csrf_token": csrf_token(page), "digest": "daily"})
    assert ann.client.get("/api/v1/me/preferences").get_json()["digest"] == "daily"
    page = ann.client.get("/account").get_data(as_text=True)
    assert 'value="daily" checked' in page


def test_the_digest_preview_shows_what_would_be_mailed(ann, make_resource):
    ann.client.post("/api/v1/me/follows", json={"kind": "tag", "value": "ocse"})
    make_resource(title="Live streaming brief", themes=["ocse"], visibility="network")
    page = ann.client.get("/account/digest").get_data(as_text=True)
    assert "Your weekly Hub digest: 1 new item" in page
    assert "Live streaming brief" in page
    assert "Theme: Online child sexual exploitation" in page
    assert ann.client.get("/account/digest?lang=es").status_code == 200


def test_personal_feed_addresses_are_shown_once_and_revoked(ann):
    page = ann.client.get("/account").get_data(as_text=True)
    response = ann.client.post("/account/feed-token", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    urls = re.findall(r"<code>(http://hub.test/feeds/\w+\.atom\?token=\S+)</code>",
                      response.get_data(as_text=True))
    assert len(urls) == 3
    page = ann.client.get("/account").get_data(as_text=True)
    assert "token=" not in page and "Revoke personal feed addresses" in page
    ann.client.post("/account/feed-token", data={"csrf_token": csrf_token(page),
                                                 "action": "revoke"})
    assert ann.client.get("/api/v1/me/preferences").get_json()["feed_token"] is False
