"""What surrounds a member's profile: its history, reviews, pending requests, invitations and
the directory's search rows.

History design (indicators read it): every write to a profile adds one `MemberRevision` holding
the FULL profile as it stood after the write (`snapshot`, the API's member shape with codes and
slugs, no labels) plus the field-level `changes` ([{"field", "old", "new"}]), who made it and
`valid_from`. A profile as of any instant T is the snapshot of the latest revision whose
`valid_from <= T` (`hub.blueprints.members.history.profile_as_of`); before the first revision the
member did not exist in the hub. Snapshots are never updated or deleted.
"""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow

REVISION_REASONS = ("create", "update", "survivor_led_confirmed", "import")
REQUEST_STATES = ("pending", "confirmed", "rejected", "withdrawn")
INVITATION_ROLES = ("member", "focal_point")


class MemberRevision(db.Model):
    """One write to a member's profile: the full snapshot after it and the fields it changed."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    member_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    valid_from: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    reason: so.Mapped[str] = so.mapped_column(sa.String(30), default="update")
    changes: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    snapshot: so.Mapped[dict] = so.mapped_column(sa.JSON)

    user: so.Mapped["User | None"] = so.relationship()  # noqa: F821


class MemberReview(db.Model):
    """The member's focal point confirmed the profile is correct (by saving or in one click)."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    member_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    reviewed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)


class SurvivorLedRequest(db.Model):
    """A focal point's request to change `survivor_led`, which the Secretariat decides
    (indicator 4.4 counts survivor organisations, so the member cannot set it alone)."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    member_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    value: so.Mapped[bool] = so.mapped_column(sa.Boolean)
    state: so.Mapped[str] = so.mapped_column(sa.String(20), default="pending", index=True)
    requested_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    requested_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    decided_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    member: so.Mapped["Member"] = so.relationship()  # noqa: F821

    __table_args__ = (sa.CheckConstraint(f"state IN {REQUEST_STATES}", name="state"),)


class Invitation(db.Model):
    """A single-use link (stored hashed) that lets an invited person set a password."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    invited_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    expires_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    used_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    user: so.Mapped["User"] = so.relationship(foreign_keys=[user_id])  # noqa: F821


class MemberSearchEntry(db.Model):
    """The directory's search row of a member: accent-folded text and the filter values.

    Derived data, rebuilt from the profile after every commit that touches it
    (`hub.blueprints.members.search`); `flask --app hub members reindex` rebuilds them all.
    Texts are lower-case, accent-free, words separated by single spaces with a leading space,
    so `LIKE '% word%'` finds word prefixes.
    """

    member_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(20))
    sort_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    country_code: so.Mapped[str] = so.mapped_column(sa.String(2))
    region_code: so.Mapped[str] = so.mapped_column(sa.String(40))
    survivor_led: so.Mapped[bool] = so.mapped_column(sa.Boolean)
    # " 3 7 12 " and " en fr ": the filters and facets read these without joins.
    tag_ids: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    languages: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    name_text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    tag_text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    body_text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # With the row count, tells each process when its cache of the filter values is stale.
    indexed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
