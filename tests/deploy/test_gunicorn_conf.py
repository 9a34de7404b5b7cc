"""The packaged gunicorn settings as gunicorn reads them: the worker timeout (and the graceful
one) above the sum of every wait the hub may meet inside one request, whatever the bounds of
the background jobs (text extraction) are."""

import os
import subprocess
import sys

import pytest

from hub.blueprints.library import indexing
from hub.config import SQLITE_BUSY_TIMEOUT
from hub.search import engine
from hub.serving import DRAIN_SECONDS

pytestmark = pytest.mark.slow


def gunicorn_settings(tmp_path, **env) -> dict[str, str]:
    """`gunicorn -c python:hub.gunicorn_conf --print-config` from an empty directory."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    environ.update(env)
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "python:hub.gunicorn_conf", "--print-config",
         "hub:create_app()"], cwd=tmp_path, env=environ, capture_output=True, text=True,
        timeout=120, check=True)
    settings = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition("=")
        settings[name.strip()] = value.strip()
    return settings


def test_the_worker_timeout_is_above_every_wait_inside_a_request(tmp_path):
    waits = (indexing.COMMIT_DRAIN_WAIT
             + 2 * engine.WRITE_LOCK_TRIES * engine.WRITE_LOCK_TIMEOUT + DRAIN_SECONDS)
    postgres = gunicorn_settings(tmp_path, HUB_DATABASE_URL="postgresql+psycopg://h/hub")
    sqlite = gunicorn_settings(tmp_path)
    assert float(postgres["timeout"]) > waits + 10
    assert float(postgres["graceful_timeout"]) > float(postgres["timeout"])
    # SQLite adds its wait for a busy writer; PostgreSQL applies none.
    assert float(sqlite["timeout"]) > waits + SQLITE_BUSY_TIMEOUT + 10
    assert float(sqlite["graceful_timeout"]) > float(sqlite["timeout"])
    # Text extraction runs in the jobs worker: its bound no longer stretches a web worker's.
    slow = gunicorn_settings(tmp_path, HUB_DATABASE_URL="postgresql+psycopg://h/hub",
                             HUB_EXTRACT_TIMEOUT="240")
    assert slow["timeout"] == postgres["timeout"] == "65"
    # The setting still wins.
    assert gunicorn_settings(tmp_path, HUB_WORKER_TIMEOUT="200")["timeout"] == "200"


def test_the_bounds_are_the_ones_the_hub_applies(app_config):
    from hub import create_app

    app = create_app({**app_config, "DATABASE_URL": None})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["timeout"] == \
        SQLITE_BUSY_TIMEOUT
    index = indexing.get_index(app)
    assert (index.lock_timeout, index.lock_retries) == (engine.WRITE_LOCK_TIMEOUT,
                                                        engine.WRITE_LOCK_TRIES)
