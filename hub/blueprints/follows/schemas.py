"""Shapes of /api/v1/me/follows, saved-searches, preferences and digest."""

from datetime import UTC

from marshmallow import EXCLUDE, Schema, fields, validate

from hub.models.follow import CADENCES, FOLLOW_KINDS


class FollowSchema(Schema):
    """A follow as read and written (`id`, `label` and `created_at` are ignored on input)."""

    class Meta:
        unknown = EXCLUDE

    id = fields.Integer(dump_only=True)
    kind = fields.String(required=True, validate=validate.OneOf(FOLLOW_KINDS))
    value = fields.Raw(required=True, metadata={
        "description": "A tag slug, a region code, a member slug or id, a saved search id"})
    label = fields.String(dump_only=True)
    muted = fields.Boolean(load_default=False)
    created_at = fields.DateTime(dump_only=True)


class FollowPatchSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    muted = fields.Boolean(required=True)


class FollowListSchema(Schema):
    items = fields.List(fields.Nested(FollowSchema))
    total = fields.Integer()


class SavedSearchSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    query = fields.Dict(load_default=dict, metadata={
        "description": "The parameters of GET /api/v1/resources/search"})
    alert = fields.String(load_default="off", validate=validate.OneOf(CADENCES))
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class SavedSearchPatchSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(validate=validate.Length(min=1, max=200))
    query = fields.Dict()
    alert = fields.String(validate=validate.OneOf(CADENCES))


class PreferencesPatchSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    digest = fields.String(validate=validate.OneOf(CADENCES))
    locale = fields.String(allow_none=True, validate=validate.OneOf(("en", "fr", "es")))


class SavedSearchListSchema(Schema):
    items = fields.List(fields.Nested(SavedSearchSchema))
    total = fields.Integer()


class PreferencesSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    digest = fields.String(validate=validate.OneOf(CADENCES))
    locale = fields.String(allow_none=True, validate=validate.OneOf(("en", "fr", "es")))
    feed_token = fields.Boolean(dump_only=True, metadata={
        "description": "Whether a personal feed token is active"})


class FeedTokenSchema(Schema):
    token = fields.String()
    urls = fields.Dict(keys=fields.String(), values=fields.String())


class DigestQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    until = fields.AwareDateTime(load_default=None, default_timezone=UTC, metadata={
        "description": "ISO 8601; without a zone it is UTC. Default: now"})


class DigestItemSchema(Schema):
    kind = fields.String()
    id = fields.Integer()
    title = fields.String()
    url = fields.String()
    language = fields.String(allow_none=True)
    at = fields.DateTime()
    note = fields.String()


class DigestGroupSchema(Schema):
    follow = fields.Nested(FollowSchema)
    items = fields.List(fields.Nested(DigestItemSchema))
    more = fields.Integer()


class DigestSchema(Schema):
    cadence = fields.String()
    window = fields.Dict(keys=fields.String(), values=fields.DateTime())
    total = fields.Integer()
    groups = fields.List(fields.Nested(DigestGroupSchema))
