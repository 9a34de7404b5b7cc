"""/api/v1/me/follows, saved-searches, preferences and digest, per role and anonymous."""

import pytest


@pytest.mark.parametrize("path", [
    "/api/v1/me/follows", "/api/v1/me/saved-searches", "/api/v1/me/preferences",
    "/api/v1/me/digest",
])
def test_anonymous_gets_401(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"]
    assert client.post("/api/v1/me/follows", json={"kind": "tag", "value": "ocse"}
                       ).status_code == 401


@pytest.mark.parametrize("role", ["member", "focal_point", "secretariat", "admin"])
def test_every_role_follows_and_unfollows(make_user, make_member, client_as, role):
    person = make_user(role)
    make_member("kenya-shield")
    client = client_as(person)
    for kind, value in (("tag", "ocse"), ("region", "east-southern-africa"),
                        ("member", "kenya-shield")):
        response = client.post("/api/v1/me/follows", json={"kind": kind, "value": value})
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["value"] == value
    listed = client.get("/api/v1/me/follows").get_json()
    assert listed["total"] == 3
    labels = {f["kind"]: f["label"] for f in listed["items"]}
    assert labels == {"tag": "Online child sexual exploitation",
                      "region": "East and Southern Africa", "member": "Member kenya-shield"}
    fr = client.get("/api/v1/me/follows?lang=fr").get_json()
    assert {f["kind"]: f["label"] for f in fr["items"]}["region"] == "Afrique de l'Est et australe"

    again = client.post("/api/v1/me/follows", json={"kind": "tag", "value": "ocse"})
    assert again.status_code == 409
    follow_id = listed["items"][0]["id"]
    assert client.delete(f"/api/v1/me/follows/{follow_id}").status_code == 204
    assert client.get("/api/v1/me/follows").get_json()["total"] == 2


def test_unknown_things_and_bad_kinds_are_422(member_user, client_as):
    client = client_as(member_user)
    for body in ({"kind": "tag", "value": "no-such-tag"}, {"kind": "region", "value": "mars"},
                 {"kind": "member", "value": "nobody"}, {"kind": "planet", "value": "x"},
                 {"kind": "search", "value": 999}, {"kind": "tag"},
                 # ids past the databases' integer range are unknown things, not a 500
                 {"kind": "tag", "value": "9" * 25}, {"kind": "member", "value": "9" * 25},
                 {"kind": "search", "value": "9" * 25}, {"kind": "search", "value": 2**70}):
        response = client.post("/api/v1/me/follows", json=body)
        assert response.status_code == 422, body
        assert response.get_json()["error"]["fields"]


def test_someone_elses_follow_and_saved_search_are_404(make_user, client_as):
    ann, bob = make_user("member"), make_user("member")
    follow = client_as(ann).post("/api/v1/me/follows", json={"kind": "tag", "value": "ocse"})
    search = client_as(ann).post("/api/v1/me/saved-searches",
                                 json={"name": "Mine", "query": {"q": "tourism"}})
    follow_id, search_id = follow.get_json()["id"], search.get_json()["id"]
    other = client_as(bob)
    assert other.delete(f"/api/v1/me/follows/{follow_id}").status_code == 404
    assert other.patch(f"/api/v1/me/follows/{follow_id}", json={"muted": True}
                       ).status_code == 404
    assert other.get(f"/api/v1/me/saved-searches/{search_id}").status_code == 404
    assert other.delete(f"/api/v1/me/saved-searches/{search_id}").status_code == 404
    # Bob cannot follow Ann's saved search either.
    assert other.post("/api/v1/me/follows", json={"kind": "search", "value": search_id}
                      ).status_code == 422
    assert client_as(ann).get("/api/v1/me/follows").get_json()["total"] == 1


def test_saved_searches_keep_every_library_parameter(member_user, client_as):
    client = client_as(member_user)
    query = {"q": "live streaming", "language": ["en", "fr"], "type": ["toolkit"],
             "theme": ["ocse"], "country": ["ke"], "region": ["east-asia"], "year_from": 2020,
             "year_to": 2025, "sort": "newest", "cross_language": False, "page": 3}
    response = client.post("/api/v1/me/saved-searches",
                           json={"name": "Streaming", "query": query, "alert": "daily"})
    assert response.status_code == 201, response.get_json()
    saved = response.get_json()
    assert saved["query"] == {"q": "live streaming", "language": ["en", "fr"],
                              "type": ["toolkit"], "theme": ["ocse"], "country": ["KE"],
                              "region": ["east-asia"], "year_from": 2020, "year_to": 2025,
                              "sort": "newest", "cross_language": False}
    assert saved["alert"] == "daily"
    # An alert means its results come in the digest: the search is followed.
    follows = client.get("/api/v1/me/follows").get_json()["items"]
    assert [(f["kind"], f["value"], f["label"]) for f in follows] == [
        ("search", str(saved["id"]), "Streaming")]

    patched = client.patch(f"/api/v1/me/saved-searches/{saved['id']}",
                           json={"name": "Live streaming", "alert": "weekly"})
    assert patched.status_code == 200
    assert patched.get_json()["name"] == "Live streaming"
    assert client.get("/api/v1/me/saved-searches").get_json()["items"][0]["alert"] == "weekly"
    bad = client.post("/api/v1/me/saved-searches",
                      json={"name": "Bad", "query": {"type": ["novel"]}, "alert": "hourly"})
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) >= {"alert"}
    bad_query = client.post("/api/v1/me/saved-searches",
                            json={"name": "Bad", "query": {"type": ["novel"]}})
    assert bad_query.status_code == 422
    assert client.delete(f"/api/v1/me/saved-searches/{saved['id']}").status_code == 204
    assert client.get("/api/v1/me/follows").get_json()["total"] == 0


def test_preferences_digest_mute_and_language(member_user, client_as):
    client = client_as(member_user)
    assert client.get("/api/v1/me/preferences").get_json() == {
        "digest": "weekly", "locale": None, "feed_token": False}
    response = client.patch("/api/v1/me/preferences", json={"digest": "daily", "locale": "fr"})
    assert response.status_code == 200
    assert response.get_json()["digest"] == "daily"
    assert client.get("/api/v1/me/preferences").get_json()["locale"] == "fr"
    assert client.patch("/api/v1/me/preferences", json={"digest": "hourly"}).status_code == 422
    follow = client.post("/api/v1/me/follows", json={"kind": "tag", "value": "ocse"}).get_json()
    muted = client.patch(f"/api/v1/me/follows/{follow['id']}", json={"muted": True})
    assert muted.status_code == 200 and muted.get_json()["muted"] is True


def test_the_next_digest_holds_what_is_new_for_what_one_follows(
        member_user, client_as, make_resource, set_created):
    set_created(member_user, "2026-01-01 00:00:00")
    client = client_as(member_user)
    client.post("/api/v1/me/follows", json={"kind": "tag", "value": "ocse"})
    followed = make_resource(title="Live streaming toolkit", themes=["ocse"])
    make_resource(title="Marriage report", themes=["child-marriage"])
    body = client.get("/api/v1/me/digest").get_json()
    assert body["cadence"] == "weekly"
    assert [g["follow"]["value"] for g in body["groups"]] == ["ocse"]
    assert [(i["kind"], i["id"], i["url"]) for i in body["groups"][0]["items"]] == [
        ("resource", followed, f"/library/{followed}")]
    assert body["total"] == 1
    # `until` before the resource existed: nothing yet.
    early = client.get("/api/v1/me/digest?until=2026-01-02T00:00:00").get_json()
    assert early["total"] == 0
    assert client.get("/api/v1/me/digest?until=yesterday").status_code == 422
