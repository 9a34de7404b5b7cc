"""`flask --app hub members reindex`: rebuild the directory's search rows from the profiles."""

import click

from hub import uow
from hub.blueprints.members import bp


@bp.cli.command("reindex")
def reindex():
    """Rebuild every member's search row (after bulk SQL or a restore)."""
    from hub.blueprints.members.search import reindex_members

    with uow.transaction() as session:
        count = reindex_members(session)
    click.echo(f"Reindexed {count} members.")
