"""Targets, baselines and signed-off periods of the indicators (shared/API.md, "Governance").

A target and a baseline belong to an indicator and a reporting year (`2025July`). A sign-off
keeps the period's whole report as it was computed (values, breakdowns, members counted,
definition versions), so the figures sent to the Board never move afterwards.
"""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow


class IndicatorTarget(db.Model):
    """The baseline and the target the Secretariat set for an indicator in a reporting year."""

    __tablename__ = "indicator_target"
    __table_args__ = (sa.UniqueConstraint("code", "period"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(10))
    period: so.Mapped[str] = so.mapped_column(sa.String(20))
    baseline: so.Mapped[float | None] = so.mapped_column(sa.Float)
    target: so.Mapped[float | None] = so.mapped_column(sa.Float)
    set_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    set_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)


class IndicatorSignoff(db.Model):
    """A period the Secretariat signed off: its report, stored as JSON, served from then on."""

    __tablename__ = "indicator_signoff"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    period: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    figures: so.Mapped[dict] = so.mapped_column(sa.JSON)
    # SHA-256 of the stored figures: the audit log keeps it, so a Board report can be checked.
    digest: so.Mapped[str] = so.mapped_column(sa.String(64))
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    signed_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    signed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    signed_by: so.Mapped["User | None"] = so.relationship()  # noqa: F821
