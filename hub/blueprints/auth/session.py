"""Who is making this request: the browser session or a personal API token."""

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from hub.api.errors import api_error, is_api_request
from hub.extensions import db
from hub.models import ApiToken, User
from hub.models.base import utcnow
from hub.models.user import hash_token

# Writing last_used_at on every call would turn each API read into a write.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)


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
    # A request that carries a bearer token is judged by the token alone.
    if bearer_token() is not None:
        return None
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


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
