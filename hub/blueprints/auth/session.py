"""Who is making this request: the browser session or a personal API token."""

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user

from hub.api.errors import api_error, is_api_request
from hub.extensions import db
from hub.models import ApiToken, User
from hub.models.base import utcnow
from hub.models.user import hash_token

# Writing last_used_at on every call would turn each API read into a write.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)
# The key of the server-side session record (hub.models.LoginSession) in the cookie.
SESSION_KEY = "hub_sid"


def init_login(app: Flask, login_manager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.request_loader(load_user_from_bearer)
    login_manager.unauthorized_handler(unauthorized)


def load_user(user_id: str) -> User | None:
    """The session's user while its server-side record is live (not signed out, here or
    everywhere, nor expired)."""
    from hub.blueprints.auth.service import session_is_live

    # A request that carries a bearer token is judged by the token alone.
    if bearer_token() is not None:
        return None
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or not session_is_live(user, session.get(SESSION_KEY)):
        return None
    return user


def sign_in_browser(user: User) -> None:
    """Start a browser session for the user; the caller commits."""
    from hub.blueprints.auth.service import start_session

    login_user(user)
    session[SESSION_KEY] = start_session(user)


def sign_out_browser() -> None:
    """End this browser's session on the server too; the caller commits."""
    from hub.blueprints.auth.service import end_session

    end_session(session.pop(SESSION_KEY, None))
    logout_user()


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def load_user_from_bearer(_request) -> User | None:
    """A valid, unrevoked token of an active user; anything else is anonymous."""
    token = bearer_token()
    if token is None:
        return None
    row = db.session.scalar(
        sa.select(ApiToken).where(
            ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None)
        )
    )
    if row is None or not row.user.active:
        g.bad_bearer_token = True
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > TOKEN_TOUCH_INTERVAL:
        # Its own short transaction: the touch stands whatever the request's outcome.
        with db.engine.begin() as connection:
            connection.execute(sa.update(ApiToken).where(ApiToken.id == row.id)
                               .values(last_used_at=now))
        db.session.expire(row, ["last_used_at"])
    g.api_token = row
    return row.user


def authenticated_by_token() -> bool:
    return g.get("api_token") is not None


def unauthorized():
    """401 with the error body for the API; the sign-in page for everything else."""
    if is_api_request():
        if g.get("bad_bearer_token"):
            return api_error(401, "invalid_token", _l("This API token is not valid."))
        return api_error(401)
    return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
