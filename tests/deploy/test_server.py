"""The hub under gunicorn with its packaged settings and two workers: sign-in counters shared
through Redis, a warning when they cannot be, and a large body refused before it is sent."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from tests.conftest import ROOT, _free_port

pytestmark = pytest.mark.slow

REDIS_URL = os.environ.get("HUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


def serve(app_config, log_path):
    port = _free_port()
    env = dict(os.environ)
    for key, value in app_config.items():
        if value is not None and key != "TESTING":
            env[f"HUB_{key}"] = str(value)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:hub.gunicorn_conf", "--workers", "2",
             "--bind", f"127.0.0.1:{port}", "hub:create_app()"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return process, url, port
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"gunicorn did not start: {log_path.read_text()}")
            time.sleep(0.3)


def stop(process):
    process.terminate()
    process.wait(timeout=30)


def login(url, email, password):
    request = urllib.request.Request(
        f"{url}/api/v1/auth/login", method="POST",
        data=json.dumps({"email": email, "password": password}).encode(),
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def test_memory_storage_under_several_workers_is_warned_about(app, app_config, tmp_path):
    process, _url, _port = serve(app_config, tmp_path / "gunicorn.log")
    stop(process)
    assert "memory:// under 2 workers" in (tmp_path / "gunicorn.log").read_text()


def test_workers_share_sign_in_counters_through_redis(app, app_config, tmp_path):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    app_config.update(RATELIMIT_STORAGE_URI=REDIS_URL,
                      RATELIMIT_KEY_PREFIX=f"hub-test-{uuid.uuid4().hex}")
    log_path = tmp_path / "gunicorn.log"
    process, url, port = serve(app_config, log_path)
    try:
        codes = [login(url, f"guess{n}@example.org", "wrong password") for n in range(13)]
        # A body announced as 20 MB is answered before any of it is sent.
        with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
            connection.sendall(b"POST /sign-in HTTP/1.1\r\nHost: hub\r\nContent-Type: "
                               b"application/x-www-form-urlencoded\r\nContent-Length: 20971520"
                               b"\r\n\r\n")
            status_line = connection.recv(200).split(b"\r\n", 1)[0]
    finally:
        stop(process)
    assert codes == [401] * 10 + [429] * 3
    assert b" 413 " in status_line
    assert "memory://" not in log_path.read_text()
