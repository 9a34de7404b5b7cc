"""The Secretariat's dashboard: every indicator with its figures, definition, a four-year
trend and a region breakdown, a period picker and download buttons; and, per indicator, who
is counted and why."""

from flask import abort, render_template, request
from flask_login import current_user, login_required

from hub.api.base import InvalidInput
from hub.blueprints.indicators import bp, charts, compute, definitions, exports, render, service
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
        problems = [m for ms in (error.fields or {}).values() for m in ms]
        return render_template("indicators/dashboard.html", error=problems, years=years,
                               asked=request.args.get("period", ""), cards=[], period=None,
                               formats=exports.FORMATS), 422
    locale = current_locale()
    report = compute.compute(period)
    trend_reports = [(p, service.cached_compute(p)) for p in service.previous_years(period)]
    cards = []
    for code, result in report.results.items():
        rows = result.breakdown("region", report.region_order)
        unit = result.spec.unit
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
            "trend": charts.trend(points, unit, str(result.spec.name)),
            "regions": charts.regions(region_rows, unit, str(result.spec.name)),
        })
    return render_template("indicators/dashboard.html", period=report.period, cards=cards,
                           years=years, asked=period.id, error=None, formats=exports.FORMATS,
                           generated_at=report.generated_at)


@bp.get("/indicators/<code>")  # "mine" is matched first: static routes win
@login_required
def explain(code):
    """Who an indicator considers for the period, whether each counts, and why."""
    service.require_secretariat(current_user)
    if code not in definitions.SPECS:
        abort(404)
    period = service.period_from(request.args)
    report = compute.compute(period, explain=True)
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

    from hub.api.base import Forbidden

    if current_user.member_id is None:
        raise Forbidden()
    years = _picker_years(date.today())
    period = service.period_from(request.args)
    items = service.own_figures(period, current_user.member_id, current_locale())
    return render_template("indicators/mine.html", period=period, items=items, years=years)
