"""`flask --app hub digests send [--now ISO]`: send the digests that are due."""

from datetime import UTC, datetime

import click
from flask.cli import AppGroup

digests_cli = AppGroup("digests", help="E-mail digests of what people follow.")


def parse_now(value: str | None) -> datetime | None:
    """An ISO 8601 instant; one without a zone is UTC."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 date and time: {value!r}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@digests_cli.command("send")
@click.option("--now", "now", default=None, help="Send as if it were this instant (ISO 8601, UTC).")
def send_command(now):
    """Send every digest due now (or at --now); a second run for the same window sends nothing."""
    from hub.blueprints.follows.sending import send_due

    report = send_due(parse_now(now))
    click.echo(f"{report.sent} digests sent, {report.empty} with nothing new, "
               f"{report.failed} failed, {report.skipped} not due")
    if report.failed:
        raise SystemExit(1)
