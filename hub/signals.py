"""Signals between features, so they need not import each other.

`usage` carries what members do on the hub (issue 5's usage log subscribes to it; the
event types are listed in shared/API.md). A feature calls `record_usage` at the point where
the action has happened; the subscriber decides how to store it and must never fail the request.
"""

from blinker import Namespace
from flask import current_app, g, has_request_context, request
from flask_login import current_user

_signals = Namespace()
usage = _signals.signal("usage")

USAGE_EVENT_TYPES = (
    "sign_in", "sign_out", "search", "directory_search", "resource_view", "resource_download",
    "resource_create", "resource_update", "story_create", "story_submit", "profile_update",
    "profile_review", "activity_report", "api_call", "digest_click",
)


def record_usage(
    event_type: str,
    *,
    user=None,
    object_type: str | None = None,
    object_id: int | None = None,
    **details,
) -> None:
    """Announce one usage event by the current (or given) user."""
    if event_type not in USAGE_EVENT_TYPES:
        raise ValueError(f"unknown usage event type {event_type!r}")
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user._get_current_object()
    if user is None:
        return
    channel = "web"
    if has_request_context() and (request.path.startswith("/api/") or g.get("api_token")):
        channel = "api"
    usage.send(
        current_app._get_current_object(),
        event_type=event_type,
        user=user,
        object_type=object_type,
        object_id=object_id,
        channel=channel,
        details=details,
    )
