"""`flask --app hub members reindex`: rebuild the directory's search rows from the profiles."""

import click

from hub.blueprints.members import bp
from hub.cli import progress_bar
from hub.extensions import db


@bp.cli.command("reindex")
def reindex():
    """Rebuild every member's search row (after bulk SQL or a restore)."""
    from hub.blueprints.members.search import reindex_members

    with progress_bar("Reindexing members") as report:
        count = reindex_members(db.session, progress=report)
    db.session.commit()
    click.echo(f"Reindexed {count} members.")
