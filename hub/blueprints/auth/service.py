"""Accounts: credentials, password resets and API tokens. Changes are flushed; the request
(or the CLI command) commits."""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from hub.errors import InvalidInput, NotFound
from hub.extensions import db
from hub.models import ApiToken, LoginSession, Member, User
from hub.models.base import utcnow
from hub.models.user import MEMBER_ROLES, ROLES, hash_token
from hub.signals import record_usage

# Checked against when the e-mail is unknown, so a miss takes as long as a wrong password.
_DUMMY_HASH: dict[str, str] = {}


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def password_problems(password: str) -> list:
    """What is wrong with a new password, as messages; empty when it is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return [_l("Use at least %(count)d characters.", count=minimum)]
    if len(password) > 200:
        return [_l("Use at most %(count)d characters.", count=200)]
    return []


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; same work whether or not they exist."""
    user = find_user(email or "")
    if user is None or not user.password_hash:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _DUMMY_HASH:
            _DUMMY_HASH[method] = generate_password_hash(secrets.token_hex(8), method=method)
        check_password_hash(_DUMMY_HASH[method], password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        return None
    return user


def record_sign_in(user: User) -> None:
    """Note the sign-in on the account and in the usage log (once the request commits)."""
    user.last_login_at = utcnow()
    record_usage("sign_in", user=user)


def record_sign_out(user) -> None:
    """Count a sign-out (nothing for an anonymous visitor)."""
    if user is not None and user.is_authenticated:
        record_usage("sign_out", user=user)


def create_user(
    email: str,
    role: str,
    *,
    password: str | None = None,
    name: str = "",
    member: Member | None = None,
    locale: str | None = None,
) -> User:
    """Add an account; raises InvalidInput naming the field that is wrong."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise InvalidInput(fields={"email": [str(_l("Not a valid email address."))]})
    if find_user(email) is not None:
        raise InvalidInput(fields={"email": [str(_l("An account with this e-mail exists."))]})
    if role not in ROLES:
        raise InvalidInput(fields={"role": [str(_l("Unknown role."))]})
    if (role in MEMBER_ROLES) != (member is not None):
        message = (
            _l("Member staff must belong to a member organisation.")
            if role in MEMBER_ROLES
            else _l("Secretariat staff do not belong to a member organisation.")
        )
        raise InvalidInput(fields={"org": [str(message)]})
    if password is not None and (problems := password_problems(password)):
        raise InvalidInput(fields={"password": [str(p) for p in problems]})
    user = User(email=email, role=role, name=name, member=member, locale=locale)
    if password is not None:
        user.password_hash = hash_password(password)
    db.session.add(user)
    return user


def set_password(user: User, password: str) -> None:
    if problems := password_problems(password):
        raise InvalidInput(fields={"password": [str(p) for p in problems]})
    user.password_hash = hash_password(password)


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user: User) -> str:
    # Changes when the password does, which makes every earlier link single-use.
    return hashlib.sha256((user.password_hash or "unset").encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"uid": user.id, "fp": _password_fingerprint(user)})


def reset_link(user: User) -> str:
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/reset-password/{make_reset_token(user)}"


def user_for_reset_token(token: str) -> User | None:
    """The user a reset link is for, or None when it is forged, expired or already used."""
    try:
        data = _reset_serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
    except BadData:
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("fp") != _password_fingerprint(user):
        return None
    return user


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token row and the plain token, which is never stored."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        message = _l("Give the token a name of 1 to 100 characters.")
        raise InvalidInput(fields={"name": [str(message)]})
    plain = "hub_" + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=hash_token(plain), prefix=plain[:12])
    db.session.add(token)
    db.session.flush()
    return token, plain


def active_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; someone else's answers as unknown."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound()
    token.revoked_at = utcnow()
    return token


def _session_lifetime() -> timedelta:
    return timedelta(seconds=int(current_app.config["PERMANENT_SESSION_LIFETIME"]))


def start_session(user: User) -> str:
    """Record a new browser session; returns the key its cookie carries (stored hashed).
    The user's ended and expired sessions are cleared away at the same time."""
    db.session.execute(sa.delete(LoginSession).where(
        LoginSession.user_id == user.id,
        sa.or_(LoginSession.ended_at.is_not(None),
               LoginSession.created_at < utcnow() - _session_lifetime()),
    ))
    key = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, key_hash=hash_token(key)))
    return key


def session_is_live(user: User, key: str | None) -> bool:
    """Whether the session with this key is the user's, not ended and not expired."""
    if not key:
        return False
    row = db.session.scalar(sa.select(LoginSession).where(LoginSession.key_hash == hash_token(key)))
    return (row is not None and row.user_id == user.id and row.ended_at is None
            and row.created_at >= utcnow() - _session_lifetime())


def end_session(key: str | None) -> None:
    """End one browser session (sign-out): its cookie, even a copy, stops working."""
    if key:
        db.session.execute(sa.update(LoginSession).where(
            LoginSession.key_hash == hash_token(key), LoginSession.ended_at.is_(None)
        ).values(ended_at=utcnow()))


def end_all_sessions(user: User) -> None:
    """Sign the user out everywhere: every browser session ends and every token is revoked
    (after a password reset, a deactivation, or at their request)."""
    now = utcnow()
    db.session.execute(sa.update(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)
    ).values(ended_at=now))
    for token in user.tokens:
        if token.revoked_at is None:
            token.revoked_at = now
