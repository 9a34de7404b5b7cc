"""Digests: exact windows, one mail per person per period, the reader's privacy, the mail
itself (language, size, unsubscribe headers) and counting the clicks.

2026-03-02 is a Monday, the default HUB_DIGEST_DAY.
"""

import re

import pytest
import sqlalchemy as sa

from hub.extensions import db
from tests.follows.conftest import at, html_of, text_of


@pytest.fixture
def reader(make_user, set_created, client_as):
    """A member's staff member, on the hub since January, following the OCSE theme."""
    person = make_user("member", name="Ann Reader")
    set_created(person, "2026-01-01 00:00:00")
    client = client_as(person)
    assert client.post("/api/v1/me/follows", json={"kind": "tag", "value": "ocse"}
                       ).status_code == 201
    person.client = client
    return person


def set_digest(person, cadence):
    response = person.client.patch("/api/v1/me/preferences", json={"digest": cadence})
    assert response.status_code == 200


def titles(message) -> list[str]:
    return re.findall(r"^- \[[^\]]+\] (.+?)(?: \(\w\w\))?(?: · .*)?$", text_of(message), re.M)


def test_an_item_at_the_windows_last_second_is_in_that_digest_only(
        reader, make_resource, send, mails):
    set_digest(reader, "daily")
    make_resource("2026-03-03 23:59:59.999999", title="Last second", themes=["ocse"])
    make_resource("2026-03-04 00:00:00", title="First second of the next", themes=["ocse"])
    assert send("2026-03-04T00:00:05").startswith("1 digests sent")
    first = mails(reader.email)
    assert len(first) == 1
    assert titles(first[0]) == ["Last second"]
    send("2026-03-05T06:00:00")
    second = mails(reader.email)[1:]
    assert [titles(m) for m in second] == [["First second of the next"]]


def test_a_run_repeated_twice_sends_nothing_more(reader, make_resource, send, mails):
    set_digest(reader, "daily")
    make_resource("2026-03-03 10:00:00", title="Once", themes=["ocse"])
    assert send("2026-03-04T01:00:00").startswith("1 digests sent")
    assert send("2026-03-04T01:00:00").startswith("0 digests sent")
    assert send("2026-03-04T23:59:59").startswith("0 digests sent")
    assert len(mails(reader.email)) == 1


def test_a_missed_run_is_caught_up_the_next_day(reader, make_resource, send, mails):
    set_digest(reader, "daily")
    make_resource("2026-03-03 10:00:00", title="Tuesday", themes=["ocse"])
    send("2026-03-04T01:00:00")
    make_resource("2026-03-04 12:00:00", title="Wednesday", themes=["ocse"])
    make_resource("2026-03-05 08:00:00", title="Thursday", themes=["ocse"])
    # No run on the 5th; the run of the 6th covers both days, in one mail.
    assert send("2026-03-06T07:00:00").startswith("1 digests sent")
    sent = mails(reader.email)
    assert [sorted(titles(m)) for m in sent] == [["Tuesday"], ["Thursday", "Wednesday"]]


def test_daily_then_weekly_neither_repeats_nor_skips(reader, make_resource, send, mails):
    set_digest(reader, "daily")
    make_resource("2026-03-02 12:00:00", title="Monday item", themes=["ocse"])
    send("2026-03-03T00:30:00")  # daily: [03-02, 03-03)
    set_digest(reader, "weekly")
    make_resource("2026-03-03 09:00:00", title="Tuesday item", themes=["ocse"])
    make_resource("2026-03-08 23:59:59", title="Sunday item", themes=["ocse"])
    make_resource("2026-03-09 00:00:00", title="Next week item", themes=["ocse"])
    for day in ("04", "05", "06", "07", "08"):
        assert send(f"2026-03-{day}T06:00:00").startswith("0 digests sent")
    assert send("2026-03-09T06:00:00").startswith("1 digests sent")  # weekly: [03-03, 03-09)
    sent = mails(reader.email)
    assert [sorted(titles(m)) for m in sent] == [["Monday item"], ["Sunday item", "Tuesday item"]]
    # And back to daily: the next day's mail starts where the week ended.
    set_digest(reader, "daily")
    send("2026-03-10T06:00:00")
    assert titles(mails(reader.email)[-1]) == ["Next week item"]


def test_windows_are_in_utc_whatever_the_offset_given(reader, make_resource, send, mails):
    set_digest(reader, "daily")
    make_resource("2026-03-03 12:00:00", title="Noon UTC", themes=["ocse"])
    # 01:30 in UTC+2 is still the 3rd in UTC: the window ending 03-03 00:00 has nothing.
    assert send("2026-03-04T01:30:00+02:00").startswith("0 digests sent")
    assert mails(reader.email) == []
    assert send("2026-03-04T00:30:00+00:00").startswith("1 digests sent")
    assert titles(mails(reader.email)[0]) == ["Noon UTC"]


def test_weekly_is_one_mail_on_the_digest_day(reader, make_resource, send, mails, app):
    make_resource("2026-03-03 09:00:00", title="In the week", themes=["ocse"])
    assert send("2026-03-08T22:00:00").startswith("0 digests sent")  # Sunday
    assert send("2026-03-09T00:00:00").startswith("1 digests sent")  # Monday 00:00
    assert send("2026-03-10T00:00:00").startswith("0 digests sent")
    message = mails(reader.email)[0]
    assert message["Subject"] == "Your weekly Hub digest: 1 new item"


def test_nothing_new_sends_no_mail_but_closes_the_window(reader, make_resource, send, mails):
    set_digest(reader, "daily")
    assert "1 with nothing new" in send("2026-03-04T01:00:00")
    assert mails(reader.email) == []
    make_resource("2026-03-03 12:00:00", title="Late", themes=["ocse"])  # created after the run
    send("2026-03-05T01:00:00")
    assert mails(reader.email) == []


def test_stories_only_published_activities_only_upcoming(
        reader, make_story, make_activity, make_member, send, mails, backdate):
    from datetime import date

    from hub.models import Story

    set_digest(reader, "daily")
    org = make_member("kenya-shield")
    make_story(org, published="2026-03-03 08:00:00", title="Published story", themes=["ocse"])
    make_story(org, status="submitted", title="Submitted story", themes=["ocse"])
    approved = make_story(org, status="approved", title="Approved story", themes=["ocse"])
    backdate(Story, approved, published_at=at("2026-03-03 09:00:00"))  # never really published
    withdrawn = make_story(org, published="2026-03-03 10:00:00", title="Withdrawn story",
                           themes=["ocse"])
    backdate(Story, withdrawn, status="consent_withdrawn", title="")
    make_story(org, published="2026-03-03 11:00:00", title="Network story", themes=["ocse"],
               audiences=("network_learning",))
    make_activity(created="2026-03-03 08:00:00", starts=date(2026, 4, 1), title="April webinar",
                  themes=["ocse"])
    make_activity(created="2026-03-03 08:00:00", starts=date(2026, 3, 1), title="Past webinar",
                  themes=["ocse"])
    send("2026-03-04T01:00:00")
    (message,) = mails(reader.email)
    assert sorted(titles(message)) == ["April webinar", "Network story", "Published story"]


def test_nothing_to_deactivated_people_or_staff_of_suspended_members(
        app, make_user, make_member, set_created, client_as, make_resource, send, mails):
    from hub.models import Member, User

    people = {}
    for name in ("active", "deactivated", "suspended"):
        member = make_member(f"org-{name}")
        person = make_user("member", member_id=member)
        set_created(person, "2026-01-01 00:00:00")
        client_as(person).post("/api/v1/me/follows", json={"kind": "tag", "value": "ocse"})
        client_as(person).patch("/api/v1/me/preferences", json={"digest": "daily"})
        people[name] = (person, member)
    with app.app_context():
        db.session.get(User, people["deactivated"][0].id).active = False
        db.session.get(Member, people["suspended"][1]).status = "suspended"
        db.session.commit()
    make_resource("2026-03-03 12:00:00", title="For everyone", themes=["ocse"])
    assert send("2026-03-04T01:00:00").startswith("1 digests sent")
    assert [m["To"] for m in mails()] == [people["active"][0].email]


def test_muted_follows_add_nothing(reader, make_resource, send, mails):
    set_digest(reader, "daily")
    follow_id = reader.client.get("/api/v1/me/follows").get_json()["items"][0]["id"]
    reader.client.patch(f"/api/v1/me/follows/{follow_id}", json={"muted": True})
    make_resource("2026-03-03 12:00:00", title="Muted", themes=["ocse"])
    send("2026-03-04T01:00:00")
    assert mails(reader.email) == []


def test_regions_members_and_alerted_searches(
        reader, make_member, make_resource, send, mails, app):
    set_digest(reader, "daily")
    org = make_member("andes-ninez", country="CO", name="Andes Niñez")
    client = reader.client
    client.post("/api/v1/me/follows", json={"kind": "region", "value": "east-asia"})
    client.post("/api/v1/me/follows", json={"kind": "member", "value": "andes-ninez"})
    client.post("/api/v1/me/saved-searches", json={
        "name": "Tourism", "query": {"q": "tourism", "language": ["en"]}, "alert": "daily"})
    make_resource("2026-03-03 09:00:00", title="Thailand overview", countries=["TH"])
    make_resource("2026-03-03 10:00:00", title="By Andes", organisations=[org])
    make_resource("2026-03-03 11:00:00", title="Travel and tourism study",
                  body="Sexual exploitation in travel and tourism.")
    make_resource("2026-03-03 11:30:00", title="Estudio de turismo", language="es",
                  body="Turismo y explotación.")
    make_resource("2026-03-03 12:00:00", title="Unrelated", body="Nothing to see.")
    send("2026-03-04T01:00:00")
    (message,) = mails(reader.email)
    text = text_of(message)
    assert "== Member: Andes Niñez ==" in text
    assert "== Saved search: Tourism ==" in text
    assert "== Region: East Asia ==" in text
    assert sorted(titles(message)) == ["By Andes", "Thailand overview",
                                       "Travel and tourism study"]


def test_the_mail_language_size_links_and_one_click_unsubscribe(
        reader, make_resource, bulk_resources, send, mails, app):
    reader.client.patch("/api/v1/me/preferences", json={"digest": "daily", "locale": "fr"})
    bulk_resources(300, "2026-03-03 12:00:00", title="Rapport " + "x" * 300, language="fr",
                   themes=["ocse"])
    send("2026-03-04T01:00:00")
    (message,) = mails(reader.email)
    raw = message.as_bytes()
    assert len(raw) < 50 * 1024
    assert message["Subject"] == "Votre résumé quotidien du Hub : 300 nouveautés"
    text, html = text_of(message), html_of(message)
    assert "Thème : Exploitation sexuelle des enfants en ligne" in text or "Thème" in text
    assert "et 292 autres" in text
    assert "<img" not in html and "<script" not in html
    assert 'lang="fr"' in html
    unsubscribe = str(message["List-Unsubscribe"]).strip()  # folded: the URL is long
    assert unsubscribe.startswith("<http://hub.test/digest/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "http://hub.test/account?digest=" in text  # preferences link
    # One click, as a mail client does it (RFC 8058): a POST, no session, no CSRF token.
    url = unsubscribe.strip("<>").replace("http://hub.test", "")
    anonymous = app.test_client()
    page = anonymous.get(url)
    assert page.status_code == 200 and "Unsubscribe" in page.get_data(as_text=True)
    assert reader.client.get("/api/v1/me/preferences").get_json()["digest"] == "daily"
    done = anonymous.post(url, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert reader.client.get("/api/v1/me/preferences").get_json()["digest"] == "off"
    assert anonymous.post(url[:-3] + "abc", data={}).status_code == 404
    make_resource("2026-03-04 12:00:00", title="After", themes=["ocse"])
    assert send("2026-03-05T01:00:00").startswith("0 digests sent")


def test_opening_a_digest_link_counts_as_use(reader, make_resource, send, mails, app):
    from hub.blueprints.usage import flush
    from hub.models import DigestSend, UsageEvent

    set_digest(reader, "daily")
    rid = make_resource("2026-03-03 12:00:00", title="Clicked", themes=["ocse"])
    send("2026-03-04T01:00:00")
    link = re.search(rf"http://hub.test(/library/{rid}\?digest=\S+)", text_of(mails()[0]))[1]
    anonymous = app.test_client()
    response = anonymous.get(link)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/library/{rid}"
    forged = anonymous.get(f"/library/{rid}?digest=forged")
    assert forged.status_code == 303
    flush(app)
    with app.app_context():
        send_row = db.session.scalar(sa.select(DigestSend))
        assert send_row.opened_at is not None and send_row.status == "sent"
        events = db.session.scalars(sa.select(UsageEvent).where(
            UsageEvent.event_type == "digest_click")).all()
        assert [(e.member_id, e.object_type) for e in events] == [(reader.member_id, "digest")]


def test_the_secretariats_usage_page_shows_digests_sent_and_opened(
        reader, make_resource, send, mails, app, secretariat, client_as):
    from hub.models import Member

    set_digest(reader, "daily")
    make_resource("2026-03-03 12:00:00", title="Clicked", themes=["ocse"])
    make_resource("2026-03-04 12:00:00", title="Not clicked", themes=["ocse"])
    send("2026-03-04T01:00:00")
    send("2026-03-05T01:00:00")
    link = re.search(r"http://hub.test(/library/\d+\?digest=\S+)", text_of(mails()[0]))[1]
    app.test_client().get(link)
    page = client_as(secretariat).get("/usage")  # sent_at is the real time of sending
    html = page.get_data(as_text=True)
    with app.app_context():
        name = db.session.get(Member, reader.member_id).name
    table = html.split('class="usage-digests"')[1].split("</table>")[0]
    assert re.search(rf">{name}</a></td><td>2</td><td>1</td>", table)


def test_digest_clicks_qualify_for_indicator_4_5(
        app, make_member, make_user, set_created, client_as, make_resource, send, mails,
        secretariat):
    from datetime import date

    member_id = make_member("kenya-shield", joined_on=date(2020, 1, 1))
    person = make_user("member", member_id=member_id)
    set_created(person, "2026-01-01 00:00:00")
    client_as(person).post("/api/v1/me/follows", json={"kind": "tag", "value": "ocse"})
    client_as(person).patch("/api/v1/me/preferences", json={"digest": "daily"})
    for n in range(3):
        make_resource("2026-03-03 12:00:00", title=f"Item {n}", themes=["ocse"])
    send("2026-03-04T01:00:00")
    clicks = re.findall(r"http://hub.test(/library/\d+\?digest=\S+)", text_of(mails()[0]))
    assert len(clicks) == 3
    reader = app.test_client()  # from the mailbox: no session needed
    for link in clicks:
        assert reader.get(link).status_code == 303
    admin = client_as(secretariat)
    body = admin.get("/api/v1/indicators/4.5/members?start=2020-01-01&end=2099-12-31").get_json()
    item = next(i for i in body["items"] if i["member"]["slug"] == "kenya-shield")
    assert item["qualifying_actions"] == 3 and item["counted"] is True
