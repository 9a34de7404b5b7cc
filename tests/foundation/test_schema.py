"""The migrations build the models' schema, and the reference data is complete."""

import pycountry
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hub.extensions import db
from hub.models import Country, Region, Tag
from hub.reference.regions import REGION_CODES


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_iso_country_is_in_exactly_one_region(app):
    with app.app_context():
        rows = db.session.execute(sa.select(Country.code, Country.region_code)).all()
        regions = [r.code for r in db.session.scalars(sa.select(Region).order_by(Region.position))]
    assert regions == list(REGION_CODES) and len(regions) == 10
    codes = [code for code, _ in rows]
    assert sorted(codes) == sorted(c.alpha_2 for c in pycountry.countries)
    assert len(codes) == len(set(codes))
    assert {region for _, region in rows} == set(regions)


def test_expertise_vocabulary_is_seeded_in_three_languages(app):
    with app.app_context():
        tags = db.session.scalars(sa.select(Tag)).all()
    assert 18 <= len(tags) <= 25
    assert sum(t.group == "manifestation" for t in tags) == 5
    for tag in tags:
        assert tag.label_en and tag.label_fr and tag.label_es
        assert tag.description_en and tag.description_fr and tag.description_es
