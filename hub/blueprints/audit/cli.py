"""`flask --app hub audit prune`: drop audit rows past HUB_AUDIT_RETENTION_MONTHS."""

import click
from flask import current_app
from flask.cli import AppGroup

from hub import uow
from hub.blueprints.audit import service

audit_cli = AppGroup("audit", help="The audit log.")


@audit_cli.command("prune")
@click.option("--months", type=int, default=None,
              help="Whole months to keep besides the current one (default: the setting).")
def prune_command(months):
    """Delete audit rows older than the retention period, in one transaction."""
    months = months if months is not None else int(current_app.config["AUDIT_RETENTION_MONTHS"])
    with uow.transaction():
        removed = service.prune(months)
    click.echo(f"Removed {removed} audit rows older than {service.cutoff(months):%Y-%m-%d}.")
