"""Issue 12: the activity history shows organisations to everyone, staff names only to the
Secretariat and to the person's own organisation, and never an e-mail address."""

import pytest
import sqlalchemy as sa

from hub.extensions import db


@pytest.fixture
def theme(app):
    from hub.models import Tag

    with app.app_context():
        return db.session.scalars(sa.select(Tag.slug).order_by(Tag.slug)).first()


@pytest.fixture
def recorded(app, make_member, make_user, client_as, theme):
    """An activity organised by Kenya Org, edited by its named focal point and by a
    Secretariat officer, and reported by a Thai member's staff with no name on file."""
    kenya = make_member("kenya-org", name="Kenya Child Rights Org")
    thai = make_member("thai-org", country="TH", name="Thai Safe Childhood")
    organiser = make_user("focal_point", member_id=kenya, name="Wanjiru Kamau",
                          email="wanjiru@kenya.example")
    officer = make_user("secretariat", name="Somchai Prasert", email="somchai@ecpat.example")
    reporter = make_user("member", member_id=thai, name="", email="noname@thai.example")
    body = {"title": "Online safety training", "kind": "training", "themes": [theme],
            "starts_on": "2026-03-02", "ends_on": "2026-03-04", "mode": "online"}
    activity = client_as(organiser).post("/api/v1/activities", json=body).get_json()
    url = f"/api/v1/activities/{activity['id']}"
    assert client_as(officer).patch(url, json={"title": "Online safety"}).status_code == 200
    assert client_as(reporter).post(f"{url}/participants",
                                    json={"staff_count": 2}).status_code == 201
    return {"url": url, "id": activity["id"], "organiser": organiser, "officer": officer,
            "reporter": reporter, "kenya": kenya}


def _authors(client, url):
    response = client.get(f"{url}/history")
    assert response.status_code == 200
    return [item["changed_by"] for item in response.get_json()["items"]]


EMAILS = ("wanjiru@kenya.example", "somchai@ecpat.example", "noname@thai.example")


def test_other_organisations_see_organisations_only(recorded, make_user, client_as):
    outsider = make_user("member")
    authors = _authors(client_as(outsider), recorded["url"])
    assert authors[:2] == ["Kenya Child Rights Org", "The Secretariat"]
    text = " ".join(a for a in authors if a)
    assert "Wanjiru" not in text and "Somchai" not in text
    page = client_as(outsider).get(f"/activities/{recorded['id']}").get_data(as_text=True)
    assert "Kenya Child Rights Org" in page
    assert "Wanjiru" not in page and "Somchai" not in page
    assert not any(email in page for email in EMAILS)


def test_own_organisation_sees_its_staff_names(recorded, make_user, client_as):
    colleague = make_user("member", member_id=recorded["kenya"])
    authors = _authors(client_as(colleague), recorded["url"])
    assert authors[0] == "Wanjiru Kamau (Kenya Child Rights Org)"
    assert authors[1] == "The Secretariat"  # a Secretariat officer's name stays with them


def test_secretariat_sees_names_but_never_emails(recorded, client_as, make_user):
    for person in (recorded["officer"], make_user("admin")):
        authors = _authors(client_as(person), recorded["url"])
        assert authors[0] == "Wanjiru Kamau (Kenya Child Rights Org)"
        assert authors[1] == "Somchai Prasert (The Secretariat)"
        # No name on file: the organisation, not the e-mail address.
        assert "Thai Safe Childhood" in authors
        body = client_as(person).get(f"{recorded['url']}/history").get_data(as_text=True)
        assert not any(email in body for email in EMAILS)
