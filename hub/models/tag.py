"""The controlled expertise vocabulary and the tags on member profiles."""

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db

TAG_GROUPS = ("manifestation", "area")


class Tag(db.Model):
    """An expertise tag. Retired tags stay on old profiles but are no longer offered."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(60), unique=True)
    group: so.Mapped[str] = so.mapped_column(sa.String(20))
    position: so.Mapped[int] = so.mapped_column(sa.Integer, default=0)
    retired: so.Mapped[bool] = so.mapped_column(sa.Boolean, default=False)
    label_en: so.Mapped[str] = so.mapped_column(sa.String(200))
    label_fr: so.Mapped[str] = so.mapped_column(sa.String(200))
    label_es: so.Mapped[str] = so.mapped_column(sa.String(200))
    description_en: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    description_fr: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    description_es: so.Mapped[str] = so.mapped_column(sa.String(500), default="")

    __table_args__ = (sa.CheckConstraint(f"\"group\" IN {TAG_GROUPS}", name="group"),)

    def label(self, locale: str) -> str:
        """The label in a UI locale, English when that locale has none."""
        return getattr(self, f"label_{locale}", None) or self.label_en

    def description(self, locale: str) -> str:
        return getattr(self, f"description_{locale}", None) or self.description_en


class MemberTag(db.Model):
    """A tag on a member's profile, possibly as a centre of expertise, with a note."""

    member_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("tag.id"), primary_key=True, index=True
    )
    centre_of_expertise: so.Mapped[bool] = so.mapped_column(sa.Boolean, default=False)
    note: so.Mapped[str] = so.mapped_column(sa.String(1000), default="")

    tag: so.Mapped[Tag] = so.relationship(lazy="joined")
