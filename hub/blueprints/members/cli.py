"""`flask --app hub members reindex`: rebuild the directory's search rows from the profiles."""

import click

from hub import uow
from hub.blueprints.members import bp
from hub.cli import progress_bar


@bp.cli.command("reindex")
def reindex():
    """Rebuild every member's search row (after bulk SQL or a restore)."""
    from hub.blueprints.members.search import reindex_members

    with uow.transaction() as session, progress_bar("Reindexing members") as report:
        count = reindex_members(session, progress=report)
    click.echo(f"Reindexed {count} members.")
