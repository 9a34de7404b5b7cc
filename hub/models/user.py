"""Accounts and personal API tokens."""

import hashlib
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin

from hub.extensions import db
from hub.models.base import UTCDateTime, utcnow

ROLES = ("member", "focal_point", "secretariat", "admin")
MEMBER_ROLES = ("member", "focal_point")
SECRETARIAT_ROLES = ("secretariat", "admin")


class User(UserMixin, db.Model):
    """A person who signs in. Member staff belong to one member; Secretariat staff to none."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    # None until an invited person sets a password.
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(255))
    role: so.Mapped[str] = so.mapped_column(sa.String(20), default="member")
    member_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("member.id"), index=True
    )
    locale: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    active: so.Mapped[bool] = so.mapped_column(sa.Boolean, default=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    last_login_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    # Set when an admin erased the person: no name, e-mail or sign-in remain.
    erased_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    # The version of the privacy notice the person accepted (hub.blueprints.privacy).
    privacy_version: so.Mapped[int | None] = so.mapped_column(sa.Integer)
    privacy_accepted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    member: so.Mapped["Member | None"] = so.relationship()  # noqa: F821
    tokens: so.Mapped[list["ApiToken"]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(f"role IN {ROLES}", name="role"),
        # Member staff belong to exactly one member, Secretariat staff to none.
        sa.CheckConstraint(
            "(role IN ('member', 'focal_point') AND member_id IS NOT NULL)"
            " OR (role IN ('secretariat', 'admin') AND member_id IS NULL)",
            name="role_member",
        ),
    )

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_secretariat(self) -> bool:
        """Secretariat staff and admins see and moderate everything."""
        return self.role in SECRETARIAT_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


def hash_token(token: str) -> str:
    """Tokens are long random strings, so a fast hash is enough to keep them unusable if leaked."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(db.Model):
    """A personal API token, stored hashed; the plain token is shown once at creation."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # The first characters, so a person can tell their tokens apart in a list.
    prefix: so.Mapped[str] = so.mapped_column(sa.String(12))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    last_used_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    user: so.Mapped[User] = so.relationship(back_populates="tokens")
