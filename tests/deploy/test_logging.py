"""The hub's log: records on stderr with the request id (taken from X-Request-ID or made up,
and echoed), text or JSON lines, and never a password, token, story text or mail body."""

import json
import logging

import pytest

from tests.stories.conftest import story_body


def test_every_response_carries_a_request_id(client):
    made = client.get("/").headers["X-Request-ID"]
    assert len(made) == 32 and made != client.get("/").headers["X-Request-ID"]
    given = client.get("/", headers={"X-Request-ID": "nginx-42.abc"})
    assert given.headers["X-Request-ID"] == "nginx-42.abc"
    odd = client.get("/", headers={"X-Request-ID": "has spaces\tand tabs"})
    assert odd.headers["X-Request-ID"] != "has spaces\tand tabs"


def guess(client, n, request_id):
    for i in range(n):
        client.post("/api/v1/auth/login", json={"email": f"g{i}@example.org", "password": "x"},
                    headers={"X-Request-ID": request_id})


def test_hub_records_reach_stderr_with_the_request_id(client, capfd):
    guess(client, 11, "req-0001")
    lines = [line for line in capfd.readouterr().err.splitlines() if "hub.blueprints" in line]
    assert lines == [lines[0]] and "WARNING [req-0001]" in lines[0]
    assert "Sign-in from one address refused" in lines[0] and "127.0.0.1" not in lines[0]


@pytest.fixture
def json_config(app_config):
    app_config["LOG_FORMAT"] = "json"
    return app_config


def test_json_lines_for_log_shippers(json_config, client, capfd):
    guess(client, 11, "req-0002")
    records = [json.loads(line) for line in capfd.readouterr().err.splitlines()
               if line.startswith("{")]
    refused = [r for r in records if r["logger"] == "hub.blueprints.auth.limits"]
    assert refused and refused[0]["request_id"] == "req-0002"
    assert refused[0]["level"] == "WARNING"
    logging.getLogger("hub.test").info("outside a request")
    outside = json.loads(capfd.readouterr().err.strip().splitlines()[-1])
    assert outside["request_id"] == "-" and outside["message"] == "outside a request"


@pytest.fixture
def debug_config(app_config):
    app_config["LOG_LEVEL"] = "DEBUG"
    return app_config


def test_no_secret_reaches_the_log(debug_config, app, client_as, member_user, data_dir, capfd):
    from hub.blueprints.auth import service
    from hub.extensions import db
    from hub.models import User

    client = client_as(None)
    client.post("/api/v1/auth/login", json={"email": member_user.email,
                                            "password": "my-wrong-guess-123"})
    client.post("/api/v1/auth/login", json={"email": member_user.email,
                                            "password": member_user.password})
    token = client.post("/api/v1/auth/tokens", json={"name": "t"}).get_json()["token"]
    client_as(None).get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    client_as(None).get("/api/v1/auth/me", headers={"Authorization": "Bearer hub_forged_token_x1"})
    story_text = "Zephyrine walked to the market where the outreach team met her."
    client.post("/api/v1/safeguarding/check", json={"text": story_text, "language": "en"})
    client.post("/api/v1/stories", json=story_body(body=story_text))
    client.post("/api/v1/auth/password-reset", json={"email": member_user.email})
    mail_body = next((data_dir / "mail").glob("*.eml")).read_text()
    with app.app_context():
        reset = service.make_reset_token(db.session.get(User, member_user.id))
    client_as(None).get(f"/reset-password/{reset}")
    client_as(None).post("/api/v1/auth/password-reset/confirm",
                         json={"token": reset, "password": "the-new-secret-456"})
    log = capfd.readouterr().err
    assert "hub.mail" in log  # the log was captured at all
    for secret in (member_user.password, "my-wrong-guess-123", "the-new-secret-456", token,
                   "hub_forged_token_x1", reset, "Zephyrine", "outreach team"):
        assert secret not in log, secret
    body_lines = [line for line in mail_body.split("\n\n", 1)[1].splitlines() if len(line) > 20]
    assert body_lines and not any(line in log for line in body_lines)


def test_tokens_in_urls_are_masked():
    from hub.logs import redact

    assert redact("GET /reset-password/abc.def-123 HTTP/1.1") == "GET /reset-password/*** HTTP/1.1"
    assert redact("/invitations/XyZ?next=/") == "/invitations/***?next=/"
    assert redact("/feeds/library.atom?token=s3cr3t&q=x") == "/feeds/library.atom?token=***&q=x"
    assert redact("Bearer hub_" + "a" * 43) == "Bearer ***"
    assert redact("/tmp/test_hub_records_reach_stderr_with_the_request_id0") == (
        "/tmp/test_hub_records_reach_stderr_with_the_request_id0")


@pytest.fixture
def queued_jobs(app_config):
    """The real queue (SQLite in the data directory), run by `jobs work --burst`, with JSON
    lines on stderr."""
    app_config.update(JOBS_IMMEDIATE=False, LOG_FORMAT="json")
    return app_config


def run_jobs(runner) -> list[dict]:
    """`flask --app hub jobs work --burst`: the records it wrote to stderr."""
    result = runner.invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]


def test_a_job_logs_with_the_request_id_it_was_queued_under(queued_jobs, client, member_user,
                                                            runner, capfd):
    answer = client.post("/api/v1/auth/password-reset", json={"email": member_user.email},
                         headers={"X-Request-ID": "abc"})
    assert answer.status_code == 202 and answer.headers["X-Request-ID"] == "abc"
    mail = [r for r in run_jobs(runner) if r["logger"] == "hub.mail"]
    assert len(mail) == 1 and member_user.email in mail[0]["message"]
    assert mail[0]["request_id"] == "abc"
    # A request without the header: the job carries the id the hub made up and answered with.
    made = client.post("/api/v1/auth/password-reset", json={"email": member_user.email})
    assert [r["request_id"] for r in run_jobs(runner) if r["logger"] == "hub.mail"] == [
        made.headers["X-Request-ID"]]
    # Outside a request and its jobs there is no request id.
    capfd.readouterr()
    logging.getLogger("hub.test").warning("outside")
    assert json.loads(capfd.readouterr().err.strip().splitlines()[-1])["request_id"] == "-"
