"""Atom feeds (RFC 4287): library searches, published stories, upcoming activities.

Without a token a feed holds public content only. `?token=` with a personal feed token adds
what its owner may see, through the same visibility rules as the pages; a revoked or unknown
token answers 404, so a leaked address stops working the moment it is revoked. Feeds record
no usage: feed readers poll, people do not.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Response, abort, current_app, request
from flask_login import AnonymousUserMixin
from marshmallow import ValidationError

from hub.blueprints.follows import bp, service
from hub.extensions import db
from hub.i18n import current_locale
from hub.models import Activity, Story
from hub.models.base import utcnow

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_SIZE = 50
ET.register_namespace("", ATOM)


def _q(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _base() -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/")


def personal_urls(token: str) -> dict[str, str]:
    base = _base()
    return {name: f"{base}/feeds/{name}.atom?token={token}"
            for name in ("library", "stories", "activities")}


def _reader():
    """The feed's reader: the owner of a valid token, None (public) without a token."""
    token = request.args.get("token")
    if token is None:
        return None
    owner = service.feed_token_owner(token)
    if owner is None:
        abort(404)
    return owner


def _as_user(reader):
    """The reader for permission checks: without a token the feed is public even when the
    request carries someone's session (hub.access reads None as the signed-in user)."""
    return reader if reader is not None else AnonymousUserMixin()


def _feed(feed_id: str, title: str, entries: list[dict], *, private: bool) -> Response:
    feed = ET.Element(_q("feed"), {XML_LANG: current_locale()})
    ET.SubElement(feed, _q("id")).text = f"{_base()}{feed_id}"
    ET.SubElement(feed, _q("title")).text = title
    updated = max((e["updated"] for e in entries), default=None) or utcnow()
    ET.SubElement(feed, _q("updated")).text = _iso(updated)
    author = ET.SubElement(feed, _q("author"))
    ET.SubElement(author, _q("name")).text = "ECPAT Network Hub"
    ET.SubElement(feed, _q("link"), {"rel": "self", "href": _base() + request.full_path
                                     .rstrip("?")})
    ET.SubElement(feed, _q("generator")).text = "ECPAT Network Hub"
    for e in entries:
        attrs = {XML_LANG: e["language"]} if e.get("language") else {}
        entry = ET.SubElement(feed, _q("entry"), attrs)
        ET.SubElement(entry, _q("id")).text = e["url"]
        ET.SubElement(entry, _q("title")).text = e["title"] or "—"
        ET.SubElement(entry, _q("updated")).text = _iso(e["updated"])
        if e.get("published"):
            ET.SubElement(entry, _q("published")).text = _iso(e["published"])
        link = {"rel": "alternate", "type": "text/html", "href": e["url"]}
        if e.get("language"):
            link["hreflang"] = e["language"]
        ET.SubElement(entry, _q("link"), link)
        if e.get("author"):
            ET.SubElement(ET.SubElement(entry, _q("author")), _q("name")).text = e["author"]
        for term in e.get("categories", ()):
            ET.SubElement(entry, _q("category"), {"term": term})
        ET.SubElement(entry, _q("summary"), {"type": "text"}).text = e.get("summary") or ""
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response


def _clip(text: str, limit: int = 500) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


@bp.get("/feeds/library.atom")
def library_feed():
    """The newest resources of a library search (any of its parameters), 422 for bad ones."""
    from hub.api.errors import flatten_fields
    from hub.blueprints.library.schemas import LibrarySearchQuerySchema
    from hub.blueprints.library.searching import search
    from hub.errors import InvalidInput

    reader = _reader()
    raw = {k: (v if len(v) > 1 or k in ("language", "type", "theme", "country", "region")
               else v[0]) for k, v in request.args.lists() if k != "token"}
    try:
        args = LibrarySearchQuerySchema().load(raw)
    except ValidationError as error:
        raise InvalidInput(fields=flatten_fields(error.messages)) from None
    args.update(page=1, per_page=FEED_SIZE)
    if "sort" not in request.args:
        args["sort"] = "newest"
    found = search(args, user=_as_user(reader), locale=current_locale())
    entries = [{
        "url": f"{_base()}/library/{r.id}", "title": r.title, "language": r.language,
        "updated": r.updated_at, "published": r.created_at, "summary": _clip(r.summary),
        "author": ", ".join(m.name for m in r.organisations) or None,
        "categories": [t.slug for t in r.themes],
    } for r in found["resources"]]
    return _feed("/feeds/library.atom", "ECPAT Network Hub: library", entries,
                 private=reader is not None)


@bp.get("/feeds/stories.atom")
def stories_feed():
    """Published stories the reader may see, newest publication first."""
    from hub.blueprints.stories.service import can_see, visible_query

    reader = _reader()
    query = (visible_query(_as_user(reader), status="published")
             .order_by(Story.published_at.desc(), Story.id.desc()).limit(FEED_SIZE))
    names = _member_names()
    entries = [{
        "url": f"{_base()}/stories/{s.id}", "title": s.title, "language": s.language,
        "updated": s.published_at or s.updated_at, "published": s.published_at,
        "summary": _clip(s.body), "author": names.get(s.member_id),
        "categories": [t.slug for t in s.themes],
    } for s in db.session.scalars(query) if can_see(_as_user(reader), s)]
    return _feed("/feeds/stories.atom", "ECPAT Network Hub: stories", entries,
                 private=reader is not None)


@bp.get("/feeds/activities.atom")
def activities_feed():
    """Upcoming capacity development activities, soonest first."""
    reader = _reader()
    today = utcnow().date()
    rows = db.session.scalars(sa.select(Activity).where(Activity.end_date >= today)
                              .order_by(Activity.start_date, Activity.id).limit(FEED_SIZE))
    names = _member_names()
    entries = [{
        "url": f"{_base()}/activities/{a.id}", "title": a.title, "updated": a.updated_at,
        "published": a.created_at,
        "summary": _clip(f"{a.start_date.isoformat()} – {a.end_date.isoformat()}. "
                         f"{a.description or ''}"),
        "author": names.get(a.organiser_member_id) or "ECPAT International",
        "categories": [t.slug for t in a.themes],
    } for a in rows]
    return _feed("/feeds/activities.atom", "ECPAT Network Hub: activities", entries,
                 private=reader is not None)


def _member_names() -> dict[int, str]:
    from hub.models import Member

    return dict(db.session.execute(sa.select(Member.id, Member.name)).all())
