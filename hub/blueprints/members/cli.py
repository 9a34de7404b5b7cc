"""`flask --app hub members reindex`: rebuild the directory's search rows from the profiles."""

import click

from hub.blueprints.members import bp
from hub.extensions import db


@bp.cli.command("reindex")
def reindex():
    """Rebuild every member's search row (after bulk SQL or a restore)."""
    from hub.blueprints.members.search import reindex_members

    count = reindex_members(db.session)
    db.session.commit()
    click.echo(f"Reindexed {count} members.")
