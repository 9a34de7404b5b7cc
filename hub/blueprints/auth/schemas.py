"""Shapes of the accounts API."""

from marshmallow import Schema, fields, validate


class LoginSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))


class MemberRefSchema(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String()
    name = fields.String()
    role = fields.String()
    member = fields.Nested(MemberRefSchema, allow_none=True)
    locale = fields.String(allow_none=True)


class UserEnvelopeSchema(Schema):
    user = fields.Nested(UserSchema)


class TokenCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))


class TokenSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String()
    prefix = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    last_used_at = fields.DateTime(dump_only=True, allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.String(dump_only=True, metadata={"description": "Shown once; store it now."})


class TokenListSchema(Schema):
    items = fields.List(fields.Nested(TokenSchema))


class ResetRequestSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(max=254))


class ResetConfirmSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(max=500))
    password = fields.String(required=True, load_only=True)
