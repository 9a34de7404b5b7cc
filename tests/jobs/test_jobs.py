"""Background jobs on the real queue: uploads answer before their text is extracted, mail is
delivered in batches and retried, failed index drains are retried, failures are listed."""

import io
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from hub import jobs
from hub.extensions import db
from hub.models import JobFailure, ResourceFile
from hub.models.base import utcnow
from hub.search import IndexBusy, SearchIndex
from tests.conftest import ROOT
from tests.library.conftest import ids, make_pdf
from tests.library.test_files import post_file

PDF_WORDS = ["Voluntourism in orphanages exposes children to abuse."]


def search(client, q):
    return client.get(f"/api/v1/resources/search?q={q}").get_json()


def backlog(client) -> dict:
    return client.get("/healthz").get_json().get("backlog", {})


def test_an_upload_answers_at_once_and_its_text_follows_the_worker(client_as, member_user,
                                                                   burst):
    client = client_as(member_user)
    response = post_file(client, make_pdf(PDF_WORDS), "report.pdf",
                         title="Annual review of tourism")
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert body["extraction"] == "pending" and body["files"][0]["extraction"] == "pending"
    # Findable by its metadata at once, by the file's words only once extracted.
    assert ids(search(client, "tourism")) == [body["id"]]
    assert search(client, "orphanages")["total"] == 0
    page = client.get(f"/library/{body['id']}").get_data(as_text=True)
    assert "text being extracted" in page
    assert backlog(client) == {"jobs_queued": 1}

    assert burst() == 1
    assert ids(search(client, "orphanages")) == [body["id"]]
    again = client.get(f"/api/v1/resources/{body['id']}").get_json()
    assert again["extraction"] == "done" and again["files"][0]["text_extracted"] is True
    page = client.get(f"/library/{body['id']}").get_data(as_text=True)
    assert "text being extracted" not in page and "text not extracted" not in page
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert burst() == 0


def test_a_resource_without_files_answers_201_with_nothing_queued(client_as, member_user,
                                                                  create, app):
    response = create(member_user, title="Helpline report")
    assert response.status_code == 201 and response.get_json()["extraction"] == "done"
    with app.app_context():
        assert jobs.get_huey().pending_count() == 0


def test_a_file_added_later_answers_202_and_the_language_follows_its_text(
        client_as, member_user, create, burst):
    client = client_as(member_user)
    # No language given, none readable from a short title: the file's text decides.
    response = post_file(client, make_pdf([
        "La traite des enfants à des fins sexuelles touche les zones touristiques du littoral "
        "et les familles les plus pauvres."]), "traite.pdf", title="2024", language="")
    assert response.status_code == 202, response.get_json()
    rid = response.get_json()["id"]
    assert burst() == 1
    assert client.get(f"/api/v1/resources/{rid}").get_json()["language"] == "fr"

    other = create(member_user, title="Field notes").get_json()["id"]
    data = {"file": (io.BytesIO(b"Notes on reintegration in Lusaka"), "notes.txt")}
    added = client.post(f"/api/v1/resources/{other}/files", data=data,
                        content_type="multipart/form-data")
    assert added.status_code == 202 and added.get_json()["extraction"] == "pending"
    assert burst() == 1
    assert ids(search(client, "Lusaka")) == [other]


def test_a_rolled_back_transaction_queues_nothing(app, member_user):
    from hub.blueprints.library import service
    from hub.mail import send_mail
    from hub.models import User

    with app.test_request_context():
        user = db.session.get(User, member_user.id)
        prepared = service.prepare_file(FileStorage(io.BytesIO(b"Words about prevention"),
                                                    filename="a.txt"))
        service.create_resource({"title": "Never saved", "type": "news", "language": "en"},
                                user, prepared)
        send_mail("someone@example.org", "Hello", "A body")
        db.session.rollback()
        # The next transaction commits without the forgotten work.
        user = db.session.get(User, member_user.id)
        user.name = "Renamed"
        db.session.commit()
        huey = jobs.get_huey()
        assert huey.pending_count() == 0 and huey.scheduled_count() == 0
        send_mail("someone@example.org", "Hello", "A body")
        db.session.commit()
        assert huey.pending_count() == 1


class Inbox:
    """A real SMTP server on a loopback port (aiosmtpd) that counts its connections."""

    def __init__(self, port: int):
        self.port = port
        self.messages, self.sessions = [], set()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        self.sessions.add(id(session))
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8")))
        return "250 OK"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()


@pytest.fixture
def inbox(app):
    from tests.conftest import _free_port

    box = Inbox(_free_port())
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=box.port, MAIL_USE_TLS=False)
    yield box
    box.stop()


def test_mail_goes_in_one_connection_per_batch_and_is_retried(app, inbox, burst, runner):
    from hub.mail import send_many

    with app.app_context():
        send_many([(f"reviewer{i}@example.org", "A story was submitted", f"Story {i}")
                   for i in range(3)], after_commit=False)
    # The server is down: the job fails and waits for its retry.
    assert burst() >= 1
    with app.app_context():
        huey = jobs.get_huey()
        assert huey.scheduled_count() + huey.pending_count() == 1
    assert inbox.messages == []
    inbox.start()
    deadline = time.monotonic() + 30
    while not inbox.messages:
        assert time.monotonic() < deadline, "the retry never came"
        time.sleep(0.2)
        burst()
    assert len(inbox.messages) == 3 and len(inbox.sessions) == 1
    assert {to for tos, _ in inbox.messages for to in tos} == {
        f"reviewer{i}@example.org" for i in range(3)}
    assert "No failed jobs." in runner.invoke(args=["jobs", "failed"]).output


def test_mail_that_never_goes_is_listed_with_its_error_without_its_body(app, inbox, burst,
                                                                        runner):
    from hub.mail import send_mail

    app.config["MAIL_RETRIES"] = 1
    with app.app_context():
        send_mail("lost@example.org", "Your invitation", "secret link 12345", after_commit=False)
    runs, deadline = 0, time.monotonic() + 30
    while "lost@example.org" not in runner.invoke(args=["jobs", "failed"]).output:
        assert time.monotonic() < deadline, "the job never failed for good"
        runs += burst()
        time.sleep(0.2)
    assert runs == 2  # the first try and its one retry
    assert burst() == 0
    output = runner.invoke(args=["jobs", "failed"]).output
    assert "mail.deliver (mail to lost@example.org)" in output
    assert "MailNotSent" in output and "secret link" not in output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(JobFailure)) == 1
    client = app.test_client()
    assert backlog(client) == {"jobs_failed": 1}


def test_a_failed_index_drain_is_retried_by_the_worker(app, client_as, create, member_user,
                                                       burst, monkeypatch):
    real_update = SearchIndex.update
    monkeypatch.setattr(SearchIndex, "update",
                        lambda self, docs: (_ for _ in ()).throw(IndexBusy("busy")))
    rid = create(member_user, title="Helpline data from Nepal").get_json()["id"]
    client = client_as(None)
    assert search(client, "helpline")["total"] == 0
    figures = backlog(client)
    assert figures["index_changes"] == 1
    assert figures.get("jobs_queued", 0) + figures.get("jobs_scheduled", 0) == 1
    monkeypatch.setattr(SearchIndex, "update", real_update)
    time.sleep(0.3)
    assert burst() == 1
    assert ids(search(client, "helpline")) == [rid]
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_an_extraction_that_fails_for_good_marks_the_file_failed(app, client_as, member_user,
                                                                 burst, runner, monkeypatch):
    from hub.blueprints.library import files

    app.config["EXTRACT_RETRIES"] = 0

    def broken(path, mime):
        raise RuntimeError("the parser crashed")

    monkeypatch.setattr(files, "extract_text", broken)
    client = client_as(member_user)
    rid = post_file(client, make_pdf(PDF_WORDS), "r.pdf").get_json()["id"]
    assert burst() == 1
    body = client.get(f"/api/v1/resources/{rid}").get_json()
    assert body["extraction"] == "failed" and body["files"][0]["extraction"] == "failed"
    assert "text not extracted" in client.get(f"/library/{rid}").get_data(as_text=True)
    output = runner.invoke(args=["jobs", "failed"]).output
    assert "library.extract_file (file" in output and "the parser crashed" in output


def test_files_left_pending_are_queued_again(app, client_as, member_user, burst):
    from hub.blueprints.library import extraction

    client = client_as(member_user)
    rid = post_file(client, make_pdf(PDF_WORDS), "r.pdf").get_json()["id"]
    with app.app_context():
        jobs.get_huey().flush()  # the queue was lost
        db.session.execute(sa.update(ResourceFile).values(
            created_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
        assert extraction.requeue_stale_extractions() == 1
    assert burst() == 1
    assert ids(search(client, "orphanages")) == [rid]


def test_a_worker_process_extracts_while_the_hub_serves(app, app_config, client_as,
                                                        member_user):
    env = dict(os.environ)
    for key, value in app_config.items():
        if value is not None and key != "TESTING":
            env[f"HUB_{key}"] = str(value)
    env["HUB_JOBS_IMMEDIATE"] = "false"
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "hub", "jobs", "work"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        client = client_as(member_user)
        response = post_file(client, make_pdf(PDF_WORDS), "r.pdf")
        assert response.status_code == 202
        deadline = time.monotonic() + 60
        while search(client, "orphanages")["total"] == 0:
            assert time.monotonic() < deadline, "the worker did not extract the file"
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.2)
        assert client.get(f"/api/v1/resources/{response.get_json()['id']}").get_json()[
            "extraction"] == "done"
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=30)[0]
    assert worker.returncode == 0, output
