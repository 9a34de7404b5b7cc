"""A member's people: invitations by e-mail (single-use, 7 days), leavers, focal points.

A focal point manages its own organisation's staff; the Secretariat any member's, and only
the Secretariat appoints focal points. Deactivated people keep their past contributions,
which stay attributed to the organisation. The caller commits.
"""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from hub import access
from hub.blueprints.auth import service as accounts
from hub.errors import Conflict, InvalidInput, NotFound
from hub.extensions import db
from hub.mail import send_mail
from hub.models import Invitation, Member, User
from hub.models.base import utcnow
from hub.models.user import hash_token

INVITATION_VALIDITY = timedelta(days=7)


def can_manage(user, member: Member) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_secretariat or (user.role == "focal_point" and user.member_id == member.id)


def people(member: Member) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).where(User.member_id == member.id).order_by(User.name, User.email)))


def person_dict(user: User) -> dict:
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role,
            "active": user.active, "invited": user.password_hash is None}


def invite(member: Member, data: dict, by) -> tuple[User, str]:
    """Create the account (no password yet) and e-mail a link to set one; returns the link."""
    access.require(can_manage(by, member))
    role = data.get("role") or "member"
    access.require(role != "focal_point" or by.is_secretariat,
                   _l("Only the Secretariat appoints focal points."))
    if member.status != "active":
        raise Conflict(_l("Only active members can invite people."))
    user = accounts.find_user(data["email"])
    if user is not None:
        if user.member_id != member.id or user.password_hash is not None:
            raise InvalidInput(fields={"email": [str(_l("An account with this e-mail exists."))]})
        user.role, user.active = role, True
        if data.get("name"):
            user.name = data["name"]
    else:
        user = accounts.create_user(data["email"], role, name=data.get("name", ""), member=member)
    db.session.flush()
    link = _new_invitation(user, by)
    _send(user, member, link, by)
    return user, link


def _new_invitation(user: User, by) -> str:
    # Older links for the same person stop working: only the newest one counts.
    for old in db.session.scalars(
        sa.select(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
    ):
        old.used_at = utcnow()
    plain = secrets.token_urlsafe(32)
    db.session.add(Invitation(
        user_id=user.id, token_hash=hash_token(plain), invited_by_id=by.id,
        expires_at=utcnow() + INVITATION_VALIDITY,
    ))
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/invitations/{plain}"


def _send(user: User, member: Member, link: str, by) -> None:
    locale = user.locale or getattr(by, "locale", None) or current_app.config[
        "BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        body = render_template("members/mail_invitation.txt", user=user, member=member,
                               link=link, inviter=by, days=INVITATION_VALIDITY.days)
        send_mail(user.email, str(_l("You are invited to the ECPAT Network Hub")), body)


def invitation_for(token: str) -> Invitation | None:
    """The unused, unexpired invitation behind a link, or None."""
    row = db.session.scalar(sa.select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    if not row.user.active:
        return None
    return row


def accept(invitation: Invitation, password: str) -> User:
    """Set the password; the link is then used up."""
    accounts.set_password(invitation.user, password)
    invitation.used_at = utcnow()
    return invitation.user


def update_person(member: Member, user_id: int, data: dict, by) -> User:
    """Deactivate or reactivate someone, or (Secretariat) change their role."""
    access.require(can_manage(by, member))
    person = db.session.get(User, user_id)
    if person is None or person.member_id != member.id:
        raise NotFound()
    if "role" in data and data["role"] != person.role:
        access.require(by.is_secretariat, _l("Only the Secretariat appoints focal points."))
        person.role = data["role"]
    if "active" in data and data["active"] != person.active:
        if person.id == by.id:
            raise Conflict(_l("You cannot deactivate your own account."))
        person.active = data["active"]
        if not person.active:
            # A leaver's sessions and tokens end at once, and stay ended if reactivated.
            accounts.end_all_sessions(person)
    return person


