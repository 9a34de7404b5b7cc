"""The ten ECPAT regions and the ISO 3166-1 countries mapped to them."""

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db


class Region(db.Model):
    """An ECPAT regional group; names are translated in `hub.reference.regions`."""

    code: so.Mapped[str] = so.mapped_column(sa.String(40), primary_key=True)
    position: so.Mapped[int] = so.mapped_column(sa.Integer)

    countries: so.Mapped[list["Country"]] = so.relationship(back_populates="region")


class Country(db.Model):
    """An ISO 3166-1 country or territory, in exactly one region."""

    code: so.Mapped[str] = so.mapped_column(sa.String(2), primary_key=True)
    region_code: so.Mapped[str] = so.mapped_column(sa.ForeignKey("region.code"), index=True)

    region: so.Mapped[Region] = so.relationship(back_populates="countries")
