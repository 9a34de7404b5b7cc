"""gunicorn settings for the hub, shipped in the package:

    gunicorn -c python:hub.gunicorn_conf 'hub:create_app()'

Each setting reads an environment variable (command-line flags still win): HUB_BIND,
HUB_WORKERS, HUB_ACCESS_LOG, HUB_WORKER_TIMEOUT. The worker timeout stays above every bound
the hub applies inside a request, so a slow but bounded request ends with the hub's own answer
instead of a killed worker and a 500.
"""

import math
import os

from gunicorn.glogging import Logger

from hub.blueprints.library.indexing import COMMIT_DRAIN_WAIT
from hub.config import SQLITE_BUSY_TIMEOUT
from hub.logs import redact
from hub.search.engine import WRITE_LOCK_TIMEOUT, WRITE_LOCK_TRIES
from hub.serving import DRAIN_SECONDS


def request_bounds(database_url: str | None) -> dict[str, float]:
    """The waits one request may meet, one after the other, in seconds. Text extraction and
    mail are no longer among them: they run in the jobs worker (hub.jobs)."""
    bounds = {
        # After a commit: waiting for another process's index drain (then the jobs worker
        # takes the changes over), and Whoosh's write lock for the update and the delete of
        # that drain (hub.search.engine: each write tries WRITE_LOCK_TRIES times).
        "index_drain_lock": COMMIT_DRAIN_WAIT,
        "index_write_locks": 2 * WRITE_LOCK_TRIES * WRITE_LOCK_TIMEOUT,
        # After the answer: reading and discarding a body the hub did not read (hub.serving).
        "unread_body": DRAIN_SECONDS,
    }
    if not database_url or database_url.startswith("sqlite"):
        # SQLite waiting for a busy writer (hub.config); PostgreSQL applies no timeout.
        bounds["sqlite_busy"] = float(SQLITE_BUSY_TIMEOUT)
    return bounds


REQUEST_BOUNDS = request_bounds(os.environ.get("HUB_DATABASE_URL"))
# Room for the work itself around the waits.
MARGIN = 20

bind = os.environ.get("HUB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("HUB_WORKERS", os.environ.get("WEB_CONCURRENCY", "2")))
timeout = int(os.environ.get("HUB_WORKER_TIMEOUT",
                             math.ceil(sum(REQUEST_BOUNDS.values())) + MARGIN))
# A worker told to stop finishes its request first: at least as long as a request may take.
graceful_timeout = timeout + 10
accesslog = os.environ.get("HUB_ACCESS_LOG", "-")
# gunicorn's default format plus the request id the hub answered with.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
)
errorlog = "-"
# The hub reads the client's address from X-Forwarded-For only as HUB_PROXY_HOPS says;
# gunicorn itself trusts no forwarded headers from anyone.
forwarded_allow_ips = ""


class HubLogger(Logger):
    """gunicorn's logger, with the tokens of reset, invitation and feed links masked."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


logger_class = HubLogger


def on_starting(server):
    """Tell the app how many workers share it (it warns when they cannot share rate limits)."""
    os.environ["HUB_SERVER_WORKERS"] = str(server.cfg.workers)


def worker_exit(server, worker):
    """Write the worker's waiting usage events before it goes (hub.blueprints.usage.log)."""
    from hub.blueprints.usage.log import flush_all

    flush_all()
