"""Text extraction of uploaded files, as background jobs.

An upload stores the file with `extraction = "pending"` and queues `library.extract_file`
after the commit: the resource is findable by its metadata at once, by the file's words once
the job has stored the text (its commit queues the index change like any other). The job reads
the file in the bounded child process of `files.extract_text`; a file it cannot read ends
"failed" (kept and served, not searchable by its words). A job that crashes is retried; one
that failed for good marks the file "failed". Files left pending (a lost queue) are queued
again by a periodic sweep.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from hub import jobs
from hub.blueprints.library import files as filestore
from hub.blueprints.library import indexing
from hub.extensions import db
from hub.models import Resource, ResourceFile
from hub.models.base import utcnow
from hub.search import detect_language

log = logging.getLogger(__name__)
JOB = "library.extract_file"


def queue(row: ResourceFile, *, detect: bool) -> None:
    """Extract the row's text once the current transaction commits (flushed row)."""
    jobs.after_commit(JOB, row.id, detect_language=detect)


def resource_state(resource: Resource) -> str:
    """pending while any file waits for extraction, failed when one could not be read,
    else done (also for a resource without files)."""
    states = {f.extraction for f in resource.files}
    if "pending" in states:
        return "pending"
    return "failed" if "failed" in states else "done"


def _mark_failed(file_id: int, **_kwargs) -> None:
    row = db.session.get(ResourceFile, file_id)
    if row is not None and row.extraction == "pending":
        row.extraction = "failed"


@jobs.task(JOB, retries="EXTRACT_RETRIES", retry_delay="EXTRACT_RETRY_DELAY",
           about=lambda file_id, **_: f"file {file_id}", on_failure=_mark_failed)
def extract_file(file_id: int, detect_language: bool = False) -> str | None:
    """Read a pending file's text and store it (the index follows the commit); returns the
    new state, None when there was nothing to do (deleted, or done meanwhile)."""
    row = db.session.get(ResourceFile, file_id)
    if row is None or row.extraction != "pending":
        return None
    stored_name, mime = row.stored_name, row.mime_type
    # No transaction stays open while the child process reads the file (up to
    # HUB_EXTRACT_TIMEOUT seconds).
    db.session.rollback()
    text, state = filestore.extract_text(filestore.stored_path(stored_name), mime)
    row = db.session.get(ResourceFile, file_id)
    if row is None or row.extraction != "pending":
        return None
    row.text, row.extraction = text, state
    if detect_language and text:
        resource = row.resource
        found = detect_language_of(resource, text)
        if found:
            resource.language = found
    return state


def detect_language_of(resource: Resource, text: str) -> str | None:
    return detect_language(" ".join(
        x for x in (resource.title, resource.summary, resource.body, text[:20_000]) if x))


@jobs.periodic("library.requeue_stale_extractions", minute="*/5")
def requeue_stale_extractions() -> int:
    """Queue again the files still pending long after their upload (their job was lost)."""
    since = utcnow() - timedelta(minutes=int(current_app.config["EXTRACT_STALE_MINUTES"]))
    ids = list(db.session.scalars(sa.select(ResourceFile.id).where(
        ResourceFile.extraction == "pending", ResourceFile.created_at < since)))
    for file_id in ids:
        jobs.enqueue(JOB, file_id)
    if ids:
        log.warning("queued %d stale extractions again", len(ids))
    return len(ids)


# ------------------------------------------------------------------ index drains


DRAIN_JOB = "library.drain_index"


@jobs.task(DRAIN_JOB, retries="INDEX_RETRIES", retry_delay="INDEX_RETRY_DELAY",
           about=lambda: "search index drain")
def drain_index() -> int:
    """Apply the queued index changes; raises (and is retried) while the index fails."""
    return indexing.drain(current_app._get_current_object(), wait=60, raise_errors=True)


@jobs.periodic("library.drain_pending_index_changes", minute="*")
def drain_pending_index_changes() -> int:
    """Every minute: apply index changes a failed drain left queued, if any, and merge the
    index's large segments once there are many (hub.search.engine.compact)."""
    app = current_app._get_current_object()
    indexing.compact(app)
    if not indexing.pending_count():
        return 0
    db.session.rollback()
    return indexing.drain(app, wait=30)
