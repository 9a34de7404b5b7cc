"""`flask --app hub search drain|rebuild|check`: maintain the library's search index."""

import gc
import warnings

import click
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask.cli import with_appcontext

from hub.blueprints.library import indexing
from hub.extensions import db
from hub.models import Resource
from hub.search import IndexBusy, IndexUnavailable


@click.group("search", help="Maintain the resource library's search index.")
def search_cli():
    pass


@search_cli.command("drain")
@with_appcontext
def drain():
    """Apply the queued index changes (those a locked or failing index left behind)."""
    before = indexing.pending_count()
    try:
        done = indexing.drain(current_app, wait=120, raise_errors=True)
    except (IndexUnavailable, IndexBusy, indexing.LockTimeout, OSError) as error:
        raise click.ClickException(f"{error} ({before} changes stay queued)") from None
    click.echo(f"Applied {done} queued changes; {indexing.pending_count()} left.")


@search_cli.command("rebuild")
@with_appcontext
def rebuild():
    """Rebuild the whole index from the database; the old index serves until the switch."""
    app = current_app._get_current_object()
    idx = indexing.get_index(app)
    with so.Session(db.engine) as session:
        total = session.scalar(sa.select(sa.func.count()).select_from(Resource)) or 0
        with click.progressbar(length=total, label="Indexing resources") as bar:
            seen = {"n": 0}

            def progress(n):
                bar.update(n - seen["n"])
                seen["n"] = n

            # Rebuilding over a damaged index: the engine leaves the old generation's TOC file
            # open when it fails to open it (reported); let it be finalised quietly here.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ResourceWarning)
                idx.rebuild(indexing.iter_docs(session), progress=progress)
                gc.collect()
    # Changes still queued are applied again on top: harmless, since a drain re-reads each
    # resource, and it covers a change committed while the rebuild read past its row.
    indexing.drain(app, wait=60)
    click.echo(f"Rebuilt the search index: {idx.doc_count()} resources.")


@search_cli.command("check")
@with_appcontext
def check():
    """Report resources missing from the index and documents that should not be there."""
    try:
        in_index = indexing.ensure_index().all_ids()
    except (IndexUnavailable, IndexBusy) as error:
        raise click.ClickException(f"{error}. Run `flask --app hub search rebuild`.") from None
    in_db = set(db.session.scalars(sa.select(Resource.id)))
    queued = indexing.pending_count()
    missing, extra = sorted(in_db - in_index), sorted(in_index - in_db)
    click.echo(f"{len(in_db)} resources, {len(in_index)} indexed, {queued} changes queued.")
    if missing:
        click.echo(f"Missing from the index: {', '.join(map(str, missing[:50]))}")
    if extra:
        click.echo(f"In the index but not the database: {', '.join(map(str, extra[:50]))}")
    if missing or extra:
        raise click.ClickException(
            "The index is out of step: run `flask --app hub search drain`, "
            "or `flask --app hub search rebuild`.")
    click.echo("The index matches the database.")
