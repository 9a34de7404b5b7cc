"""Command-line tools: `flask --app hub users|demo|translate ...` (and `db` from Flask-Migrate)."""

import sys
from contextlib import contextmanager
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext

from hub.api.base import HubError
from hub.extensions import db
from hub.models import Member
from hub.models.user import ROLES
from hub.paths import bundled

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = bundled("translations")


def register(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(demo)
    app.cli.add_command(translate)


@click.group(help="Manage accounts.")
def users():
    pass


def _fail(error: HubError) -> None:
    problems = "; ".join(
        f"{field}: {' '.join(map(str, messages))}"
        for field, messages in (error.fields or {}).items()
    )
    raise click.ClickException(problems or str(error.message))


@users.command("create")
@click.option("--email", required=True, help="The person's e-mail address (their sign-in).")
@click.option("--password", help="The password; '-' reads it from standard input.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--org", help="Slug of the member organisation (member and focal_point roles).")
@click.option("--name", default="", help="The person's name.")
@with_appcontext
def create_user(email, password, role, org, name):
    """Create an account. Refuses an e-mail that exists, or a role without its organisation."""
    from hub.blueprints.auth import service

    if password == "-":
        password = sys.stdin.readline().rstrip("\r\n")
    elif password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    member = None
    if org:
        member = db.session.scalar(sa.select(Member).where(Member.slug == org))
        if member is None:
            raise click.ClickException(f"No member organisation with the slug {org!r}.")
    try:
        user = service.create_user(email, role, password=password, name=name, member=member)
    except HubError as error:
        db.session.rollback()
        _fail(error)
    db.session.commit()
    where = f" for {member.name}" if member else ""
    click.echo(f"Created {user.email} ({role}){where}.")


@users.command("reset-link")
@click.argument("email")
@with_appcontext
def reset_link(email):
    """Print a single-use password-reset link for EMAIL, for an admin to pass on."""
    from hub.blueprints.auth import service

    user = service.find_user(email)
    if user is None or not user.active:
        raise click.ClickException(f"No active account for {email}.")
    click.echo(service.reset_link(user))


@contextmanager
def progress_bar(label: str):
    """A click progress bar on standard error, sized by the work once it knows its total:
    yields `report(done, total, label=None)`. Off a terminal it prints only its label."""
    with click.progressbar(length=1, label=label, file=sys.stderr, show_pos=True) as bar:
        def report(done: int, total: int, step: str | None = None) -> None:
            bar.length = max(total, 1)
            if step is not None:
                bar.label = f"{label}: {step}" if step else label
            bar.update(done - bar.pos)

        yield report


@click.command("demo")
@click.option("--seed", default=2018, show_default=True, help="Seed of the random generator.")
@with_appcontext
def demo(seed):
    """Fill an empty hub with a synthetic demo network; refuses on a hub that has members."""
    from hub.demo import DemoRefused, build_demo

    try:
        with progress_bar("Demo network") as report:
            summary = build_demo(seed=seed, echo=click.echo, progress=report)
    except DemoRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(summary)


@click.group(help="Maintain the translation catalogs in translations/.")
def translate():
    pass


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


@translate.command("extract")
def translate_extract():
    """Collect the messages of the code and templates into translations/messages.pot."""
    if not (ROOT / "babel.cfg").exists():
        raise click.ClickException("Extracting messages needs a checkout of the hub's source.")
    _pybabel(
        "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "--no-location", "--sort-output",
        "-o", str(ROOT / "translations" / "messages.pot"), str(ROOT / "hub"),
    )


@translate.command("update")
def translate_update():
    """Extract, then merge new messages into every language's catalog."""
    translate_extract.callback()
    _pybabel(
        "update", "-i", str(CATALOGS / "messages.pot"),
        "-d", str(CATALOGS), "--no-fuzzy-matching", "--ignore-obsolete",
    )


@translate.command("compile")
def translate_compile():
    """Compile the catalogs into the .mo files the hub reads."""
    _pybabel("compile", "-d", str(CATALOGS))
