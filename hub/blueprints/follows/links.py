"""Signed values in digest links: one-click unsubscribe, and which digest a click came from.

Both are signed with the app's secret (itsdangerous), so they work without signing in and
cannot be forged or pointed at someone else; neither expires (a digest stays in a mailbox).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"hub.digest.{purpose}")


def unsubscribe_token(user_id: int) -> str:
    return _serializer("unsubscribe").dumps(user_id)


def unsubscribe_user_id(token: str) -> int | None:
    try:
        value = _serializer("unsubscribe").loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def click_token(send_id: int) -> str:
    return _serializer("click").dumps(send_id)


def click_send_id(token: str) -> int | None:
    try:
        value = _serializer("click").loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def public_url(path: str, *, click: str | None = None, **params) -> str:
    """An absolute link for a mail; with `click` (a `click_token`) it carries the digest it
    came from."""
    if click is not None:
        params["digest"] = click
    query = urlencode({k: v for k, v in params.items() if v is not None}, doseq=True)
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return f"{base}{path}" + (f"?{query}" if query else "")
