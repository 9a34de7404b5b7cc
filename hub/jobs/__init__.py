"""Background jobs on Huey: text extraction, mail delivery, retried index drains.

Features declare their jobs with `@jobs.task(...)` (and `@jobs.periodic(...)`) at import time;
each app gets its own Huey instance the first time it needs one, with every declared job bound
to that app (each run in a fresh app context, in `uow.transaction()`: committed when it
returns, rolled back when it raises). The queue lives in SQLite under DATA_DIR by default (no
other server), in Redis when `HUB_JOBS_URL` is a `redis://` URL; `JOBS_IMMEDIATE` (tests) runs
a job as soon as it is queued.

Requests queue work with `after_commit(...)`: it waits in the unit of work's queue (`hub.uow`)
and reaches the job queue only once the transaction commits; a rollback drops it. A job that
fails for good (every retry used) is stored as a JobFailure row (`flask --app hub jobs failed`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app, has_app_context

from hub import uow
from hub.extensions import db

log = logging.getLogger(__name__)

EXTENSION = "hub_jobs"
# A burst stops after this many runs even if jobs keep coming (a job that requeues itself).
BURST_LIMIT = 10_000


@dataclass
class Spec:
    """A declared job: the function and how often, how late it is retried."""

    name: str
    func: Callable
    retries: int | str = 0
    retry_delay: float | str = 0
    backoff: float = 2.0
    # What the job is about, for the list of failed jobs: never a mail's body.
    about: Callable[..., str] | None = None
    # Called (in an app context, then committed) when the job failed for good.
    on_failure: Callable[..., None] | None = None
    cron: dict | None = None
    wrapper: object = field(default=None, repr=False)


_SPECS: dict[str, Spec] = {}


def task(name: str, *, retries: int | str = 0, retry_delay: float | str = 0,
         backoff: float = 2.0, about=None, on_failure=None):
    """Declare a job. `retries` and `retry_delay` may name a setting (read per app); each
    retry waits `backoff` times longer than the one before."""
    def decorator(func):
        _SPECS[name] = Spec(name, func, retries, retry_delay, backoff, about, on_failure)
        return func
    return decorator


def periodic(name: str, **cron):
    """Declare a job the worker runs on a schedule (huey's crontab fields: minute="*/5")."""
    def decorator(func):
        _SPECS[name] = Spec(name, func, cron=cron)
        return func
    return decorator


# ------------------------------------------------------------------ the queue of one app


def _setting(app: Flask, value):
    return app.config[value] if isinstance(value, str) else value


def _make_huey(app: Flask):
    from huey import MemoryHuey, RedisHuey, SqliteHuey

    url = app.config.get("JOBS_URL")
    immediate = bool(app.config.get("JOBS_IMMEDIATE"))
    # Results are not kept: jobs report through the database, failures through JobFailure.
    common = {"name": "hub", "results": False, "utc": True}
    if immediate:
        return MemoryHuey(immediate=True, **common)
    if not url:
        path = Path(app.config["DATA_DIR"]) / "jobs.sqlite3"
        return SqliteHuey(filename=str(path), **common)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(url=url, **common)
    if url.startswith("sqlite:///"):
        return SqliteHuey(filename=url.removeprefix("sqlite:///"), **common)
    raise ValueError(f"HUB_JOBS_URL must be redis://... or sqlite:///..., not {url!r}")


def get_huey(app: Flask | None = None):
    """This app's Huey, created (and every declared job bound to it) on first use."""
    app = app or current_app._get_current_object()
    huey = app.extensions.get(EXTENSION)
    if huey is not None:
        return huey
    from huey import crontab
    from huey.signals import SIGNAL_ERROR

    huey = _make_huey(app)
    wrappers = {}
    for spec in _SPECS.values():
        run = _bind(app, spec)
        if spec.cron is not None:
            wrappers[spec.name] = huey.periodic_task(crontab(**spec.cron), name=spec.name)(run)
        else:
            wrappers[spec.name] = huey.task(
                name=spec.name, retries=int(_setting(app, spec.retries)),
                retry_delay=float(_setting(app, spec.retry_delay)),
                retry_backoff=spec.backoff)(run)
    huey.hub_jobs = wrappers

    @huey.signal(SIGNAL_ERROR)
    def _failed(_signal, failed_task, error=None):
        if failed_task.retries:  # it will be tried again
            return
        _record_failure(app, failed_task, error)

    app.extensions[EXTENSION] = huey
    return huey


def _bind(app: Flask, spec: Spec):
    def run(*args, **kwargs):
        with app.app_context(), uow.transaction():
            return spec.func(*args, **kwargs)
    run.__name__ = spec.name.replace(".", "_")
    run.__doc__ = spec.func.__doc__
    return run


def _record_failure(app: Flask, failed_task, error) -> None:
    from hub.models.job import JobFailure

    spec = _SPECS.get(failed_task.name)
    args, kwargs = failed_task.data
    about = ""
    try:
        if spec and spec.about:
            about = spec.about(*args, **kwargs)
        with app.app_context(), uow.transaction():
            db.session.add(JobFailure(task=failed_task.name, task_id=str(failed_task.id),
                                      about=about[:500], error=repr(error)[:4000]))
            if spec and spec.on_failure:
                spec.on_failure(*args, **kwargs)
    except Exception:
        log.exception("could not record the failure of job %s", failed_task.name)
    log.error("job %s (%s) failed for good: %r", failed_task.name, about, error)


def enqueue(name: str, *args, delay: float | None = None, app: Flask | None = None,
            **kwargs) -> None:
    """Queue a job now (after a commit, or from code that writes nothing). A queue that cannot
    be reached is logged, never raised: the periodic sweeps pick the work up again."""
    app = app or current_app._get_current_object()
    try:
        wrapper = get_huey(app).hub_jobs[name]
        if delay:
            wrapper.schedule(args=args, kwargs=kwargs, delay=delay)
        else:
            wrapper(*args, **kwargs)
    except Exception:
        log.exception("could not queue job %s", name)


# ------------------------------------------------------------------ after the commit


def after_commit(name: str, *args, session: so.Session | None = None, **kwargs) -> None:
    """Queue a job once the session's transaction commits; a rollback drops it. The job waits
    in the unit of work's queue (`hub.uow`) and is put on the job queue by the commit."""
    uow.on_commit(_enqueue_committed, name, args, kwargs, session=session)


def after_commit_batch(name: str, item, session: so.Session | None = None) -> None:
    """Add `item` to one job per transaction: `name` runs once with the list of items."""
    uow.after_commit_batch(("job", name), _enqueue_committed_batch, item, name,
                           session=session, at_commit=True)


def _enqueue_committed(name: str, args: tuple, kwargs: dict) -> None:
    if has_app_context():
        enqueue(name, *args, **kwargs)


def _enqueue_committed_batch(name: str, items: list) -> None:
    if has_app_context():
        enqueue(name, items)


def init_app(app: Flask) -> None:
    """Wire the after-commit queue, the CLI and the backlog in /healthz. The queue itself is
    opened on first use, so creating the app touches nothing."""
    from hub.health import register_check, register_info
    from hub.jobs import cli

    app.cli.add_command(cli.jobs_cli)
    register_check(app, "jobs", queue_problem)
    register_info(app, "backlog", backlog)


# ------------------------------------------------------------------ running and reporting


def run_burst(app: Flask) -> tuple[int, int]:
    """Run every job that is due (queued, scheduled retries whose time has come) and the
    periodic jobs of this minute, then return how many of each ran."""
    from huey.api import PeriodicTask

    huey = get_huey(app)
    now = datetime.now(UTC).replace(tzinfo=None)
    for periodic_task in huey.read_periodic(now):
        huey.enqueue(periodic_task)
    done = periodic = 0
    while done + periodic < BURST_LIMIT:
        for due in huey.read_schedule():
            huey.enqueue(due)
        queued = huey.dequeue()
        if queued is None:
            break
        huey.execute(queued)
        if isinstance(queued, PeriodicTask):
            periodic += 1
        else:
            done += 1
    return done, periodic


def backlog() -> dict:
    """Jobs waiting (queued, scheduled), jobs failed for good, and index changes not applied;
    only the non-zero ones."""
    from hub.blueprints.library.indexing import pending_count
    from hub.models.job import JobFailure

    figures = {}
    try:
        huey = get_huey()
        figures["jobs_queued"] = huey.pending_count()
        figures["jobs_scheduled"] = huey.scheduled_count()
    except Exception:  # reported by queue_problem
        pass
    figures["jobs_failed"] = db.session.scalar(
        sa.select(sa.func.count()).select_from(JobFailure)) or 0
    figures["index_changes"] = pending_count()
    return {key: value for key, value in figures.items() if value}


def queue_problem() -> str | None:
    """For /healthz: None when the job queue answers, else what is wrong."""
    try:
        get_huey().pending_count()
    except Exception as error:
        return f"job queue unreachable: {type(error).__name__}: {error}"
    return None
