"""/api/v1/regions and /api/v1/countries: the geography every other list refers to."""

import sqlalchemy as sa
from marshmallow import Schema, fields

from hub.blueprints.main import api_bp
from hub.extensions import db
from hub.i18n import current_locale
from hub.models import Country, Region
from hub.reference.names import country_name, region_name


class RegionSchema(Schema):
    code = fields.String()
    name = fields.String()
    countries = fields.List(fields.String())


class CountrySchema(Schema):
    code = fields.String()
    name = fields.String()
    region = fields.String()


class RegionListSchema(Schema):
    items = fields.List(fields.Nested(RegionSchema))


class CountryListSchema(Schema):
    items = fields.List(fields.Nested(CountrySchema))


class CountryQuerySchema(Schema):
    region = fields.String()


@api_bp.get("/regions")
@api_bp.response(200, RegionListSchema)
def list_regions():
    """The ten ECPAT regions with their countries' codes, names in the request's language."""
    locale = current_locale()
    regions = db.session.scalars(sa.select(Region).order_by(Region.position)).all()
    by_region: dict[str, list[str]] = {}
    for code, region in db.session.execute(sa.select(Country.code, Country.region_code)):
        by_region.setdefault(region, []).append(code)
    return {
        "items": [
            {
                "code": r.code,
                "name": region_name(r.code, locale),
                "countries": sorted(by_region.get(r.code, [])),
            }
            for r in regions
        ]
    }


@api_bp.get("/countries")
@api_bp.arguments(CountryQuerySchema, location="query")
@api_bp.response(200, CountryListSchema)
def list_countries(args):
    """Every ISO 3166-1 country with its region, sorted by name in the request's language."""
    locale = current_locale()
    query = sa.select(Country)
    if args.get("region"):
        query = query.where(Country.region_code == args["region"])
    items = [
        {"code": c.code, "name": country_name(c.code, locale), "region": c.region_code}
        for c in db.session.scalars(query)
    ]
    items.sort(key=lambda item: item["name"].casefold())
    return {"items": items}
