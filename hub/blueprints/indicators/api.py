"""/api/v1/indicators (shared/API.md, "Usage and indicators"): Secretariat and admins only;
members read their own organisation's figures at /api/v1/indicators/mine."""

from flask import Response, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from hub import access
from hub.blueprints.indicators import (
    api_bp,
    definitions,
    exports,
    governance,
    render,
    service,
)
from hub.blueprints.indicators.schemas import (
    BY_PARAMETER,
    PAGE_PARAMETERS,
    PERIOD_PARAMETERS,
    DefinitionListSchema,
    IndicatorMembersSchema,
    IndicatorReportSchema,
    OwnFiguresSchema,
    json_answer,
)
from hub.errors import InvalidInput, NotFound
from hub.i18n import current_locale


def _page_args() -> tuple[int, int]:
    problems = {}
    values = {}
    for name, default, maximum in (("page", 1, None), ("per_page", 100, 100)):
        raw = request.args.get(name, str(default))
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1 or (maximum and value > maximum):
            problems[name] = [str(_l("Give a whole number from 1 to %(max)s.",
                                     max=maximum or 100000))]
        values[name] = value
    if problems:
        raise InvalidInput(fields=problems)
    return values["page"], values["per_page"]


@api_bp.get("")
@login_required
@api_bp.doc(parameters=[*PERIOD_PARAMETERS, BY_PARAMETER],
            responses=json_answer(IndicatorReportSchema))
def list_indicators():
    """Every indicator for `period` (or `start`/`end`; default: the current reporting year),
    with a breakdown `by=region` or `by=country`, baseline, target and progress. A signed-off
    period answers its stored figures with `signed_off`; `live=true` the computation now,
    each indicator with its `signed_off_value`. 422 for an unknown or reversed period."""
    service.require_secretariat(current_user)
    period = service.period_from(request.args)
    by = service.breakdown_from(request.args)
    return render.report_dict(governance.report_for(period, live=_live()), by)


def _live() -> bool:
    return (request.args.get("live") or "").strip().lower() in ("true", "1", "yes")


@api_bp.put("/targets/<code>/<period>")
@login_required
def set_target(code, period):
    """Set the baseline and target of an indicator for a reporting year (`2025July`),
    `{"baseline": 40, "target": 60}` (null clears one). 404 unknown indicator, 422 bad input."""
    row = governance.set_target(code, period, request.get_json(silent=True), current_user)
    return {"code": row.code, "period": row.period, "baseline": row.baseline,
            "target": row.target, "set_at": row.set_at.isoformat(timespec="seconds")}


@api_bp.post("/signoffs")
@login_required
def sign_off():
    """Sign off a period `{"period", "note"}` (Secretariat): its figures are stored and served
    from then on. 201 with `signed_off`; 409 when the period is already signed off."""
    row = governance.sign_off(request.get_json(silent=True), current_user)
    return {"period": row.period, "digest": row.digest,
            "signed_off": governance.signoff_dict(row)}, 201


@api_bp.delete("/signoffs/<period>")
@login_required
def reopen(period):
    """Reopen a signed-off period `{"reason"}` (admin); audited. 204; 404 when not signed."""
    governance.reopen(period, request.get_json(silent=True), current_user)
    return "", 204


@api_bp.get("/<code>/members")
@login_required
@api_bp.doc(parameters=[*PERIOD_PARAMETERS, *PAGE_PARAMETERS,
                        {"in": "query", "name": "region", "schema": {"type": "string"}}],
            responses=json_answer(IndicatorMembersSchema))
def indicator_members(code):
    """Every member (or country, or resource) the indicator considers, whether it counts and
    why; `region=` narrows the list. 404 for an unknown indicator."""
    service.require_secretariat(current_user)
    if code not in definitions.SPECS:
        raise NotFound(_l("There is no indicator %(code)s.", code=code[:20]))
    period = service.period_from(request.args)
    region = request.args.get("region") or None
    page, per_page = _page_args()
    report = governance.report_for(period, live=_live(), explain=True)
    locale = current_locale()
    items = render.subjects(code, report, locale, region=region)
    result = report.results[code]
    return {
        "period": period.to_dict(),
        "indicator": render.indicator_dict(result, None, report) | {"subject":
                                                                    result.spec.subject},
        "items": items[(page - 1) * per_page:page * per_page],
        "total": len(items),
        "page": page,
        "per_page": per_page,
    }


@api_bp.get("/export")
@login_required
@api_bp.doc(parameters=[*PERIOD_PARAMETERS, {
    "in": "query", "name": "format", "schema": {"type": "string", "enum": list(exports.FORMATS)}}],
    responses={"200": {"description": "The report as a download", "content": {
        media: {"schema": {"type": "string", "format": "binary"}}
        for media in dict.fromkeys(exports.MEDIA_TYPES.values())}}})
def export():
    """The report as `format=csv|xlsx|json|dhis2`, as a download named after the period."""
    service.require_secretariat(current_user)
    fmt = (request.args.get("format") or "csv").strip()
    if fmt not in exports.FORMATS:
        raise InvalidInput(fields={"format": [str(_l("Use one of: %(formats)s.",
                                                     formats=", ".join(exports.FORMATS)))]})
    period = service.period_from(request.args)
    report = governance.report_for(period, live=_live(), explain=fmt == "xlsx")
    body = exports.export(report, fmt, current_locale())
    from hub.blueprints.audit import record_export

    record_export("indicators", period=period, fmt=fmt)
    return Response(body, mimetype=exports.MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{exports.filename(report, fmt)}"'})


@api_bp.get("/definitions")
@login_required
@api_bp.doc(responses=json_answer(DefinitionListSchema))
def list_definitions():
    """Every indicator with all its definition versions and the one in force today."""
    service.require_secretariat(current_user)
    from datetime import date

    today = definitions.all_in_force(date.today())
    return {"items": [
        {"code": code, "name": str(spec.name), "unit": spec.unit,
         "versions": [v.to_dict() for v in definitions.versions(code)],
         "in_force": today[code].version,
         "definition": definitions.definition_text(code, today[code])}
        for code, spec in definitions.SPECS.items() if spec.versioned_as is None
    ]}


@api_bp.post("/definitions/<code>")
@login_required
def add_definition(code):
    """A new version of an indicator's parameters, `{"params": {"threshold": 5},
    "valid_from": "2025-07-01", "note": ""}` (valid_from defaults to today). 201 the version;
    422 for an unknown indicator, parameter or value."""
    service.require_secretariat(current_user)
    from datetime import date

    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput(fields={"params": [str(_l("Send a JSON object."))]})
    raw_day = body.get("valid_from")
    try:
        valid_from = date.fromisoformat(raw_day) if raw_day else date.today()
    except (TypeError, ValueError):
        raise InvalidInput(fields={"valid_from": [str(_l("Not a date: use YYYY-MM-DD."))]}) \
            from None
    note = body.get("note") or ""
    if not isinstance(note, str):
        raise InvalidInput(fields={"note": [str(_l("Not a valid string."))]})
    version = definitions.add_version(code, body.get("params"), valid_from, note=note[:2000],
                                      user_id=current_user.id)
    return version.to_dict(), 201


@api_bp.get("/mine")
@login_required
@api_bp.doc(parameters=PERIOD_PARAMETERS, responses=json_answer(OwnFiguresSchema))
def my_organisation():
    """A member's own organisation: whether and why it counts in each member indicator."""
    access.require_member_staff(
        message=_l("Only member organisations' staff have their own figures."))
    period = service.period_from(request.args)
    return {"period": period.to_dict(), "member_id": current_user.member_id,
            "items": service.own_figures(period, current_user.member_id, current_locale())}
