"""The unit of work: the request (or a CLI command, or a job) owns the transaction.

Services change rows and flush; they never commit. A request commits once when its view
answered below 400 and rolls back otherwise, and on any exception (the error handlers roll
back first, so the page or body they render reads a clean session).

Work that must only happen once the change is stored (mail, jobs, usage events, signals) is
queued with `after_commit(fn, ...)`; it runs after the commit returns and is dropped when
the transaction rolls back. `on_commit(fn, ...)` is the same queue for work that runs inside
the commit itself, however it was made (putting a job on the job queue: `hub.jobs`), and
`after_commit_batch` gathers items into one call per transaction (one mail job per batch).

Index and directory upkeep register with the one session-event collector (`watch`): it
gathers what each flush touched, lets each watcher write its queue rows inside the same
transaction before the commit, and calls the watcher's `committed` hook after the commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, Response

from hub.extensions import db

log = logging.getLogger(__name__)

_PENDING = "hub_after_commit"  # queued in the open transaction
_READY = "hub_after_commit_ready"  # committed, not yet run
_UNDO = "hub_on_rollback"  # undone outside the database (files written) on rollback
_ONCE = "hub_after_commit_once"  # keys of work queued once per transaction
_BATCHES = "hub_after_commit_batches"  # key -> the items of one batched task


# ------------------------------------------------------------------ after-commit work


@dataclass
class _Task:
    fn: Callable
    args: tuple
    kwargs: dict
    at_commit: bool = False  # run inside the commit (the after_commit event), not after it


def after_commit(fn: Callable, *args, session: so.Session | None = None, **kwargs) -> None:
    """Run `fn(*args, **kwargs)` once the current transaction has committed; never on rollback."""
    _queue(session).append(_Task(fn, args, kwargs))


def on_commit(fn: Callable, *args, session: so.Session | None = None, **kwargs) -> None:
    """As `after_commit`, but `fn` runs as the commit ends (in SQLAlchemy's after_commit event),
    however the commit was made. Only for work that does not use this session: putting a job
    on the queue (the job runs with a session of its own)."""
    _queue(session).append(_Task(fn, args, kwargs, at_commit=True))


def after_commit_batch(key, fn: Callable, item, *args, session: so.Session | None = None,
                       at_commit: bool = False) -> None:
    """Add `item` to one task per transaction and key: `fn(*args, items)` runs once with every
    item added before the commit (in the order added); a rollback drops them all."""
    session = session if session is not None else db.session()
    batches = session.info.setdefault(_BATCHES, {})
    items = batches.get(key)
    if items is None:
        items = batches[key] = []
        _queue(session).append(_Task(fn, (*args, items), {}, at_commit=at_commit))
    items.append(item)


def _queue(session: so.Session | None) -> list:
    session = session if session is not None else db.session()
    return session.info.setdefault(_PENDING, [])


def after_commit_once(key, fn: Callable, *args, **kwargs) -> None:
    """As `after_commit`, but a second task with the same key in this transaction is dropped
    (one `resource_update` for an edit that also attached a file)."""
    session = db.session()
    seen = session.info.setdefault(_ONCE, set())
    if key in seen:
        return
    seen.add(key)
    after_commit(fn, *args, session=session, **kwargs)


def on_rollback(fn: Callable, *args, **kwargs) -> None:
    """Run `fn` if the current transaction rolls back (remove a file stored for it)."""
    db.session().info.setdefault(_UNDO, []).append(_Task(fn, args, kwargs))


def _run(tasks) -> None:
    for task in tasks:
        try:
            task.fn(*task.args, **task.kwargs)
        except Exception:
            log.exception("Task %s failed", getattr(task.fn, "__name__", task.fn))


def run_after_commit(session: so.Session | None = None) -> int:
    """Run the work whose transaction committed; a failing task is logged, the rest still run."""
    session = session if session is not None else db.session()
    tasks = session.info.pop(_READY, [])
    _run(tasks)
    return len(tasks)


def commit(session: so.Session | None = None) -> None:
    """Commit, then run the work queued for after the commit."""
    session = session if session is not None else db.session()
    session.commit()
    run_after_commit(session)


def rollback(session: so.Session | None = None) -> None:
    """Roll back and drop the queued work (safe to call twice)."""
    session = session if session is not None else db.session()
    session.rollback()
    _forget(session)


@contextmanager
def transaction():
    """For CLI commands and jobs: commit when the block ends, roll back if it or the commit
    raises; the work queued for after the commit runs once it has."""
    session = db.session()
    try:
        yield db.session
        session.commit()
    except BaseException:
        rollback(session)
        raise
    run_after_commit(session)


# ------------------------------------------------------------------ one collector for the session


@dataclass
class Watcher:
    """What one feature keeps in step with the rows a transaction changed.

    `collect(session, obj)` returns the keys a changed object touched (or None);
    `before_commit(session, keys)` writes what must be stored in the same transaction;
    `committed(keys)` runs after the commit, without the session (it may open its own)."""

    name: str
    collect: Callable[[so.Session, object], Iterable | None]
    before_commit: Callable[[so.Session, set], None] | None = None
    committed: Callable[[set], None] | None = None
    _touched_key: str = field(init=False)
    _done_key: str = field(init=False)

    def __post_init__(self):
        self._touched_key = f"hub_watch_{self.name}_touched"
        self._done_key = f"hub_watch_{self.name}_done"


_watchers: dict[str, Watcher] = {}


def watch(watcher: Watcher) -> None:
    """Register a watcher (once per name; registering again replaces it)."""
    _watchers[watcher.name] = watcher
    _install_events()


def _on_flush(session: so.Session, _flush_context) -> None:
    if not _watchers:
        return
    changed = (*session.new, *session.dirty, *session.deleted)
    for watcher in _watchers.values():
        touched = session.info.setdefault(watcher._touched_key, set())
        for obj in changed:
            keys = watcher.collect(session, obj)
            if keys:
                touched.update(keys)
        touched.discard(None)


def _before_commit(session: so.Session) -> None:
    # Writing queue rows flushes again and may touch more: loop until every watcher is in step.
    for _ in range(5):
        session.flush()
        busy = False
        for watcher in _watchers.values():
            touched = session.info.pop(watcher._touched_key, set())
            touched.discard(None)
            if not touched:
                continue
            busy = True
            if watcher.before_commit is not None:
                watcher.before_commit(session, touched)
            session.info.setdefault(watcher._done_key, set()).update(touched)
        if not busy:
            return


def _after_commit(session: so.Session) -> None:
    pending = session.info.pop(_PENDING, [])
    session.info.pop(_UNDO, None)
    session.info.pop(_ONCE, None)
    session.info.pop(_BATCHES, None)
    later = [task for task in pending if not task.at_commit]
    if later:
        session.info.setdefault(_READY, []).extend(later)
    # Watchers run here (they do not use this session), so every commit keeps them in step.
    for watcher in _watchers.values():
        done = session.info.pop(watcher._done_key, None)
        if done and watcher.committed is not None:
            try:
                watcher.committed(done)
            except Exception:
                log.exception("After-commit upkeep %r failed", watcher.name)
    _run([task for task in pending if task.at_commit])


def _forget(session: so.Session, *_args) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_ONCE, None)
    session.info.pop(_BATCHES, None)
    _run(session.info.pop(_UNDO, []))
    for watcher in _watchers.values():
        session.info.pop(watcher._touched_key, None)
        session.info.pop(watcher._done_key, None)


def _after_soft_rollback(session: so.Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        _forget(session)


def _install_events() -> None:
    if sa.event.contains(so.Session, "after_flush", _on_flush):
        return
    sa.event.listen(so.Session, "after_flush", _on_flush)
    sa.event.listen(so.Session, "before_commit", _before_commit)
    sa.event.listen(so.Session, "after_commit", _after_commit)
    sa.event.listen(so.Session, "after_soft_rollback", _after_soft_rollback)
    sa.event.listen(so.Session, "after_rollback", _forget)


# ------------------------------------------------------------------ the request's transaction


def _finish_request(response: Response) -> Response:
    """One commit for a request that answered below 400; a rollback for any other answer."""
    if response.status_code < 400:
        commit()
    else:
        rollback()
    return response


def _teardown(_exc=None) -> None:
    # Work left by a commit made outside `commit()` (a test, an old code path) still runs.
    if db.session.info.get(_READY):
        run_after_commit()


def init_app(app: Flask) -> None:
    """The request owns the transaction; registered first so it runs after every other hook."""
    _install_events()
    app.after_request_funcs.setdefault(None, []).insert(0, _finish_request)
    app.teardown_request(_teardown)
