"""Shapes of the resource library API (shared/API.md, "Resource library")."""

from marshmallow import EXCLUDE, Schema, fields, post_load, pre_load, validate

from hub.api.schemas import PageQuerySchema
from hub.blueprints.members.schemas import http_url
from hub.models.resource import RESOURCE_TYPES, VISIBILITIES

READ_ONLY = ("id", "files", "translations", "created_at", "updated_at", "labels",
             "language_detected", "can_edit", "extraction")
EXTRACTION = ("pending", "done", "failed")


class ResourceFileSchema(Schema):
    id = fields.Integer()
    filename = fields.String()
    mime_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    text_extracted = fields.Boolean()
    extraction = fields.String(validate=validate.OneOf(EXTRACTION), metadata={
        "description": "pending while the text is being extracted, failed when it could not be"})
    url = fields.String()


class ResourceTranslationSchema(Schema):
    id = fields.Integer()
    language = fields.String()
    title = fields.String()


class ResourceSchema(Schema):
    """A resource, as read and as written (read-only fields are ignored on input)."""

    class Meta:
        unknown = EXCLUDE

    id = fields.Integer()
    title = fields.String(validate=validate.Length(min=1, max=500))
    summary = fields.String(validate=validate.Length(max=20_000))
    body = fields.String(validate=validate.Length(max=2_000_000))
    language = fields.String(allow_none=True, validate=validate.Length(min=2, max=8))
    type = fields.String(validate=validate.OneOf(RESOURCE_TYPES))
    themes = fields.List(fields.String(validate=validate.Length(max=60)))
    countries = fields.List(fields.String(validate=validate.Length(equal=2)))
    regions = fields.List(fields.String(validate=validate.Length(max=40)))
    published_on = fields.Date(allow_none=True)
    organisations = fields.List(fields.Raw())
    secretariat_coauthored = fields.Boolean()
    url = fields.String(allow_none=True, validate=[validate.Length(max=500), http_url])
    visibility = fields.String(validate=validate.OneOf(VISIBILITIES))
    translation_of = fields.Integer(
        allow_none=True, load_only=True,
        metadata={"description": "Id of a version of this resource in another language"})
    translation_group = fields.Integer(allow_none=True, dump_only=True)
    translations = fields.List(fields.Nested(ResourceTranslationSchema), dump_only=True)
    files = fields.List(fields.Nested(ResourceFileSchema), dump_only=True)
    extraction = fields.String(dump_only=True, validate=validate.OneOf(EXTRACTION), metadata={
        "description": "pending while a file's text is being extracted (searchable by its "
                       "words once done), failed when a file could not be read"})
    labels = fields.Dict(dump_only=True)
    language_detected = fields.Boolean(dump_only=True)
    can_edit = fields.Boolean(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    @pre_load
    def drop_read_only(self, data, **_kwargs):
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if k not in READ_ONLY
                    and k not in ("translation_group",)}
        return data

    @post_load
    def normalise(self, data, **_kwargs):
        if data.get("language"):
            data["language"] = data["language"].lower()
        if "countries" in data:
            data["countries"] = [c.upper() for c in data["countries"]]
        return data


class ResourceCreateSchema(ResourceSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=500))
    type = fields.String(required=True, validate=validate.OneOf(RESOURCE_TYPES))


class LibraryFacetValueSchema(Schema):
    value = fields.String()
    label = fields.String()
    count = fields.Integer()


class LibrarySearchItemSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    language = fields.String()
    type = fields.String()
    snippet = fields.String(metadata={"description": "Escaped HTML, matches in <mark>"})
    published_on = fields.Date(allow_none=True)


class LibrarySearchResultSchema(Schema):
    items = fields.List(fields.Nested(LibrarySearchItemSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    facets = fields.Dict(keys=fields.String(),
                         values=fields.List(fields.Nested(LibraryFacetValueSchema)))
    suggestion = fields.String(allow_none=True)
    corrected = fields.Boolean()
    expansions = fields.List(fields.Dict())
    matched = fields.String(validate=validate.OneOf(("all", "most")), metadata={
        "description": "all: every word matched; most: too few did, these match most words"})


class LibrarySearchQuerySchema(PageQuerySchema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="", validate=validate.Length(max=500))
    language = fields.List(fields.String(validate=validate.Length(max=8)), load_default=list)
    type = fields.List(fields.String(validate=validate.OneOf(RESOURCE_TYPES)), load_default=list)
    theme = fields.List(fields.String(validate=validate.Length(max=60)), load_default=list)
    country = fields.List(fields.String(validate=validate.Length(equal=2)), load_default=list)
    region = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    year_from = fields.Integer(load_default=None, validate=validate.Range(min=1900, max=2200))
    year_to = fields.Integer(load_default=None, validate=validate.Range(min=1900, max=2200))
    sort = fields.String(load_default="relevance", validate=validate.OneOf(("relevance", "newest")))
    cross_language = fields.Boolean(load_default=True)


class FileUploadSchema(Schema):
    """A multipart body with one file (PDF, DOCX, ODT or plain text)."""

    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class ResourceUploadSchema(Schema):
    """A new resource as multipart/form-data: the fields of the JSON body as form fields (a
    list as repeated or comma-separated values, an empty value as absent: a form has no null)
    plus an optional `file`. Documents what `load_body` reads from a form."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=500))
    type = fields.String(required=True, validate=validate.OneOf(RESOURCE_TYPES))
    summary = fields.String(validate=validate.Length(max=20_000))
    body = fields.String(validate=validate.Length(max=2_000_000))
    language = fields.String(validate=validate.Length(min=2, max=8))
    themes = fields.List(fields.String(validate=validate.Length(max=60)))
    countries = fields.List(fields.String(validate=validate.Length(equal=2)))
    regions = fields.List(fields.String(validate=validate.Length(max=40)))
    published_on = fields.Date()
    organisations = fields.List(fields.String(), metadata={
        "description": "member ids or slugs"})
    secretariat_coauthored = fields.Boolean()
    url = fields.String(validate=validate.Length(max=500))
    visibility = fields.String(validate=validate.OneOf(VISIBILITIES))
    translation_of = fields.Integer(metadata={
        "description": "Id of a version of this resource in another language"})
    file = fields.Raw(metadata={"type": "string", "format": "binary"})
