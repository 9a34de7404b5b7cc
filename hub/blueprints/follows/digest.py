"""What a person's digest holds: its window, and what is new in it for what they follow.

Windows are half-open, `[start, end)`, in UTC. A daily window ends at midnight UTC, a weekly
one at midnight starting `HUB_DIGEST_DAY`. A person's next window starts where their last
recorded one ended (`DigestSend`), so an item created at any instant is in exactly one
digest: a missed run is caught up by the next one, a repeated run finds nothing due, and a
change from daily to weekly (or back) neither repeats nor skips anything. Before the first
digest, the window starts at the account's creation (or when mail was last switched on).

Privacy is the reader's: each item passes the same `can_see` the pages use for that person,
only published stories are read, and only upcoming activities are announced.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from hub.blueprints.follows import service
from hub.blueprints.library.service import can_see as can_see_resource
from hub.blueprints.stories.service import can_see as can_see_story
from hub.extensions import db
from hub.models import (
    Activity,
    Country,
    DigestSend,
    Follow,
    Member,
    MemberRevision,
    Resource,
    SavedSearch,
    Story,
    resource_region,
)
from hub.models.base import utcnow

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# Enough to be worth reading, few enough to stay far below 50 KB.
ITEMS_PER_GROUP = 8
ITEMS_PER_DIGEST = 40


def digest_weekday() -> int:
    """`HUB_DIGEST_DAY` as 0 (Monday) to 6: a day name or a number."""
    value = str(current_app.config.get("DIGEST_DAY", "monday")).strip().lower()
    if value.isdigit():
        return int(value) % 7
    return WEEKDAYS.index(value) if value in WEEKDAYS else 0


def window_end(cadence: str, now: datetime) -> datetime:
    """The latest boundary of a cadence at or before `now`."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if cadence == "daily":
        return midnight
    return midnight - timedelta(days=(midnight.weekday() - digest_weekday()) % 7)


def last_window_ends(user_ids=None) -> dict[int, datetime]:
    """The end of each person's last recorded window."""
    query = sa.select(DigestSend.user_id, sa.func.max(DigestSend.window_end)).group_by(
        DigestSend.user_id)
    if user_ids is not None:
        query = query.where(DigestSend.user_id.in_(list(user_ids)))
    return {row[0]: row[1] for row in db.session.execute(query)}


def window_start(user, preference, last_end: datetime | None) -> datetime:
    floor = preference.digest_since or user.created_at
    start = last_end if last_end is not None else floor
    return max(start, floor) if floor is not None else start


def due_window(user, preference, cadence: str, last_end: datetime | None,
               now: datetime) -> tuple[datetime, datetime] | None:
    """The window to send now, or None when nothing is due."""
    if cadence == "off":
        return None
    end = window_end(cadence, now)
    start = window_start(user, preference, last_end)
    if last_end is None:
        start = max(start, end - PERIODS[cadence])
    return (start, end) if end > start else None


def preview_window(user, preference, cadence: str, last_end: datetime | None,
                   until: datetime) -> tuple[datetime, datetime]:
    """The window the next digest grows from, up to `until`."""
    start = window_start(user, preference, last_end)
    if last_end is None and cadence != "off":
        start = max(start, window_end(cadence, until) - PERIODS[cadence])
    return start, max(start, until)


# ------------------------------------------------------------------ what is new


@dataclass
class Item:
    kind: str  # resource, story, activity, profile
    id: int
    title: str
    at: datetime
    path: str
    language: str | None = None
    note: str = ""
    themes: frozenset = frozenset()
    regions: frozenset = frozenset()
    members: frozenset = frozenset()
    row: object = None


@dataclass
class Content:
    """Everything new between `start` and `end`, indexed by what one can follow."""

    start: datetime
    end: datetime
    items: list[Item] = field(default_factory=list)
    by_tag: dict = field(default_factory=lambda: defaultdict(list))
    by_region: dict = field(default_factory=lambda: defaultdict(list))
    by_member: dict = field(default_factory=lambda: defaultdict(list))
    resources: dict = field(default_factory=dict)
    search_cache: dict = field(default_factory=dict)

    def add(self, item: Item) -> None:
        self.items.append(item)
        for tag_id in item.themes:
            self.by_tag[tag_id].append(item)
        for code in item.regions:
            self.by_region[code].append(item)
        for member_id in item.members:
            self.by_member[member_id].append(item)
        if item.kind == "resource":
            self.resources[item.id] = item


def load_content(start: datetime, end: datetime) -> Content:
    """Read what is new in `[start, end)` once, for every person whose window lies inside."""
    content = Content(start, end)
    region_of = dict(db.session.execute(sa.select(Country.code, Country.region_code)).all())

    resources = db.session.scalars(
        sa.select(Resource).where(Resource.created_at >= start, Resource.created_at < end)
        .options(so.selectinload(Resource.themes), so.selectinload(Resource.countries),
                 so.selectinload(Resource.organisations))
    ).all()
    extra_regions = defaultdict(set)
    if resources:
        for rid, code in db.session.execute(sa.select(
                resource_region.c.resource_id, resource_region.c.region_code).where(
                resource_region.c.resource_id.in_([r.id for r in resources]))):
            extra_regions[rid].add(code)
    for r in resources:
        content.add(Item(
            "resource", r.id, r.title, r.created_at, f"/library/{r.id}", language=r.language,
            themes=frozenset(t.id for t in r.themes),
            regions=frozenset({region_of.get(c.code) for c in r.countries} | extra_regions[r.id])
            - {None},
            members=frozenset(m.id for m in r.organisations), row=r))

    stories = db.session.scalars(
        sa.select(Story).where(Story.status == "published", Story.published_at >= start,
                               Story.published_at < end)
        .options(so.selectinload(Story.themes), so.selectinload(Story.audience_rows))
    ).all()
    for s in stories:
        content.add(Item(
            "story", s.id, s.title, s.published_at, f"/stories/{s.id}", language=s.language,
            themes=frozenset(t.id for t in s.themes),
            regions=frozenset({region_of.get(s.country_code)} - {None}),
            members=frozenset({s.member_id}), row=s))

    activities = db.session.scalars(
        sa.select(Activity).where(Activity.created_at >= start, Activity.created_at < end,
                                  Activity.end_date >= end.date())
        .options(so.selectinload(Activity.themes), so.selectinload(Activity.participations))
    ).all()
    for a in activities:
        members = {p.member_id for p in a.participations
                   if p.role == "lead" and p.status == "confirmed"}
        if a.organiser_member_id:
            members.add(a.organiser_member_id)
        region = a.region_code or region_of.get(a.country_code)
        content.add(Item(
            "activity", a.id, a.title, a.created_at, f"/activities/{a.id}",
            note=a.start_date.isoformat() if a.start_date == a.end_date
            else f"{a.start_date.isoformat()} – {a.end_date.isoformat()}",
            themes=frozenset(t.id for t in a.themes),
            regions=frozenset({region} - {None}), members=frozenset(members), row=a))

    # A followed member's profile: one entry per member, the latest change in the window.
    latest: dict[int, MemberRevision] = {}
    changed: dict[int, set] = defaultdict(set)
    for rev in db.session.scalars(
            sa.select(MemberRevision).where(MemberRevision.valid_from >= start,
                                            MemberRevision.valid_from < end,
                                            MemberRevision.reason != "import")
            .order_by(MemberRevision.valid_from)):
        latest[rev.member_id] = rev
        changed[rev.member_id].update(c.get("field", "") for c in (rev.changes or []))
    if latest:
        names = dict(db.session.execute(sa.select(Member.id, Member.slug).where(
            Member.id.in_(list(latest)))).all())
        for member_id, rev in latest.items():
            slug = names.get(member_id)
            if slug is None:
                continue
            item = Item("profile", member_id, rev.snapshot.get("name", slug), rev.valid_from,
                        f"/members/{slug}", note=", ".join(sorted(changed[member_id] - {""})))
            content.items.append(item)
            content.by_member[("profile", member_id)].append(item)
    return content


def search_matches(content: Content, search: SavedSearch) -> set[int]:
    """Ids of the resources new in the content that a saved search finds (one index query
    per distinct search in a run)."""
    import json

    from hub.blueprints.library import indexing
    from hub.blueprints.library.searching import FILTER_KEYS

    if not content.resources:
        return set()
    key = json.dumps(search.query or {}, sort_keys=True)
    if key not in content.search_cache:
        q = search.query or {}
        filters = {k: q[k] for k in FILTER_KEYS if q.get(k)}
        for k in ("year_from", "year_to"):
            if q.get(k) is not None:
                filters[k] = q[k]
        found = indexing.ensure_index().matching_ids(
            q.get("q") or "", filters=filters, include_network=True,
            cross_language=q.get("cross_language", True))
        content.search_cache[key] = found & set(content.resources)
    return content.search_cache[key]


# ------------------------------------------------------------------ one person's digest


@dataclass
class Group:
    follow: Follow
    items: list[Item]
    more: int = 0


@dataclass
class Digest:
    user: object
    start: datetime
    end: datetime
    cadence: str
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(len(g.items) + g.more for g in self.groups)


def visible(user, item: Item) -> bool:
    """The reader may see the item, as the pages decide it for them."""
    if item.kind == "resource":
        return can_see_resource(user, item.row)
    if item.kind == "story":
        return item.row.status == "published" and can_see_story(user, item.row)
    return True


def _candidates(content: Content, f: Follow) -> list[Item]:
    if f.kind == "tag":
        return content.by_tag.get(f.tag_id, [])
    if f.kind == "region":
        return content.by_region.get(f.region_code, [])
    if f.kind == "member":
        return (content.by_member.get(("profile", f.member_id), [])
                + content.by_member.get(f.member_id, []))
    if f.kind == "search" and f.saved_search is not None:
        ids = search_matches(content, f.saved_search)
        return [content.resources[i] for i in ids]
    return []


KIND_ORDER = {"member": 0, "search": 1, "tag": 2, "region": 3}


def compose(user, follows: list[Follow], content: Content, start: datetime, end: datetime,
            cadence: str, languages: list[str]) -> Digest:
    """The person's digest: each new item they may see, once, under the first follow it
    matches (members, searches, tags, regions); their languages first, newest first."""
    seen: set[tuple[str, int]] = set()
    groups = []
    budget = ITEMS_PER_DIGEST
    rank = {code: i for i, code in enumerate(languages)}
    for f in sorted(follows, key=lambda f: (KIND_ORDER[f.kind], f.id)):
        if f.muted:
            continue
        items = [i for i in _candidates(content, f)
                 if start <= i.at < end and (i.kind, i.id) not in seen and visible(user, i)]
        if not items:
            continue
        items.sort(key=lambda i: (rank.get(i.language, len(rank)), -i.at.timestamp(), i.id))
        for i in items:
            seen.add((i.kind, i.id))
        shown = items[:max(0, min(ITEMS_PER_GROUP, budget))]
        budget -= len(shown)
        groups.append(Group(f, shown, more=len(items) - len(shown)))
    return Digest(user, start, end, cadence, groups)


def person_languages(user) -> list[str]:
    """The reader's languages: their UI language, then their organisation's languages."""
    languages = [user.locale] if user.locale else []
    if user.member is not None:
        languages += [code for code in user.member.languages if code not in languages]
    return languages or ["en"]


def digest_for(user, *, until: datetime | None = None) -> Digest:
    """What the person's next digest would hold up to `until` (default: now)."""
    until = until or utcnow()
    preference = service.preferences_of(user)
    searches = service.saved_searches_of(user)
    cadence = service.mail_cadence(preference, searches)
    last = last_window_ends([user.id]).get(user.id)
    start, end = preview_window(user, preference, cadence, last, until)
    content = load_content(start, end)
    return compose(user, service.follows_of(user), content, start, end, cadence,
                   person_languages(user))


def recipients_query():
    """Active people who may get mail: not deactivated, not staff of a suspended (or former)
    member."""
    from hub.models import User

    return (sa.select(User).outerjoin(Member, User.member_id == Member.id)
            .where(User.active.is_(True),
                   sa.or_(User.member_id.is_(None), Member.status == "active"))
            .where(sa.exists().where(Follow.user_id == User.id))
            .order_by(User.id))

