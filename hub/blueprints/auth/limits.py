"""Limits on signing in and on asking for reset links, shared by the pages and the API: per
client address (HUB_PROXY_HOPS says where that comes from) and per account (the e-mail
address tried), so neither many guesses from one place nor a slow guess at one account from
many places gets far. Counters live in HUB_RATELIMIT_STORAGE_URI (Redis with several
workers)."""

import logging

from flask import current_app, request

from hub.blueprints.auth.service import normalise_email
from hub.extensions import limiter

log = logging.getLogger(__name__)


def submitted_email() -> str:
    """The account a form or JSON body names: its e-mail address, normalised."""
    if request.is_json:
        data = request.get_json(silent=True)
        value = data.get("email") if isinstance(data, dict) else None
    else:
        value = request.form.get("email")
    return "account:" + normalise_email(value if isinstance(value, str) else "")


def _per_address() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _per_account() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _reset_per_account() -> str:
    return current_app.config["PASSWORD_RESET_ACCOUNT_RATE_LIMIT"]


def _refused(response) -> bool:
    return response.status_code == 401


def _breached(scope: str):
    def on_breach(limit) -> None:
        # Which limit, never the address or the account: the log is no list of targets.
        log.warning("%s refused: %s reached", scope, limit.limit)
    return on_breach


def sign_in(view):
    """Every attempt counts against the address; failed ones against the account, so its
    owner still gets in after someone else's guesses stop."""
    view = limiter.shared_limit(
        _per_account, scope="sign-in-account", key_func=submitted_email, methods=["POST"],
        deduct_when=_refused, on_breach=_breached("Sign-in for one account"),
    )(view)
    return limiter.shared_limit(_per_address, scope="sign-in", methods=["POST"],
                                on_breach=_breached("Sign-in from one address"))(view)


def password_reset(view):
    """Each request sends a mail, so each counts against the address and the account."""
    view = limiter.shared_limit(
        _reset_per_account, scope="password-reset-account", key_func=submitted_email,
        methods=["POST"], on_breach=_breached("Reset request for one account"),
    )(view)
    return limiter.shared_limit(_per_address, scope="password-reset", methods=["POST"],
                                on_breach=_breached("Reset request from one address"))(view)
