"""Shapes of the members API (shared/API.md). Schemas never read the request: the views pass
the viewer's locale and rights into the service, which builds the dicts dumped here."""

from marshmallow import (
    EXCLUDE,
    INCLUDE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates,
)

from hub.api.schemas import PageQuerySchema
from hub.models.member import MEMBER_KINDS, MEMBER_STATUSES, SOCIAL_PLATFORMS
from hub.models.tag import TAG_GROUPS

DESCRIPTION_MAX = 20_000
PUBLIC_FIELDS = ("id", "slug", "name", "country", "region", "website", "tags", "labels")


def http_url(value: str | None) -> None:
    """Only http(s) links: a javascript: or file: URL on a profile would be a trap."""
    if value in (None, ""):
        return
    validate.URL(schemes={"http", "https"}, require_tld=True)(value)


class SocialLinkSchema(Schema):
    platform = fields.String(required=True, validate=validate.OneOf(SOCIAL_PLATFORMS))
    url = fields.String(required=True, validate=[validate.Length(max=500), http_url])


class MemberTagSchema(Schema):
    slug = fields.String(required=True, validate=validate.Length(max=60))
    label = fields.String(load_only=False)
    centre_of_expertise = fields.Boolean(load_default=False)
    note = fields.String(load_default="", validate=validate.Length(max=1000))

    class Meta:
        unknown = EXCLUDE

    @post_load
    def drop_label(self, data, **_kwargs):
        data.pop("label", None)
        return data


class MemberSchema(Schema):
    """A member, as read and as written (read-only fields are ignored on input)."""

    id = fields.Integer()
    slug = fields.String(validate=validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$"))
    name = fields.String(validate=validate.Length(min=1, max=200))
    acronym = fields.String(allow_none=True, validate=validate.Length(max=40))
    country = fields.String(validate=validate.Length(equal=2))
    region = fields.String()
    countries = fields.List(fields.String(validate=validate.Length(equal=2)))
    kind = fields.String(validate=validate.OneOf(MEMBER_KINDS))
    survivor_led = fields.Boolean()
    languages = fields.List(fields.String(validate=validate.Length(min=2, max=8)))
    description = fields.String(validate=validate.Length(max=DESCRIPTION_MAX))
    website = fields.String(allow_none=True, validate=[validate.Length(max=500), http_url])
    social_media = fields.List(fields.Nested(SocialLinkSchema))
    tags = fields.List(fields.Nested(MemberTagSchema))
    status = fields.String(validate=validate.OneOf(MEMBER_STATUSES))
    joined_on = fields.Date(allow_none=True)
    left_on = fields.Date(allow_none=True)
    updated_at = fields.DateTime()
    labels = fields.Dict(metadata={"description": "Names of the codes in the reader's language"})
    pending_survivor_led = fields.Boolean(
        allow_none=True, metadata={"description": "A focal point's request awaiting confirmation"}
    )

    @post_load
    def drop_read_only(self, data, **_kwargs):
        for key in ("id", "region", "updated_at", "labels", "pending_survivor_led"):
            data.pop(key, None)
        return data


class MemberPatchSchema(MemberSchema):
    """A partial member: only the fields given change."""


class MemberCreateSchema(MemberSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    country = fields.String(required=True, validate=validate.Length(equal=2))


class FacetValueSchema(Schema):
    value = fields.String()
    label = fields.String()
    count = fields.Integer()


class MemberListSchema(Schema):
    items = fields.List(fields.Nested(MemberSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValueSchema)))


class DirectoryQuerySchema(PageQuerySchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    tag = fields.List(fields.String(), load_default=list)
    region = fields.List(fields.String(), load_default=list)
    country = fields.List(fields.String(), load_default=list)
    language = fields.List(fields.String(), load_default=list)
    survivor_led = fields.Boolean(load_default=None, allow_none=True)
    sort = fields.String(load_default="relevance",
                         validate=validate.OneOf(("relevance", "name", "updated")))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))


class TagSchema(Schema):
    slug = fields.String(validate=validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$"))
    label = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=500))
    group = fields.String(validate=validate.OneOf(TAG_GROUPS))
    retired = fields.Boolean()
    labels = fields.Dict(keys=fields.String(validate=validate.OneOf(("en", "fr", "es"))),
                         values=fields.String(validate=validate.Length(min=1, max=200)))
    descriptions = fields.Dict(keys=fields.String(validate=validate.OneOf(("en", "fr", "es"))),
                               values=fields.String(validate=validate.Length(max=500)))
    position = fields.Integer()


class TagCreateSchema(TagSchema):
    group = fields.String(required=True, validate=validate.OneOf(TAG_GROUPS))

    @validates("labels")
    def all_languages(self, value, **_kwargs):
        missing = [code for code in ("en", "fr", "es") if not value.get(code)]
        if missing:
            raise ValidationError(f"Missing data for required field. ({', '.join(missing)})")


class TagListSchema(Schema):
    items = fields.List(fields.Nested(TagSchema))


class TagQuerySchema(Schema):
    all = fields.Boolean(load_default=False)


class CoverageQuerySchema(Schema):
    by = fields.String(load_default="region", validate=validate.OneOf(("region", "country")))


class ChangeSchema(Schema):
    field = fields.String()
    old = fields.Raw(allow_none=True)
    new = fields.Raw(allow_none=True)


class RevisionSchema(Schema):
    id = fields.Integer()
    valid_from = fields.DateTime()
    user = fields.String(allow_none=True)
    reason = fields.String()
    changes = fields.List(fields.Nested(ChangeSchema))


class HistorySchema(Schema):
    items = fields.List(fields.Nested(RevisionSchema))


class AsOfQuerySchema(Schema):
    as_of = fields.DateTime(required=True)


class DecisionSchema(Schema):
    confirm = fields.Boolean(required=True)


class InvitationSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(load_default="", validate=validate.Length(max=200))
    role = fields.String(load_default="member", validate=validate.OneOf(("member", "focal_point")))


class PersonSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String(validate=validate.OneOf(("member", "focal_point")))
    active = fields.Boolean()
    invited = fields.Boolean(dump_only=True)


class PersonUpdateSchema(Schema):
    role = fields.String(validate=validate.OneOf(("member", "focal_point")))
    active = fields.Boolean()


class PersonListSchema(Schema):
    items = fields.List(fields.Nested(PersonSchema))


class StaleSchema(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    country = fields.String()
    last_reviewed_at = fields.DateTime(allow_none=True)


class StaleListSchema(Schema):
    items = fields.List(fields.Nested(StaleSchema))
    total = fields.Integer()


class ReviewSchema(Schema):
    reviewed_at = fields.DateTime()


class CoverageTagSchema(Schema):
    slug = fields.String(required=True)
    label = fields.String()
    group = fields.String()
    count = fields.Integer()


class CoverageItemSchema(Schema):
    class Meta:
        unknown = INCLUDE

    region = fields.String(metadata={"description": "with `by=region`"})
    country = fields.String(metadata={"description": "with `by=country`"})
    label = fields.String(required=True)
    members = fields.Integer(required=True)
    tags = fields.List(fields.Nested(CoverageTagSchema))
    covered = fields.List(fields.String())
    missing = fields.List(fields.String())


class CoverageSchema(Schema):
    """Expertise tags covered and missing, by region or represented country."""

    by = fields.String(required=True)
    tags = fields.List(fields.Nested(CoverageTagSchema), required=True)
    items = fields.List(fields.Nested(CoverageItemSchema), required=True)


class ProfileSnapshotSchema(Schema):
    """A profile as it stood at a moment, as recorded then: codes and slugs, no labels."""

    class Meta:
        unknown = INCLUDE

    slug = fields.String()
    name = fields.String()
    acronym = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    countries = fields.List(fields.String())
    kind = fields.String()
    survivor_led = fields.Boolean()
    languages = fields.List(fields.String())
    description = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    social_media = fields.List(fields.Dict())
    tags = fields.List(fields.Dict())
    status = fields.String(allow_none=True)
    joined_on = fields.String(allow_none=True, metadata={"format": "date"})
    left_on = fields.String(allow_none=True, metadata={"format": "date"})
