"""Activities sorted by date or title, taken away as CSV with their participants, and as an
iCalendar feed with the list page's filters."""

import csv
import io
from datetime import date, timedelta

import pytest
from icalendar import Calendar


@pytest.fixture
def activities(app, client_as, secretariat, make_member):
    alpha, beta = make_member("alpha", name="=Alpha Org"), make_member("beta", country="TH")
    client = client_as(secretariat)
    soon, later = date.today() + timedelta(days=10), date.today() + timedelta(days=40)
    made = []
    for title, start, kind in (("Zebra webinar", soon, "webinar"),
                               ("Anchor training", later, "training"),
                               ("Old workshop", date(2024, 5, 2), "workshop")):
        response = client.post("/api/v1/activities", json={
            "title": title, "kind": kind, "themes": [], "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=1)).isoformat(), "mode": "online",
            "lead_members": [alpha], "participant_members": [beta]})
        assert response.status_code == 201, response.get_json()
        made.append(response.get_json())
    return made


def test_sort_by_title_or_date(client_as, activities):
    client = client_as(None)
    titles = [a["title"] for a in client.get("/api/v1/activities?when=all&sort=title")
              .get_json()["items"]]
    assert titles == ["Anchor training", "Old workshop", "Zebra webinar"]
    titles = [a["title"] for a in client.get("/api/v1/activities?when=upcoming").get_json()
              ["items"]]
    assert titles == ["Zebra webinar", "Anchor training"]
    assert client.get("/api/v1/activities?sort=colour").status_code == 422
    html = client.get("/activities?when=all&sort=title").get_data(as_text=True)
    assert html.index("Anchor training") < html.index("Old workshop") < html.index("Zebra")


def test_csv_with_participants_and_no_formulas(client_as, activities):
    response = client_as(None).get("/activities.csv?when=all&kind=webinar&kind=training")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["Id", "Title"] and len(rows) == 3
    by_title = {r[1]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_title["Zebra webinar"]["Leads"] == "'=Alpha Org"  # a name is never a formula
    assert by_title["Zebra webinar"]["Participants"] == "Member beta"
    french = client_as(None).get("/activities.csv?when=all&lang=fr").get_data(as_text=True)
    assert "Titre" in french.splitlines()[0]


def test_calendar_feed_of_upcoming_activities(client_as, activities):
    response = client_as(None).get("/activities.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.get_data())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Zebra webinar", "Anchor training"}  # the past one is not upcoming
    zebra = events["Zebra webinar"]
    first = date.fromisoformat(activities[0]["starts_on"])
    assert zebra.decoded("dtstart") == first
    assert zebra.decoded("dtend") == first + timedelta(days=2)  # two days, end exclusive
    assert str(zebra["url"]).endswith(f"/activities/{activities[0]['id']}")
    filtered = Calendar.from_ical(client_as(None).get("/activities.ics?kind=training").data)
    assert [str(e["summary"]) for e in filtered.walk("VEVENT")] == ["Anchor training"]
    assert client_as(None).get("/activities.ics?kind=nonsense").status_code == 422
