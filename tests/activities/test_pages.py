"""Activity pages: the list with filters, the activity page, forms, reporting and confirming
participation, and the record on a member's profile."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from hub.extensions import db
from hub.models import Activity, ActivityParticipation, Tag, UsageEvent
from tests.helpers import FormPage, csrf_token, submit_form


@pytest.fixture
def members(make_member):
    return {slug: make_member(slug, country=country, name=name) for slug, country, name in
            (("alpha", "KE", "Alpha Kenya"), ("beta", "TH", "Beta Thailand"),
             ("gamma", "FR", "Gamma France"))}


@pytest.fixture
def themes(app):
    with app.app_context():
        return list(db.session.scalars(sa.select(Tag.slug).order_by(Tag.slug).limit(2)))


def make_activity(client, **fields):
    today = date.today()
    body = {"title": "Webinar on safeguarding", "kind": "webinar", "mode": "online",
            "starts_on": str(today + timedelta(days=5)), **fields}
    response = client.post("/api/v1/activities", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_list_page_upcoming_past_and_filters(app, client_as, secretariat, members, themes):
    client = client_as(secretariat)
    today = date.today()
    make_activity(client, title="Upcoming workshop in Nairobi", kind="workshop",
                  mode="in_person", country="KE", themes=[themes[0]])
    make_activity(client, title="Past webinar", starts_on=str(today - timedelta(days=60)),
                  themes=[themes[1]])
    anonymous = client_as(None)
    html = anonymous.get("/activities").get_data(as_text=True)
    assert "Upcoming workshop in Nairobi" in html and "Past webinar" not in html
    html = anonymous.get("/activities?when=past").get_data(as_text=True)
    assert "Past webinar" in html and "Upcoming workshop" not in html
    html = anonymous.get("/activities?when=all&kind=webinar").get_data(as_text=True)
    assert "Past webinar" in html and "Upcoming workshop" not in html
    html = anonymous.get("/activities?when=all&region=east-southern-africa").get_data(
        as_text=True)
    assert "Upcoming workshop" in html and "Past webinar" not in html
    html = anonymous.get(f"/activities?when=all&theme={themes[1]}").get_data(as_text=True)
    assert "Past webinar" in html and "Upcoming workshop" not in html
    assert anonymous.get("/activities?kind=party").status_code == 422
    assert "Record an activity" not in html
    assert "Record an activity" in client.get("/activities").get_data(as_text=True)


def test_secretariat_records_an_activity_with_the_form(app, client_as, secretariat, members,
                                                       themes):
    client = client_as(secretariat)
    response = submit_form(client, "/activities/new", {
        "title": "Regional training on SECTT", "description": "Three days.",
        "kind": "training", "mode": "in_person", "starts_on": "2026-05-04",
        "ends_on": "2026-05-06", "country": "TH", "region": "", "organiser": str(members["beta"]),
        "themes": themes, "lead_members": [str(members["beta"])],
        "participant_members": [str(members["alpha"]), str(members["gamma"])],
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Regional training on SECTT" in page
    assert "Beta Thailand" in page and "Alpha Kenya" in page and "Gamma France" in page
    assert "Recorded the activity" in page  # the history
    with app.app_context():
        activity = db.session.scalar(sa.select(Activity))
        assert activity.organiser_member_id == members["beta"]
        assert activity.region_code == "east-asia"
        assert {p.status for p in activity.participations} == {"confirmed"}


def test_a_bad_form_shows_errors_and_saves_nothing(app, client_as, secretariat, members):
    client = client_as(secretariat)
    response = submit_form(client, "/activities/new", {
        "title": "", "kind": "training", "mode": "online", "starts_on": "2026-05-04",
        "ends_on": "2026-05-01"})
    assert response.status_code == 422
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert client.post("/activities/new", data={"title": "x"}).status_code == 400  # no CSRF
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 0


def test_member_reports_and_organiser_confirms_on_the_page(app, client_as, make_user, members):
    organiser = make_user("focal_point", member_id=members["alpha"])
    reporter = make_user("member", member_id=members["beta"])
    activity_id = make_activity(client_as(organiser))
    url = f"/activities/{activity_id}"
    client = client_as(reporter)
    page = client.get(url).get_data(as_text=True)
    assert "Report our participation" in page and "Edit the activity" not in page
    response = client.post(f"{url}/participants", data={
        "csrf_token": csrf_token(page), "role": "participant", "staff_count": "4"})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Awaiting confirmation" in page and "Withdraw my report" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(UsageEvent).where(
            UsageEvent.event_type == "activity_report")) == 1
        pid = db.session.scalar(sa.select(ActivityParticipation.id))
    # Others do not see the pending report; the profile lists it only for those concerned.
    assert "Beta Thailand" not in client_as(None).get(url).get_data(as_text=True)
    assert "awaiting confirmation" in client.get("/members/beta").get_data(as_text=True)

    manager = client_as(organiser)
    page = manager.get(url).get_data(as_text=True)
    assert "Confirm" in page
    # The reporter cannot confirm itself.
    assert client.post(f"{url}/participants/{pid}", data={
        "csrf_token": csrf_token(client.get(url).get_data(as_text=True)),
        "action": "confirm"}).status_code == 403
    response = manager.post(f"{url}/participants/{pid}", data={
        "csrf_token": csrf_token(page), "action": "confirm"})
    assert response.status_code == 302
    public = client_as(None).get(url).get_data(as_text=True)
    assert "Beta Thailand" in public and "Confirmed" in public
    profile = client_as(None).get("/members/beta").get_data(as_text=True)
    assert "Took part in" in profile and "Webinar on safeguarding" in profile
    organiser_profile = client_as(None).get("/members/alpha").get_data(as_text=True)
    assert "Organised" in organiser_profile


def test_edit_page_permissions(app, client_as, make_user, secretariat, members):
    organiser = make_user("focal_point", member_id=members["alpha"])
    outsider = make_user("focal_point", member_id=members["gamma"])
    activity_id = make_activity(client_as(organiser))
    assert client_as(outsider).get(f"/activities/{activity_id}/edit").status_code == 403
    assert client_as(None).get(f"/activities/{activity_id}/edit").status_code == 302
    assert client_as(secretariat).get(f"/activities/{activity_id}/edit").status_code == 200
    response = submit_form(client_as(organiser), f"/activities/{activity_id}/edit", {
        "title": "Renamed webinar", "kind": "webinar", "mode": "online",
        "starts_on": "2026-06-01", "ends_on": "2026-06-01"})
    assert response.status_code == 302
    page = client_as(None).get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "Renamed webinar" in page
    assert client_as(None).get("/activities/999").status_code == 404


def test_the_list_shows_in_french(app, client_as, secretariat, members):
    for _ in range(2):
        make_activity(client_as(secretariat))
    html = client_as(None).get("/activities?lang=fr").get_data(as_text=True)
    assert "Webinaire" in html and "2 activités" in html
    html = client_as(None).get("/activities?lang=es").get_data(as_text=True)
    assert "Seminario web" in html and "2 actividades" in html


def test_the_form_comes_back_with_its_errors_and_what_was_typed(client_as, secretariat,
                                                                 members, themes):
    client = client_as(secretariat)
    response = submit_form(client, "/activities/new", {
        "title": "", "description": "Three days, two rooms.", "kind": "training",
        "mode": "in_person", "starts_on": "2026-05-04", "ends_on": "2026-05-06",
        "country": "XX", "region": "east-asia", "organiser": str(members["beta"]),
        "themes": themes, "lead_members": [str(members["beta"])],
        "participant_members": [str(members["alpha"]), str(members["gamma"])],
        "resources": "12, 13"})
    assert response.status_code == 422
    page = FormPage(response.get_data(as_text=True))
    links = dict(page.summary)
    assert "#title" in links and links["#title"].startswith("Title: "), page.summary
    assert page.error("title") in links["#title"]
    assert all(page.by_id[href[1:]]["tag"] in ("input", "select", "textarea")
               for href in links), page.summary
    assert page.value("description") == "Three days, two rooms."
    assert page.value("starts_on") == "2026-05-04" and page.value("ends_on") == "2026-05-06"
    assert page.value("country") == "XX" and page.value("resources") == "12, 13"
    assert page.selected("kind") == ["training"] and page.selected("mode") == ["in_person"]
    assert page.selected("region") == ["east-asia"]
    assert page.selected("organiser") == [str(members["beta"])]
    assert sorted(page.selected("themes")) == sorted(themes)
    assert page.selected("lead_members") == [str(members["beta"])]
    assert sorted(page.selected("participant_members")) == sorted(
        [str(members["alpha"]), str(members["gamma"])])
