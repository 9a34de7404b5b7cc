"""Opening the Hub from a digest link: counted as use (`digest_click`, indicator 4.5) and
as the digest being opened (the Secretariat's usage page). No images, no tracking pixel:
only a signed `digest` parameter on the links, removed by a redirect once counted."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, redirect, request
from flask_login import current_user

from hub.blueprints.follows import links
from hub.extensions import db
from hub.models import DigestSend, User
from hub.models.base import utcnow
from hub.signals import record_usage


def install(app: Flask) -> None:
    app.before_request(count_digest_click)


def count_digest_click():
    """A GET with a valid `digest` token: count it once per click, then show the clean URL."""
    token = request.args.get("digest")
    if token is None or request.method != "GET" or request.path.startswith("/api/"):
        return None
    send_id = links.click_send_id(token)
    send = db.session.get(DigestSend, send_id) if send_id is not None else None
    if send is not None:
        reader = db.session.get(User, send.user_id)
        if send.opened_at is None:
            send.opened_at = utcnow()  # committed with the redirect (hub.uow)
        if reader is not None and reader.active:
            record_usage("digest_click", user=reader, object_type="digest", object_id=send.id)
    args = [(k, v) for k, values in request.args.lists() for v in values if k != "digest"]
    return redirect(request.path + (f"?{urlencode(args)}" if args else ""), code=303)


def follow_state(kind: str, value):
    """The signed-in person's follow of a thing, for "Follow"/"Following" buttons."""
    from hub.blueprints.follows import service

    if not current_user.is_authenticated:
        return None
    return service.find_follow(current_user, kind, value)
