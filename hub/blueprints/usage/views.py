"""The Secretariat's usage pages: active members per month and region, events by type and
member, top searches and searches that found nothing, most used resources."""

from flask import current_app, render_template, request

from hub.access import secretariat_required
from hub.blueprints.usage import bp, log, reports
from hub.blueprints.usage.service import EVENT_LABELS
from hub.errors import InvalidInput
from hub.i18n import current_locale
from hub.periods import from_args
from hub.reference.names import region_name


@bp.get("/usage")
@secretariat_required
def overview():
    """Usage over a period (default: the last twelve months); a bad period is a 422 page."""
    log.flush(current_app._get_current_object())
    default = reports.default_period()
    errors, status = None, 200
    try:
        period = from_args(request.args, default=default)
    except InvalidInput as error:
        errors, status, period = error.fields, 422, default
    data = reports.summary(period)
    return render_template(
        "usage/overview.html", data=data, period=period, errors=errors, args=request.args,
        event_labels=EVENT_LABELS, region_label=lambda code: region_name(code, current_locale())
        if code else "—",
    ), status
