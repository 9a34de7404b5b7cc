"""The jobs worker schedules the digests itself, and their mail goes through the mail job."""

from datetime import datetime, timedelta

import pytest

from hub import jobs
from hub.models.base import utcnow
from tests.follows.conftest import text_of


@pytest.fixture
def app_config(app_config):
    app_config.update({"JOBS_IMMEDIATE": False, "MAIL_RETRY_DELAY": 0.2})
    return app_config


def test_the_worker_runs_the_digests_every_ten_minutes(app, runner, member_user, client_as,
                                                       set_created, make_resource, mails):
    with app.app_context():
        huey = jobs.get_huey(app)
        due_at = [m for m in range(60)
                  if "digests.send_due" in {t.name for t in huey.read_periodic(
                      datetime(2026, 3, 4, 0, m))}]
    assert due_at == [0, 10, 20, 30, 40, 50]

    set_created(member_user, "2020-01-01 00:00:00")
    client = client_as(member_user)
    client.post("/api/v1/me/follows", json={"kind": "tag", "value": "ocse"})
    client.patch("/api/v1/me/preferences", json={"digest": "daily"})
    yesterday = (utcnow() - timedelta(days=1)).replace(hour=12, minute=0, second=0,
                                                       microsecond=0)
    make_resource(yesterday.strftime("%Y-%m-%d %H:%M:%S"), title="Yesterday's toolkit",
                  themes=["ocse"])
    runner.invoke(args=["jobs", "work", "--burst"])  # whatever the resource queued
    with app.app_context():
        jobs.enqueue("digests.send_due")
    result = runner.invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code == 0, result.output
    (message,) = mails(member_user.email)
    assert "Yesterday's toolkit" in text_of(message)
    with app.app_context():
        jobs.enqueue("digests.send_due")
    runner.invoke(args=["jobs", "work", "--burst"])
    assert len(mails(member_user.email)) == 1
