"""The usage log: what members do on the hub, kept for the indicators (4.5, 4.2).

`UsageEvent` is append-only and pruned after `HUB_USAGE_RETENTION_MONTHS`; `UsageMonthly`
keeps counts per month, member and event type for ever: rows with `source="rollup"` are the
counts of pruned months, rows with `source="import"` come from the previous platform. A month's
raw events and its rollup never coexist: prune rolls up whole months and deletes them in one
transaction. An indicator therefore counts raw events plus monthly rows for the same period.
"""

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow

USAGE_SOURCES = ("rollup", "import")


class UsageEvent(db.Model):
    """One thing a user did. No user id, e-mail, IP address or user agent is kept."""

    __tablename__ = "usage_event"
    __table_args__ = (sa.Index("ix_usage_event_member_time", "member_id", "occurred_at"),)

    id: so.Mapped[int] = so.mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"),
                                          primary_key=True)
    occurred_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, index=True)
    event_type: so.Mapped[str] = so.mapped_column(sa.String(30))
    # None for Secretariat staff; no foreign key, so that the log never blocks a member's deletion.
    member_id: so.Mapped[int | None] = so.mapped_column(sa.Integer)
    # A keyed hash of the user id (HMAC with the app's secret): stable, not reversible.
    user_key: so.Mapped[str] = so.mapped_column(sa.String(64))
    object_type: so.Mapped[str | None] = so.mapped_column(sa.String(30))
    object_id: so.Mapped[int | None] = so.mapped_column(sa.Integer)
    channel: so.Mapped[str] = so.mapped_column(sa.String(8), default="web")
    query: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    result_count: so.Mapped[int | None] = so.mapped_column(sa.Integer)


class UsageMonthly(db.Model):
    """Events per month, member and event type: pruned months and imported history."""

    __tablename__ = "usage_monthly"
    __table_args__ = (
        sa.UniqueConstraint("month", "member_id", "event_type", "source"),
        sa.CheckConstraint("count > 0", name="positive_count"),
        sa.CheckConstraint("source IN ('rollup', 'import')", name="known_source"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    month: so.Mapped[date] = so.mapped_column(sa.Date, index=True)  # the month's first day
    member_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    event_type: so.Mapped[str] = so.mapped_column(sa.String(30))
    count: so.Mapped[int] = so.mapped_column(sa.Integer)
    source: so.Mapped[str] = so.mapped_column(sa.String(10))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
