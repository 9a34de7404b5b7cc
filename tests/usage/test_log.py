"""The usage log: each action logs its event once, with no personal data; logging never
fails a request; the buffer is written in batches and at a worker's normal exit."""

import hashlib
import hmac
import logging
import os
import subprocess
import sys
import time
import urllib.request

import pytest
import sqlalchemy as sa

from hub.blueprints.usage import log
from hub.extensions import db
from hub.models import UsageEvent


def events(app, *where):
    with app.app_context():
        return db.session.scalars(sa.select(UsageEvent).where(*where)
                                  .order_by(UsageEvent.id)).all()


def types(app) -> list[str]:
    return [e.event_type for e in events(app)]


def make_token(client) -> str:
    response = client.post("/api/v1/auth/tokens", json={"name": "script"})
    assert response.status_code == 201
    return response.get_json()["token"]


def test_sign_in_and_search_are_logged_once_with_query_and_count(app, client_as, focal_point):
    client = client_as(focal_point)
    assert types(app) == ["sign_in"]
    client.get("/api/v1/members?q=nothing-like-this")
    client.get("/api/v1/auth/me")  # reading one's account is no usage event
    client.get("/")
    rows = events(app)
    assert [e.event_type for e in rows] == ["sign_in", "directory_search"]
    search = rows[1]
    assert search.query == "nothing-like-this" and search.result_count == 0
    assert search.member_id == focal_point.member_id
    assert search.channel == "api" and rows[0].channel == "api"


def test_page_search_is_web_channel_and_query_is_truncated(app, client_as, member_user):
    client = client_as(member_user)
    assert client.get("/library?q=" + "x" * 400).status_code == 200
    row = events(app, UsageEvent.event_type == "search")[0]
    assert row.channel == "web" and len(row.query) == 200


def test_no_personal_data_in_an_event(app, client_as, make_user):
    person = make_user("member", email="ann.person@example.org", name="Ann Person")
    other = make_user("member")
    client = client_as(person)
    client.get("/api/v1/members?q=ann")
    client_as(other)
    rows = events(app)
    expected = hmac.new(hmac.new(b"test-secret-key", b"hub usage log user key v1",
                                 hashlib.sha256).digest(), str(person.id).encode(),
                        hashlib.sha256).hexdigest()
    mine = [r for r in rows if r.user_key == expected]
    assert len(mine) == 2  # the same pseudonym for every event of one person
    assert {r.user_key for r in rows} - {expected}, "another person gets another pseudonym"
    with app.app_context():
        raw = db.session.execute(sa.text("SELECT * FROM usage_event")).all()
    text = " ".join(str(v) for row in raw for v in row)
    assert "ann.person" not in text and "example.org" not in text and "127.0.0.1" not in text
    assert "Ann Person" not in text
    for row in rows:
        assert row.user_key not in (str(person.id), str(other.id))


def test_secretariat_events_have_no_member(app, client_as, secretariat):
    client_as(secretariat).get("/api/v1/members?q=x")
    assert {e.member_id for e in events(app)} == {None}


def test_api_call_for_bearer_requests_only(app, client_as, member_user):
    client = client_as(member_user)
    token = make_token(client)
    before = len(events(app))
    anonymous = app.test_client()
    for _ in range(3):
        anonymous.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    anonymous.get("/api/v1/auth/me", headers={"Authorization": "Bearer not-a-token"})
    client.get("/api/v1/auth/me")  # a cookie session: no api_call
    rows = events(app)[before:]
    assert [r.event_type for r in rows] == ["api_call"] * 3
    assert {r.channel for r in rows} == {"api"}
    assert {r.member_id for r in rows} == {member_user.member_id}


def test_a_broken_table_never_fails_the_request(app, client_as, member_user, caplog):
    client = client_as(member_user)
    with app.app_context():
        db.session.execute(sa.text("ALTER TABLE usage_event RENAME TO usage_event_gone"))
        db.session.commit()
    with caplog.at_level(logging.ERROR, logger="hub.blueprints.usage.log"):
        response = client.get("/api/v1/members?q=abc")
        page = client.get("/members?q=abc")
    assert response.status_code == 200 and page.status_code == 200
    assert "Could not write" in caplog.text
    buffer = log.get_buffer(app)
    assert buffer.pending() == 2 and buffer.failures >= 1  # kept for the next try
    with app.app_context():
        db.session.execute(sa.text("ALTER TABLE usage_event_gone RENAME TO usage_event"))
        db.session.commit()
    log.flush(app)  # (leaving the app context above may already have written them)
    assert buffer.pending() == 0
    assert types(app).count("directory_search") == 2


def test_a_broken_subscriber_never_fails_the_request(app, client_as, member_user, monkeypatch,
                                                    caplog):
    client = client_as(member_user)

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(log.UsageBuffer, "row", broken)
    with caplog.at_level(logging.ERROR, logger="hub.blueprints.usage.log"):
        assert client.get("/api/v1/members?q=abc").status_code == 200
    assert "Could not queue" in caplog.text


@pytest.fixture
def buffered(app_config):
    """The production mode: a background thread writes the buffer in batches."""
    app_config.update(USAGE_SYNC=False, USAGE_FLUSH_INTERVAL=3600, USAGE_BATCH_SIZE=5)
    return app_config


def test_buffer_writes_in_batches_from_a_thread(buffered, app, client_as, member_user):
    client = client_as(member_user)
    buffer = log.get_buffer(app)
    try:
        assert buffer.pending() == 1 and types(app) == []  # nothing written in the request
        for i in range(3):
            client.get(f"/api/v1/members?q=q{i}")
        assert types(app) == []
        client.get("/api/v1/members?q=last")  # the fifth event wakes the writer
        log.wait_for_thread(app)
        deadline = time.monotonic() + 5
        while len(types(app)) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert types(app) == ["sign_in"] + ["directory_search"] * 4
        client.get("/api/v1/members?q=more")
        assert log.flush(app) == 1  # what exports, tests and the CLI call
        assert len(types(app)) == 6
    finally:
        buffer.stop()


def test_flush_all_writes_every_buffer(buffered, app, client_as, member_user):
    client_as(member_user)
    try:
        assert log.flush_all() >= 1
        assert types(app) == ["sign_in"]
    finally:
        log.get_buffer(app).stop()


def _serve(app_config, port):
    from tests.conftest import ROOT

    env = dict(os.environ)
    for key, value in app_config.items():
        if value is not None and key != "TESTING":
            env[f"HUB_{key}"] = str(value)
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)


def test_no_event_is_lost_when_gunicorn_stops(app_config, app, client_as, member_user):
    """Two gunicorn workers, a writer interval far longer than the test: every event reaches
    the database only through the exit flush, and none is lost."""
    from tests.conftest import _free_port

    token = make_token(client_as(member_user))
    before = len(types(app))
    app_config.update(USAGE_FLUSH_INTERVAL=3600, USAGE_BATCH_SIZE=100_000)
    port = _free_port()
    process = _serve(app_config, port)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        requests = 40
        for i in range(requests):
            request = urllib.request.Request(f"{url}/api/v1/members?q=gunicorn{i}",
                                             headers={"Authorization": f"Bearer {token}"})
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200
        assert len(types(app)) == before  # still waiting in the workers' buffers
    finally:
        process.terminate()
        process.wait(timeout=30)
    rows = types(app)[before:]
    assert rows.count("directory_search") == requests
    assert rows.count("api_call") == requests


def test_each_action_logs_its_own_event_once(app, client_as, focal_point):
    """Resources and profiles: create, view (a reload is one view), edit; a profile edit."""
    client = client_as(focal_point)
    created = client.post("/api/v1/resources", json={
        "title": "A toolkit", "type": "toolkit", "language": "en", "visibility": "public"})
    assert created.status_code == 201
    rid = created.get_json()["id"]
    client.get(f"/api/v1/resources/{rid}")
    client.get(f"/api/v1/resources/{rid}")  # a reload
    client.patch(f"/api/v1/resources/{rid}", json={"summary": "Better"})
    client.patch(f"/api/v1/members/{focal_point.member_id}", json={"description": "We work."})
    rows = events(app)
    assert [r.event_type for r in rows] == [
        "sign_in", "resource_create", "resource_view", "resource_update", "profile_update"]
    assert [(r.object_type, r.object_id) for r in rows[1:4]] == [("resource", rid)] * 3
    assert (rows[4].object_type, rows[4].object_id) == ("member", focal_point.member_id)
    assert {r.member_id for r in rows} == {focal_point.member_id}


def test_flush_is_importable_from_the_package(app):
    from hub.blueprints.usage import flush

    with app.app_context():
        assert flush() == 0
