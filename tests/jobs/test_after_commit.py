"""Jobs wait in the unit of work's one after-commit queue: a request that commits puts them on
the job queue, a request that fails (refused, or a bug) never does."""

import pytest
from flask import abort

from hub import jobs
from hub.errors import InvalidInput
from hub.mail import send_mail


@pytest.fixture
def queueing_app(app):
    """The hub with one more page that queues a mail and a job, then ends as asked."""

    @app.post("/api/v1/_test/queue-then/<outcome>")
    def queue_then(outcome):
        send_mail("someone@example.org", "Hello", "A body")
        jobs.after_commit("library.extract_file", 1)
        if outcome == "refused":
            raise InvalidInput(fields={"x": ["No."]})
        if outcome == "aborted":
            abort(409)
        if outcome == "bug":
            raise RuntimeError("a bug after queueing")
        return {"ok": True}

    return app


def _queued(app) -> int:
    with app.app_context():
        return jobs.get_huey().pending_count()


@pytest.mark.parametrize(("outcome", "status"), [("refused", 422), ("aborted", 409)])
def test_jobs_queued_by_a_refused_request_are_never_enqueued(queueing_app, outcome, status):
    response = queueing_app.test_client().post(f"/api/v1/_test/queue-then/{outcome}")
    assert response.status_code == status
    assert _queued(queueing_app) == 0


def test_jobs_queued_by_a_request_that_crashes_are_never_enqueued(queueing_app):
    with pytest.raises(RuntimeError):  # the suite lets bugs surface as themselves
        queueing_app.test_client().post("/api/v1/_test/queue-then/bug")
    assert _queued(queueing_app) == 0


def test_jobs_queued_by_a_request_that_commits_are_enqueued_once(queueing_app):
    response = queueing_app.test_client().post("/api/v1/_test/queue-then/ok")
    assert response.status_code == 200
    # One mail batch and the one job, each put on the queue by the request's one commit.
    assert _queued(queueing_app) == 2
    with queueing_app.app_context():
        names = sorted(task.name for task in jobs.get_huey().pending())
    assert names == ["library.extract_file", "mail.deliver"]
