"""Atom feeds (RFC 4287): public content without sign-in, a personal token adds what its
owner may see, every entry links to its page with its language; read back with feedparser."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import feedparser
import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def check_rfc4287(body: bytes) -> ET.Element:
    """The elements RFC 4287 requires (4.1.1, 4.1.2): atom:feed with exactly one id, title,
    updated, an author (on the feed or every entry) and a self link; each entry with exactly
    one id, title and updated, and an alternate link or content."""
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}id").text.startswith("http")
        assert feed_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None \
            or entry.find(f"{ATOM}content") is not None
    return root


def parse(response):
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    check_rfc4287(response.data)
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    return parsed


@pytest.fixture
def token_of(client_as):
    def make(person):
        response = client_as(person).post("/api/v1/me/feed-token")
        assert response.status_code == 201
        body = response.get_json()
        assert body["urls"]["library"].endswith(f"/feeds/library.atom?token={body['token']}")
        return body["token"]

    return make


def test_library_feed_public_then_personal_then_revoked(
        client, make_resource, member_user, token_of, client_as):
    public = make_resource(title="Public report", language="fr", themes=["ocse"])
    network = make_resource(title="Network brief", visibility="network", themes=["ocse"])
    make_resource(title="Other theme", themes=["boys"])
    parsed = parse(client.get("/feeds/library.atom?theme=ocse"))
    assert [e.title for e in parsed.entries] == ["Public report"]
    entry = parsed.entries[0]
    assert entry.link == f"http://hub.test/library/{public}"
    assert entry.links[0].hreflang == "fr"
    assert entry.get("language") == "fr" or entry.title_detail.language == "fr"
    assert [t.term for t in entry.tags] == ["ocse"]

    token = token_of(member_user)
    personal = parse(client.get(f"/feeds/library.atom?theme=ocse&token={token}"))
    assert sorted(e.title for e in personal.entries) == ["Network brief", "Public report"]
    assert f"http://hub.test/library/{network}" in {e.link for e in personal.entries}
    client_as(member_user).delete("/api/v1/me/feed-token")
    assert client.get(f"/feeds/library.atom?theme=ocse&token={token}").status_code == 404
    assert client.get("/feeds/library.atom?type=novel").status_code == 422


def test_library_feed_takes_the_search_text(client, make_resource):
    make_resource(title="Travel and tourism study", body="Sexual exploitation in tourism.")
    make_resource(title="Unrelated", body="Nothing.")
    parsed = parse(client.get("/feeds/library.atom?q=tourism"))
    assert [e.title for e in parsed.entries] == ["Travel and tourism study"]


def test_stories_feed_shows_only_published_stories_the_reader_may_see(
        client, make_story, make_member, member_user, token_of):
    org = make_member("kenya-shield", name="Kenya Shield")
    make_story(org, published="2026-03-03 08:00:00", title="For advocacy", language="es")
    make_story(org, published="2026-03-04 08:00:00", title="For the network",
               audiences=("network_learning",))
    make_story(org, status="submitted", title="Waiting")
    make_story(org, status="approved", title="Approved")
    parsed = parse(client.get("/feeds/stories.atom"))
    assert [e.title for e in parsed.entries] == ["For advocacy"]
    assert parsed.entries[0].author == "Kenya Shield"
    assert parsed.entries[0].links[0].hreflang == "es"
    personal = parse(client.get(f"/feeds/stories.atom?token={token_of(member_user)}"))
    assert [e.title for e in personal.entries] == ["For the network", "For advocacy"]


def test_activities_feed_lists_upcoming_activities_soonest_first(client, make_activity):
    today = date.today()
    make_activity(created="2026-01-01 00:00:00", starts=today + timedelta(days=30),
                  title="Later")
    make_activity(created="2026-01-01 00:00:00", starts=today + timedelta(days=3),
                  title="Soon")
    make_activity(created="2026-01-01 00:00:00", starts=today - timedelta(days=30),
                  title="Past")
    parsed = parse(client.get("/feeds/activities.atom"))
    assert [e.title for e in parsed.entries] == ["Soon", "Later"]
    assert parsed.entries[0].link.startswith("http://hub.test/activities/")


def test_an_empty_feed_is_still_valid(client):
    parsed = parse(client.get("/feeds/stories.atom"))
    assert parsed.entries == []
    assert parsed.feed.title == "ECPAT Network Hub: stories"
