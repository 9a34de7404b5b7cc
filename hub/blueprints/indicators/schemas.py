"""What the indicator operations take and answer, for the OpenAPI document.

The views read their query themselves (periods as in DHIS2); these schemas describe it, and
the answers, which may carry more keys than listed (`unknown = INCLUDE`)."""

from marshmallow import INCLUDE, Schema, fields, validate

from hub.api.docs import json_answer
from hub.blueprints.indicators.service import BREAKDOWNS

__all__ = ["json_answer"]  # kept importable from here


class _Open(Schema):
    class Meta:
        unknown = INCLUDE


class PeriodSchema(_Open):
    id = fields.String(required=True, metadata={"example": "2025July"})
    start = fields.Date(required=True)
    end = fields.Date(required=True)


class BreakdownRowSchema(_Open):
    region = fields.String()
    country = fields.String()
    value = fields.Float(allow_none=True)
    numerator = fields.Integer()
    denominator = fields.Integer(allow_none=True)


class IndicatorSchema(_Open):
    code = fields.String(required=True, metadata={"example": "4.5"})
    name = fields.String(required=True)
    definition = fields.String()
    definition_version = fields.Integer()
    params = fields.Dict()
    value = fields.Float(allow_none=True)
    numerator = fields.Integer(allow_none=True)
    denominator = fields.Integer(allow_none=True)
    unit = fields.String(validate=validate.OneOf(("percent", "count")))
    breakdown = fields.List(fields.Nested(BreakdownRowSchema))
    baseline = fields.Float(allow_none=True)
    target = fields.Float(allow_none=True)
    progress = fields.Float(allow_none=True)
    signed_off_value = fields.Float(allow_none=True)
    changed_since_signoff = fields.Boolean()


class SignedOffSchema(Schema):
    """Who signed the period off, when, and their note."""

    by = fields.String(allow_none=True)
    at = fields.String(metadata={"format": "date-time"})
    note = fields.String()


class IndicatorReportSchema(_Open):
    period = fields.Nested(PeriodSchema, required=True)
    generated_at = fields.String()
    by = fields.String(allow_none=True)
    indicators = fields.List(fields.Nested(IndicatorSchema), required=True)
    signed_off = fields.Nested(SignedOffSchema, allow_none=True)
    live = fields.Boolean()


class IndicatorMembersSchema(_Open):
    period = fields.Nested(PeriodSchema, required=True)
    indicator = fields.Nested(IndicatorSchema)
    items = fields.List(fields.Dict())
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class OwnFiguresSchema(_Open):
    period = fields.Nested(PeriodSchema, required=True)
    member_id = fields.Integer(allow_none=True)
    items = fields.List(fields.Dict())


class DefinitionListSchema(_Open):
    items = fields.List(fields.Dict())


PERIOD_PARAMETERS = [
    {"in": "query", "name": "period", "schema": {"type": "string"},
     "description": "`2025July` (1 July-30 June), `2025Q3`, `202507` or `2025`; default: "
                    "the current reporting year", "example": "2025July"},
    {"in": "query", "name": "start", "schema": {"type": "string", "format": "date"},
     "description": "with `end`, instead of `period` (both inclusive)"},
    {"in": "query", "name": "end", "schema": {"type": "string", "format": "date"}},
]
LIVE_PARAMETER = {"in": "query", "name": "live", "schema": {"type": "boolean"},
                  "description": "a signed-off period's computation now, not its stored figures"}
BY_PARAMETER = {"in": "query", "name": "by", "schema": {"type": "string",
                                                        "enum": list(BREAKDOWNS)}}
PAGE_PARAMETERS = [
    {"in": "query", "name": "page", "schema": {"type": "integer", "minimum": 1}},
    {"in": "query", "name": "per_page", "schema": {"type": "integer", "minimum": 1,
                                                   "maximum": 100}},
]



# ------------------------------------------------------------------ governance bodies


class TargetInputSchema(Schema):
    """`PUT /targets/<code>/<period>`: numbers (a percent 0-100), null clears one."""

    baseline = fields.Float(allow_none=True)
    target = fields.Float(allow_none=True)


class TargetSchema(Schema):
    code = fields.String(required=True)
    period = fields.String(required=True, metadata={"example": "2025July"})
    baseline = fields.Float(allow_none=True)
    target = fields.Float(allow_none=True)
    set_at = fields.String(metadata={"format": "date-time"})


class SignoffInputSchema(Schema):
    period = fields.String(required=True, validate=validate.Length(min=1, max=40),
                           metadata={"example": "2025July"})
    note = fields.String(validate=validate.Length(max=2000))


class SignoffSchema(Schema):
    period = fields.String(required=True)
    digest = fields.String()
    signed_off = fields.Nested(SignedOffSchema, required=True)


class ReasonSchema(Schema):
    """Why (kept in the audit log)."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class DefinitionInputSchema(Schema):
    params = fields.Dict(keys=fields.String(), required=True,
                         metadata={"example": {"threshold": 5}})
    valid_from = fields.Date(metadata={"description": "default: today"})
    note = fields.String(validate=validate.Length(max=2000))


class DefinitionVersionSchema(_Open):
    code = fields.String(required=True)
    version = fields.Integer(required=True)
    valid_from = fields.Date()
    params = fields.Dict()
    note = fields.String(allow_none=True)


class IndicatorExportSchema(IndicatorReportSchema):
    """`format=json`: the report by region, with the hub's version and the definitions'."""

    hub_version = fields.String()
    definition_versions = fields.String(metadata={"example": "2.4 v1, 2.5 v1"})


class Dhis2DataValueSchema(Schema):
    dataElement = fields.String(required=True, metadata={"example": "ECPAT_4_5"})
    period = fields.String(required=True)
    orgUnit = fields.String(required=True, metadata={"example": "ECPAT"})
    value = fields.String(required=True)


class Dhis2DataValueSetSchema(Schema):
    """`format=dhis2`: a DHIS2 dataValueSet."""

    dataValues = fields.List(fields.Nested(Dhis2DataValueSchema), required=True)
