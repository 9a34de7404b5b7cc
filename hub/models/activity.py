"""Capacity development activities, their lead and participant members, and their history."""

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow

ACTIVITY_KINDS = (
    "training", "webinar", "workshop", "exchange_visit", "mentoring", "conference_session",
    "other",
)
ACTIVITY_MODES = ("online", "in_person", "hybrid")
PARTICIPATION_ROLES = ("lead", "participant")
PARTICIPATION_STATUSES = ("pending", "confirmed", "declined")

activity_theme = sa.Table(
    "activity_theme",
    db.metadata,
    sa.Column("activity_id", sa.ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tag.id"), primary_key=True),
)

activity_resource = sa.Table(
    "activity_resource",
    db.metadata,
    sa.Column("activity_id", sa.ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("resource_id", sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True),
)


class Activity(db.Model):
    __tablename__ = "activity"
    __table_args__ = (
        sa.CheckConstraint("end_date >= start_date", name="dates_in_order"),
        sa.CheckConstraint(
            "kind IN ('training', 'webinar', 'workshop', 'exchange_visit', 'mentoring', "
            "'conference_session', 'other')", name="known_kind"),
        sa.CheckConstraint("mode IN ('online', 'in_person', 'hybrid')", name="known_mode"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    kind: so.Mapped[str] = so.mapped_column(sa.String(30), index=True)
    start_date: so.Mapped[date] = so.mapped_column(sa.Date, index=True)
    end_date: so.Mapped[date] = so.mapped_column(sa.Date, index=True)
    mode: so.Mapped[str] = so.mapped_column(sa.String(12))
    region_code: so.Mapped[str | None] = so.mapped_column(sa.ForeignKey("region.code"))
    country_code: so.Mapped[str | None] = so.mapped_column(sa.ForeignKey("country.code"))
    # None: organised by the Secretariat.
    organiser_member_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    themes: so.Mapped[list["Tag"]] = so.relationship(  # noqa: F821
        secondary=activity_theme, order_by="Tag.slug"
    )
    resources: so.Mapped[list["Resource"]] = so.relationship(  # noqa: F821
        secondary=activity_resource
    )
    participations: so.Mapped[list["ActivityParticipation"]] = so.relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )


class ActivityParticipation(db.Model):
    """A member leading or taking part in an activity.

    Counts for indicator 4.2 only when `status == "confirmed"`: the Secretariat or the
    organiser records confirmed rows; a member's own report is `pending` until confirmed.
    """

    __tablename__ = "activity_participation"
    __table_args__ = (
        sa.UniqueConstraint("activity_id", "member_id"),
        sa.CheckConstraint("role IN ('lead', 'participant')", name="known_role"),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed', 'declined')", name="known_status"),
        sa.CheckConstraint("staff_count >= 0", name="staff_count_not_negative"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    activity_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    member_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    role: so.Mapped[str] = so.mapped_column(sa.String(12))
    staff_count: so.Mapped[int] = so.mapped_column(sa.Integer, default=0)
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="confirmed")
    reported_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    confirmed_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    confirmed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    activity: so.Mapped[Activity] = so.relationship(back_populates="participations")


class ActivityChange(db.Model):
    """Who changed what on an activity or its participants, and when."""

    __tablename__ = "activity_change"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    activity_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    changed_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    changed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    action: so.Mapped[str] = so.mapped_column(sa.String(40))
    changes: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
