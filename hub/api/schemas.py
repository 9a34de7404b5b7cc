"""Schemas shared by the features' APIs."""

from marshmallow import Schema, fields, validate


class PageQuerySchema(Schema):
    """`page` and `per_page` of every list (`per_page` at most 100, as API.md says)."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ErrorDetailSchema(Schema):
    """The contract's error: a machine code, a message in the request's language, and for
    invalid input the problems by field."""

    code = fields.String(required=True)
    message = fields.String(required=True)
    field_problems = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                                 data_key="fields")


class ErrorSchema(Schema):
    """Every 4xx/5xx body under /api: `{"error": {"code", "message", "fields"?}}`."""

    error = fields.Nested(ErrorDetailSchema, required=True)
