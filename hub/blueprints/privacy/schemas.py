"""What /api/v1/me/export and /api/v1/users/<id>/erase take and answer (for the document;
the export keeps every key the service adds: the schemas say `unknown = INCLUDE`)."""

from marshmallow import INCLUDE, Schema, fields, validate


class _Open(Schema):
    class Meta:
        unknown = INCLUDE


class AccountDataSchema(_Open):
    id = fields.Integer(required=True)
    email = fields.String(allow_none=True)
    name = fields.String(allow_none=True)
    role = fields.String()
    member = fields.Dict(allow_none=True)
    locale = fields.String(allow_none=True)
    active = fields.Boolean()
    created_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    last_login_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    erased_at = fields.String(allow_none=True, metadata={"format": "date-time"})


class UsageDataSchema(_Open):
    pseudonymous_key = fields.String(allow_none=True)
    events = fields.List(fields.Dict())


class PersonalDataSchema(_Open):
    """Everything the hub holds about the signed-in person."""

    account = fields.Nested(AccountDataSchema, required=True)
    roles = fields.List(fields.String())
    follows = fields.List(fields.Dict())
    saved_searches = fields.List(fields.Dict())
    notification_preferences = fields.List(fields.Dict())
    tokens = fields.List(fields.Dict())
    contributions = fields.Dict(keys=fields.String(), values=fields.List(fields.Dict()))
    usage = fields.Nested(UsageDataSchema)


class EraseInputSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class ErasedSchema(Schema):
    id = fields.Integer(required=True)
    erased_at = fields.String(required=True, metadata={"format": "date-time"})
