"""Reminders sent by mail, so that each is sent once per occasion (and weekly at most)."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow


class Reminder(db.Model):
    """One reminder mail: its kind (`story_overdue`, `profile_review`, `participation`), the
    object it is about and when it went out. The latest per (kind, object) decides the next."""

    __tablename__ = "reminder"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(30))
    object_id: so.Mapped[str] = so.mapped_column(sa.String(80))
    recipients: so.Mapped[int] = so.mapped_column(sa.Integer, default=0)
    sent_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)


sa.Index("ix_reminder_kind_object", Reminder.kind, Reminder.object_id)
