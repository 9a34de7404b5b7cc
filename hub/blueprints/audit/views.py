"""/audit: the Secretariat's page of the audit log, with the API's filters and a CSV link."""

from flask import render_template, request
from flask_login import current_user, login_required

from hub.blueprints.audit import bp, service
from hub.errors import InvalidInput

PER_PAGE = 50


@bp.get("/audit")
@login_required
def log_page():
    """The log, newest first, filtered like the API; a bad filter is a 422 page."""
    service.require_secretariat(current_user)
    args = request.args
    try:
        page = max(1, min(int(args.get("page", 1)), 10_000))
    except ValueError:
        page = 1
    errors, status = None, 200
    try:
        data = service.page(service.query_from(args), page, PER_PAGE)
    except InvalidInput as error:
        errors, status = error.fields, 422
        data = service.page(service.query_from({}), 1, PER_PAGE)
    filters = {k: args.get(k, "") for k in ("actor", "action", "object_type", "object_id",
                                            "since", "until")}
    # The CSV link carries only the filters given: an empty `since=` is not a date (422).
    csv_filters = {k: v for k, v in filters.items() if v not in ("", None)}
    return render_template("audit/log.html", data=data, filters=filters, errors=errors,
                           csv_filters=csv_filters, redacted=_redacted()), status


def _redacted() -> str:
    from hub.blueprints.audit.log import REDACTED

    return REDACTED
