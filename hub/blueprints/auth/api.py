"""/api/v1/auth: sign in and out, who am I, personal API tokens, password reset."""

from flask import current_app
from flask_login import current_user, login_required

from hub import access
from hub.api.errors import api_error
from hub.blueprints.auth import api_bp, limits, messages, service
from hub.blueprints.auth.schemas import (
    LoginSchema,
    NewTokenSchema,
    ResetConfirmSchema,
    ResetRequestSchema,
    TokenCreateSchema,
    TokenListSchema,
    UserEnvelopeSchema,
)
from hub.blueprints.auth.session import authenticated_by_token, sign_in_browser, sign_out_browser
from hub.errors import InvalidInput
from hub.extensions import limiter


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@api_bp.post("/login")
@limits.sign_in
@api_bp.arguments(LoginSchema)
@api_bp.response(200, UserEnvelopeSchema)
def login(data):
    """Sign in with e-mail and password; 401 with one message whether or not the account exists."""
    user = service.authenticate(data["email"], data["password"])
    if user is None:
        return api_error(401, "invalid_credentials", messages.BAD_CREDENTIALS)
    sign_in_browser(user)
    service.record_sign_in(user)
    return {"user": user}


@api_bp.post("/logout")
@api_bp.response(204)
def logout():
    """End the browser session, on the server too (a no-op when not signed in)."""
    service.record_sign_out(current_user)
    sign_out_browser()


@api_bp.post("/logout-everywhere")
@login_required
@api_bp.response(204)
def logout_everywhere():
    """End every session of yours, in every browser, and revoke all your API tokens."""
    service.record_sign_out(current_user)
    service.end_all_sessions(current_user)
    sign_out_browser()


@api_bp.get("/me")
@login_required
@api_bp.response(200, UserEnvelopeSchema)
def me():
    """The signed-in user."""
    return {"user": current_user}


@api_bp.get("/tokens")
@login_required
@api_bp.response(200, TokenListSchema)
def list_tokens():
    """Your active tokens (never the tokens themselves)."""
    return {"items": service.active_tokens(current_user)}


@api_bp.post("/tokens")
@login_required
@api_bp.arguments(TokenCreateSchema)
@api_bp.response(201, NewTokenSchema)
def create_token(data):
    """A new personal token; the response is the only time it is shown. Only a signed-in
    browser may make one (403 with a bearer token: a leaked token cannot mint others)."""
    access.require(not authenticated_by_token(), messages.TOKEN_NEEDS_SESSION)
    token, plain = service.create_token(current_user, data["name"])
    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": None,
        "token": plain,
    }


@api_bp.delete("/tokens/<int:token_id>")
@login_required
@api_bp.response(204)
def revoke_token(token_id: int):
    """Revoke one of your tokens; it stops working at once."""
    service.revoke_token(current_user, token_id)


@api_bp.post("/password-reset")
@limits.password_reset
@api_bp.arguments(ResetRequestSchema)
@api_bp.response(202)
def request_password_reset(data):
    """E-mail a reset link if the account exists; the answer is the same either way."""
    user = service.find_user(data["email"])
    if user is not None and user.active:
        messages.send_reset_mail(user)
    return {"message": str(messages.RESET_SENT)}


@api_bp.post("/password-reset/confirm")
@limiter.limit(login_limit)
@api_bp.arguments(ResetConfirmSchema)
@api_bp.response(200, UserEnvelopeSchema)
def confirm_password_reset(data):
    """Set a new password with a reset link's token; the token then stops working."""
    user = service.user_for_reset_token(data["token"])
    if user is None:
        raise InvalidInput(messages.RESET_INVALID, fields={"token": [str(messages.RESET_INVALID)]})
    service.set_password(user, data["password"])
    service.end_all_sessions(user)
    return {"user": user}
