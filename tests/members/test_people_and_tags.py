"""People (invitations, leavers, focal points) and the vocabulary's management."""

import re

from hub.extensions import db
from hub.models import Member
from tests.helpers import submit_form


def _link(data_dir) -> str:
    mails = sorted((data_dir / "mail").glob("*.eml"))
    return re.search(r"http://hub\.test(/invitations/\S+)", mails[-1].read_text()).group(1)


def test_focal_point_invites_a_colleague_who_sets_a_password(app, client_as, focal_point,
                                                             data_dir, client):
    response = client_as(focal_point).post(
        f"/api/v1/members/{focal_point.member_id}/invitations",
        json={"email": "new@example.org", "name": "Nia"})
    assert response.status_code == 201
    assert response.get_json()["invited"] is True
    path = _link(data_dir)
    response = submit_form(client, path, {"password": "a long password", "confirm":
                                          "a long password"})
    assert response.status_code == 302
    assert client.get(path).status_code == 404  # single use
    login = client.post("/api/v1/auth/login", json={"email": "new@example.org",
                                                    "password": "a long password"})
    assert login.status_code == 200


def test_invitation_rights(client_as, focal_point, make_member, make_user, secretariat, client):
    other = make_member("other")
    fp = client_as(focal_point)
    url = f"/api/v1/members/{focal_point.member_id}/invitations"
    assert fp.post(url, json={"email": "a@example.org", "role": "focal_point"}).status_code == 403
    assert fp.post(f"/api/v1/members/{other}/invitations",
                   json={"email": "b@example.org"}).status_code == 403
    staff = make_user("member", member_id=focal_point.member_id)
    assert client_as(staff).post(url, json={"email": "c@example.org"}).status_code == 403
    assert client.post(url, json={"email": "d@example.org"}).status_code == 401
    assert client_as(secretariat).post(f"/api/v1/members/{other}/invitations", json={
        "email": "e@example.org", "role": "focal_point"}).status_code == 201


def test_expired_invitation(app, client_as, secretariat, make_member, data_dir, client):
    from datetime import UTC, datetime, timedelta

    from hub.models import Invitation

    org = make_member("org")
    client_as(secretariat).post(f"/api/v1/members/{org}/invitations",
                                json={"email": "late@example.org"})
    with app.app_context():
        invitation = db.session.query(Invitation).one()
        invitation.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    assert client.get(_link(data_dir)).status_code == 404


def test_deactivating_a_leaver_and_appointing_a_focal_point(client_as, focal_point, make_user,
                                                             secretariat):
    staff = make_user("member", member_id=focal_point.member_id)
    fp = client_as(focal_point)
    url = f"/api/v1/members/{focal_point.member_id}/people/{staff.id}"
    assert fp.patch(url, json={"role": "focal_point"}).status_code == 403
    assert fp.patch(url, json={"active": False}).get_json()["active"] is False
    login = client_as(None).post("/api/v1/auth/login",
                                 json={"email": staff.email, "password": staff.password})
    assert login.status_code == 401
    assert client_as(secretariat).patch(url, json={"role": "focal_point", "active": True}
                                        ).get_json()["role"] == "focal_point"
    people = fp.get(f"/api/v1/members/{focal_point.member_id}/people").get_json()["items"]
    assert {p["email"] for p in people} == {focal_point.email, staff.email}
    colleague = make_user("member", member_id=focal_point.member_id)
    assert client_as(colleague).get(f"/api/v1/members/{focal_point.member_id}/people"
                                    ).status_code == 403


def test_secretariat_adds_renames_and_retires_tags(app, client_as, secretariat, focal_point,
                                                    client, make_member):
    sec = client_as(secretariat)
    new = {"group": "area", "labels": {"en": "Sport settings", "fr": "Milieu sportif",
                                       "es": "Entornos deportivos"}}
    assert client_as(focal_point).post("/api/v1/tags", json=new).status_code == 403
    assert client.post("/api/v1/tags", json=new).status_code == 401
    assert sec.post("/api/v1/tags", json={"group": "area", "labels": {"en": "X"}}
                    ).status_code == 422
    created = sec.post("/api/v1/tags", json=new)
    assert created.status_code == 201 and created.get_json()["slug"] == "sport-settings"
    assert client.get("/api/v1/tags?lang=fr").get_json()["items"][-1]["label"] == "Milieu sportif"
    # A rename reaches the directory's search at once.
    org = make_member("org-a")
    client_as(secretariat).patch(f"/api/v1/members/{org}", json={"tags": [
        {"slug": "sport-settings"}]})
    sec.patch("/api/v1/tags/sport-settings", json={"labels": {"fr": "Milieux du sport"}})
    assert client.get("/api/v1/members?q=milieux&lang=fr").get_json()["total"] == 1
    assert client_as(focal_point).patch("/api/v1/tags/sport-settings",
                                        json={"retired": True}).status_code == 403
    assert sec.patch("/api/v1/tags/sport-settings", json={"retired": True}).status_code == 200
    assert "sport-settings" not in [t["slug"] for t in client.get("/api/v1/tags").get_json()[
        "items"]]
    # Still on the old profile, no longer offered to others.
    body = client.get("/api/v1/members/org-a").get_json()
    assert body["tags"][0]["slug"] == "sport-settings"
    other = make_member("org-b")
    assert sec.patch(f"/api/v1/members/{other}", json={"tags": [{"slug": "sport-settings"}]}
                     ).status_code == 422
    assert sec.patch("/api/v1/tags/nope", json={"retired": True}).status_code == 404
    with app.app_context():
        assert db.session.get(Member, other).tag_links == []
