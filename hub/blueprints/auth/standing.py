"""Staff of a suspended or former member may sign in and read, but change nothing.

One check before every request, so that every write (profile, people, resources, stories,
activities, tokens), through pages, the API or a bearer token, is refused alike with a 403
that says why. What their organisation has published stays published.
"""

import sqlalchemy as sa
from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from hub import access
from hub.extensions import db
from hub.models import Member

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Signing in and out, resetting one's password and choosing the interface language change no
# content: they stay open so that staff can still read the hub.
ALWAYS_ALLOWED = frozenset({
    "auth.sign_in", "auth.sign_out", "auth.forgot_password", "auth.reset_password",
    "auth.set_language", "auth.sign_out_everywhere", "auth_api.login", "auth_api.logout",
    "auth_api.logout_everywhere",
    "auth_api.request_password_reset", "auth_api.confirm_password_reset",
})
REASONS = {
    "suspended": _l("Your organisation's membership of the network is suspended: you can read "
                    "the hub, but not change anything until the Secretariat restores it."),
    "former": _l("Your organisation is no longer a member of the network: you can read the "
                 "hub, but not change anything. Contact the Secretariat if this is wrong."),
}


def standing_refusal(user) -> str | None:
    """Why `user` may not write, or None when they may (Secretariat staff always may)."""
    if not getattr(user, "is_authenticated", False) or user.member_id is None:
        return None
    status = db.session.scalar(sa.select(Member.status).where(Member.id == user.member_id))
    reason = REASONS.get(status or "active")
    return str(reason) if reason else None


def refuse_writes_of_inactive_members() -> None:
    """before_request: a write by staff of a suspended or former member answers 403."""
    if request.method in READ_METHODS or request.endpoint in ALWAYS_ALLOWED:
        return
    reason = standing_refusal(current_user)
    access.require(not reason, reason, code="member_not_active")
