"""The resource library: resources, their files, and the queue of pending search-index changes."""

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow

RESOURCE_TYPES = (
    "research_report", "country_overview", "toolkit", "training_material", "policy_brief",
    "legal_analysis", "news", "other",
)
VISIBILITIES = ("network", "public")
# What happened to a file's text: extracted, nothing to extract, failed (corrupt, encrypted,
# too slow): the file is kept and served, only its words are not searchable; or pending while
# its extraction job has not run yet (hub.blueprints.library.extraction).
EXTRACTION_STATES = ("ok", "empty", "failed", "pending")

resource_member = sa.Table(
    "resource_member",
    db.metadata,
    sa.Column("resource_id", sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("member_id", sa.ForeignKey("member.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)
resource_theme = sa.Table(
    "resource_theme",
    db.metadata,
    sa.Column("resource_id", sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tag.id"), primary_key=True, index=True),
)
resource_country = sa.Table(
    "resource_country",
    db.metadata,
    sa.Column("resource_id", sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("country_code", sa.ForeignKey("country.code"), primary_key=True),
)
resource_region = sa.Table(
    "resource_region",
    db.metadata,
    sa.Column("resource_id", sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("region_code", sa.ForeignKey("region.code"), primary_key=True),
)


class Resource(db.Model):
    """A knowledge product of the network: report, country overview, toolkit, brief..."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(500))
    summary: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    body: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Content language (ISO 639-1), never the UI locale.
    language: so.Mapped[str] = so.mapped_column(sa.String(8), index=True)
    type: so.Mapped[str] = so.mapped_column(sa.String(30), index=True)
    published_on: so.Mapped[date | None] = so.mapped_column(sa.Date, index=True)
    secretariat_coauthored: so.Mapped[bool] = so.mapped_column(sa.Boolean, default=False)
    url: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    visibility: so.Mapped[str] = so.mapped_column(sa.String(10), default="network")
    # Versions of the same resource in other languages share this number (the id of the
    # first version); None while a resource has no translation.
    translation_group: so.Mapped[int | None] = so.mapped_column(sa.Integer, index=True)
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    organisations: so.Mapped[list["Member"]] = so.relationship(  # noqa: F821
        secondary=resource_member, order_by="Member.name"
    )
    themes: so.Mapped[list["Tag"]] = so.relationship(  # noqa: F821
        secondary=resource_theme, order_by="Tag.position"
    )
    countries: so.Mapped[list["Country"]] = so.relationship(  # noqa: F821
        secondary=resource_country, order_by="Country.code"
    )
    regions: so.Mapped[list["Region"]] = so.relationship(  # noqa: F821
        secondary=resource_region, order_by="Region.position"
    )
    files: so.Mapped[list["ResourceFile"]] = so.relationship(
        back_populates="resource", cascade="all, delete-orphan", order_by="ResourceFile.id"
    )

    __table_args__ = (
        sa.CheckConstraint(f"type IN {RESOURCE_TYPES}", name="type"),
        sa.CheckConstraint(f"visibility IN {VISIBILITIES}", name="visibility"),
    )

    def __repr__(self) -> str:
        return f"<Resource {self.id} {self.title[:30]!r}>"


class ResourceFile(db.Model):
    """An uploaded file, stored under DATA_DIR/uploads with a random name."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    resource_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("resource.id", ondelete="CASCADE"), index=True
    )
    # The sanitised name the uploader gave, used only in Content-Disposition.
    filename: so.Mapped[str] = so.mapped_column(sa.String(255))
    stored_name: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    mime_type: so.Mapped[str] = so.mapped_column(sa.String(100))
    size: so.Mapped[int] = so.mapped_column(sa.Integer)
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    extraction: so.Mapped[str] = so.mapped_column(sa.String(10), default="pending")
    uploaded_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    resource: so.Mapped[Resource] = so.relationship(back_populates="files")

    __table_args__ = (sa.CheckConstraint(f"extraction IN {EXTRACTION_STATES}", name="extraction"),)


class SearchIndexChange(db.Model):
    """A resource whose search document must be refreshed (or removed).

    Written in the same transaction as the change, deleted once the index has it: a change
    that could not reach the index (locked, failing) waits here for the next drain.
    """

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # No foreign key: the row must outlive a deleted resource until the index forgets it.
    resource_id: so.Mapped[int] = so.mapped_column(sa.Integer, index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
