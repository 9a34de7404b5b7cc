"""The Secretariat's dashboard: every indicator with its figures, definition, a four-year
trend and a region breakdown, a period picker and download buttons; and, per indicator, who
is counted and why."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hub import access, uow
from hub.blueprints.indicators import (
    bp,
    charts,
    definitions,
    exports,
    governance,
    render,
    service,
)
from hub.errors import HubError, InvalidInput
from hub.i18n import current_locale, format_number
from hub.periods import reporting_year
from hub.reference.names import country_name


def _picker_years(today) -> list[str]:
    current = reporting_year(today).start.year
    return [f"{year}July" for year in range(current, current - 6, -1)]


@bp.get("/indicators")
@login_required
def dashboard():
    """The dashboard for `period` (default: the current reporting year); a bad period shows
    the picker with the problem (422)."""
    from datetime import date

    service.require_secretariat(current_user)
    years = _picker_years(date.today())
    try:
        period = service.period_from(request.args)
    except InvalidInput as error:
        return render_template("indicators/dashboard.html", error=_messages(error), years=years,
                               asked=request.args.get("period", ""), cards=[], period=None,
                               formats=exports.FORMATS), 422
    locale = current_locale()
    live = request.args.get("live") in ("true", "1")
    report = governance.report_for(period, live=live)
    trend_reports = [(p, report if p == period else _trend_report(p))
                     for p in service.previous_years(period)]
    cards = []
    for code, result in report.results.items():
        rows = result.breakdown("region", report.region_order)
        unit = result.spec.unit
        goal = render.target_dict(result, report)
        points = [(p.id, r.results[code].value) for p, r in trend_reports]
        region_rows = [
            (render.region_label(row["region"], locale), row["value"],
             f'{format_number(row["numerator"])}/{format_number(row["denominator"])}'
             if row["denominator"] is not None
             else "")
            for row in rows]
        cards.append({
            "code": code,
            "name": str(result.spec.name),
            "definition": definitions.definition_text(code, result.version),
            "version": result.version,
            "value": result.value,
            "unit": unit,
            "numerator": result.numerator,
            "denominator": result.denominator,
            "trend": charts.trend(points, unit, str(result.spec.name),
                                  baseline=goal["baseline"], target=goal["target"]),
            "regions": charts.regions(region_rows, unit, str(result.spec.name)),
            **goal,
        })
    return render_template("indicators/dashboard.html", period=report.period, cards=cards,
                           years=years, asked=period.id, error=None, formats=exports.FORMATS,
                           generated_at=report.generated_at, signed_off=report.signed_off,
                           live=live, can_set_targets=report.period.id.endswith("July"))


def _trend_report(period):
    """An earlier year of the trend: its signed-off figures, else the (cached) computation."""
    row = governance.signoff_for(period.id)
    if row is not None:
        return governance.decode_report(row.figures)
    return service.cached_compute(period)


def _back(period_id: str):
    return redirect(url_for("indicators.dashboard", period=period_id))


def _messages(error: HubError) -> list:
    """What a refusal says about each field, in order."""
    return [m for ms in (error.fields or {}).values() for m in ms]


def _change(period_id: str, change, done: str, describe=None):
    """Make one of the dashboard's changes and go back to the dashboard: a refusal other than
    403 is shown there (as `describe(error)`, by default what it says about each field) and
    nothing of the change is kept."""
    try:
        change()
    except HubError as error:
        if error.status == 403:
            raise
        uow.rollback()
        text = describe(error) if describe else " ".join(
            str(p) for p in _messages(error) or [error.message])
        flash(text, "error")
        return _back(period_id)
    flash(done, "success")
    return _back(period_id)


@bp.post("/indicators/targets/<code>")
@login_required
def set_target(code):
    """The dashboard's target form: baseline and target of one indicator for the period."""
    period_id = request.form.get("period", "")
    body = {}
    for name in ("baseline", "target"):
        raw = (request.form.get(name) or "").strip().replace(",", ".")
        try:
            body[name] = float(raw) if raw else None
        except ValueError:
            body[name] = raw
    return _change(period_id, lambda: governance.set_target(code, period_id, body, current_user),
                   _("Target of %(code)s for %(period)s saved.", code=code, period=period_id))


@bp.post("/indicators/signoffs")
@login_required
def sign_off():
    """The dashboard's sign-off button: store the period's figures as they are now."""
    period_id = request.form.get("period", "")
    body = {"period": period_id, "note": request.form.get("note", "")}
    return _change(period_id, lambda: governance.sign_off(body, current_user),
                   _("The figures of %(period)s are signed off.", period=period_id),
                   describe=lambda error: str(error.message
                                              or _("The period could not be signed off.")))


@bp.post("/indicators/signoffs/<period>/reopen")
@login_required
def reopen(period):
    """An admin reopens a signed-off period, with a reason."""
    body = {"reason": request.form.get("reason", "")}
    return _change(period, lambda: governance.reopen(period, body, current_user),
                   _("The period %(period)s is open again.", period=period))


@bp.get("/indicators/<code>")  # "mine" is matched first: static routes win
@login_required
def explain(code):
    """Who an indicator considers for the period, whether each counts, and why."""
    service.require_secretariat(current_user)
    if code not in definitions.SPECS:
        abort(404)
    period = service.period_from(request.args)
    report = governance.report_for(period, explain=True)
    result = report.results[code]
    locale = current_locale()
    items = render.subjects(code, report, locale, readable=True)
    for item in items:
        item["region_names"] = [render.region_label(r, locale) for r in item.get("regions", [])]
        if item.get("member") and item["member"]["country"]:
            item["country_label"] = country_name(item["member"]["country"], locale)
    return render_template("indicators/explain.html", period=period, result=result,
                           code=code, items=items,
                           definition=definitions.definition_text(code, result.version))


@bp.get("/indicators/mine")
@login_required
def mine():
    """A member organisation's own figures: whether it counts in each indicator, and why."""
    from datetime import date

    access.require_member_staff()
    years = _picker_years(date.today())
    period = service.period_from(request.args)
    items = service.own_figures(period, current_user.member_id, current_locale())
    return render_template("indicators/mine.html", period=period, items=items, years=years)
