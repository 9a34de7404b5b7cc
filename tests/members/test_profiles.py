"""Profiles: the member shape, who may read and change what, 422s, history, reviews, stale."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from hub.extensions import db
from hub.models import Member, MemberReview, MemberRevision, SurvivorLedRequest

SHAPE = {"id", "slug", "name", "acronym", "country", "region", "countries", "kind",
         "survivor_led", "languages", "description", "website", "social_media", "tags",
         "status", "joined_on", "left_on", "updated_at"}


@pytest.fixture
def org(make_member):
    return make_member("voix-libres", country="FR", name="Voix Libres", description="Texte")


@pytest.fixture
def fp(make_user, org):
    return make_user("focal_point", member_id=org)


def test_member_shape_and_labels_in_the_readers_language(client_as, member_user, org):
    body = client_as(member_user).get("/api/v1/members/voix-libres?lang=es").get_json()
    assert set(body) >= SHAPE
    assert body["country"] == "FR" and body["region"] == "western-europe"
    assert body["labels"]["country"] == "Francia"
    assert body["labels"]["region"] == "Europa Occidental"
    assert client_as(member_user).get(f"/api/v1/members/{org}").get_json()["slug"] == "voix-libres"


def test_anonymous_gets_the_public_subset_and_hidden_members_404(client, make_member, org):
    body = client.get("/api/v1/members/voix-libres").get_json()
    assert set(body) == {"id", "slug", "name", "country", "region", "website", "tags", "labels"}
    make_member("gone", status="former")
    assert client.get("/api/v1/members/gone").status_code == 404
    assert client.get("/api/v1/members/nobody").status_code == 404


def test_who_sees_a_former_member(client_as, make_member, make_user, secretariat):
    gone = make_member("gone", status="former")
    assert client_as(make_user("member")).get("/api/v1/members/gone").status_code == 404
    assert client_as(make_user("member", member_id=gone)).get(
        "/api/v1/members/gone").status_code == 200
    assert client_as(secretariat).get("/api/v1/members/gone").status_code == 200


def test_focal_point_edits_own_profile_with_tags(app, client_as, fp, org):
    payload = {"description": "Nouvelle description", "website": "https://voix.example",
               "tags": [{"slug": "sectt", "centre_of_expertise": True, "note": "Hôtels"}],
               "social_media": [{"platform": "facebook", "url": "https://fb.example/voix"}],
               "languages": ["fr", "en"]}
    response = client_as(fp).patch("/api/v1/members/voix-libres", json=payload)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["tags"] == [{"slug": "sectt", "label": body["tags"][0]["label"],
                             "centre_of_expertise": True, "note": "Hôtels"}]
    assert body["languages"] == ["fr", "en"]
    with app.app_context():
        revision = db.session.scalars(sa.select(MemberRevision).order_by(
            MemberRevision.id.desc())).first()
        assert revision.user_id == fp.id
        fields = {c["field"]: c for c in revision.changes}
        assert fields["description"] == {"field": "description", "old": "Texte",
                                         "new": "Nouvelle description"}
        assert set(fields) == {"description", "website", "tags", "social_media", "languages"}
        # Saving counts as the member's review.
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberReview)) == 1


def test_round_trip_of_the_read_shape_is_accepted(client_as, fp, org):
    client = client_as(fp)
    body = client.get("/api/v1/members/voix-libres").get_json()
    response = client.patch("/api/v1/members/voix-libres", json=body)
    assert response.status_code == 200, response.get_json()


def test_focal_point_may_not_change_status_or_others(client_as, fp, make_member, org):
    client = client_as(fp)
    assert client.patch("/api/v1/members/voix-libres",
                        json={"status": "former"}).status_code == 403
    other = make_member("other")
    assert client.patch(f"/api/v1/members/{other}", json={"name": "X"}).status_code == 403
    assert client.patch("/api/v1/members/nobody", json={"name": "X"}).status_code == 404


def test_member_staff_and_anonymous_may_not_patch(client_as, make_user, org):
    staff = make_user("member", member_id=org)
    assert client_as(staff).patch("/api/v1/members/voix-libres",
                                  json={"name": "X"}).status_code == 403
    assert client_as(None).patch("/api/v1/members/voix-libres",
                                 json={"name": "X"}).status_code == 401


def test_survivor_led_waits_for_the_secretariat(app, client_as, fp, secretariat, org):
    body = client_as(fp).patch("/api/v1/members/voix-libres",
                               json={"survivor_led": True}).get_json()
    assert body["survivor_led"] is False and body["pending_survivor_led"] is True
    sec = client_as(secretariat)
    assert client_as(fp).post("/api/v1/members/voix-libres/survivor-led",
                              json={"confirm": True}).status_code == 403
    response = sec.post("/api/v1/members/voix-libres/survivor-led", json={"confirm": True})
    assert response.status_code == 200 and response.get_json()["survivor_led"] is True
    assert sec.post("/api/v1/members/voix-libres/survivor-led",
                    json={"confirm": True}).status_code == 409
    history = sec.get("/api/v1/members/voix-libres/history").get_json()["items"]
    assert history[0]["reason"] == "survivor_led_confirmed"
    assert history[0]["changes"] == [{"field": "survivor_led", "old": False, "new": True}]
    with app.app_context():
        assert db.session.scalar(sa.select(SurvivorLedRequest.state)) == "confirmed"


def test_secretariat_changes_status_and_creates_members(client_as, secretariat, org):
    sec = client_as(secretariat)
    response = sec.patch("/api/v1/members/voix-libres",
                         json={"status": "former", "left_on": "2025-06-30"})
    assert response.status_code == 200
    assert response.get_json()["status"] == "former"
    created = sec.post("/api/v1/members", json={"name": "Défense des Enfants", "country": "SN"})
    assert created.status_code == 201
    assert created.get_json()["slug"] == "defense-des-enfants"
    assert created.get_json()["region"] == "west-central-africa"
    again = sec.post("/api/v1/members", json={"name": "Défense des Enfants", "country": "SN"})
    assert again.get_json()["slug"] == "defense-des-enfants-2"


def test_only_the_secretariat_creates_members(client_as, fp, client):
    assert client_as(fp).post("/api/v1/members", json={"name": "A", "country": "KE"}
                              ).status_code == 403
    assert client.post("/api/v1/members", json={"name": "A", "country": "KE"}).status_code == 401


@pytest.mark.parametrize("payload,field", [
    ({"country": "XX"}, "country"),
    ({"tags": [{"slug": "no-such-tag"}]}, "tags"),
    ({"website": "javascript:alert(1)"}, "website"),
    ({"website": "ftp://example.org"}, "website"),
    # One character over the limit (a 10 MB body gets 413 first: tests/deploy/test_bounds.py).
    ({"description": "x" * 20_001}, "description"),
    ({"languages": ["zz"]}, "languages"),
    ({"social_media": [{"platform": "myspace", "url": "https://a.example"}]},
     "social_media.0.platform"),
])
def test_bad_input_is_422_and_changes_nothing(app, client_as, secretariat, org, payload, field):
    response = client_as(secretariat).patch("/api/v1/members/voix-libres",
                                            json={"name": "Changed", **payload})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    with app.app_context():
        assert db.session.get(Member, org).name == "Voix Libres"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberRevision)) == 0


def test_history_is_for_the_secretariat(client_as, fp, secretariat, org):
    client_as(fp).patch("/api/v1/members/voix-libres", json={"acronym": "VL"})
    assert client_as(fp).get("/api/v1/members/voix-libres/history").status_code == 403
    items = client_as(secretariat).get("/api/v1/members/voix-libres/history").get_json()["items"]
    assert items[0]["changes"] == [{"field": "acronym", "old": None, "new": "VL"}]
    assert items[0]["user"] == fp.email


def test_profile_as_of_a_past_date(app, client_as, secretariat, org):
    sec = client_as(secretariat)
    before = datetime.now(UTC)
    sec.patch("/api/v1/members/voix-libres",
              json={"social_media": [{"platform": "x", "url": "https://x.example/v"}]})
    url = "/api/v1/members/voix-libres/as-of"
    then = sec.get(url, query_string={"as_of": before.isoformat()}).get_json()
    assert then["social_media"] == []
    later = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    now = sec.get(url, query_string={"as_of": later}).get_json()
    assert now["social_media"] == [{"platform": "x", "url": "https://x.example/v"}]
    long_ago = sec.get("/api/v1/members/voix-libres/as-of?as_of=2000-01-01T00:00:00Z")
    assert long_ago.status_code == 404


def test_review_and_stale_listing(app, client_as, fp, secretariat, make_member, org):
    old = make_member("sleepy", name="Sleepy")
    with app.app_context():
        for member_id in (old, org):
            db.session.get(Member, member_id).created_at = datetime.now(UTC) - timedelta(days=400)
        db.session.commit()
    sec = client_as(secretariat)
    stale = sec.get("/api/v1/members/stale").get_json()
    assert {item["slug"] for item in stale["items"]} == {"sleepy", "voix-libres"}
    assert client_as(fp).get("/api/v1/members/stale").status_code == 403
    assert client_as(fp).get("/").get_data(as_text=True).count("Still correct") == 1
    response = client_as(fp).post("/api/v1/members/voix-libres/review")
    assert response.status_code == 200
    assert [i["slug"] for i in sec.get("/api/v1/members/stale").get_json()["items"]] == ["sleepy"]
    assert "Still correct" not in client_as(fp).get("/").get_data(as_text=True)
    assert sec.post("/api/v1/members/voix-libres/review").status_code == 403
