"""Shapes of the stories API (shared/API.md, "Stories")."""

from marshmallow import EXCLUDE, Schema, fields, post_load, pre_load, validate

from hub.api.schemas import PageQuerySchema
from hub.models.story import STORY_AUDIENCES, STORY_TELLERS

READ_ONLY = ("id", "status", "flags", "terminology", "labels", "transitions", "approvals",
             "approvals_needed", "created_at", "updated_at", "submitted_at", "published_at",
             "withdrawn_at", "actions", "author", "published_audiences")
ACTIONS = ("submit", "request_changes", "approve", "publish", "reject", "withdraw_consent")


class ConsentSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    obtained = fields.Boolean()
    given_by = fields.String(allow_none=True, validate=validate.Length(max=60))
    obtained_on = fields.Date(allow_none=True)
    audiences = fields.List(fields.String(validate=validate.OneOf(STORY_AUDIENCES)))
    guardian_consent = fields.Boolean()


class StoryInputSchema(Schema):
    """A story as written (read-only fields of the read shape are ignored)."""

    class Meta:
        unknown = EXCLUDE

    title = fields.String(validate=validate.Length(min=1, max=300))
    body = fields.String(validate=validate.Length(max=100_000))
    language = fields.String(validate=validate.Length(min=2, max=8))
    country = fields.String(allow_none=True, validate=validate.Length(equal=2))
    themes = fields.List(fields.String(validate=validate.Length(max=60)))
    audiences = fields.List(fields.String(validate=validate.OneOf(STORY_AUDIENCES)))
    storyteller = fields.String(validate=validate.OneOf(STORY_TELLERS))
    member = fields.Raw(allow_none=True)
    consent = fields.Nested(ConsentSchema)

    @pre_load
    def drop_read_only(self, data, **_kwargs):
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if k not in READ_ONLY}
        return data

    @post_load
    def normalise(self, data, **_kwargs):
        if data.get("language"):
            data["language"] = data["language"].lower()
        return data


class StoryCreateSchema(StoryInputSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))


class StoryTransitionSchema(Schema):
    action = fields.String()
    from_ = fields.String(data_key="from", attribute="from", allow_none=True)
    to = fields.String()
    by = fields.Integer(allow_none=True)
    at = fields.DateTime()
    comment = fields.String()


class StoryFlagSchema(Schema):
    n = fields.Integer()
    kind = fields.String()
    start = fields.Integer()
    end = fields.Integer()
    excerpt = fields.String()
    message = fields.String()
    acknowledged = fields.Boolean()
    reason = fields.String(allow_none=True)


class StorySchema(Schema):
    """A story as read; consent, flags and the workflow record only for its organisation and
    the Secretariat."""

    id = fields.Integer()
    title = fields.String()
    body = fields.String()
    language = fields.String()
    country = fields.String(allow_none=True)
    themes = fields.List(fields.String())
    audiences = fields.List(fields.String())
    published_audiences = fields.List(fields.String())
    storyteller = fields.String()
    member = fields.Integer()
    status = fields.String()
    published_at = fields.DateTime(allow_none=True)
    labels = fields.Dict()
    author = fields.Integer(allow_none=True)
    consent = fields.Nested(ConsentSchema)
    flags = fields.List(fields.Nested(StoryFlagSchema))
    terminology = fields.List(fields.Dict())
    transitions = fields.List(fields.Nested(StoryTransitionSchema))
    approvals = fields.List(fields.Integer())
    approvals_needed = fields.Integer()
    actions = fields.List(fields.String())
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    submitted_at = fields.DateTime(allow_none=True)
    withdrawn_at = fields.DateTime(allow_none=True)
    pending_correction = fields.Dict(allow_none=True)
    correction_submitted_at = fields.DateTime(allow_none=True)


class StoryListSchema(Schema):
    items = fields.List(fields.Nested(StorySchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class StoryListQuerySchema(PageQuerySchema):
    class Meta:
        unknown = EXCLUDE

    status = fields.String(load_default=None, validate=validate.OneOf(
        ("draft", "submitted", "changes_requested", "approved", "published", "rejected",
         "consent_withdrawn")))
    member = fields.String(load_default=None, validate=validate.Length(max=100))
    q = fields.String(load_default="", validate=validate.Length(max=200))
    # date: the most recently changed first; title: alphabetical.
    sort = fields.String(load_default="date", validate=validate.OneOf(("date", "title")))


class TransitionSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    comment = fields.String(load_default="", allow_none=True,
                            validate=validate.Length(max=5000))


class AcknowledgeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class CheckSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    text = fields.String(required=True, validate=validate.Length(max=100_000))
    language = fields.String(load_default="en", validate=validate.Length(min=2, max=8))


class CheckFlagSchema(Schema):
    kind = fields.String()
    start = fields.Integer()
    end = fields.Integer()
    excerpt = fields.String()
    message = fields.String()


class CheckTermSchema(Schema):
    term = fields.String()
    start = fields.Integer()
    end = fields.Integer()
    suggestion = fields.String()


class CheckResultSchema(Schema):
    flags = fields.List(fields.Nested(CheckFlagSchema))
    terminology = fields.List(fields.Nested(CheckTermSchema))


class ExportQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    period = fields.String(load_default=None, validate=validate.Length(max=40))
    start = fields.String(load_default=None, validate=validate.Length(max=10))
    end = fields.String(load_default=None, validate=validate.Length(max=10))
    audience = fields.String(load_default=None, validate=validate.OneOf(STORY_AUDIENCES))
    format = fields.String(load_default="csv", validate=validate.OneOf(("csv", "docx")))

    @pre_load
    def drop_empty(self, data, **_kwargs):
        # A form's "any audience" option sends an empty value.
        return {k: v for k, v in data.items() if v not in ("", None)}


class ModerationQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    language = fields.String(load_default=None, validate=validate.Length(max=8))
    region = fields.String(load_default=None, validate=validate.Length(max=40))
    storyteller = fields.String(load_default=None, validate=validate.OneOf(STORY_TELLERS))
    overdue = fields.Boolean(load_default=None, allow_none=True)


class CorrectionDecisionSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    approve = fields.Boolean(required=True)
    comment = fields.String(load_default="", allow_none=True,
                            validate=validate.Length(max=5000))


class ModerationItemSchema(Schema):
    """A story waiting for the Secretariat: for review, or a published story's correction."""

    id = fields.Integer(required=True)
    title = fields.String()
    status = fields.String()
    kind = fields.String(validate=validate.OneOf(("review", "correction")))
    member = fields.Integer(allow_none=True)
    member_name = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    storyteller = fields.String(allow_none=True)
    submitted_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    waiting_days = fields.Integer()
    overdue = fields.Boolean()


class ModerationQueueSchema(Schema):
    items = fields.List(fields.Nested(ModerationItemSchema), required=True)
    total = fields.Integer(required=True)
    sla_days = fields.Integer(required=True)
