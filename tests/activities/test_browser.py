"""In a real browser: a member reports its participation, the organiser confirms it, and the
member's profile shows the activity; the usage log has the report once."""

import time
from datetime import date, timedelta

import sqlalchemy as sa

from hub.extensions import db
from hub.models import UsageEvent
from tests.conftest import PASSWORD


def sign_in(page, url, email):
    page.goto(f"{url}/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{url}/")


def test_report_and_confirm_participation(app, make_member, make_user, client_as, live_server,
                                          browser):
    alpha, beta = make_member("alpha", name="Alpha Kenya"), make_member("beta", name="Beta Asia")
    organiser = make_user("focal_point", member_id=alpha)
    reporter = make_user("member", member_id=beta)
    response = client_as(organiser).post("/api/v1/activities", json={
        "title": "Workshop on survivor participation", "kind": "workshop",
        "mode": "in_person", "country": "KE",
        "starts_on": str(date.today() - timedelta(days=3))})
    activity_id = response.get_json()["id"]

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server, reporter.email)
    page.goto(f"{live_server}/activities?when=past")
    page.get_by_role("link", name="Workshop on survivor participation").click()
    page.get_by_label("Staff who took part").fill("3")
    page.get_by_role("button", name="Report our participation").click()
    assert "awaits confirmation" in page.locator(".flash").inner_text()
    assert "Awaiting confirmation" in page.locator("table.participants").inner_text()
    context.close()

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server, organiser.email)
    page.goto(f"{live_server}/activities/{activity_id}")
    page.get_by_role("button", name="Confirm").click()
    assert "Confirmed" in page.locator("table.participants").inner_text()
    page.get_by_role("link", name="Beta Asia").click()
    assert "Workshop on survivor participation" in page.locator("#activities ~ ul").first \
        .inner_text()
    context.close()
    # The server's workers write their usage buffer within a second or so.
    deadline = time.monotonic() + 10
    while True:
        with app.app_context():
            reports = db.session.scalar(sa.select(sa.func.count()).select_from(UsageEvent)
                                        .where(UsageEvent.event_type == "activity_report"))
        if reports or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert reports == 1
