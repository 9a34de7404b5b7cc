"""Writing the usage log without slowing a request: a per-process buffer, flushed in batches.

A request only computes the event's row and appends it to a list (microseconds). A background
thread writes the list in one multi-row INSERT every `USAGE_FLUSH_INTERVAL` seconds, or sooner
when `USAGE_BATCH_SIZE` events wait. The buffer is flushed again when the process stops
normally: gunicorn's `worker_exit` hook (gunicorn.conf.py), `atexit`, and SIGTERM where no
server installed its own handler. A failed write is logged and the request never sees it; the
rows are kept for the next try up to `USAGE_MAX_PENDING` (the oldest are dropped past that).

With `USAGE_SYNC` (the default under TESTING) there is no thread: the buffer is written when
the app context ends, so a test sees a request's events as soon as the request returns.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import logging
import os
import signal
import threading
import time
import weakref
from datetime import UTC

import sqlalchemy as sa
from flask import Flask, g, has_request_context

from hub.models.base import utcnow

log = logging.getLogger(__name__)

QUERY_MAX = 200
COLUMNS = ("occurred_at", "event_type", "member_id", "user_key", "object_type", "object_id",
           "channel", "query", "result_count")
_buffers: weakref.WeakSet[UsageBuffer] = weakref.WeakSet()


def user_key(secret: bytes, user_id: int) -> str:
    """A stable pseudonym for a user: HMAC-SHA256 of the id under a key derived from the secret.
    Not reversible without the secret; never the id or e-mail itself."""
    return hmac.new(secret, str(user_id).encode(), hashlib.sha256).hexdigest()


def derive_secret(secret_key: str) -> bytes:
    """A key used for nothing but usage pseudonyms, so the session key itself is never reused."""
    return hmac.new(str(secret_key).encode(), b"hub usage log user key v1",
                    hashlib.sha256).digest()


class UsageBuffer:
    """The events of one app in this process, waiting to be written."""

    def __init__(self, app: Flask):
        self.app = app
        self.sync = app.config.get("USAGE_SYNC")
        if self.sync is None:
            self.sync = bool(app.testing)
        self.interval = float(app.config["USAGE_FLUSH_INTERVAL"])
        self.batch_size = int(app.config["USAGE_BATCH_SIZE"])
        self.max_pending = int(app.config["USAGE_MAX_PENDING"])
        self.secret = derive_secret(app.config["SECRET_KEY"])
        self._engine = None
        self._insert = None
        self._reset()
        _buffers.add(self)

    def _reset(self) -> None:
        """Fresh locks and no thread: at creation and in a forked child."""
        self.events: list[dict] = []
        self.lock = threading.Lock()
        self.flush_lock = threading.Lock()
        self.wake = threading.Event()
        self.thread: threading.Thread | None = None
        self.stopping = False
        self.pid = os.getpid()
        self.failures = 0

    # ---------------------------------------------------------------- adding

    def row(self, event_type: str, user, object_type, object_id, channel, details) -> dict:
        member_id = user.member_id if getattr(user, "role", None) in ("member", "focal_point") \
            else None
        query = details.get("query")
        if query is not None:
            query = str(query)[:QUERY_MAX]
        results = details.get("results", details.get("result_count"))
        return {
            "occurred_at": utcnow(),
            "event_type": event_type,
            "member_id": member_id,
            "user_key": user_key(self.secret, user.id),
            "object_type": (object_type or None) and str(object_type)[:30],
            "object_id": object_id if isinstance(object_id, int) else None,
            "channel": channel if channel in ("web", "api") else "web",
            "query": query,
            "result_count": results if isinstance(results, int) else None,
        }

    def add(self, row: dict) -> None:
        if self.pid != os.getpid():  # a forked child never writes its parent's events
            self._reset()
        with self.lock:
            self.events.append(row)
            waiting = len(self.events)
        if self.sync:
            return
        if self.thread is None:
            self._start()
        if waiting >= self.batch_size:
            self.wake.set()

    def _start(self) -> None:
        with self.lock:
            if self.thread is not None:
                return
            self.thread = threading.Thread(target=self._run, name="usage-log", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        while not self.stopping:
            self.wake.wait(self.interval)
            self.wake.clear()
            self.flush()

    def stop(self) -> None:
        """Stop the thread (tests, shutdown) after a last flush."""
        self.stopping = True
        self.wake.set()
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join(timeout=10)
        self.flush()

    # ---------------------------------------------------------------- writing

    @property
    def engine(self):
        if self._engine is None:
            from hub.extensions import db

            with self.app.app_context():
                self._engine = db.engine
        return self._engine

    def _write(self, rows: list[dict]) -> None:
        """One transaction, multi-row INSERTs through the driver: SQLAlchemy's per-value
        processing would cost more than the rest of the log together."""
        from hub.models import UsageEvent

        engine = self.engine
        if self._insert is None:
            compiled = UsageEvent.__table__.insert().values(
                {name: sa.bindparam(name) for name in COLUMNS}).compile(dialect=engine.dialect)
            self._insert = (str(compiled), compiled.positiontup if compiled.positional else None)
        sql, positions = self._insert
        sqlite = engine.dialect.name == "sqlite"
        params = []
        for row in rows:
            when = row["occurred_at"].astimezone(UTC).replace(tzinfo=None)
            # SQLite has no datetime type: the text form SQLAlchemy itself writes.
            row = dict(row, occurred_at=when.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite
                       else when)
            params.append(tuple(row[name] for name in positions) if positions else row)
        with engine.begin() as connection:
            for start in range(0, len(params), 5000):
                connection.exec_driver_sql(sql, params[start:start + 5000])

    def pending(self) -> int:
        with self.lock:
            return len(self.events)

    def flush(self) -> int:
        """Write every waiting event; returns how many were written. Never raises."""
        if self.pid != os.getpid():
            self._reset()
        with self.flush_lock:
            with self.lock:
                rows, self.events = self.events, []
            if not rows:
                return 0
            try:
                self._write(rows)
            except Exception:
                self.failures += 1
                with self.lock:
                    self.events[:0] = rows
                    lost = len(self.events) - self.max_pending
                    if lost > 0:
                        del self.events[:lost]
                log.exception("Could not write %d usage events (kept for the next try%s)",
                              len(rows), f"; dropped the {lost} oldest" if lost > 0 else "")
                return 0
            return len(rows)


def get_buffer(app: Flask) -> UsageBuffer:
    buffer = app.extensions.get("hub_usage_buffer")
    if buffer is None:
        buffer = app.extensions["hub_usage_buffer"] = UsageBuffer(app)
    return buffer


def flush(app: Flask | None = None) -> int:
    """Write the waiting usage events now (the export, tests and CLI call it)."""
    if app is None:
        from flask import current_app

        app = current_app._get_current_object()
    return get_buffer(app).flush()


def flush_all() -> int:
    """Flush every app's buffer in this process: at exit, and from gunicorn's worker_exit."""
    written = 0
    for buffer in list(_buffers):
        try:
            written += buffer.flush()
        except Exception:  # pragma: no cover - flush never raises; belt and braces at exit
            log.exception("Could not flush the usage log at exit")
    return written


def on_usage(app, *, event_type, user, object_type=None, object_id=None, channel="web",
             details=None, **_extra) -> None:
    """The `hub.signals.usage` subscriber: queue the event; log, never raise, on failure."""
    try:
        buffer = get_buffer(app)
        buffer.add(buffer.row(event_type, user, object_type, object_id, channel, details or {}))
    except Exception:
        log.exception("Could not queue a usage event %r", event_type)


def note_api_call(response):
    """`api_call` for each request authenticated with a bearer token, whatever its outcome."""
    try:
        if has_request_context() and g.get("api_token") is not None:
            from hub.signals import record_usage

            record_usage("api_call", immediate=True)
    except Exception:
        log.exception("Could not queue an api_call usage event")
    return response


def _flush_after_context(_exc=None) -> None:
    from flask import current_app

    buffer = current_app.extensions.get("hub_usage_buffer")
    if buffer is not None and buffer.sync and buffer.events:
        buffer.flush()


def _on_sigterm(signum, frame):
    flush_all()
    raise SystemExit(0)


def install(app: Flask) -> None:
    """Subscribe to the usage signal and arrange the flushes."""
    from hub.signals import usage

    get_buffer(app)
    if not app.config["USAGE_LOG"]:
        return  # HUB_USAGE_LOG=false: nothing recorded (the benchmark's baseline)
    usage.connect(on_usage, sender=app, weak=False)
    app.after_request(note_api_call)
    app.teardown_appcontext(_flush_after_context)
    if not app.testing and threading.current_thread() is threading.main_thread():
        # Plain servers (flask run, waitress) die on SIGTERM without running atexit; gunicorn
        # has its own handler by the time the app loads, and gunicorn.conf.py flushes there.
        try:
            if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
                signal.signal(signal.SIGTERM, _on_sigterm)
        except ValueError:  # pragma: no cover - not the main thread of the interpreter
            pass


def _after_fork_in_child() -> None:
    for buffer in list(_buffers):
        buffer._reset()


atexit.register(flush_all)
os.register_at_fork(after_in_child=_after_fork_in_child)


def wait_for_thread(app: Flask, timeout: float = 5.0) -> None:
    """Until the background thread has written what is waiting (tests)."""
    deadline = time.monotonic() + timeout
    buffer = get_buffer(app)
    while buffer.pending() and time.monotonic() < deadline:
        time.sleep(0.02)
