"""Who may do what: the questions every feature asks, answered in one place.

Predicates (`signed_in`, `is_secretariat`, `is_own_member`) answer yes or no for any user,
anonymous included. `require_*` raise the domain's errors (403 `Forbidden`; a hidden object
is the caller's 404). The decorators put the same checks on views and API functions, after
Flask-Login's `login_required` (anonymous: the sign-in page, or 401 under /api).
"""

from __future__ import annotations

from functools import wraps

from flask_login import current_user, login_required

from hub.errors import Forbidden

STAFF_ROLES = ("member", "focal_point")
SECRETARIAT_ROLES = ("secretariat", "admin")


def _user(user):
    return current_user if user is None else user


def signed_in(user=None) -> bool:
    """An authenticated, active account (anonymous visitors and None are not)."""
    user = _user(user)
    return bool(user is not None and user.is_authenticated)


def is_secretariat(user=None) -> bool:
    """The Secretariat's staff or an admin."""
    user = _user(user)
    return signed_in(user) and bool(user.is_secretariat)


def is_admin(user=None) -> bool:
    user = _user(user)
    return signed_in(user) and user.role == "admin"


def member_of(user=None) -> int | None:
    """The id of the organisation the user works for, or None."""
    user = _user(user)
    return user.member_id if signed_in(user) else None


def is_own_member(user, member_id: int | None) -> bool:
    """The user works for this member organisation."""
    own = member_of(user)
    return own is not None and member_id is not None and own == member_id


def is_focal_point_of(user, member_id: int | None) -> bool:
    return is_own_member(user, member_id) and user.role == "focal_point"


def may_contribute(user=None) -> bool:
    """May create content: the Secretariat, or staff of a member organisation."""
    user = _user(user)
    return signed_in(user) and (user.is_secretariat or user.member_id is not None)


def require(allowed: bool, message=None, *, code: str | None = None) -> None:
    """Refuse with 403 (and the message and error code, if given) unless `allowed`."""
    if not allowed:
        raise Forbidden(message, code=code)


def require_secretariat(user=None, message=None) -> None:
    require(is_secretariat(user), message)


def require_member_staff(user=None, message=None) -> None:
    require(member_of(user) is not None, message)


MAX_ID = 2**31 - 1  # the databases' integer primary keys


def as_id(ref) -> int | None:
    """`ref` as a database id, or None when it is not one (text, or outside the integer range)."""
    if isinstance(ref, bool):
        return None
    if isinstance(ref, int):
        value = ref
    else:
        text = str(ref).strip()
        if not (text.isascii() and text.isdigit()):
            return None
        value = int(text)
    return value if 0 < value <= MAX_ID else None


def resolve_member(ref):
    """A member by id or slug, or None (also for an id past the database's integer range)."""
    import sqlalchemy as sa

    from hub.extensions import db
    from hub.models import Member

    text = str(ref).strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        member_id = as_id(text)
        return db.session.get(Member, member_id) if member_id is not None else None
    return db.session.scalar(sa.select(Member).where(Member.slug == text))


# ------------------------------------------------------------------ decorators


def secretariat_required(view):
    """The view is for the Secretariat (and admins): sign in first, else 403."""

    @login_required
    @wraps(view)
    def wrapped(*args, **kwargs):
        require_secretariat()
        return view(*args, **kwargs)

    return wrapped


def member_staff_required(message=None):
    """The view is for member organisations' staff: sign in first, else 403."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(*args, **kwargs):
            require_member_staff(message=message)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def requires(check, message=None):
    """The view runs when `check(current_user)` holds: sign in first, else 403."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(*args, **kwargs):
            require(check(current_user), message)
            return view(*args, **kwargs)

        return wrapped

    return decorate
