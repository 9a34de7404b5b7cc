"""Versioned definitions of the indicators (shared/DOMAIN.md, "Indicators the Hub must feed").

Version 1 of every indicator is built into the code (`hub.blueprints.indicators.definitions`);
each change the Secretariat makes adds a row with the next version number and the first day
it applies to. A period is computed under the version in force on its last day, so figures
for closed periods do not move when a threshold changes later.
"""

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow
from hub.models.usage import UsageEvent


class IndicatorDefinition(db.Model):
    """One version of an indicator's parameters (e.g. 4.5's qualifying-action threshold)."""

    __tablename__ = "indicator_definition"
    __table_args__ = (
        sa.UniqueConstraint("code", "version"),
        sa.CheckConstraint("version >= 2", name="version_after_builtin"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(10), index=True)
    version: so.Mapped[int] = so.mapped_column(sa.Integer)
    valid_from: so.Mapped[date] = so.mapped_column(sa.Date)
    params: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )


# Covering indexes for the indicators' counts of a period's events (bench/indicators.py):
# per member (GROUP BY member_id reads each member's range of the period from the index,
# never the table), and across the network (a range of the period, e.g. COUNT(DISTINCT)).
sa.Index("ix_usage_event_member_period_type", UsageEvent.member_id, UsageEvent.occurred_at,
         UsageEvent.event_type)
sa.Index("ix_usage_event_period_member_type", UsageEvent.occurred_at, UsageEvent.member_id,
         UsageEvent.event_type)
