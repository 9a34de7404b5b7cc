"""gunicorn settings for the hub, shipped in the package:

    gunicorn -c python:hub.gunicorn_conf 'hub:create_app()'

Each setting reads an environment variable (command-line flags still win): HUB_BIND,
HUB_WORKERS, HUB_ACCESS_LOG, HUB_WORKER_TIMEOUT. The worker timeout stays above every bound
the hub applies inside a request, so a slow but bounded request ends with the hub's own answer
instead of a killed worker and a 500.
"""

import os

from hub.config import DefaultConfig

# Bounds inside one request, in seconds: extracting an upload's text (the child process is
# given 5 s more before it is killed), SQLite waiting for a busy writer, one SMTP exchange.
REQUEST_BOUNDS = {
    "extraction": float(os.environ.get("HUB_EXTRACT_TIMEOUT", DefaultConfig.EXTRACT_TIMEOUT)) + 5,
    "sqlite_busy": 30.0,
    "smtp": float(DefaultConfig.MAIL_TIMEOUT),
}

bind = os.environ.get("HUB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("HUB_WORKERS", os.environ.get("WEB_CONCURRENCY", "2")))
timeout = int(os.environ.get("HUB_WORKER_TIMEOUT", max(REQUEST_BOUNDS.values()) + 30))
graceful_timeout = timeout + 10
accesslog = os.environ.get("HUB_ACCESS_LOG", "-")
errorlog = "-"
# The hub reads the client's address from X-Forwarded-For only as HUB_PROXY_HOPS says;
# gunicorn itself trusts no forwarded headers from anyone.
forwarded_allow_ips = ""


def on_starting(server):
    """Tell the app how many workers share it (it warns when they cannot share rate limits)."""
    os.environ["HUB_SERVER_WORKERS"] = str(server.cfg.workers)


def worker_exit(server, worker):
    """Write the worker's waiting usage events before it goes (hub.blueprints.usage.log)."""
    from hub.blueprints.usage.log import flush_all

    flush_all()
