"""Who was a member when, and what their profiles said: the state behind the indicators.

Membership on a day comes from the recorded status changes, bounded by `joined_on` and
`left_on` (the last day of membership). Before a member's first recorded change its first
recorded status stands (a member entered in 2026 with `joined_on` in 2019 was a member in
2019); a `former` member counts as a member up to its `left_on`.

Profiles as of a day are the revision snapshots (`hub.models.profile`): the latest revision
made by the end of that day, else the first one recorded; a member never edited through the
hub has its current profile. All of it is read in a handful of set queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from hub.extensions import db
from hub.models import (
    Country,
    Member,
    MemberRevision,
    MemberSocialLink,
    MemberStatusChange,
    MemberTag,
    Tag,
)

NEVER = date.min
FOREVER = date.max


@dataclass
class MemberState:
    id: int
    slug: str
    name: str
    # Inclusive day ranges during which the member was an active member.
    active: list[tuple[date, date]]


@dataclass
class Profile:
    country: str
    survivor_led: bool
    social_platforms: list[str]
    tags: set[str] = field(default_factory=set)


def _intervals(member, changes: list[tuple[date, str]]) -> list[tuple[date, date]]:
    """The day ranges on which a member was active (see the module docstring)."""
    by_day: dict[date, str] = {}
    for day, status in changes:  # sorted by (effective_on, id): the last on a day wins
        by_day[day] = status
    if by_day:
        days = sorted(by_day)
        segments = [(NEVER, by_day[days[0]])] + [(day, by_day[day]) for day in days]
    else:
        segments = [(NEVER, member.status)]
    start_bound = member.joined_on or NEVER
    end_bound = member.left_on or FOREVER
    found = []
    for i, (first, status) in enumerate(segments):
        last = segments[i + 1][0] - timedelta(days=1) if i + 1 < len(segments) else FOREVER
        if status == "active" or (status == "former" and member.left_on is not None):
            first, last = max(first, start_bound), min(last, end_bound)
            if first <= last:
                found.append((first, last))
    return found


def member_states() -> dict[int, MemberState]:
    members = db.session.execute(sa.select(
        Member.id, Member.slug, Member.name, Member.status, Member.joined_on, Member.left_on
    )).all()
    changes: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for member_id, day, status in db.session.execute(
        sa.select(MemberStatusChange.member_id, MemberStatusChange.effective_on,
                  MemberStatusChange.status)
        .order_by(MemberStatusChange.effective_on, MemberStatusChange.id)
    ):
        changes[member_id].append((day, status))
    return {
        m.id: MemberState(m.id, m.slug, m.name, _intervals(m, changes.get(m.id, [])))
        for m in members
    }


def active_during(state: MemberState, start: date, end: date) -> bool:
    return any(first <= end and last >= start for first, last in state.active)


def active_on(state: MemberState, day: date) -> bool:
    return active_during(state, day, day)


def profiles_as_of(member_ids: set[int], before: datetime) -> dict[int, Profile]:
    """Each member's profile as it stood just before `before` (see the module docstring)."""
    chosen: dict[int, tuple] = {}
    earliest: dict[int, tuple] = {}
    for member_id, rev_id, valid_from in db.session.execute(
        sa.select(MemberRevision.member_id, MemberRevision.id, MemberRevision.valid_from)
    ):
        key = (valid_from, rev_id)
        if member_id not in earliest or key < earliest[member_id]:
            earliest[member_id] = key
        if valid_from < before and (member_id not in chosen or key > chosen[member_id]):
            chosen[member_id] = key
    revision_ids = {}
    for member_id in member_ids:
        key = chosen.get(member_id) or earliest.get(member_id)
        if key is not None:
            revision_ids[key[1]] = member_id
    profiles: dict[int, Profile] = {}
    ids = list(revision_ids)
    for i in range(0, len(ids), 500):
        for rev_id, snap in db.session.execute(
            sa.select(MemberRevision.id, MemberRevision.snapshot)
            .where(MemberRevision.id.in_(ids[i:i + 500]))
        ):
            profiles[revision_ids[rev_id]] = Profile(
                country=snap.get("country"),
                survivor_led=bool(snap.get("survivor_led")),
                social_platforms=[s.get("platform") for s in snap.get("social_media") or []],
                tags={t.get("slug") for t in snap.get("tags") or []},
            )
    missing = member_ids - set(profiles)
    if missing:
        profiles.update(_current_profiles(missing))
    return profiles


def _current_profiles(member_ids: set[int]) -> dict[int, Profile]:
    """Profiles of members without any revision: as they are today (bulk reads)."""
    found = {
        m.id: Profile(m.country_code, bool(m.survivor_led), [])
        for m in db.session.execute(
            sa.select(Member.id, Member.country_code, Member.survivor_led))
        if m.id in member_ids
    }
    for member_id, platform in db.session.execute(
        sa.select(MemberSocialLink.member_id, MemberSocialLink.platform)
        .order_by(MemberSocialLink.member_id, MemberSocialLink.position)
    ):
        if member_id in found:
            found[member_id].social_platforms.append(platform)
    for member_id, slug in db.session.execute(
        sa.select(MemberTag.member_id, Tag.slug).join(Tag, Tag.id == MemberTag.tag_id)
    ):
        if member_id in found:
            found[member_id].tags.add(slug)
    return found


def country_regions() -> dict[str, str]:
    return dict(db.session.execute(sa.select(Country.code, Country.region_code)).all())


def manifestation_tags() -> list[Tag]:
    return list(db.session.scalars(
        sa.select(Tag).where(Tag.group == "manifestation").order_by(Tag.position, Tag.slug)))
