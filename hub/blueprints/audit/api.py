"""/api/v1/audit (shared/API.md, "Governance"): the log as JSON pages or a CSV download."""

from flask import Response, stream_with_context
from flask_login import current_user, login_required
from marshmallow import fields, validate

from hub.api.schemas import PageQuerySchema
from hub.blueprints.audit import api_bp, service


class AuditQuerySchema(PageQuerySchema):
    actor = fields.String(load_default="", validate=validate.Length(max=254))
    action = fields.String(load_default="", validate=validate.Length(max=60))
    object_type = fields.String(load_default="", validate=validate.Length(max=40))
    object_id = fields.String(load_default="", validate=validate.Length(max=80))
    since = fields.Date(load_default=None)
    until = fields.Date(load_default=None)
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))


@api_bp.get("")
@login_required
@api_bp.arguments(AuditQuerySchema, location="query")
def list_entries(args):
    """The log, newest first, filtered (Secretariat, admin); `format=csv` downloads every
    matching row. 401 anonymous, 403 member staff, 422 for a bad filter."""
    service.require_secretariat(current_user)
    query = service.query_from(args)
    if args["format"] == "csv":
        return Response(stream_with_context(service.csv_rows(query)), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="audit.csv"',
                                 "Cache-Control": "no-store"})
    return service.page(query, args["page"], args["per_page"])
