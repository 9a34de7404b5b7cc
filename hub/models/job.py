"""Background jobs that failed for good (every retry used), for `flask --app hub jobs failed`."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow


class JobFailure(db.Model):
    """One job that will not be tried again, with what it was about and its last error.

    `about` names the object (a file id, the recipients of a mail), never a mail's body."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    task: so.Mapped[str] = so.mapped_column(sa.String(100), index=True)
    task_id: so.Mapped[str] = so.mapped_column(sa.String(64))
    about: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    error: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    failed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, index=True)
