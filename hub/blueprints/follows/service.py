"""Follows, saved searches, notification preferences and feed tokens of the signed-in person.

Every function changes rows and flushes; the caller (request, CLI, job) commits. A follow of a
saved search, and a saved search, belong to their owner only: anyone else's answers 404.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from hub import access
from hub.errors import Conflict, InvalidInput, NotFound
from hub.extensions import db
from hub.models import FeedToken, Follow, Member, NotificationPreference, Region, SavedSearch, Tag
from hub.models.base import utcnow
from hub.models.follow import CADENCES
from hub.models.user import hash_token
from hub.reference.names import region_name

ALREADY_FOLLOWING = _l("You already follow this.")
UNKNOWN_TARGET = _l("There is nothing of this kind with this value.")
CADENCE_RANK = {"off": 0, "weekly": 1, "daily": 2}


# ------------------------------------------------------------------ follows


def follows_of(user) -> list[Follow]:
    return list(db.session.scalars(
        sa.select(Follow).where(Follow.user_id == user.id).order_by(Follow.kind, Follow.id)))


def get_follow(user, follow_id: int) -> Follow:
    follow = db.session.get(Follow, follow_id)
    if follow is None or follow.user_id != user.id:
        raise NotFound()
    return follow


def resolve_target(user, kind: str, value) -> dict:
    """The target columns of a follow of `kind` with `value` (slug, code, id); 422 if unknown."""
    text = str(value if value is not None else "").strip()
    target = None
    if kind == "tag":
        tag = _by_slug_or_id(Tag, text)
        target = tag and {"tag_id": tag.id, "key": f"tag:{tag.id}"}
    elif kind == "region":
        region = db.session.get(Region, text.lower())
        target = region and {"region_code": region.code, "key": f"region:{region.code}"}
    elif kind == "member":
        member = _by_slug_or_id(Member, text)
        target = member and {"member_id": member.id, "key": f"member:{member.id}"}
    elif kind == "search":
        search_id = access.as_id(text)
        search = db.session.get(SavedSearch, search_id) if search_id else None
        if search is not None and search.user_id == user.id:
            target = {"saved_search_id": search.id, "key": f"search:{search.id}"}
    if not target:
        raise InvalidInput(fields={"value": [str(UNKNOWN_TARGET)]})
    return target


def _by_slug_or_id(model, text: str):
    """The row whose slug is `text`, or whose id it is (ids outside the integer range match
    nothing)."""
    match = model.slug == text
    if (row_id := access.as_id(text)) is not None:
        match = sa.or_(match, model.id == row_id)
    return db.session.scalar(sa.select(model).where(match))


def find_follow(user, kind: str, value) -> Follow | None:
    """The person's follow of this thing, if any (unknown things are simply not followed)."""
    try:
        key = resolve_target(user, kind, value)["key"]
    except InvalidInput:
        return None
    return db.session.scalar(sa.select(Follow).where(Follow.user_id == user.id,
                                                     Follow.key == key))


def follow(user, kind: str, value, *, muted: bool = False) -> Follow:
    """Start following; 409 when the person already follows it, 422 for an unknown thing."""
    target = resolve_target(user, kind, value)
    existing = db.session.scalar(sa.select(Follow).where(Follow.user_id == user.id,
                                                         Follow.key == target["key"]))
    if existing is not None:
        raise Conflict(ALREADY_FOLLOWING, code="already_following")
    row = Follow(user_id=user.id, kind=kind, muted=muted, **target)
    db.session.add(row)
    db.session.flush()
    return row


def unfollow(follow_row: Follow) -> None:
    """Stop following; unfollowing a saved search also switches its alert off."""
    if follow_row.saved_search is not None:
        follow_row.saved_search.alert = "off"
    db.session.delete(follow_row)
    db.session.flush()


def set_muted(follow_row: Follow, muted: bool) -> Follow:
    follow_row.muted = bool(muted)
    db.session.flush()
    return follow_row


def follow_value(f: Follow) -> str:
    if f.kind == "tag":
        return f.tag.slug
    if f.kind == "region":
        return f.region_code
    if f.kind == "member":
        return f.member.slug
    return str(f.saved_search_id)


def follow_label(f: Follow, locale: str) -> str:
    if f.kind == "tag":
        return f.tag.label(locale)
    if f.kind == "region":
        return region_name(f.region_code, locale)
    if f.kind == "member":
        return f.member.name
    return f.saved_search.name


def follow_dict(f: Follow, locale: str) -> dict:
    return {"id": f.id, "kind": f.kind, "value": follow_value(f), "label": follow_label(f, locale),
            "muted": f.muted, "created_at": f.created_at}


# ------------------------------------------------------------------ saved searches


def clean_query(raw) -> dict:
    """The library search parameters of `raw`, validated; paging and defaults left out."""
    from hub.blueprints.library.schemas import LibrarySearchQuerySchema

    if not isinstance(raw, dict):
        raise InvalidInput(fields={"query": [str(_l("Not a valid search."))]})
    try:
        loaded = LibrarySearchQuerySchema().load(raw)
    except ValidationError as error:
        from hub.api.errors import flatten_fields

        raise InvalidInput(fields=flatten_fields(error.messages, "query.")) from None
    query = {}
    for key, value in loaded.items():
        if key in ("page", "per_page") or value in (None, "", []):
            continue
        if (key, value) in (("sort", "relevance"), ("cross_language", True)):
            continue
        query[key] = [c.upper() for c in value] if key == "country" else value
    return query


def saved_searches_of(user) -> list[SavedSearch]:
    return list(db.session.scalars(sa.select(SavedSearch).where(SavedSearch.user_id == user.id)
                                   .order_by(SavedSearch.name, SavedSearch.id)))


def get_saved_search(user, search_id: int) -> SavedSearch:
    search = db.session.get(SavedSearch, search_id)
    if search is None or search.user_id != user.id:
        raise NotFound()
    return search


def _ensure_search_follow(user, search: SavedSearch) -> None:
    """An alert puts the search's results in the digest, which is what following it means."""
    if search.alert != "off" and find_follow(user, "search", search.id) is None:
        db.session.add(Follow(user_id=user.id, kind="search", saved_search_id=search.id,
                              key=f"search:{search.id}"))


def create_saved_search(user, data: dict) -> SavedSearch:
    search = SavedSearch(user_id=user.id, name=data["name"].strip(),
                         query=clean_query(data.get("query") or {}),
                         alert=data.get("alert") or "off")
    db.session.add(search)
    db.session.flush()
    _ensure_search_follow(user, search)
    db.session.flush()
    return search


def update_saved_search(user, search: SavedSearch, data: dict) -> SavedSearch:
    if "name" in data:
        search.name = data["name"].strip()
    if "query" in data:
        search.query = clean_query(data["query"] or {})
    if "alert" in data:
        search.alert = data["alert"]
    db.session.flush()
    _ensure_search_follow(user, search)
    db.session.flush()
    return search


def delete_saved_search(search: SavedSearch) -> None:
    db.session.execute(sa.delete(Follow).where(Follow.saved_search_id == search.id))
    db.session.delete(search)
    db.session.flush()


def saved_search_dict(search: SavedSearch) -> dict:
    return {"id": search.id, "name": search.name, "query": search.query, "alert": search.alert,
            "created_at": search.created_at, "updated_at": search.updated_at}


# ------------------------------------------------------------------ preferences


def preferences_of(user) -> NotificationPreference:
    """The person's row, or an unsaved one with the defaults (weekly digest)."""
    row = db.session.get(NotificationPreference, user.id)
    if row is None:
        row = NotificationPreference(user_id=user.id, digest="weekly", digest_since=None)
    return row


def update_preferences(user, data: dict) -> NotificationPreference:
    """Change the digest cadence and the language; switching mail on never reaches back."""
    row = db.session.get(NotificationPreference, user.id)
    if row is None:
        row = NotificationPreference(user_id=user.id, digest="weekly", digest_since=None)
        db.session.add(row)
    if "digest" in data:
        if data["digest"] not in CADENCES:
            raise InvalidInput(fields={"digest": [str(_l("Not a valid choice."))]})
        if row.digest == "off" and data["digest"] != "off":
            row.digest_since = utcnow()
        row.digest = data["digest"]
    if "locale" in data:
        user.locale = data["locale"] or None
    db.session.flush()
    return row


def switch_mail_off(user) -> None:
    """The one-click unsubscribe: the digest and every saved search's alert off."""
    row = db.session.get(NotificationPreference, user.id)
    if row is None:
        db.session.add(NotificationPreference(user_id=user.id, digest="off"))
    else:
        row.digest, row.updated_at = "off", utcnow()
    for search in saved_searches_of(user):
        search.alert = "off"
    db.session.flush()


def mail_cadence(preference: NotificationPreference, searches: list[SavedSearch]) -> str:
    """How often the person's mail goes: the most frequent of the digest and the alerts."""
    cadence = preference.digest
    for search in searches:
        if CADENCE_RANK[search.alert] > CADENCE_RANK[cadence]:
            cadence = search.alert
    return cadence


def preferences_dict(user, row: NotificationPreference) -> dict:
    return {"digest": row.digest, "locale": user.locale, "feed_token": has_feed_token(user)}


# ------------------------------------------------------------------ feed tokens


def has_feed_token(user) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(FeedToken).where(
        FeedToken.user_id == user.id, FeedToken.revoked_at.is_(None))) > 0


def new_feed_token(user) -> str:
    """A new personal feed token (shown once); any earlier one stops working."""
    revoke_feed_tokens(user)
    token = "hubfeed_" + secrets.token_urlsafe(24)
    db.session.add(FeedToken(user_id=user.id, token_hash=hash_token(token)))
    db.session.flush()
    return token


def revoke_feed_tokens(user) -> None:
    db.session.execute(sa.update(FeedToken).where(
        FeedToken.user_id == user.id, FeedToken.revoked_at.is_(None)).values(revoked_at=utcnow()))
    db.session.flush()


def feed_token_owner(token: str | None):
    """The active person a feed token belongs to, else None (the feed is then public)."""
    from hub.models import User

    if not token:
        return None
    row = db.session.scalar(sa.select(FeedToken).where(
        FeedToken.token_hash == hash_token(token), FeedToken.revoked_at.is_(None)))
    if row is None:
        return None
    user = db.session.get(User, row.user_id)
    return user if user is not None and user.active else None
