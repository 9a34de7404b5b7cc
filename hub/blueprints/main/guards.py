"""Checks on every request: CSRF for forms, same-origin for cookie-authenticated API writes."""

from urllib.parse import urlsplit

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from hub.api.errors import api_error, is_api_request
from hub.blueprints.auth.session import bearer_token
from hub.blueprints.main import bp
from hub.extensions import csrf
from hub.i18n import LOCALE_COOKIE, supported

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Forms posted from outside the hub whose URL carries its own signed authority (a mail
# client's one-click unsubscribe, RFC 8058): no session, so no CSRF token to check.
SIGNED_LINK_ENDPOINTS: set[str] = set()


def allow_signed_link_posts(endpoint: str) -> None:
    """Let POSTs to `endpoint` through without a CSRF token (its URL must be signed)."""
    SIGNED_LINK_ENDPOINTS.add(endpoint)


@bp.before_app_request
def protect_writes():
    """Forms carry a CSRF token. API writes with a bearer token need none; with the session
    cookie they are refused when the browser says they come from another site (SameSite=Lax
    already keeps the cookie off cross-site posts; this is the second lock)."""
    if request.method not in UNSAFE_METHODS:
        return None
    if not is_api_request():
        if request.endpoint not in SIGNED_LINK_ENDPOINTS:
            csrf.protect()
        return None
    if bearer_token() is not None:
        return None
    origin = request.headers.get("Origin")
    cross_site = request.headers.get("Sec-Fetch-Site") == "cross-site"
    if cross_site or (origin and origin != "null" and urlsplit(origin).netloc != request.host):
        return api_error(403, "cross_origin", _l("Requests from other sites are refused."))
    return None


@bp.app_errorhandler(CSRFError)
def csrf_failed(error):
    from flask import render_template

    message = _l("This form has expired or was not sent from the hub. Please try again.")
    return render_template("errors/error.html", status=400, message=message), 400


@bp.after_app_request
def remember_language_and_harden(response):
    """Keep a `?lang=` choice in a cookie; add headers every page should carry."""
    chosen = supported(request.args.get("lang"))
    if chosen and request.cookies.get(LOCALE_COOKIE) != chosen:
        response.set_cookie(
            LOCALE_COOKIE, chosen, max_age=365 * 86400, samesite="Lax", httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "text/html":
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
        )
        response.headers.setdefault("Vary", "Cookie, Accept-Language")
    return response
