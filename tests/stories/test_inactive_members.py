"""Issue 12: staff of a suspended or former member may sign in and read, every write answers
403 saying why, and what their organisation published stays published."""

import pytest
import sqlalchemy as sa

from hub.extensions import db
from hub.models import Member
from tests.helpers import submit_form


def _set_status(app, member_id, status):
    with app.app_context():
        db.session.get(Member, member_id).status = status
        db.session.commit()


def _theme(app):
    from hub.models import Tag

    with app.app_context():
        return db.session.scalars(sa.select(Tag.slug).order_by(Tag.slug)).first()


@pytest.fixture
def organisation(app, make_user, as_, bring_to):
    """A member with a focal point, a staff member, a published story, a public resource,
    an activity it organises and an API token, all made while it was active."""
    focal = make_user("focal_point", name="Focal Point")
    staff = make_user("member", member_id=focal.member_id, name="Staff Member")
    story_id = bring_to(staff, "published", title="Voices from the harbour")
    draft = as_(staff).post("/api/v1/stories", json={
        "title": "A draft", "body": "A draft about outreach.", "language": "en",
        "country": "KE", "audiences": ["network_learning"], "storyteller": "practitioner",
        "consent": {"obtained": True, "given_by": "the writer", "obtained_on": "2025-09-01",
                    "audiences": ["network_learning"]}}).get_json()
    resource = as_(staff).post("/api/v1/resources", json={
        "title": "Harbour outreach report", "type": "research_report", "language": "en",
        "visibility": "public"}).get_json()
    activity = as_(focal).post("/api/v1/activities", json={
        "title": "Harbour training", "kind": "training", "themes": [_theme(app)],
        "starts_on": "2026-03-02", "ends_on": "2026-03-03", "mode": "online"}).get_json()
    token = as_(staff).post("/api/v1/auth/tokens", json={"name": "script"}).get_json()
    with app.app_context():
        slug = db.session.get(Member, focal.member_id).slug
    return {"focal": focal, "staff": staff, "story": story_id, "draft": draft["id"],
            "resource": resource["id"], "activity": activity["id"], "token": token,
            "slug": slug, "member_id": focal.member_id}


def _writes(org, theme):
    """Every kind of write, as (method, url, json)."""
    return [
        ("PATCH", f"/api/v1/members/{org['slug']}", {"description": "Changed"}),
        ("POST", "/api/v1/resources", {"title": "New", "type": "toolkit", "language": "en",
                                       "visibility": "public"}),
        ("PATCH", f"/api/v1/resources/{org['resource']}", {"title": "Renamed"}),
        ("DELETE", f"/api/v1/resources/{org['resource']}", None),
        ("POST", "/api/v1/stories", {"title": "x", "body": "y", "language": "en"}),
        ("PATCH", f"/api/v1/stories/{org['draft']}", {"body": "Changed text."}),
        ("POST", f"/api/v1/stories/{org['story']}/transitions",
         {"action": "withdraw_consent"}),
        ("POST", "/api/v1/activities", {"title": "New", "kind": "webinar", "themes": [theme],
                                        "starts_on": "2026-05-01", "ends_on": "2026-05-01",
                                        "mode": "online"}),
        ("PATCH", f"/api/v1/activities/{org['activity']}", {"title": "Renamed"}),
        ("POST", "/api/v1/auth/tokens", {"name": "another"}),
        ("DELETE", f"/api/v1/auth/tokens/{org['token']['id']}", None),
    ]


@pytest.mark.parametrize(("status", "why"), [("suspended", "suspended"),
                                              ("former", "no longer a member")])
def test_staff_of_an_inactive_member_read_but_every_write_is_refused(
        app, organisation, as_, client_as, status, why):
    org = organisation
    _set_status(app, org["member_id"], status)
    theme = _theme(app)
    for person in (org["focal"], org["staff"]):
        client = client_as(person)  # signing in still works (asserted by sign_in)
        assert client.get("/api/v1/auth/me").status_code == 200
        assert client.get(f"/api/v1/members/{org['slug']}").status_code == 200
        assert client.get(f"/api/v1/stories/{org['draft']}").status_code == 200
        assert client.get("/api/v1/resources/search?q=harbour").status_code == 200
        assert client.get(f"/activities/{org['activity']}").status_code == 200
        for method, url, body in _writes(org, theme):
            response = client.open(url, method=method, json=body)
            assert response.status_code == 403, (person.role, method, url, response.data)
            error = response.get_json()["error"]
            assert error["code"] == "member_not_active"
            assert why in error["message"]
        # A page form is refused alike, with a page that says why.
        page = submit_form(client, "/account/tokens", {"name": "from the page"},
                           page_url="/account")
        assert page.status_code == 403 and why in page.get_data(as_text=True)
        assert client.post("/api/v1/auth/logout").status_code in (200, 204)
    # A token made while the member was active reads, but does not write.
    bearer = {"Authorization": f"Bearer {org['token']['token']}"}
    assert client_as(None).get("/api/v1/auth/me", headers=bearer).status_code == 200
    assert client_as(None).post("/api/v1/resources", headers=bearer, json={
        "title": "x", "type": "toolkit", "language": "en"}).status_code == 403
    # What the organisation published stays: the story and the public resource.
    anonymous = client_as(None)
    assert anonymous.get(f"/api/v1/stories/{org['story']}").status_code == 200
    assert anonymous.get(f"/api/v1/resources/{org['resource']}").status_code == 200
    assert "Voices from the harbour" in anonymous.get("/stories").get_data(as_text=True)


def test_active_members_and_the_secretariat_still_write(app, organisation, as_, make_user):
    org = organisation
    assert as_(org["staff"]).patch(f"/api/v1/stories/{org['draft']}",
                                   json={"body": "Changed text."}).status_code == 200
    _set_status(app, org["member_id"], "suspended")
    secretariat = make_user("secretariat")
    assert as_(secretariat).patch(f"/api/v1/resources/{org['resource']}",
                                  json={"title": "Fixed by the Secretariat"}).status_code == 200
    other = make_user("member")
    assert as_(other).post("/api/v1/resources", json={
        "title": "Other org", "type": "toolkit", "language": "en"}).status_code == 201
