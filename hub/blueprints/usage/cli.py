"""`flask --app hub usage prune|import|flush`: keep the usage log and load its history."""

import io
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from hub.blueprints.usage import log, service
from hub.cli import progress_bar


@click.group("usage", help="Maintain the usage log.")
def usage_cli():
    pass


@usage_cli.command("prune")
@click.option("--months", type=click.IntRange(min=1), default=None,
              help="Keep this many months of raw events (default HUB_USAGE_RETENTION_MONTHS, 36).")
@with_appcontext
def prune(months):
    """Roll up whole months older than the retention into monthly counts, then delete their
    raw events, in one transaction. Safe to run again (nothing left to do)."""
    app = current_app._get_current_object()
    log.flush(app)
    months = months or service.retention_months(app)
    with progress_bar("Rolling up old months") as report:
        result = service.prune(months, progress=report)
    click.echo(
        f"Kept raw events from {result.cutoff.isoformat()} on ({months} months). "
        f"Rolled up {len(result.months)} months"
        + (f" ({result.months[0]} to {result.months[-1]})" if result.months else "")
        + f" into {result.rows_written} monthly counts; deleted {result.events_deleted} "
        "raw events.")


@usage_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@with_appcontext
def import_history(csv_file):
    """Load monthly counts from the previous platform (header month,member,event_type,count).
    Every row is checked first; any error imports nothing and exits with status 1."""
    handle = (io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
              if csv_file == "-"
              else open(csv_file, encoding="utf-8-sig", newline=""))  # noqa: SIM115
    with handle:
        try:
            checked = service.check_import(handle)
        except UnicodeDecodeError:
            click.echo("line ?: the file is not UTF-8 text; nothing imported.", err=True)
            sys.exit(1)
    if checked.errors:
        for problem in checked.errors:
            click.echo(problem, err=True)
        click.echo(f"{len(checked.errors)} problems; nothing imported.", err=True)
        sys.exit(1)
    with progress_bar("Importing monthly counts") as report:
        done = service.import_rows(checked.rows, progress=report)
    click.echo(f"Imported {done} monthly counts.")


@usage_cli.command("flush")
@with_appcontext
def flush():
    """Write this process's waiting events (useful in scripts that record usage)."""
    click.echo(f"Wrote {log.flush(current_app._get_current_object())} events.")
