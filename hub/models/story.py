"""Stories for advocacy, their consent, and every move through the moderation workflow.

Indicator 2.4 counts members with a story whose `published_at` falls in the period and whose
intended audiences include `global_advocacy` or `local_media`. Withdrawal of consent erases
title and body but keeps this metadata (`published_at` included), so that counts for past
periods stay reproducible.
"""

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow

STORY_STATUSES = (
    "draft", "submitted", "changes_requested", "approved", "published", "rejected",
    "consent_withdrawn",
)
STORY_AUDIENCES = ("global_advocacy", "local_media", "network_learning")
STORY_TELLERS = ("adult_survivor", "child_or_youth", "practitioner", "community_member", "other")

story_theme = sa.Table(
    "story_theme",
    db.metadata,
    sa.Column("story_id", sa.ForeignKey("story.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tag.id"), primary_key=True),
)


class Story(db.Model):
    __tablename__ = "story"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'changes_requested', 'approved', 'published', "
            "'rejected', 'consent_withdrawn')", name="known_status"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    member_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("member.id"), index=True)
    author_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    title: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    body: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    country_code: so.Mapped[str | None] = so.mapped_column(sa.ForeignKey("country.code"))
    teller: so.Mapped[str] = so.mapped_column(sa.String(20))
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="draft", index=True)

    consent_obtained: so.Mapped[bool] = so.mapped_column(sa.Boolean, default=False)
    consent_from: so.Mapped[str | None] = so.mapped_column(sa.String(60))  # a role, never a name
    consent_date: so.Mapped[date | None] = so.mapped_column(sa.Date)
    guardian_consent: so.Mapped[bool] = so.mapped_column(sa.Boolean, default=False)

    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    submitted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    published_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime, index=True)
    withdrawn_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    # A published story's correction waits here for review; the published text stays
    # until a reviewer approves it (then it replaces title, body...).
    pending_correction: so.Mapped[dict | None] = so.mapped_column(sa.JSON(none_as_null=True))
    correction_submitted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    themes: so.Mapped[list["Tag"]] = so.relationship(  # noqa: F821
        secondary=story_theme, order_by="Tag.slug"
    )
    audience_rows: so.Mapped[list["StoryAudience"]] = so.relationship(
        cascade="all, delete-orphan", order_by="StoryAudience.audience"
    )
    transitions: so.Mapped[list["StoryTransition"]] = so.relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryTransition.id"
    )

    def audiences(self, kind: str = "intended") -> list[str]:
        return [row.audience for row in self.audience_rows if row.kind == kind]


class StoryAudience(db.Model):
    """An audience a story is intended for (`kind="intended"`) or consented for ("consented")."""

    __tablename__ = "story_audience"
    __table_args__ = (
        sa.CheckConstraint(
            "audience IN ('global_advocacy', 'local_media', 'network_learning')",
            name="known_audience"),
        sa.CheckConstraint("kind IN ('intended', 'consented')", name="known_kind"),
    )

    story_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(10), primary_key=True)
    audience: so.Mapped[str] = so.mapped_column(sa.String(20), primary_key=True)


class StoryTransition(db.Model):
    """One move through the workflow: who, when, from, to, and the comment."""

    __tablename__ = "story_transition"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    story_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("story.id", ondelete="CASCADE"), index=True
    )
    actor_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    from_status: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    to_status: so.Mapped[str] = so.mapped_column(sa.String(20))
    action: so.Mapped[str] = so.mapped_column(sa.String(20))
    comment: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    story: so.Mapped[Story] = so.relationship(back_populates="transitions")


class StoryFlag(db.Model):
    """A finding of the safeguarding (`source="safeguarding"`) or terminology checker, saved
    with the story's text. `position` numbers the findings of one source in text order (the
    `n` of the acknowledge endpoint). Acknowledgements survive a re-check when the same
    excerpt is found again."""

    __tablename__ = "story_flag"
    __table_args__ = (
        sa.UniqueConstraint("story_id", "source", "position"),
        sa.CheckConstraint("source IN ('safeguarding', 'terminology')", name="known_source"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    story_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("story.id", ondelete="CASCADE"), index=True
    )
    source: so.Mapped[str] = so.mapped_column(sa.String(15))
    position: so.Mapped[int] = so.mapped_column(sa.Integer)
    kind: so.Mapped[str] = so.mapped_column(sa.String(30))
    start: so.Mapped[int] = so.mapped_column(sa.Integer)
    end: so.Mapped[int] = so.mapped_column(sa.Integer)
    excerpt: so.Mapped[str] = so.mapped_column(sa.String(500))
    suggestion: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    acknowledged_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    acknowledged_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")


class Notification(db.Model):
    """An in-hub notice about a story: to a member organisation's staff (`member_id`) or to
    the Secretariat's reviewers (`for_secretariat`). Holds the title and the moderator's
    comment, never the story's text; both are erased when consent is withdrawn."""

    __tablename__ = "notification"
    __table_args__ = (
        sa.CheckConstraint(
            "(member_id IS NOT NULL AND NOT for_secretariat)"
            " OR (member_id IS NULL AND for_secretariat)", name="one_audience"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, index=True)
    member_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    for_secretariat: so.Mapped[bool] = so.mapped_column(sa.Boolean, default=False)
    story_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("story.id", ondelete="CASCADE"), index=True
    )
    action: so.Mapped[str] = so.mapped_column(sa.String(20))
    title: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    comment: so.Mapped[str] = so.mapped_column(sa.Text, default="")
