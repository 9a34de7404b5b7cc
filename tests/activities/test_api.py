"""The activities API: shapes, permissions per role, self-reports pending until confirmed,
every change recorded, bad input 422 with nothing changed."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from hub.extensions import db
from hub.models import Activity, ActivityChange, ActivityParticipation, UsageEvent


@pytest.fixture
def members(make_member):
    return {slug: make_member(slug, country=country) for slug, country in
            (("alpha", "KE"), ("beta", "TH"), ("gamma", "FR"))}


def body(**fields):
    return {"title": "Online safety training", "kind": "training",
            "themes": ["online-child-sexual-exploitation"], "starts_on": "2026-03-02",
            "ends_on": "2026-03-04", "mode": "in_person", "country": "KE", **fields}


@pytest.fixture
def theme(app):
    from hub.models import Tag

    with app.app_context():
        return db.session.scalars(sa.select(Tag.slug).order_by(Tag.slug)).first()


def create(client, theme, **fields):
    return client.post("/api/v1/activities", json=body(**{"themes": [theme], **fields}))


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_secretariat_records_an_activity_with_confirmed_leads_and_participants(
        app, client_as, secretariat, members, theme):
    client = client_as(secretariat)
    response = create(client, theme, lead_members=[members["alpha"]],
                      participant_members=["beta", members["gamma"]])
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["title"] == "Online safety training"
    assert data["kind"] == "training" and data["mode"] == "in_person"
    assert data["starts_on"] == "2026-03-02" and data["ends_on"] == "2026-03-04"
    assert data["themes"] == [theme]
    assert data["country"] == "KE" and data["region"] == "east-southern-africa"
    assert data["organiser"] is None
    assert data["lead_members"] == [members["alpha"]]
    assert sorted(data["participant_members"]) == sorted([members["beta"], members["gamma"]])
    assert {p["status"] for p in data["participants"]} == {"confirmed"}

    listed = client_as(None).get("/api/v1/activities").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == data["id"]
    assert listed["page"] == 1 and listed["per_page"] == 20
    history = client.get(f"/api/v1/activities/{data['id']}/history").get_json()["items"]
    assert [h["action"] for h in history] == ["create"]


@pytest.mark.parametrize("payload, field", [
    ({"title": ""}, "title"),
    ({"kind": "party"}, "kind"),
    ({"mode": "telepathy"}, "mode"),
    ({"starts_on": "2026-03-05", "ends_on": "2026-03-01"}, "ends_on"),
    ({"starts_on": "not a date"}, "starts_on"),
    ({"themes": ["no-such-theme"]}, "themes"),
    ({"country": "XX"}, "country"),
    ({"region": "atlantis", "country": None}, "region"),
    ({"lead_members": ["nobody"]}, "lead_members"),
    ({"organiser": "nobody"}, "organiser"),
    ({"resources": [999]}, "resources"),
])
def test_bad_input_is_422_and_records_nothing(app, client_as, secretariat, members, theme,
                                              payload, field):
    response = create(client_as(secretariat), theme, **payload)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]
    assert count(app, Activity) == 0 and count(app, ActivityChange) == 0


def test_member_in_two_roles_is_refused(app, client_as, secretariat, members, theme):
    response = create(client_as(secretariat), theme, lead_members=["alpha"],
                      participant_members=["alpha"])
    assert response.status_code == 422
    assert count(app, Activity) == 0


def test_missing_required_fields_and_non_json(app, client_as, secretariat):
    client = client_as(secretariat)
    response = client.post("/api/v1/activities", json={"title": "x"})
    assert response.status_code == 422
    assert {"kind", "starts_on", "mode"} <= set(response.get_json()["error"]["fields"])
    assert client.post("/api/v1/activities", data="nonsense",
                       content_type="application/json").status_code == 422
    assert count(app, Activity) == 0


def test_who_may_create(app, client_as, make_user, members, theme):
    assert create(client_as(None), theme).status_code == 401
    staff = make_user("member", member_id=members["alpha"])
    response = create(client_as(staff), theme, participant_members=["beta"])
    assert response.status_code == 201
    data = response.get_json()
    # Member staff record their own organisation's activities...
    assert data["organiser"] == members["alpha"]
    assert data["participant_members"] == [members["beta"]]
    # ...and not someone else's.
    response = create(client_as(staff), theme, organiser="beta")
    assert response.status_code == 403
    assert count(app, Activity) == 1


def test_who_may_edit(app, client_as, make_user, secretariat, admin, members, theme):
    organiser = make_user("focal_point", member_id=members["alpha"])
    outsider = make_user("focal_point", member_id=members["beta"])
    activity_id = create(client_as(organiser), theme).get_json()["id"]
    url = f"/api/v1/activities/{activity_id}"
    assert client_as(None).patch(url, json={"title": "X"}).status_code == 401
    assert client_as(outsider).patch(url, json={"title": "X"}).status_code == 403
    for person, title in ((organiser, "By organiser"), (secretariat, "By secretariat"),
                          (admin, "By admin")):
        response = client_as(person).patch(url, json={"title": title})
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["title"] == title
    assert client_as(secretariat).patch("/api/v1/activities/9999",
                                        json={"title": "X"}).status_code == 404
    assert client_as(None).get("/api/v1/activities/9999").status_code == 404


def test_patch_records_changes_and_bad_patch_changes_nothing(app, client_as, secretariat,
                                                            members, theme):
    client = client_as(secretariat)
    activity_id = create(client, theme, lead_members=["alpha"]).get_json()["id"]
    url = f"/api/v1/activities/{activity_id}"
    response = client.patch(url, json={"title": "Renamed", "participant_members": ["gamma"]})
    assert response.status_code == 200
    data = response.get_json()
    assert data["title"] == "Renamed"
    assert data["lead_members"] == [members["alpha"]]  # untouched: only participants given
    assert data["participant_members"] == [members["gamma"]]

    before = client.get(url).get_json()
    bad = client.patch(url, json={"title": "Again", "ends_on": "2020-01-01"})
    assert bad.status_code == 422
    bad = client.patch(url, json={"title": "Again", "lead_members": ["nobody"]})
    assert bad.status_code == 422
    after = client.get(url).get_json()
    assert after["title"] == "Renamed" and after["updated_at"] == before["updated_at"]

    history = client.get(f"{url}/history").get_json()["items"]
    assert [h["action"] for h in history] == ["create", "update"]
    assert history[1]["changes"]["title"] == ["Online safety training", "Renamed"]
    assert history[1]["changes"]["participants"][0]["member"] == members["gamma"]
    # A PATCH that changes nothing records nothing.
    client.patch(url, json={"title": "Renamed"})
    assert len(client.get(f"{url}/history").get_json()["items"]) == 2


def test_self_report_is_pending_until_the_organiser_confirms(app, client_as, make_user,
                                                            secretariat, members, theme):
    organiser = make_user("member", member_id=members["alpha"])
    reporter = make_user("member", member_id=members["beta"])
    other = make_user("member", member_id=members["gamma"])
    activity_id = create(client_as(organiser), theme).get_json()["id"]
    url = f"/api/v1/activities/{activity_id}/participants"

    response = client_as(reporter).post(url, json={"staff_count": 3})
    assert response.status_code == 201, response.get_json()
    report = response.get_json()
    assert report["status"] == "pending" and report["member"] == members["beta"]
    assert report["staff_count"] == 3 and report["self_reported"] is True
    # Not counted: not among the activity's participant members.
    assert client_as(None).get(f"/api/v1/activities/{activity_id}").get_json()[
        "participant_members"] == []
    # Pending reports are seen by the member itself and the organiser, not by others.
    assert [p["id"] for p in client_as(reporter).get(url).get_json()] == [report["id"]]
    assert client_as(other).get(url).get_json() == []
    assert client_as(None).get(url).get_json() == []
    hidden = client_as(other).get(f"/api/v1/activities/{activity_id}").get_json()
    assert str(members["beta"]) not in hidden["labels"]["members"]
    assert client_as(other).get(f"{url}/{report['id']}").status_code == 404
    # The member may not confirm itself; another member may not either.
    assert client_as(reporter).patch(f"{url}/{report['id']}",
                                     json={"status": "confirmed"}).status_code == 403
    assert client_as(other).patch(f"{url}/{report['id']}",
                                  json={"status": "confirmed"}).status_code == 404
    # Reporting twice conflicts; reporting for someone else is refused.
    assert client_as(reporter).post(url, json={}).status_code == 409
    assert client_as(other).post(url, json={"member": "beta"}).status_code == 403

    response = client_as(organiser).patch(f"{url}/{report['id']}", json={"status": "confirmed"})
    assert response.status_code == 200 and response.get_json()["status"] == "confirmed"
    data = client_as(None).get(f"/api/v1/activities/{activity_id}").get_json()
    assert data["participant_members"] == [members["beta"]]
    with app.app_context():
        row = db.session.scalar(sa.select(ActivityParticipation))
        assert row.confirmed_by_id == organiser.id and row.confirmed_at is not None
    actions = [h["action"] for h in client_as(secretariat).get(
        f"/api/v1/activities/{activity_id}/history").get_json()["items"]]
    assert actions == ["create", "participant_report", "participant_confirm"]


def test_secretariat_declines_and_member_withdraws(app, client_as, make_user, secretariat,
                                                    members, theme):
    reporter = make_user("member", member_id=members["beta"])
    activity_id = create(client_as(secretariat), theme).get_json()["id"]
    url = f"/api/v1/activities/{activity_id}/participants"
    pid = client_as(reporter).post(url, json={}).get_json()["id"]
    assert client_as(secretariat).patch(f"{url}/{pid}", json={"status": "declined"}
                                        ).get_json()["status"] == "declined"
    # Once decided, the member may no longer change or withdraw it.
    assert client_as(reporter).delete(f"{url}/{pid}").status_code == 403
    assert client_as(secretariat).delete(f"{url}/{pid}").status_code == 204
    pid = client_as(reporter).post(url, json={"role": "lead"}).get_json()["id"]
    assert client_as(reporter).patch(f"{url}/{pid}", json={"staff_count": 5}
                                     ).get_json()["staff_count"] == 5
    assert client_as(reporter).delete(f"{url}/{pid}").status_code == 204
    assert count(app, ActivityParticipation) == 0
    assert client_as(reporter).patch(f"{url}/{pid}", json={"status": "x"}).status_code == 404


def test_secretariat_adds_a_participant_confirmed(app, client_as, secretariat, members, theme):
    activity_id = create(client_as(secretariat), theme).get_json()["id"]
    url = f"/api/v1/activities/{activity_id}/participants"
    response = client_as(secretariat).post(url, json={"member": "gamma", "role": "lead",
                                                      "staff_count": 2})
    assert response.status_code == 201
    assert response.get_json()["status"] == "confirmed"
    assert response.get_json()["self_reported"] is False
    assert client_as(secretariat).post(url, json={"member": "gamma"}).status_code == 409
    assert client_as(None).get(f"{url}/gamma").get_json()["role"] == "lead"
    assert client_as(None).get(f"{url}/nobody").status_code == 404
    # an id past the databases' integer range is simply not there
    assert client_as(None).get(f"{url}/{'9' * 25}").status_code == 404
    assert client_as(secretariat).post(url, json={"member_id": members["alpha"]}
                                       ).get_json()["member"] == members["alpha"]
    assert client_as(secretariat).delete(f"{url}/alpha").status_code == 204
    assert client_as(secretariat).post(url, json={"member": "nobody"}).status_code == 422
    assert client_as(secretariat).post(url, json={"member": "beta", "role": "boss"}
                                       ).status_code == 422
    assert client_as(secretariat).post(url, json={"member": "beta", "staff_count": -1}
                                       ).status_code == 422
    assert client_as(secretariat).post(url, json={}).status_code == 422
    assert count(app, ActivityParticipation) == 1
    # Secretariat staff report no participation of their own: no usage event either.
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(UsageEvent).where(
            UsageEvent.event_type == "activity_report")) == 0


def test_activity_report_usage_event_only_for_a_self_report(app, client_as, make_user,
                                                            secretariat, members, theme):
    reporter = make_user("member", member_id=members["beta"])
    activity_id = create(client_as(secretariat), theme).get_json()["id"]
    client = client_as(reporter)
    client.post(f"/api/v1/activities/{activity_id}/participants", json={})
    client.post(f"/api/v1/activities/{activity_id}/participants", json={})  # 409: no event
    with app.app_context():
        events = db.session.scalars(sa.select(UsageEvent).where(
            UsageEvent.event_type == "activity_report")).all()
        assert len(events) == 1
        assert events[0].member_id == members["beta"]
        assert events[0].object_type == "activity" and events[0].object_id == activity_id


def test_list_filters(app, client_as, secretariat, members, theme):
    client = client_as(secretariat)
    today = date.today()
    past = create(client, theme, title="Past webinar", kind="webinar", mode="online",
                  country=None, starts_on=str(today - timedelta(days=40)),
                  ends_on=str(today - timedelta(days=40)),
                  participant_members=["alpha"]).get_json()["id"]
    soon = create(client, theme, title="Upcoming workshop", kind="workshop", country="TH",
                  starts_on=str(today + timedelta(days=10)),
                  ends_on=str(today + timedelta(days=11)), lead_members=["beta"]).get_json()["id"]
    later = create(client, theme, title="Later training", themes=[], country="FR",
                   starts_on=str(today + timedelta(days=30)),
                   ends_on=str(today + timedelta(days=30))).get_json()["id"]

    def ids(query):
        response = client_as(None).get(f"/api/v1/activities?{query}")
        assert response.status_code == 200, response.get_json()
        return [a["id"] for a in response.get_json()["items"]]

    assert ids("when=upcoming") == [soon, later]
    assert ids("when=past") == [past]
    assert ids("") == [later, soon, past]
    assert ids("kind=webinar") == [past]
    assert ids("kind=webinar&kind=workshop") == [soon, past]
    assert ids("region=east-asia") == [soon]
    assert ids(f"theme={theme}") == [soon, past]
    assert ids("member=alpha") == [past]
    assert ids(f"member={members['beta']}") == [soon]
    assert ids("per_page=1&page=2") == [soon]
    for bad in ("kind=party", "when=someday", "per_page=1000", "member=nobody"):
        response = client_as(None).get(f"/api/v1/activities?{bad}")
        assert response.status_code == 422, bad
