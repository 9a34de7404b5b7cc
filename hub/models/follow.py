"""Staying in touch: what a person follows, their saved searches, how often they want mail,
their feed token, and the log of digests sent.

Digest windows are exact because of `DigestSend`: a person's next window starts where their
last recorded one ended (half-open intervals `[window_start, window_end)`), so an item created
at any instant falls in exactly one window, whatever the cadence changes or missed runs.
"""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow

FOLLOW_KINDS = ("tag", "region", "member", "search")
CADENCES = ("off", "daily", "weekly")
SEND_STATUSES = ("sending", "sent", "empty")


class SavedSearch(db.Model):
    """A library search kept with a name; `alert` puts its new results in the person's mail."""

    __tablename__ = "saved_search"
    __table_args__ = (
        sa.CheckConstraint("alert IN ('off', 'daily', 'weekly')", name="known_alert"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    # The library search parameters, as the library's query schema reads them.
    query: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    alert: so.Mapped[str] = so.mapped_column(sa.String(10), default="off")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )


class Follow(db.Model):
    """A person follows a tag, a region, a member organisation or one of their saved searches.

    Exactly one target column is set, the one of `kind`; `key` ("tag:12", "region:mena")
    makes a second follow of the same thing impossible.
    """

    __tablename__ = "follow"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "key"),
        sa.CheckConstraint("kind IN ('tag', 'region', 'member', 'search')", name="known_kind"),
        sa.CheckConstraint(
            "(kind = 'tag' AND tag_id IS NOT NULL AND region_code IS NULL AND member_id IS NULL"
            " AND saved_search_id IS NULL)"
            " OR (kind = 'region' AND region_code IS NOT NULL AND tag_id IS NULL"
            " AND member_id IS NULL AND saved_search_id IS NULL)"
            " OR (kind = 'member' AND member_id IS NOT NULL AND tag_id IS NULL"
            " AND region_code IS NULL AND saved_search_id IS NULL)"
            " OR (kind = 'search' AND saved_search_id IS NOT NULL AND tag_id IS NULL"
            " AND region_code IS NULL AND member_id IS NULL)",
            name="one_target"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(10))
    key: so.Mapped[str] = so.mapped_column(sa.String(60))
    tag_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("tag.id", ondelete="CASCADE"), index=True
    )
    region_code: so.Mapped[str | None] = so.mapped_column(sa.ForeignKey("region.code"))
    member_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    saved_search_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("saved_search.id", ondelete="CASCADE"), index=True
    )
    # A muted follow stays listed but adds nothing to the digest.
    muted: so.Mapped[bool] = so.mapped_column(sa.Boolean, default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    tag: so.Mapped["Tag | None"] = so.relationship()  # noqa: F821
    member: so.Mapped["Member | None"] = so.relationship()  # noqa: F821
    saved_search: so.Mapped[SavedSearch | None] = so.relationship()


class NotificationPreference(db.Model):
    """How often a person wants their digest; the language is the account's `locale`."""

    __tablename__ = "notification_preference"
    __table_args__ = (
        sa.CheckConstraint("digest IN ('off', 'daily', 'weekly')", name="known_digest"),
    )

    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    digest: so.Mapped[str] = so.mapped_column(sa.String(10), default="weekly")
    # When mail was last switched back on (None: never off): a digest never reaches back
    # before it, nor before the account's creation.
    digest_since: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    updated_at: so.Mapped[datetime] = so.mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )


class FeedToken(db.Model):
    """The secret in a personal feed URL, stored hashed; revoking it stops the URL at once."""

    __tablename__ = "feed_token"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)


class DigestSend(db.Model):
    """One digest window of one person: sent, or empty (nothing new, no mail), with when it
    was first opened from one of its links."""

    __tablename__ = "digest_send"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "window_end"),
        sa.CheckConstraint("window_end > window_start", name="window_in_order"),
        sa.CheckConstraint("status IN ('sending', 'sent', 'empty')", name="known_status"),
        sa.CheckConstraint("cadence IN ('daily', 'weekly')", name="known_cadence"),
        sa.Index("ix_digest_send_sent_at", "sent_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    # The member the person worked for when it was sent (None: Secretariat), for usage pages.
    member_id: so.Mapped[int | None] = so.mapped_column(sa.Integer, index=True)
    cadence: so.Mapped[str] = so.mapped_column(sa.String(10))
    window_start: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    window_end: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="sending")
    item_count: so.Mapped[int] = so.mapped_column(sa.Integer, default=0)
    size: so.Mapped[int] = so.mapped_column(sa.Integer, default=0)
    sent_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    opened_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
