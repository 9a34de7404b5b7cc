"""`flask --app hub reminders send`: mail focal points and reviewers what waits for them."""

import click
from flask.cli import AppGroup

from hub import uow

reminders_cli = AppGroup("reminders", help="Reminder mails.")


@reminders_cli.command("send")
def send_command():
    """Send the focal points' reporting reminders and the reviewers' overdue-story reminders
    (each at most once per occasion and period); run it daily."""
    from hub.blueprints.reporting import service
    from hub.blueprints.stories import queue

    with uow.transaction():
        mails = service.send_reminders()
        stories = queue.send_reminders()
    click.echo(f"Sent {mails} reporting reminder mails; reminded reviewers about {stories} "
               "overdue stories.")
