"""Member organisations and national coalitions of the network."""

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow

MEMBER_KINDS = ("organisation", "coalition")
MEMBER_STATUSES = ("active", "suspended", "former")
SOCIAL_PLATFORMS = (
    "facebook", "x", "instagram", "linkedin", "youtube", "tiktok", "threads", "bluesky",
    "mastodon", "whatsapp", "telegram", "other",
)

member_country = sa.Table(
    "member_country",
    db.metadata,
    sa.Column("member_id", sa.ForeignKey("member.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("country_code", sa.ForeignKey("country.code"), primary_key=True),
)


class Member(db.Model):
    """A member organisation; `status` with `joined_on`/`left_on` says when it was a member."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    acronym: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    country_code: so.Mapped[str] = so.mapped_column(sa.ForeignKey("country.code"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20), default="organisation")
    survivor_led: so.Mapped[bool] = so.mapped_column(sa.Boolean, default=False)
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    website: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="active", index=True)
    joined_on: so.Mapped[date | None] = so.mapped_column(sa.Date)
    left_on: so.Mapped[date | None] = so.mapped_column(sa.Date)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    country: so.Mapped["Country"] = so.relationship()  # noqa: F821
    countries: so.Mapped[list["Country"]] = so.relationship(  # noqa: F821
        secondary=member_country, order_by="Country.code"
    )
    language_links: so.Mapped[list["MemberLanguage"]] = so.relationship(
        cascade="all, delete-orphan", order_by="MemberLanguage.position"
    )
    social_media: so.Mapped[list["MemberSocialLink"]] = so.relationship(
        cascade="all, delete-orphan", order_by="MemberSocialLink.position"
    )
    tag_links: so.Mapped[list["MemberTag"]] = so.relationship(  # noqa: F821
        cascade="all, delete-orphan", order_by="MemberTag.tag_id"
    )
    status_changes: so.Mapped[list["MemberStatusChange"]] = so.relationship(
        cascade="all, delete-orphan", order_by="MemberStatusChange.id"
    )

    __table_args__ = (
        sa.CheckConstraint(f"kind IN {MEMBER_KINDS}", name="kind"),
        sa.CheckConstraint(f"status IN {MEMBER_STATUSES}", name="status"),
    )

    @property
    def languages(self) -> list[str]:
        return [link.language for link in self.language_links]

    @languages.setter
    def languages(self, codes: list[str]) -> None:
        self.language_links = [
            MemberLanguage(language=code, position=i) for i, code in enumerate(codes)
        ]

    def __repr__(self) -> str:
        return f"<Member {self.slug}>"


class MemberLanguage(db.Model):
    """A working language (ISO 639-1) of a member, in the member's order of preference."""

    member_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    language: so.Mapped[str] = so.mapped_column(sa.String(8), primary_key=True, index=True)
    position: so.Mapped[int] = so.mapped_column(sa.Integer, default=0)


class MemberSocialLink(db.Model):
    """One social media presence of a member (indicator 2.5 counts these)."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    member_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    platform: so.Mapped[str] = so.mapped_column(sa.String(20))
    url: so.Mapped[str] = so.mapped_column(sa.String(500))
    position: so.Mapped[int] = so.mapped_column(sa.Integer, default=0)


class MemberStatusChange(db.Model):
    """When a member's status changed, so indicators know who was active on a given day."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    member_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(20))
    effective_on: so.Mapped[date] = so.mapped_column(sa.Date)
    recorded_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
