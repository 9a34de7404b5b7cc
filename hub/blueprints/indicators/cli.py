"""`flask --app hub indicators ...`: show, export, and change definitions."""

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from hub.api.base import HubError
from hub.blueprints.indicators import definitions, exports, governance, render
from hub.extensions import db
from hub.periods import parse_period, reporting_year


def _period(period, start, end):
    try:
        return parse_period(period, start, end, default=reporting_year(date.today()))
    except HubError as error:
        raise click.BadParameter("; ".join(m for ms in (error.fields or {}).values()
                                           for m in ms)) from None


@click.group("indicators")
def indicators_cli():
    """Indicators of the Strategic Results Framework."""


@indicators_cli.command("show")
@click.option("--period", default=None, help="DHIS2 period, e.g. 2025July.")
@click.option("--start", default=None)
@click.option("--end", default=None)
@with_appcontext
def show(period, start, end):
    """Print every indicator for a period."""
    report = governance.report_for(_period(period, start, end))
    click.echo(f"{report.period.id} ({report.period.start} - {report.period.end})")
    for code, result in report.results.items():
        value = "-" if result.value is None else result.value
        unit = "%" if result.spec.unit == "percent" and result.value is not None else ""
        ratio = (f" ({result.numerator}/{result.denominator})"
                 if result.denominator is not None else "")
        click.echo(f"{code:5} {value}{unit}{ratio}  v{result.version.version}  "
                   f"{result.spec.name}")


@indicators_cli.command("export")
@click.option("--period", default=None, help="DHIS2 period, e.g. 2025July.")
@click.option("--start", default=None)
@click.option("--end", default=None)
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), default="xlsx")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="File to write (default: a name after the period; '-' for stdout).")
@click.option("--lang", default="en", type=click.Choice(["en", "fr", "es"]))
@with_appcontext
def export(period, start, end, fmt, output, lang):
    """Export the indicators as the API's export does (same figures, same files)."""
    from flask_babel import force_locale

    chosen = _period(period, start, end)
    steps = 5 if fmt == "xlsx" else 2
    with force_locale(lang), click.progressbar(length=steps, label="Exporting",
                                               file=sys.stderr) as bar:
        report = governance.report_for(chosen, explain=fmt == "xlsx")
        bar.update(1)
        body = exports.export(report, fmt, lang, progress=lambda: bar.update(1))
        if fmt != "xlsx":
            bar.update(1)
    from hub.blueprints.audit import acting_as, record_export

    with acting_as(None, role="system"):
        record_export("indicators", period=chosen, fmt=fmt, via="cli")
    db.session.commit()
    if output == "-":
        sys.stdout.buffer.write(body)
        return
    target = Path(output or exports.filename(report, fmt))
    target.write_bytes(body)
    click.echo(f"Wrote {target} ({len(body)} bytes; definitions {exports.version_labels(report)})")


@indicators_cli.command("definitions")
@with_appcontext
def list_definitions():
    """Print every indicator's definition versions."""
    for code in definitions.VERSIONED_CODES:
        for version in definitions.versions(code):
            start = "built-in" if version.version == 1 else f"from {version.valid_from}"
            click.echo(f"{code:5} v{version.version} {start:16} {json.dumps(version.params)}"
                       f" {version.note}")


@indicators_cli.command("define")
@click.argument("code")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", required=True,
              help="A parameter to change, e.g. threshold=5 (4.5) or min_manifestations=3 (4.3).")
@click.option("--valid-from", default=None, help="First day the version applies (YYYY-MM-DD; "
              "default today).")
@click.option("--note", default="")
@with_appcontext
def define(code, params, valid_from, note):
    """Add a version of an indicator's parameters; past periods keep the version in force
    on their last day."""
    parsed = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: use NAME=VALUE", param_hint="--param")
        try:
            parsed[name.strip()] = int(value)
        except ValueError:
            parsed[name.strip()] = value
    try:
        day = date.fromisoformat(valid_from) if valid_from else date.today()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--valid-from") from None
    from hub.blueprints.audit import acting_as

    try:
        with acting_as(None, role="system"):  # an operator's change: in the audit log too
            version = definitions.add_version(code, parsed, day, note=note)
            db.session.flush()
    except HubError as error:
        db.session.rollback()
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in (error.fields or {}).items())
        raise click.ClickException(problems) from None
    db.session.commit()
    click.echo(f"{code} v{version.version} from {version.valid_from}: "
               f"{json.dumps(version.params)}")


__all__ = ["indicators_cli", "render"]
