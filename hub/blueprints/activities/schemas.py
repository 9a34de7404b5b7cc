"""Shapes of the activities API (shared/API.md, "Capacity development")."""

from marshmallow import EXCLUDE, Schema, fields, pre_load, validate

from hub.api.schemas import PageQuerySchema
from hub.models.activity import (
    ACTIVITY_KINDS,
    ACTIVITY_MODES,
    PARTICIPATION_ROLES,
    PARTICIPATION_STATUSES,
)

READ_ONLY = ("id", "labels", "can_edit", "created_at", "updated_at")
WHEN = ("upcoming", "past", "all")


class ParticipantInputSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    member = fields.Raw(required=True)
    role = fields.String(load_default="participant", validate=validate.OneOf(PARTICIPATION_ROLES))
    staff_count = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100_000))


class ParticipationSchema(Schema):
    """A member's participation, as read."""

    id = fields.Integer()
    member = fields.Integer()
    member_slug = fields.String()
    member_name = fields.String()
    role = fields.String()
    staff_count = fields.Integer()
    status = fields.String(metadata={"description": "pending | confirmed | declined"})
    self_reported = fields.Boolean()
    confirmed_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


class ParticipationCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    @pre_load
    def member_id_alias(self, data, **_kwargs):
        if isinstance(data, dict) and "member" not in data and "member_id" in data:
            data = {**data, "member": data["member_id"]}
        return data

    member = fields.Raw(load_default=None, metadata={
        "description": "Member id or slug; default: your own organisation"})
    role = fields.String(load_default="participant", validate=validate.OneOf(PARTICIPATION_ROLES))
    staff_count = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100_000))


class ParticipationUpdateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    role = fields.String(validate=validate.OneOf(PARTICIPATION_ROLES))
    staff_count = fields.Integer(validate=validate.Range(min=0, max=100_000))
    status = fields.String(validate=validate.OneOf(PARTICIPATION_STATUSES))


class ActivitySchema(Schema):
    """An activity, as read and as written (read-only fields are ignored on input)."""

    class Meta:
        unknown = EXCLUDE

    id = fields.Integer()
    title = fields.String(validate=validate.Length(min=1, max=300))
    description = fields.String(allow_none=True, validate=validate.Length(max=20_000))
    kind = fields.String(validate=validate.OneOf(ACTIVITY_KINDS))
    themes = fields.List(fields.String(validate=validate.Length(max=60)))
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)
    mode = fields.String(validate=validate.OneOf(ACTIVITY_MODES))
    region = fields.String(allow_none=True, validate=validate.Length(max=40))
    country = fields.String(allow_none=True, validate=validate.Length(equal=2))
    organiser = fields.Raw(allow_none=True, metadata={
        "description": "Organising member (id or slug); null: the Secretariat"})
    lead_members = fields.List(fields.Raw())
    participant_members = fields.List(fields.Raw())
    participants = fields.List(fields.Nested(ParticipantInputSchema), load_only=True)
    resources = fields.List(fields.Integer())
    labels = fields.Dict(dump_only=True)
    can_edit = fields.Boolean(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    @pre_load
    def drop_read_only(self, data, **_kwargs):
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if k not in READ_ONLY}
            # Reads return participants as objects with ids; only inputs carry `member`.
            if isinstance(data.get("participants"), list) and any(
                    isinstance(p, dict) and "id" in p for p in data["participants"]):
                data.pop("participants")
        return data


class ActivityReadSchema(ActivitySchema):
    participants = fields.List(fields.Nested(ParticipationSchema), dump_only=True)
    lead_members = fields.List(fields.Integer())
    participant_members = fields.List(fields.Integer())
    organiser = fields.Integer(allow_none=True)


class ActivityCreateSchema(ActivitySchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    kind = fields.String(required=True, validate=validate.OneOf(ACTIVITY_KINDS))
    starts_on = fields.Date(required=True)
    mode = fields.String(required=True, validate=validate.OneOf(ACTIVITY_MODES))


class ActivityQuerySchema(PageQuerySchema):
    class Meta:
        unknown = EXCLUDE

    when = fields.String(load_default="all", validate=validate.OneOf(WHEN))
    kind = fields.List(fields.String(validate=validate.OneOf(ACTIVITY_KINDS)), load_default=list)
    mode = fields.List(fields.String(validate=validate.OneOf(ACTIVITY_MODES)), load_default=list)
    theme = fields.List(fields.String(validate=validate.Length(max=60)), load_default=list)
    region = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    country = fields.List(fields.String(validate=validate.Length(equal=2)), load_default=list)
    member = fields.String(load_default=None, validate=validate.Length(max=80))
    start = fields.Date(load_default=None)
    end = fields.Date(load_default=None)
    # date: upcoming soonest first, past and all latest first; title: alphabetical.
    sort = fields.String(load_default="date", validate=validate.OneOf(("date", "title")))


class ActivityListSchema(Schema):
    items = fields.List(fields.Nested(ActivityReadSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class ActivityChangeSchema(Schema):
    id = fields.Integer()
    action = fields.String()
    changes = fields.Raw()
    changed_at = fields.DateTime()
    changed_by = fields.String(allow_none=True)


class ActivityHistorySchema(Schema):
    items = fields.List(fields.Nested(ActivityChangeSchema))
