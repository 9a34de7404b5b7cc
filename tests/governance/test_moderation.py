"""Moderation nothing escapes: working days waited, overdue past the SLA (across weekends),
queue filters, edits after approval back to review, corrections reviewed before they show,
and reminders to reviewers."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from hub.blueprints.stories.queue import working_days_between
from hub.extensions import db
from hub.models import Story


def test_working_days_skip_weekends():
    friday = date(2026, 11, 27)
    assert friday.weekday() == 4
    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, date(2026, 11, 28)) == 0   # Saturday
    assert working_days_between(friday, date(2026, 11, 29)) == 0   # Sunday
    assert working_days_between(friday, date(2026, 11, 30)) == 1   # Monday
    assert working_days_between(friday, date(2026, 12, 4)) == 5    # next Friday: on time
    assert working_days_between(friday, date(2026, 12, 7)) == 6    # next Monday: overdue
    saturday, sunday = date(2026, 11, 28), date(2026, 11, 29)
    assert working_days_between(saturday, date(2026, 11, 30)) == 1
    assert working_days_between(sunday, date(2026, 11, 30)) == 1
    assert working_days_between(date(2026, 11, 2), date(2026, 11, 30)) == 20  # four weeks


def _submitted(app, story_id, day: date) -> None:
    with app.app_context():
        story = db.session.get(Story, story_id)
        story.submitted_at = datetime.combine(day, time(17, 30), UTC)
        db.session.commit()


def _days_ago(working: int) -> date:
    """The latest day from which `working` working days have passed by today."""
    today = datetime.now(UTC).date()
    day = today
    while working_days_between(day, today) < working:
        day -= timedelta(days=1)
    return day


@pytest.fixture
def queue_stories(app, make_user, create_story, move):
    """Three waiting stories: one on time (5 working days), one overdue (6, so a weekend
    lies between), one in French from Thailand told by a practitioner (today)."""
    kenya = make_user("member")
    thailand_org = make_user("member")
    with app.app_context():
        from hub.models import Member

        db.session.get(Member, thailand_org.member_id).country_code = "TH"
        db.session.commit()
    on_time = create_story(kenya, title="On time")
    overdue = create_story(kenya, title="Overdue")
    french = create_story(thailand_org, title="Une histoire", language="fr", country=None,
                          storyteller="practitioner")
    for story_id, person in ((on_time, kenya), (overdue, kenya), (french, thailand_org)):
        assert move(person, story_id, "submit").status_code == 200
    _submitted(app, on_time, _days_ago(5))
    _submitted(app, overdue, _days_ago(6))
    return {"on_time": on_time, "overdue": overdue, "french": french}


def test_who_may_see_the_queue(as_, make_user, secretariat, admin):
    for role in ("member", "focal_point"):
        person = make_user(role)
        assert as_(person).get("/api/v1/stories/moderation").status_code == 403
        assert as_(person).get("/stories/moderation").status_code == 403
    assert as_(None).get("/api/v1/stories/moderation").status_code == 401
    assert as_(None).get("/stories/moderation").status_code == 302
    for person in (secretariat, admin):
        assert as_(person).get("/api/v1/stories/moderation").status_code == 200
        assert as_(person).get("/stories/moderation").status_code == 200


def test_queue_waiting_days_overdue_and_filters(app, as_, secretariat, queue_stories):
    client = as_(secretariat)
    body = client.get("/api/v1/stories/moderation").get_json()
    assert body["sla_days"] == 5
    items = {i["id"]: i for i in body["items"]}
    assert [i["id"] for i in body["items"]] == [queue_stories["overdue"],
                                                queue_stories["on_time"],
                                                queue_stories["french"]]  # oldest first
    assert (items[queue_stories["overdue"]]["waiting_days"],
            items[queue_stories["overdue"]]["overdue"]) == (6, True)
    assert (items[queue_stories["on_time"]]["waiting_days"],
            items[queue_stories["on_time"]]["overdue"]) == (5, False)
    assert items[queue_stories["french"]]["waiting_days"] == 0
    assert items[queue_stories["french"]]["region"] == "east-asia"

    def ids(query):
        return [i["id"] for i in client.get(f"/api/v1/stories/moderation?{query}")
                .get_json()["items"]]

    assert ids("overdue=true") == [queue_stories["overdue"]]
    assert ids("overdue=false") == [queue_stories["on_time"], queue_stories["french"]]
    assert ids("language=fr") == [queue_stories["french"]]
    assert ids("storyteller=practitioner") == [queue_stories["french"]]
    assert ids("region=east-asia") == [queue_stories["french"]]
    assert ids("region=europe") == []
    assert client.get("/api/v1/stories/moderation?storyteller=martian").status_code == 422

    html = client.get("/stories/moderation").get_data(as_text=True)
    assert "6 working days" in html and "overdue" in html
    html = client.get("/stories/moderation?overdue=true").get_data(as_text=True)
    assert "Overdue" in html and "On time" not in html
    home = client.get("/").get_data(as_text=True)
    assert "3 stories are waiting for review." in home
    assert "1 is overdue (more than 5 working days)." in home


def test_the_panel_is_for_the_secretariat_only(as_, member_user, queue_stories):
    assert "waiting for review" not in as_(member_user).get("/").get_data(as_text=True)


def test_editing_an_approved_story_sends_it_back_and_clears_approvals(
        as_, member_user, secretariat, create_story, move):
    story_id = create_story(member_user)
    assert move(member_user, story_id, "submit").status_code == 200
    assert move(secretariat, story_id, "approve").status_code == 200
    response = as_(member_user).patch(f"/api/v1/stories/{story_id}",
                                      json={"title": "A voice from the coast, revised"})
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["status"] == "submitted" and data["approvals"] == []
    assert move(secretariat, story_id, "publish").status_code == 409
    queue = as_(secretariat).get("/api/v1/stories/moderation").get_json()["items"]
    assert [i["id"] for i in queue] == [story_id]
    assert move(secretariat, story_id, "approve").status_code == 200
    assert move(secretariat, story_id, "publish").status_code == 200


def test_a_published_storys_correction_shows_only_once_approved(
        as_, member_user, secretariat, create_story, move):
    story_id = create_story(member_user)
    for person, action in ((member_user, "submit"), (secretariat, "approve"),
                           (secretariat, "publish")):
        assert move(person, story_id, action).status_code == 200
    url = f"/api/v1/stories/{story_id}"
    original = as_(None).get(url).get_json()["body"]
    assert as_(member_user).patch(url, json={"body": "Changed at once"}).status_code == 409
    response = as_(member_user).post(f"{url}/corrections",
                                     json={"body": "A corrected account of the offer."})
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["pending_correction"] == {
        "body": "A corrected account of the offer."}
    assert as_(member_user).post(f"{url}/corrections",
                                 json={"consent": {"obtained": False}}).status_code == 422
    # Readers still see the published text; the reviewers see the correction waiting.
    assert as_(None).get(url).get_json()["body"] == original
    assert "pending_correction" not in as_(None).get(url).get_json()
    queue = as_(secretariat).get("/api/v1/stories/moderation").get_json()["items"]
    assert [(i["id"], i["kind"]) for i in queue] == [(story_id, "correction")]
    page = as_(secretariat).get(f"/stories/{story_id}").get_data(as_text=True)
    assert "Correction waiting for review" in page and "A corrected account" in page
    assert as_(member_user).post(f"{url}/corrections/decision",
                                 json={"approve": True}).status_code == 403
    response = as_(secretariat).post(f"{url}/corrections/decision", json={"approve": True})
    assert response.status_code == 200, response.get_json()
    assert as_(None).get(url).get_json()["body"] == "A corrected account of the offer."
    assert as_(secretariat).get("/api/v1/stories/moderation").get_json()["items"] == []
    assert as_(secretariat).post(f"{url}/corrections/decision",
                                 json={"approve": True}).status_code == 409
    # A refused correction never shows.
    as_(member_user).post(f"{url}/corrections", json={"title": "Another title"})
    assert as_(secretariat).post(f"{url}/corrections/decision",
                                 json={"approve": False}).status_code == 200
    assert as_(None).get(url).get_json()["title"] == "A voice from the coast"
    # Unpublished stories take no corrections.
    draft = create_story(member_user)
    assert as_(member_user).post(f"/api/v1/stories/{draft}/corrections",
                                 json={"body": "x"}).status_code == 409


def test_correction_through_the_edit_page(as_, member_user, secretariat, create_story, move):
    from tests.helpers import submit_form
    from tests.stories.conftest import CLEAN_BODY

    story_id = create_story(member_user)
    for person, action in ((member_user, "submit"), (secretariat, "approve"),
                           (secretariat, "publish")):
        move(person, story_id, action)
    form = {"title": "A voice from the coast", "body": CLEAN_BODY + " Corrected.",
            "language": "en", "country": "KE", "storyteller": "adult_survivor",
            "audiences": ["global_advocacy", "network_learning"], "consent_obtained": "y",
            "consent_given_by": "the survivor", "consent_obtained_on": "2025-09-01",
            "consent_audiences": ["global_advocacy", "network_learning"]}
    response = submit_form(as_(member_user), f"/stories/{story_id}/edit", form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    story = as_(secretariat).get(f"/api/v1/stories/{story_id}").get_json()
    assert story["pending_correction"]["body"].endswith("Corrected.")
    assert not story["body"].endswith("Corrected.")
    response = submit_form(as_(secretariat), f"/stories/{story_id}/correction",
                           {"decision": "approve"}, page_url=f"/stories/{story_id}")
    assert response.status_code == 302
    assert as_(None).get(f"/api/v1/stories/{story_id}").get_json()["body"].endswith(
        "Corrected.")


def test_reviewers_are_reminded_when_overdue_then_weekly(app, runner, data_dir, secretariat,
                                                         admin, queue_stories):
    from hub.blueprints.stories import queue

    mail_dir = data_dir / "mail"

    def reminder_mails():
        return [p for p in mail_dir.glob("*.eml")
                if "working days for review" in p.read_text(encoding="utf-8")]

    before = len(reminder_mails())
    result = runner.invoke(args=["stories", "remind"])
    assert result.exit_code == 0, result.output
    assert "1 overdue" in result.output
    mails = reminder_mails()
    assert len(mails) - before == 2  # the secretariat and the admin, about one story
    text = mails[-1].read_text(encoding="utf-8")
    assert "Overdue" in text and f"/stories/{queue_stories['overdue']}" in text
    assert "A young woman" not in text  # never the story's text
    # Not again the same day; the next working day the other story becomes overdue and is
    # reminded about, the first not yet; again after a week while it stays overdue.
    with app.app_context():
        assert queue.send_reminders() == 0
        now = datetime.now(UTC)
        next_working_day = now + timedelta(days={4: 3, 5: 2}.get(now.weekday(), 1))
        assert [i["id"] for i in queue.due_reminders(next_working_day)] == [
            queue_stories["on_time"]]
        later = [i["id"] for i in queue.due_reminders(now + timedelta(days=7, minutes=1))]
        assert queue_stories["overdue"] in later
        assert queue.send_reminders(now + timedelta(days=7, minutes=1)) == 2
        db.session.commit()
    # A story that is published leaves the queue and is not reminded about.
    with app.app_context():
        story = db.session.get(Story, queue_stories["overdue"])
        story.status = "published"
        db.session.commit()
        assert all(i["id"] != queue_stories["overdue"] for i in queue.due_reminders(
            datetime.now(UTC) + timedelta(days=30)))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(
            sa.table("reminder"))) >= 2
