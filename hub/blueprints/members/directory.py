"""The expertise directory (filters, facets, relevance) and the expertise coverage map.

One SQL query reads the search rows of the active members that match `q` (with a relevance
score); filters and facet counts are then computed in Python over those few thousand rows,
so each facet counts with every OTHER active filter applied, without one query per facet.
"""

from collections import Counter

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from hub.blueprints.members.search import words
from hub.errors import InvalidInput
from hub.extensions import db
from hub.models import Country, Member, MemberSearchEntry, MemberTag, Region, Tag
from hub.reference.languages import is_known_language, language_name
from hub.reference.names import country_name, region_name
from hub.reference.regions import REGION_CODES
from hub.signals import record_usage

FACETS = ("region", "country", "tag", "language")
# Relevance of a query word found in the name/acronym, a tag label, or the description/notes.
WEIGHTS = (("name_text", 4), ("tag_text", 2), ("body_text", 1))
# Anonymous visitors search only what they may see: names and tags.
PUBLIC_TEXTS = ("name_text", "tag_text")


def _tags_by_slug() -> dict[str, Tag]:
    return {t.slug: t for t in db.session.scalars(sa.select(Tag))}


def check_filters(args: dict, *, signed_in: bool) -> dict:
    """Validate the filter values; unknown ones are a 422 naming the parameter."""
    problems: dict[str, list[str]] = {}
    tags = _tags_by_slug()
    unknown = [s for s in args["tag"] if s not in tags]
    if unknown:
        problems["tag"] = [str(_l("Unknown expertise tag: %(slug)s.", slug=", ".join(unknown)))]
    if any(r not in REGION_CODES for r in args["region"]):
        problems["region"] = [str(_l("Unknown region."))]
    countries = [c.upper() for c in args["country"]]
    known = set(db.session.scalars(sa.select(Country.code).where(Country.code.in_(countries))))
    if any(c not in known for c in countries):
        problems["country"] = [str(_l("Unknown country code."))]
    languages = [code.lower() for code in args["language"]]
    if any(not is_known_language(code) for code in languages):
        problems["language"] = [str(_l("Unknown language code."))]
    if not signed_in and (languages or args.get("survivor_led") is not None):
        # Working languages and survivor leadership are not in the public subset.
        for name in ("language", "survivor_led"):
            if args.get(name) not in (None, []):
                problems[name] = [str(_l("Sign in to filter by this."))]
    if problems:
        raise InvalidInput(fields=problems)
    return {
        "tag": {tags[s].id for s in args["tag"]},
        "region": set(args["region"]),
        "country": set(countries),
        "language": set(languages),
        "survivor_led": args.get("survivor_led"),
    }


# Per process: the parsed filter values of every active member, with the version they match.
_CACHE: dict = {"version": None, "rows": {}}


class _Row:
    __slots__ = ("country_code", "id", "langs", "region_code", "sort_name", "survivor_led",
                 "tags")

    def __init__(self, raw):
        self.id = raw.member_id
        self.sort_name = raw.sort_name
        self.country_code = raw.country_code
        self.region_code = raw.region_code
        self.survivor_led = raw.survivor_led
        self.tags = frozenset(map(int, raw.tag_ids.split()))
        self.langs = frozenset(raw.languages.split())


def _active_rows() -> dict[int, "_Row"]:
    """Every active member's filter values, re-read only when some search row changed."""
    entry = MemberSearchEntry
    # The engine is part of the key: tests (and tools) run several hubs in one process.
    version = (id(db.engine), *db.session.execute(
        sa.select(sa.func.count(), sa.func.max(entry.indexed_at))).one())
    if _CACHE["version"] != version:
        raws = db.session.execute(sa.select(
            entry.member_id, entry.sort_name, entry.country_code, entry.region_code,
            entry.survivor_led, entry.tag_ids, entry.languages,
        ).where(entry.status == "active")).all()
        _CACHE["rows"] = {raw.member_id: _Row(raw) for raw in raws}
        _CACHE["version"] = version
    return _CACHE["rows"]


def _candidates(q: str, *, signed_in: bool) -> list:
    """The active members matching every word of q, each with its relevance score."""
    rows = _active_rows()
    query_words = words(q)[:8]
    if not query_words:
        return [(row, 0) for row in rows.values()]
    entry = MemberSearchEntry
    texts = [(name, weight) for name, weight in WEIGHTS if signed_in or name in PUBLIC_TEXTS]
    score = sa.literal(0)
    conditions = []
    for word in query_words:
        pattern = f"% {word}%"
        hits = [getattr(entry, name).like(pattern) for name, _ in texts]
        conditions.append(sa.or_(*hits))
        for (_name, weight), hit in zip(texts, hits, strict=True):
            score = score + sa.case((hit, weight), else_=0)
        # A whole word scores above a prefix ("art" in "art" over "articles").
        score = score + sa.case((entry.name_text.like(f"% {word} %"), 1), else_=0)
    found = db.session.execute(
        sa.select(entry.member_id, score).where(entry.status == "active", *conditions))
    return [(rows[mid], int(sc or 0)) for mid, sc in found if mid in rows]


def _passes(row, filters: dict, skip: str | None = None) -> bool:
    if skip != "tag" and filters["tag"] and not filters["tag"] <= row.tags:
        return False
    if skip != "region" and filters["region"] and row.region_code not in filters["region"]:
        return False
    if skip != "country" and filters["country"] and row.country_code not in filters["country"]:
        return False
    if skip != "language" and filters["language"] and not filters["language"] & row.langs:
        return False
    sl = filters["survivor_led"]
    return skip == "survivor_led" or sl is None or bool(row.survivor_led) == sl


def search(args: dict, *, locale: str, signed_in: bool) -> dict:
    """Active members matching q and the filters, with facets; `sort` is relevance (then
    name), name, or updated (the most recently updated profile first)."""
    filters = check_filters(args, signed_in=signed_in)
    scored = _candidates(args.get("q") or "", signed_in=signed_in)
    rows = [row for row, _ in scored]
    matching = [(row, score) for row, score in scored if _passes(row, filters)]
    sort = args.get("sort") or "relevance"
    if sort == "updated":
        updated = dict(db.session.execute(sa.select(Member.id, Member.updated_at).where(
            Member.id.in_([row.id for row, _ in matching]))).all()) if matching else {}
        matching.sort(key=lambda pair: (pair[0].sort_name, pair[0].id))
        matching.sort(key=lambda pair: (pair[0].id in updated, updated.get(pair[0].id) or 0),
                      reverse=True)
    elif sort == "name":
        matching.sort(key=lambda pair: (pair[0].sort_name, pair[0].id))
    else:
        matching.sort(key=lambda pair: (-pair[1], pair[0].sort_name, pair[0].id))
    page, per_page = args.get("page", 1), args.get("per_page", 20)
    ids = [row.id for row, _ in matching[(page - 1) * per_page: page * per_page]]
    members = {
        m.id: m for m in db.session.scalars(
            sa.select(Member).where(Member.id.in_(ids)).options(
                so.selectinload(Member.tag_links), so.selectinload(Member.language_links),
                so.selectinload(Member.social_media), so.selectinload(Member.countries),
                so.joinedload(Member.country),
            )
        )
    } if ids else {}
    record_usage("directory_search", query=args.get("q") or "", results=len(matching))
    return {
        "members": [members[i] for i in ids if i in members],
        "total": len(matching),
        "page": page,
        "per_page": per_page,
        "facets": _facets(rows, filters, locale, signed_in=signed_in),
        "filters": filters,
    }


def _facets(rows, filters, locale: str, *, signed_in: bool) -> dict:
    counts = {name: Counter() for name in FACETS}
    for row in rows:
        if _passes(row, filters, "region"):
            counts["region"][row.region_code] += 1
        if _passes(row, filters, "country"):
            counts["country"][row.country_code] += 1
        if _passes(row, filters, "tag"):
            counts["tag"].update(row.tags)
        if signed_in and _passes(row, filters, "language"):
            counts["language"].update(row.langs)
    tags = {t.id: t for t in db.session.scalars(sa.select(Tag))}
    chosen = {
        "region": filters["region"], "country": filters["country"],
        "tag": filters["tag"], "language": filters["language"],
    }
    labels = {
        "region": lambda v: region_name(v, locale),
        "country": lambda v: country_name(v, locale),
        "tag": lambda v: tags[v].label(locale),
        "language": lambda v: language_name(v, locale),
    }
    facets = {}
    for name in FACETS:
        values = set(counts[name]) | set(chosen[name])
        items = [
            {
                "value": tags[v].slug if name == "tag" else v,
                "label": labels[name](v),
                "count": counts[name].get(v, 0),
            }
            for v in values if name != "tag" or v in tags
        ]
        items.sort(key=lambda item: (-item["count"], item["label"].casefold()))
        facets[name] = items
    return facets


def coverage(by: str, locale: str) -> dict:
    """For each region (or represented country): which expertise tags at least one active
    member has, and which none has (the network's gaps)."""
    tags = list(db.session.scalars(
        sa.select(Tag).where(Tag.retired.is_(False)).order_by(Tag.position, Tag.slug)))
    key = Country.region_code if by == "region" else Member.country_code
    member_counts = dict(db.session.execute(
        sa.select(key, sa.func.count(Member.id)).join(Country, Member.country)
        .where(Member.status == "active").group_by(key)
    ).all())
    tag_counts: dict[str, Counter] = {}
    for place, slug, n in db.session.execute(
        sa.select(key, Tag.slug, sa.func.count(sa.distinct(Member.id)))
        .select_from(Member).join(Country, Member.country)
        .join(MemberTag, MemberTag.member_id == Member.id).join(Tag, MemberTag.tag)
        .where(Member.status == "active").group_by(key, Tag.slug)
    ):
        tag_counts.setdefault(place, Counter())[slug] = n
    if by == "region":
        places = list(db.session.scalars(sa.select(Region.code).order_by(Region.position)))
        name = region_name
    else:
        places = sorted(member_counts, key=lambda c: country_name(c, locale).casefold())
        name = country_name
    items = []
    for place in places:
        counted = tag_counts.get(place, Counter())
        items.append({
            by: place,
            "label": name(place, locale),
            "members": member_counts.get(place, 0),
            "tags": [{"slug": t.slug, "count": counted.get(t.slug, 0)} for t in tags],
            "covered": [t.slug for t in tags if counted.get(t.slug)],
            "missing": [t.slug for t in tags if not counted.get(t.slug)],
        })
    return {
        "by": by,
        "tags": [{"slug": t.slug, "label": t.label(locale), "group": t.group} for t in tags],
        "items": items,
    }
