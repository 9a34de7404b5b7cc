"""Computing the indicators: one function, `compute(period)`, that the API, the dashboard,
the exports and the CLI all call, so a figure is the same wherever it is read.

Events, participations, stories and resources are aggregated in SQL (GROUP BY / DISTINCT over
the period's rows); only the per-member results (a few thousand rows) reach Python. The
result holds numbers and raw facts; `render` turns it into the API's localised shape.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from hub.blueprints.indicators import definitions, population
from hub.extensions import db
from hub.models import (
    Activity,
    ActivityParticipation,
    Resource,
    Story,
    StoryAudience,
    UsageEvent,
    UsageMonthly,
    resource_member,
)
from hub.models.base import utcnow
from hub.periods import Period, _add_months

NOT_QUALIFYING = ("sign_in", "sign_out")
CONTRIBUTING = ("resource_create", "story_submit")
ADVOCACY_AUDIENCES = ("global_advocacy", "local_media")


@dataclass
class Subject:
    """Something an indicator counts or could count: a member, a country or a resource."""

    key: object
    regions: tuple[str, ...]
    countries: tuple[str, ...]
    counted: bool
    facts: dict = field(default_factory=dict)


@dataclass
class Result:
    code: str
    version: definitions.Version
    subjects: list[Subject]

    @property
    def spec(self) -> definitions.Spec:
        return definitions.SPECS[self.code]

    @property
    def numerator(self) -> int:
        return sum(1 for s in self.subjects if s.counted)

    @property
    def denominator(self) -> int | None:
        return len(self.subjects) if self.spec.unit == "percent" else None

    @property
    def value(self) -> float | int | None:
        return figure(self.spec.unit, self.numerator, self.denominator)

    def breakdown(self, by: str, order: list[str]) -> list[dict]:
        """Figures per region (every region, in order) or per country (those with subjects).

        A resource by authors of two regions counts in both, so a breakdown of 3.2 or 3.4
        may add up to more than the total.
        """
        numerators: dict[str, int] = defaultdict(int)
        denominators: dict[str, int] = defaultdict(int)
        for subject in self.subjects:
            for group in subject.regions if by == "region" else subject.countries:
                denominators[group] += 1
                numerators[group] += subject.counted
        groups = order if by == "region" else sorted(denominators)
        rows = []
        for group in groups:
            denominator = denominators[group] if self.spec.unit == "percent" else None
            rows.append({by: group, "value": figure(self.spec.unit, numerators[group],
                                                    denominator),
                         "numerator": numerators[group], "denominator": denominator})
        return rows


def figure(unit: str, numerator: int, denominator: int | None):
    if unit == "count":
        return numerator
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


@dataclass
class Report:
    period: Period
    generated_at: datetime
    results: dict[str, Result]
    region_order: list[str]
    members: dict[int, population.MemberState]
    profiles: dict[int, population.Profile]
    # Set by `governance.report_for`: {code: {"baseline", "target"}} of the reporting year;
    # {"by", "at", "note"} of a sign-off; the signed values beside a live computation.
    targets: dict = field(default_factory=dict)
    signed_off: dict | None = None
    signed_values: dict | None = None


class _Context:
    def __init__(self, period: Period):
        self.period = period
        self.versions = definitions.all_in_force(period.end)
        self.states = population.member_states()
        self.in_period = {
            mid for mid, st in self.states.items()
            if population.active_during(st, period.start, period.end)
        }
        self.active_at_end = {
            mid for mid, st in self.states.items() if population.active_on(st, period.end)
        }
        # Every member's profile (authors of 3.2/3.4 need not be members in the period).
        self.profiles = population.profiles_as_of(set(self.states), period.ends_before)
        self.regions = population.country_regions()

    def member_subject(self, member_id: int, counted: bool, facts: dict) -> Subject:
        country = self.profiles[member_id].country
        region = self.regions.get(country)
        return Subject(member_id, (region,) if region else (), (country,) if country else (),
                       counted, facts)


def _full_months(period: Period) -> tuple[date, date] | None:
    """First days of the first and last months wholly inside the period, or None."""
    first = period.start if period.start.day == 1 else _add_months(period.start, 1)
    after = period.end + timedelta(days=1)
    last = _add_months(after.replace(day=1), -1) if after.day == 1 else _add_months(
        period.end.replace(day=1), -1)
    return (first, last) if first <= last else None


def _event_counts(period: Period, *, only: tuple[str, ...] | None = None,
                  exclude: tuple[str, ...] = (), by_type: bool = False):
    """{member_id: count} (or {(member_id, type): count}) of raw events in the period plus
    monthly rows (pruned months and imported history) of months wholly inside it."""
    counts: dict = defaultdict(int)
    keys = [UsageEvent.member_id] + ([UsageEvent.event_type] if by_type else [])
    query = (
        sa.select(*keys, sa.func.count())
        .where(UsageEvent.occurred_at >= period.starts_at,
               UsageEvent.occurred_at < period.ends_before,
               UsageEvent.member_id.is_not(None))
        .group_by(*keys)
    )
    if only:
        query = query.where(UsageEvent.event_type.in_(only))
    if exclude:
        query = query.where(UsageEvent.event_type.not_in(exclude))
    for *key, count in db.session.execute(query):
        counts[tuple(key) if by_type else key[0]] += count
    months = _full_months(period)
    if months:
        mkeys = [UsageMonthly.member_id] + ([UsageMonthly.event_type] if by_type else [])
        mquery = (
            sa.select(*mkeys, sa.func.sum(UsageMonthly.count))
            .where(UsageMonthly.month >= months[0], UsageMonthly.month <= months[1])
            .group_by(*mkeys)
        )
        if only:
            mquery = mquery.where(UsageMonthly.event_type.in_(only))
        if exclude:
            mquery = mquery.where(UsageMonthly.event_type.not_in(exclude))
        for *key, count in db.session.execute(mquery):
            counts[tuple(key) if by_type else key[0]] += int(count or 0)
    return counts


def _usage(ctx: _Context) -> Result:
    version = ctx.versions["4.5"]
    threshold = version.params["threshold"]
    counts = _event_counts(ctx.period, exclude=NOT_QUALIFYING)
    subjects = [
        ctx.member_subject(mid, counts.get(mid, 0) >= threshold,
                           {"actions": counts.get(mid, 0), "threshold": threshold})
        for mid in sorted(ctx.in_period)
    ]
    return Result("4.5", version, subjects)


def _capacity(ctx: _Context, explain: bool) -> list[Result]:
    period = ctx.period
    version = ctx.versions["4.2"]
    activities: dict[int, list] = defaultdict(list)
    rows = db.session.execute(
        sa.select(ActivityParticipation.member_id, ActivityParticipation.role, Activity.id,
                  Activity.title, Activity.start_date, Activity.end_date)
        .join(Activity, Activity.id == ActivityParticipation.activity_id)
        .where(ActivityParticipation.status == "confirmed",
               Activity.start_date <= period.end, Activity.end_date >= period.start)
        .order_by(Activity.start_date, Activity.id)
    )
    for member_id, role, activity_id, title, start, end in rows:
        activities[member_id].append({"role": role, "id": activity_id, "title": title,
                                      "start": start, "end": end})
    by_member: dict[int, dict[str, int]] = defaultdict(dict)
    for (member_id, event_type), count in _event_counts(period, only=CONTRIBUTING,
                                                        by_type=True).items():
        by_member[member_id][event_type] = count
    authored: dict[int, list] = defaultdict(list)
    for member_id, resource_id, title, published_on in db.session.execute(
        sa.select(resource_member.c.member_id, Resource.id, Resource.title, Resource.published_on)
        .join(Resource, Resource.id == resource_member.c.resource_id)
        .where(Resource.published_on >= period.start, Resource.published_on <= period.end)
        .order_by(Resource.published_on, Resource.id)
    ):
        authored[member_id].append(
            {"id": resource_id, "title": title, "published_on": published_on})
    created_titles: dict[int, list[str]] = defaultdict(list)
    if explain:
        # In steps that each read an index: the ids of the period's resource_create events
        # (covered by the period index), then those events' objects, then the titles.
        event_ids = [row[0] for row in db.session.execute(
            sa.select(UsageEvent.id)
            .where(UsageEvent.member_id.is_not(None),
                   UsageEvent.occurred_at >= period.starts_at,
                   UsageEvent.occurred_at < period.ends_before,
                   UsageEvent.event_type == "resource_create"))]
        created = []
        for i in range(0, len(event_ids), 500):
            created += db.session.execute(
                sa.select(UsageEvent.occurred_at, UsageEvent.id, UsageEvent.member_id,
                          UsageEvent.object_id)
                .where(UsageEvent.id.in_(event_ids[i:i + 500]),
                       UsageEvent.object_type == "resource")).all()
        created.sort()
        ids = sorted({row.object_id for row in created if row.object_id is not None})
        titles = {}
        for i in range(0, len(ids), 500):
            titles.update(db.session.execute(
                sa.select(Resource.id, Resource.title).where(Resource.id.in_(ids[i:i + 500]))
            ).all())
        for row in created:
            if row.object_id in titles:
                created_titles[row.member_id].append(titles[row.object_id])
    both, part_a, part_b = [], [], []
    for mid in sorted(ctx.in_period):
        a = bool(activities.get(mid))
        b = bool(by_member.get(mid)) or bool(authored.get(mid))
        facts = {"activities": activities.get(mid, []), "contributions": by_member.get(mid, {}),
                 "authored": authored.get(mid, []), "created": created_titles.get(mid, []),
                 "a": a, "b": b}
        both.append(ctx.member_subject(mid, a and b, facts))
        part_a.append(ctx.member_subject(mid, a, facts))
        part_b.append(ctx.member_subject(mid, b, facts))
    return [Result("4.2", version, both), Result("4.2a", version, part_a),
            Result("4.2b", version, part_b)]


def _stories(ctx: _Context) -> Result:
    period = ctx.period
    stories: dict[int, list] = defaultdict(list)
    seen = set()
    for member_id, story_id, title, published_at, status, audience in db.session.execute(
        sa.select(Story.member_id, Story.id, Story.title, Story.published_at, Story.status,
                  StoryAudience.audience)
        .join(StoryAudience, StoryAudience.story_id == Story.id)
        .where(Story.published_at >= period.starts_at, Story.published_at < period.ends_before,
               StoryAudience.kind == "intended", StoryAudience.audience.in_(ADVOCACY_AUDIENCES))
        .order_by(Story.published_at, Story.id, StoryAudience.audience)
    ):
        if story_id in seen:
            stories[member_id][-1]["audiences"].append(audience)
            continue
        seen.add(story_id)
        stories[member_id].append({"id": story_id, "title": title, "status": status,
                                   "published_on": published_at.date(), "audiences": [audience]})
    subjects = [ctx.member_subject(mid, bool(stories.get(mid)), {"stories": stories.get(mid, [])})
                for mid in sorted(ctx.in_period)]
    return Result("2.4", ctx.versions["2.4"], subjects)


def _social(ctx: _Context) -> Result:
    subjects = []
    for mid in sorted(ctx.active_at_end):
        platforms = ctx.profiles[mid].social_platforms
        subjects.append(ctx.member_subject(mid, bool(platforms), {"platforms": platforms}))
    return Result("2.5", ctx.versions["2.5"], subjects)


def _joint_products(ctx: _Context) -> list[Result]:
    period = ctx.period
    products: dict[int, dict] = {}
    for rid, title, rtype, published_on, group, language, member_id in db.session.execute(
        sa.select(Resource.id, Resource.title, Resource.type, Resource.published_on,
                  Resource.translation_group, Resource.language, resource_member.c.member_id)
        .join(resource_member, resource_member.c.resource_id == Resource.id)
        .where(Resource.secretariat_coauthored.is_(True),
               Resource.published_on >= period.start, Resource.published_on <= period.end)
        .order_by(Resource.id)
    ):
        key = group or rid
        product = products.setdefault(key, {
            "id": rid, "title": title, "type": rtype, "published_on": published_on,
            "languages": [], "members": [], "overview": False})
        if language not in product["languages"]:
            product["languages"].append(language)
        if member_id not in product["members"]:
            product["members"].append(member_id)
        product["overview"] = product["overview"] or rtype == "country_overview"
    profiles = ctx.profiles
    results = []
    for code, wanted in (("3.2", lambda p: True), ("3.4", lambda p: p["overview"])):
        subjects = []
        for key, product in sorted(products.items()):
            if not wanted(product):
                continue
            countries = sorted({profiles[m].country for m in product["members"] if m in profiles})
            regions = sorted({ctx.regions[c] for c in countries if c in ctx.regions})
            subjects.append(Subject(key, tuple(regions), tuple(countries), True, product))
        results.append(Result(code, ctx.versions[code], subjects))
    return results


def _countries(ctx: _Context) -> list[Result]:
    manifestations = [t.slug for t in population.manifestation_tags()]
    minimum = ctx.versions["4.3"].params["min_manifestations"]
    members_of: dict[str, list[int]] = defaultdict(list)
    for mid in sorted(ctx.active_at_end):
        members_of[ctx.profiles[mid].country].append(mid)
    expertise, survivors = [], []
    for country in sorted(members_of):
        mids = members_of[country]
        covered = [slug for slug in manifestations
                   if any(slug in ctx.profiles[m].tags for m in mids)]
        led = [m for m in mids if ctx.profiles[m].survivor_led]
        region = ctx.regions.get(country)
        regions = (region,) if region else ()
        expertise.append(Subject(country, regions, (country,), len(covered) >= minimum,
                                 {"members": mids, "covered": covered, "minimum": minimum}))
        survivors.append(Subject(country, regions, (country,), bool(led),
                                 {"members": mids, "survivor_led": led}))
    return [Result("4.3", ctx.versions["4.3"], expertise),
            Result("4.4", ctx.versions["4.4"], survivors)]


def compute(period: Period, *, explain: bool = False) -> Report:
    """Every indicator for a period, under the definitions in force on its last day."""
    ctx = _Context(period)
    results = [_usage(ctx), *_capacity(ctx, explain), _stories(ctx), _social(ctx),
               *_joint_products(ctx), *_countries(ctx)]
    by_code = {r.code: r for r in results}
    ordered = {code: by_code[code] for code in definitions.CODES}
    from hub.reference.regions import REGION_CODES

    return Report(period, utcnow(), ordered, list(REGION_CODES), ctx.states, ctx.profiles)
