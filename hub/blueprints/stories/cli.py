"""`flask --app hub stories remind`: mail reviewers about overdue stories."""

import click
from flask.cli import AppGroup

from hub import uow
from hub.blueprints.stories import queue

stories_cli = AppGroup("stories", help="Stories and their moderation.")


@stories_cli.command("remind")
def remind_command():
    """Mail the Secretariat's reviewers about each story that became overdue, and weekly
    while it stays so; run it daily (or let the background jobs do it)."""
    with uow.transaction():
        count = queue.send_reminders()
    click.echo(f"Reminded reviewers about {count} overdue stories.")
