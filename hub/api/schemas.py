"""Schemas shared by the features' APIs."""

from marshmallow import Schema, fields, validate


class PageQuerySchema(Schema):
    """`page` and `per_page` of every list (`per_page` at most 100, as API.md says)."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
