"""Keep the search index in step with the resources table.

Session events collect the resources a flush touched; before the commit a row per resource
goes into `search_index_change` in the same transaction (so a rollback leaves nothing behind);
after the commit the queue is drained: each queued resource is re-read from the database and
its document updated (or deleted) in the index, then its queue rows are removed. A drain that
fails (index locked for too long, disk full, index lost) leaves the rows for the next drain:
a retried job of the jobs worker, its drain every minute, `flask --app hub search drain`, or
any later commit. Drains are serialised across processes
by a file lock, so a drain never writes an older state of a resource over a newer one.
Bulk SQL statements bypass the events: code that uses them calls `enqueue` itself.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app, has_app_context

from hub import uow
from hub.config import DefaultConfig
from hub.extensions import db
from hub.models import Resource, ResourceFile, SearchIndexChange
from hub.search import IndexBusy, IndexUnavailable, SearchIndex
from hub.search.engine import MAX_LARGE_SEGMENTS

log = logging.getLogger(__name__)

BATCH = 500
EXTENSION = "hub_search"
# Seconds a request that committed waits for another process's drain before it leaves its
# changes to the jobs worker (an in-request bound: hub/gunicorn_conf.py).
COMMIT_DRAIN_WAIT = 15.0


class LockTimeout(Exception):
    """Another process kept draining for longer than we were willing to wait."""


# ------------------------------------------------------------------ the index of this process


def index_path(app: Flask) -> Path:
    return Path(app.config["SEARCH_INDEX_DIR"] or Path(app.config["DATA_DIR"]) / "search")


def get_index(app: Flask | None = None) -> SearchIndex:
    """The app's SearchIndex: one object per process (its handles reopen after a fork)."""
    app = app or current_app._get_current_object()
    idx = app.extensions.get(EXTENSION)
    if idx is None:
        idx = app.extensions[EXTENSION] = SearchIndex(index_path(app))
    return idx


def ensure_index(app: Flask | None = None) -> SearchIndex:
    """The index; created empty on a new hub (no resource indexed yet). A hub whose index was
    lost stays without one (search answers 503) until `flask --app hub search rebuild`,
    rather than silently serving an incomplete index."""
    app = app or current_app._get_current_object()
    idx = get_index(app)
    if (index_path(app) / "CURRENT").exists():
        return idx
    with app.app_context(), _drain_lock(app, wait=30):
        if (index_path(app) / "CURRENT").exists():
            return idx
        # Safe to start empty only when every resource is still queued: nothing was lost.
        with so.Session(db.engine) as session:
            unqueued = session.scalar(sa.select(Resource.id).where(
                Resource.id.not_in(sa.select(SearchIndexChange.resource_id))).limit(1))
        if unqueued is not None:
            raise IndexUnavailable(f"no search index at {index_path(app)}")
        idx.rebuild(())
    return idx


def index_problem() -> str | None:
    """For /healthz: None when the index can be read, else what is wrong."""
    try:
        ensure_index().doc_count()
    except (IndexUnavailable, IndexBusy, LockTimeout) as error:
        return f"search index unusable: {error}. Run `flask --app hub search rebuild`."
    return None


# ------------------------------------------------------------------ documents


def bounded(text: str, limit: int) -> str:
    """At most `limit` characters of the text, cut at a space when one is near the end."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", max(0, limit - 100))
    return cut[:space] if space > 0 else cut


def resource_doc(resource: Resource) -> dict:
    """The search document of a resource: its own text plus the text of its files, at most
    INDEX_MAX_CHARS characters of it (a huge file must not make one document a huge one)."""
    texts = [resource.body or ""] + [f.text for f in resource.files if f.text]
    limit = int(current_app.config["INDEX_MAX_CHARS"]) if has_app_context() else (
        DefaultConfig.INDEX_MAX_CHARS)
    regions = {r.code for r in resource.regions}
    regions |= {c.region_code for c in resource.countries}
    return {
        "id": resource.id,
        "title": resource.title,
        "summary": resource.summary or "",
        "body": bounded("\n\n".join(t for t in texts if t), limit),
        "language": resource.language,
        "type": resource.type,
        "themes": [t.slug for t in resource.themes],
        "countries": [c.code for c in resource.countries],
        "regions": sorted(regions),
        "published_on": resource.published_on,
        "visibility": resource.visibility,
    }


def _load(session: so.Session, ids: Iterable[int]) -> list[Resource]:
    return list(session.scalars(
        sa.select(Resource).where(Resource.id.in_(list(ids))).options(
            so.selectinload(Resource.themes), so.selectinload(Resource.countries),
            so.selectinload(Resource.regions), so.selectinload(Resource.files),
        )
    ))


def iter_docs(session: so.Session, batch: int = 1000) -> Iterator[dict]:
    """Every resource's document, read in batches (for a rebuild)."""
    last = 0
    while True:
        ids = list(session.scalars(sa.select(Resource.id).where(Resource.id > last)
                                   .order_by(Resource.id).limit(batch)))
        if not ids:
            return
        for resource in sorted(_load(session, ids), key=lambda r: r.id):
            yield resource_doc(resource)
        session.expunge_all()
        last = ids[-1]


# ------------------------------------------------------------------ session events


def _touched_resource(_session, obj) -> tuple[int | None, ...] | None:
    if isinstance(obj, Resource):
        return (obj.id,)
    if isinstance(obj, ResourceFile):
        return (obj.resource_id,)
    return None


def _queue_changes(session: so.Session, touched: set) -> None:
    """A queue row per touched resource, in the same transaction (a rollback leaves none)."""
    session.add_all(SearchIndexChange(resource_id=rid) for rid in sorted(touched))


def _drain_committed(_queued: set) -> None:
    if not has_app_context():
        return
    # The committed session cannot run SQL here; drain() uses its own session.
    app = current_app._get_current_object()
    try:
        drain(app, wait=COMMIT_DRAIN_WAIT, raise_errors=True)
    except (IndexUnavailable, IndexBusy, LockTimeout, OSError):
        # The worker tries again soon, then later and later (hub.blueprints.library.extraction).
        from hub import jobs

        jobs.enqueue("library.drain_index", app=app,
                     delay=float(app.config["INDEX_RETRY_DELAY"]))


def install() -> None:
    """Register with the session-event collector (once per process)."""
    uow.watch(uow.Watcher("search_index", collect=_touched_resource,
                          before_commit=_queue_changes, committed=_drain_committed))


def enqueue(session: so.Session, ids: Iterable[int]) -> None:
    """Queue resources explicitly (after bulk SQL that bypassed the session events)."""
    session.add_all(SearchIndexChange(resource_id=int(i)) for i in ids)


# ------------------------------------------------------------------ draining


@contextmanager
def _drain_lock(app: Flask, wait: float):
    """An exclusive lock shared by every process of this hub (flock on a file)."""
    path = index_path(app).parent / ".search-drain.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout("another process is updating the search index") from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def drain(app: Flask, *, wait: float = 15, raise_errors: bool = False) -> int:
    """Apply every queued change to the index; returns how many resources were applied.

    Failures are logged and the queue kept (raised when `raise_errors`, for the CLI)."""
    done = 0
    try:
        with app.app_context():
            idx = ensure_index(app)
            with _drain_lock(app, wait):
                while True:
                    applied = _drain_batch(idx)
                    done += applied
                    if applied < BATCH:
                        break
    except (IndexUnavailable, IndexBusy, LockTimeout, OSError) as error:
        log.warning("search index not updated (%s); changes stay queued", error)
        if raise_errors:
            raise
    return done


def _drain_batch(idx: SearchIndex) -> int:
    with so.Session(db.engine) as session:
        rows = session.execute(
            sa.select(SearchIndexChange.id, SearchIndexChange.resource_id)
            .order_by(SearchIndexChange.id).limit(BATCH * 4)
        ).all()
        if not rows:
            return 0
        ids = list(dict.fromkeys(rid for _, rid in rows))[:BATCH]
        chosen = set(ids)
        row_ids = [qid for qid, rid in rows if rid in chosen]
        # Read after taking the lock: whoever drains later reads a state at least this new.
        found = _load(session, ids)
        docs = [resource_doc(r) for r in found]
        gone = chosen - {r.id for r in found}
        idx.update(docs)
        idx.delete(gone)
        session.execute(sa.delete(SearchIndexChange).where(SearchIndexChange.id.in_(row_ids)))
        session.commit()
        return len(ids)


def compact(app: Flask, wait: float = 30) -> bool:
    """Merge the index's large segments when there are many (SearchIndex.compact), under the
    drain lock; a failure is logged, the next run tries again."""
    try:
        with app.app_context():
            idx = ensure_index(app)
            if idx.large_segments() <= MAX_LARGE_SEGMENTS:
                return False
            with _drain_lock(app, wait):
                return idx.compact()
    except (IndexUnavailable, IndexBusy, LockTimeout, OSError) as error:
        log.warning("search index not compacted (%s)", error)
        return False


def pending_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(SearchIndexChange)) or 0
