"""/api/v1/audit (shared/API.md, "Governance"): the log as JSON pages or a CSV download."""

from flask import Response, stream_with_context
from flask_login import current_user, login_required
from marshmallow import Schema, fields, validate

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


class ActorSchema(Schema):
    id = fields.Integer(allow_none=True)
    name = fields.String()
    role = fields.String(allow_none=True)


class AuditEntrySchema(Schema):
    id = fields.Integer(required=True)
    at = fields.String(required=True, metadata={"format": "date-time"})
    actor = fields.Nested(ActorSchema, required=True)
    action = fields.String(required=True)
    object_type = fields.String(required=True)
    object_id = fields.String()
    changes = fields.Dict(keys=fields.String(),
                          metadata={"description": '`{"field": [old, new]}`'})
    note = fields.String()


class AuditPageSchema(Schema):
    items = fields.List(fields.Nested(AuditEntrySchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


@api_bp.get("")
@login_required
@api_bp.arguments(AuditQuerySchema, location="query")
@api_bp.doc(responses={"200": {"description": "A page of the log, or (`format=csv`) every "
                               "matching row as a download", "content": {
    "application/json": {"schema": AuditPageSchema},
    "text/csv": {"schema": {"type": "string", "format": "binary"}}}}})
def list_entries(args):
    """The log, newest first, filtered (Secretariat, admin); `format=csv` downloads every
    matching row. 401 anonymous, 403 member staff, 422 for a bad filter."""
    service.require_secretariat(current_user)
    query = service.query_from(args)
    if args["format"] == "csv":
        from hub.blueprints.audit.log import record_export

        # Committed with the request, before the rows stream.
        record_export("audit", fmt="csv", **{k: str(args[k]) for k in (
            "actor", "action", "object_type", "object_id", "since", "until") if args[k]})
        return Response(stream_with_context(service.csv_rows(query)), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="audit.csv"',
                                 "Cache-Control": "no-store"})
    return service.page(query, args["page"], args["per_page"])
