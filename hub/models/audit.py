"""The audit log: one append-only row per change made by Secretariat staff or admins, per
export and per erase (shared/API.md, "Governance").

Rows are written in the transaction of the change they describe (`hub.blueprints.audit.log`),
so a change that is rolled back leaves no row, and a row never outlives its change. The app
never updates or deletes a row: the ORM refuses it (`AuditImmutable`), the databases refuse
updates by trigger, and only `audit prune` removes rows past the retention period.
"""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """Who did what to which object, when, with each changed field's old and new value.

    `actor_id` is not a foreign key: the row must never change, not even when a person is
    erased (their account row stays, without name or e-mail)."""

    __tablename__ = "audit_entry"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.Integer, index=True)
    actor_role: so.Mapped[str] = so.mapped_column(sa.String(20), default="")
    action: so.Mapped[str] = so.mapped_column(sa.String(60), index=True)
    object_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    object_id: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    changes: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")


sa.Index("ix_audit_entry_object", AuditEntry.object_type, AuditEntry.object_id)
