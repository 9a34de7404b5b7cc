"""`flask --app hub jobs work|failed`: run the background worker, list jobs that failed for good."""

import logging

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from hub.extensions import db


@click.group("jobs", help="Run and inspect the background jobs.")
def jobs_cli():
    pass


@jobs_cli.command("work")
@click.option("--burst", is_flag=True,
              help="Run every job that is due (and this minute's periodic jobs), then exit.")
@click.option("--workers", type=int, default=None,
              help="Jobs run at once (threads); default HUB_JOBS_WORKERS.")
@with_appcontext
def work(burst, workers):
    """Run jobs as they come, with the periodic ones (index drain, stale extractions) on their
    schedule, until SIGTERM or SIGINT (a running job finishes first). Exits 1 when the queue
    cannot be reached."""
    from huey.consumer import Consumer

    from hub import jobs

    app = current_app._get_current_object()
    if app.config.get("JOBS_IMMEDIATE"):
        raise click.ClickException("HUB_JOBS_IMMEDIATE is set: jobs run in the requests.")
    problem = jobs.queue_problem()
    if problem:
        raise click.ClickException(problem)
    if burst:
        done, periodic = jobs.run_burst(app)
        click.echo(f"Ran {done} jobs and {periodic} periodic jobs.")
        return
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    consumer = Consumer(jobs.get_huey(app), workers=workers or app.config["JOBS_WORKERS"],
                        worker_type="thread", periodic=True, graceful_signal="TERM",
                        max_delay=2.0)
    consumer.run()


@jobs_cli.command("failed")
@click.option("--limit", type=int, default=50, show_default=True)
@with_appcontext
def failed(limit):
    """List the jobs that failed for good, newest first, with their last error."""
    from hub.models.job import JobFailure

    rows = list(db.session.scalars(sa.select(JobFailure).order_by(
        JobFailure.failed_at.desc(), JobFailure.id.desc()).limit(limit)))
    if not rows:
        click.echo("No failed jobs.")
        return
    for row in rows:
        when = row.failed_at.strftime("%Y-%m-%d %H:%M:%S")
        about = f" ({row.about})" if row.about else ""
        click.echo(f"{when}  {row.task}{about}  {row.error}")
