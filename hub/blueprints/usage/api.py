"""/api/v1/usage (shared/API.md, "Usage and indicators"): the pseudonymised export."""

from datetime import date

from flask import Response, current_app, request, stream_with_context
from flask_babel import gettext as _
from flask_login import login_required

from hub import access
from hub.api.docs import file_answer
from hub.blueprints.usage import api_bp, log, service
from hub.errors import InvalidInput
from hub.models.base import utcnow
from hub.periods import Period, from_args


def export_period(args) -> Period:
    """The period asked for; without one, every event there is."""
    today = utcnow().date()
    return from_args(args, default=Period("all", date(1970, 1, 1), today))


@api_bp.get("/export")
@login_required
@api_bp.doc(parameters=[
    {"in": "query", "name": "period", "schema": {"type": "string"}},
    {"in": "query", "name": "start", "schema": {"type": "string", "format": "date"}},
    {"in": "query", "name": "end", "schema": {"type": "string", "format": "date"}},
    {"in": "query", "name": "format", "schema": {"type": "string", "enum": ["csv"]}},
])
@api_bp.doc(responses=file_answer("text/csv"))
def export():
    """The period's raw usage events as CSV, streamed (Secretariat). Users appear only as a
    keyed pseudonym, members by slug; no e-mail, id, address or user agent."""
    access.require_secretariat()
    fmt = request.args.get("format", "csv")
    if fmt != "csv":
        raise InvalidInput(fields={"format": [_("Only csv is available.")]})
    period = export_period(request.args)
    log.flush(current_app._get_current_object())
    from hub.blueprints.audit import record_export

    record_export("usage", period=period, fmt=fmt)  # committed before the body streams
    name = f"usage-{period.id.replace('/', '_')}.csv"
    return Response(
        stream_with_context(service.export_csv(period)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"',
                 "Cache-Control": "no-store"},
    )
