"""Reporting reminders for focal points: a profile review due, an ended activity without a
confirmed participation; on the home panel and by mail, each with its link."""

from datetime import UTC, date, datetime, timedelta

import pytest

from hub.extensions import db


@pytest.fixture
def organisation(app, make_member, make_user):
    """A member created two years ago, never reviewed, that organised an activity last month
    with one self-reported (pending) participant."""
    from hub.models import Activity, ActivityParticipation, Member

    member_id = make_member("coast-org", name="Coast Org")
    other_id = make_member("other-org", name="Other Org")
    with app.app_context():
        member = db.session.get(Member, member_id)
        member.created_at = datetime.now(UTC) - timedelta(days=730)
        ended = date.today() - timedelta(days=30)
        activity = Activity(title="Training on online safety", kind="training",
                            start_date=ended, end_date=ended, mode="online",
                            organiser_member_id=member_id)
        activity.participations.append(ActivityParticipation(
            member_id=other_id, role="participant", status="pending", staff_count=2))
        db.session.add(activity)
        db.session.commit()
        activity_id = activity.id
    focal = make_user("focal_point", member_id=member_id)
    staff = make_user("member", member_id=member_id)
    return {"member": member_id, "activity": activity_id, "focal": focal, "staff": staff}


def test_home_panel_lists_the_tasks_for_focal_points_only(as_, organisation, secretariat):
    html = as_(organisation["focal"]).get("/").get_data(as_text=True)
    assert "Reporting reminders" in html
    assert "due for its yearly review" in html and 'href="/members/coast-org"' in html
    assert "Training on online safety" in html
    assert f'href="/activities/{organisation["activity"]}"' in html
    for person in (organisation["staff"], secretariat, None):
        assert "Reporting reminders" not in as_(person).get("/").get_data(as_text=True)


def test_tasks_disappear_once_done(app, as_, organisation):
    client = as_(organisation["focal"])
    assert client.post("/api/v1/members/coast-org/review").status_code == 200
    url = f"/api/v1/activities/{organisation['activity']}/participants"
    pending = client.get(url).get_json()[0]
    assert client.patch(f"{url}/{pending['id']}", json={"status": "confirmed"}).status_code \
        == 200
    assert "Reporting reminders" not in client.get("/").get_data(as_text=True)


def test_reminder_mails_once_per_month(app, runner, data_dir, organisation):
    from hub.blueprints.reporting import service

    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 reporting reminder mails" in result.output
    mails = [p.read_text(encoding="utf-8") for p in (data_dir / "mail").glob("*.eml")]
    reminders = [m for m in mails if "Reporting reminders for Coast Org" in m]
    assert len(reminders) == 1
    text = reminders[0]
    assert organisation["focal"].email in text
    assert "http://hub.test/members/coast-org" in text
    assert f"http://hub.test/activities/{organisation['activity']}" in text
    with app.app_context():
        assert service.send_reminders() == 0
        assert service.send_reminders(datetime.now(UTC) + timedelta(days=10)) == 0
        assert service.send_reminders(datetime.now(UTC) + timedelta(days=31)) == 1
        db.session.commit()
