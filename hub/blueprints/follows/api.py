"""/api/v1/me: follows, saved searches, preferences, the personal feed token and the next
digest (shared/API.md, "Staying in touch"). Everything here is the signed-in person's own:
anonymous requests answer 401, someone else's follow or saved search 404."""

from __future__ import annotations

from flask_login import current_user, login_required

from hub.blueprints.follows import api_bp, digest, service
from hub.blueprints.follows.schemas import (
    DigestQuerySchema,
    DigestSchema,
    FeedTokenSchema,
    FollowListSchema,
    FollowPatchSchema,
    FollowSchema,
    PreferencesPatchSchema,
    PreferencesSchema,
    SavedSearchListSchema,
    SavedSearchPatchSchema,
    SavedSearchSchema,
)
from hub.i18n import current_locale


def _user():
    return current_user._get_current_object()


def _listed(rows, as_dict, *args) -> dict:
    """The person's own rows, all of them (no paging: a person has few)."""
    items = [as_dict(row, *args) for row in rows]
    return {"items": items, "total": len(items)}


@api_bp.get("/follows")
@login_required
@api_bp.response(200, FollowListSchema)
def list_follows():
    """What the signed-in person follows."""
    return _listed(service.follows_of(_user()), service.follow_dict, current_locale())


@api_bp.post("/follows")
@login_required
@api_bp.arguments(FollowSchema)
@api_bp.response(201, FollowSchema)
def create_follow(data):
    """Follow a tag, region, member or own saved search; 409 if already followed."""
    row = service.follow(_user(), data["kind"], data["value"], muted=data.get("muted", False))
    return service.follow_dict(row, current_locale())


@api_bp.patch("/follows/<int:follow_id>")
@login_required
@api_bp.arguments(FollowPatchSchema)
@api_bp.response(200, FollowSchema)
def patch_follow(data, follow_id):
    """Mute or unmute a follow (a muted follow adds nothing to the digest)."""
    row = service.set_muted(service.get_follow(_user(), follow_id), data["muted"])
    return service.follow_dict(row, current_locale())


@api_bp.delete("/follows/<int:follow_id>")
@login_required
@api_bp.response(204)
def delete_follow(follow_id):
    """Stop following."""
    service.unfollow(service.get_follow(_user(), follow_id))
    return ""


@api_bp.get("/saved-searches")
@login_required
@api_bp.response(200, SavedSearchListSchema)
def list_saved_searches():
    """The person's saved library searches."""
    return _listed(service.saved_searches_of(_user()), service.saved_search_dict)


@api_bp.post("/saved-searches")
@login_required
@api_bp.arguments(SavedSearchSchema)
@api_bp.response(201, SavedSearchSchema)
def create_saved_search(data):
    """Save a library search (its parameters as GET /api/v1/resources/search takes them)."""
    search = service.create_saved_search(_user(), data)
    return service.saved_search_dict(search)


@api_bp.get("/saved-searches/<int:search_id>")
@login_required
@api_bp.response(200, SavedSearchSchema)
def get_saved_search(search_id):
    return service.saved_search_dict(service.get_saved_search(_user(), search_id))


@api_bp.patch("/saved-searches/<int:search_id>")
@login_required
@api_bp.arguments(SavedSearchPatchSchema)
@api_bp.response(200, SavedSearchSchema)
def patch_saved_search(data, search_id):
    """Rename it, change its parameters or its alert."""
    search = service.update_saved_search(
        _user(), service.get_saved_search(_user(), search_id), data)
    return service.saved_search_dict(search)


@api_bp.delete("/saved-searches/<int:search_id>")
@login_required
@api_bp.response(204)
def delete_saved_search(search_id):
    service.delete_saved_search(service.get_saved_search(_user(), search_id))
    return ""


@api_bp.get("/preferences")
@login_required
@api_bp.response(200, PreferencesSchema)
def get_preferences():
    """The digest cadence (`off`, `daily`, `weekly`; default weekly) and the language."""
    return service.preferences_dict(_user(), service.preferences_of(_user()))


@api_bp.patch("/preferences")
@login_required
@api_bp.arguments(PreferencesPatchSchema)
@api_bp.response(200, PreferencesSchema)
def patch_preferences(data):
    row = service.update_preferences(_user(), data)
    return service.preferences_dict(_user(), row)


@api_bp.post("/feed-token")
@login_required
@api_bp.response(201, FeedTokenSchema)
def create_feed_token():
    """A new personal feed token (shown once; the previous one stops working) and the feed
    URLs that carry it."""
    from hub.blueprints.follows.feeds import personal_urls

    token = service.new_feed_token(_user())
    return {"token": token, "urls": personal_urls(token)}


@api_bp.delete("/feed-token")
@login_required
@api_bp.response(204)
def delete_feed_token():
    """Revoke the personal feed token: its URLs then show public content only."""
    service.revoke_feed_tokens(_user())
    return ""


@api_bp.get("/digest")
@login_required
@api_bp.arguments(DigestQuerySchema, location="query")
@api_bp.response(200, DigestSchema)
def next_digest(args):
    """What the next digest would hold up to `until` (default now), grouped by follow."""
    d = digest.digest_for(_user(), until=args.get("until"))
    return digest_dict(d, current_locale())


def digest_dict(d, locale: str) -> dict:
    return {
        "cadence": d.cadence,
        "window": {"start": d.start, "end": d.end},
        "total": d.total,
        "groups": [{
            "follow": service.follow_dict(g.follow, locale),
            "items": [{"kind": i.kind, "id": i.id, "title": i.title, "url": i.path,
                       "language": i.language, "at": i.at, "note": i.note} for i in g.items],
            "more": g.more,
        } for g in d.groups],
    }
