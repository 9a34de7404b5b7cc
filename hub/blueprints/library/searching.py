"""Library search: the index gives ids, snippets and facet counts; rows come from the database.

The database is the source of truth: hits are re-read in index order and re-checked for
visibility, so a change still queued for the index can never reveal a network-only resource.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from hub.blueprints.library import indexing
from hub.blueprints.library.service import TYPE_LABELS, SearchUnavailable, can_see
from hub.extensions import db
from hub.models import Resource, Tag
from hub.reference.languages import language_name
from hub.reference.names import country_name, region_name
from hub.search import IndexBusy, IndexUnavailable

UNAVAILABLE = _l("Search is unavailable: the search index is missing or damaged. "
                 "An administrator can rebuild it with “flask --app hub search rebuild”.")
FILTER_KEYS = ("language", "type", "theme", "country", "region")


def search(args: dict, *, user, locale: str) -> dict:
    """Run a library search for `user`; raises SearchUnavailable (503) when the index is."""
    filters = {key: args[key] for key in FILTER_KEYS if args.get(key)}
    for key in ("year_from", "year_to"):
        if args.get(key) is not None:
            filters[key] = args[key]
    signed_in = bool(user is not None and user.is_authenticated)
    try:
        found = indexing.ensure_index().search(
            args.get("q") or "", filters=filters, include_network=signed_in,
            sort=args.get("sort") or "relevance",
            cross_language=args.get("cross_language", True),
            page=args.get("page") or 1, per_page=args.get("per_page") or 20,
        )
    except (IndexUnavailable, IndexBusy, indexing.LockTimeout) as error:
        raise SearchUnavailable(UNAVAILABLE) from error
    rows = {}
    if found.ids:
        rows = {r.id: r for r in db.session.scalars(
            sa.select(Resource).where(Resource.id.in_(found.ids)))}
    resources = [rows[i] for i in found.ids if i in rows and can_see(user, rows[i])]
    return {
        "resources": resources,
        "items": [item(r, found.snippets.get(r.id, "")) for r in resources],
        "total": found.total,
        "page": args.get("page") or 1,
        "per_page": args.get("per_page") or 20,
        "facets": facets(found.facets, locale),
        "suggestion": found.suggestion,
        "corrected": bool(getattr(found, "corrected", False)),
        "expansions": found.expansions,
        "matched": found.matched,
    }


def item(resource: Resource, snippet: str) -> dict:
    return {"id": resource.id, "title": resource.title, "language": resource.language,
            "type": resource.type, "snippet": snippet, "published_on": resource.published_on}


def facets(raw: dict, locale: str) -> dict:
    """The engine's (value, count) pairs with labels in the reader's language."""
    theme_slugs = [v for v, _ in raw.get("theme", [])]
    tags = {}
    if theme_slugs:
        tags = {t.slug: t for t in db.session.scalars(sa.select(Tag).where(
            Tag.slug.in_(theme_slugs)))}

    def label(facet: str, value: str) -> str:
        if facet == "language":
            return language_name(value, locale)
        if facet == "type":
            return str(TYPE_LABELS.get(value, value))
        if facet == "theme":
            return tags[value].label(locale) if value in tags else value
        if facet == "region":
            return region_name(value, locale)
        if facet == "country":
            return country_name(value, locale)
        return value

    return {facet: [{"value": str(v), "label": label(facet, str(v)), "count": c}
                    for v, c in pairs]
            for facet, pairs in raw.items()}
