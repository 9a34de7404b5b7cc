"""Demo capacity development activities and two years of usage, so that the activity pages,
the usage pages and indicators 4.2 and 4.5 have something to show. All synthetic."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from hub.extensions import db
from hub.models import (
    Activity,
    ActivityChange,
    ActivityParticipation,
    Tag,
    UsageEvent,
    UsageMonthly,
)
from hub.models.base import utcnow

TITLES = {
    "training": ["Training of trainers on {theme}", "Regional training: {theme}"],
    "webinar": ["Webinar: what's new on {theme}", "Webinar series on {theme}"],
    "workshop": ["Workshop on {theme} for practitioners", "Writing workshop: {theme}"],
    "exchange_visit": ["Exchange visit: {theme} in practice"],
    "mentoring": ["Mentoring programme on {theme}"],
    "conference_session": ["Conference session on {theme}"],
    "other": ["Peer learning circle on {theme}"],
}
SEARCHES = [
    "online child sexual exploitation", "live streaming", "CSAM hotline", "travel and tourism",
    "voluntourism", "child marriage", "trafficking", "survivor participation", "access to justice",
    "country overview", "legal reform", "UPR submission", "safeguarding policy",
    "exploitation en ligne", "trata de niños", "matrimonio infantil", "explotación sexual",
    "grooming", "sextortion", "boys", "humanitarian settings", "private sector code",
]
ZERO_RESULT_SEARCHES = ["deepfake abuse", "esports grooming", "metaverse", "sharenting",
                        "AI generated CSAM", "crypto payments"]
EVENT_WEIGHTS = {
    "sign_in": 20, "search": 14, "directory_search": 6, "resource_view": 22,
    "resource_download": 8, "resource_create": 1, "resource_update": 1, "profile_update": 1,
    "profile_review": 1, "story_create": 1, "story_submit": 1, "api_call": 2, "sign_out": 3,
}


def _month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def add_activities(rng: random.Random, made: dict) -> None:
    """Capacity development activities across regions and kinds, with leads and participants."""
    active = [m for m in made["members"] if m.status == "active"]
    tags = list(db.session.scalars(sa.select(Tag).where(Tag.retired.is_(False))))
    secretariat = next(p for p in made["people"] if p.role == "secretariat")
    staff = {}
    for person in made["people"]:
        if person.member_id and person.role == "focal_point":
            staff.setdefault(person.member_id, person)
    materials = [r for r in made.get("resources", [])
                 if r.type in ("training_material", "toolkit")]
    today = utcnow().date()
    kinds = list(TITLES)
    activities = []
    for i in range(16):
        kind = kinds[i % len(kinds)]
        theme = rng.choice(tags)
        themes = [theme, *rng.sample([t for t in tags if t is not theme], rng.randint(0, 2))]
        start = today + timedelta(days=rng.randint(-700, 120) if i < 13 else rng.randint(7, 90))
        length = {"training": 3, "workshop": 2, "exchange_visit": 5, "mentoring": 90}.get(kind, 0)
        mode = "online" if kind == "webinar" else rng.choice(["in_person", "hybrid", "online"])
        pool = active[:]
        rng.shuffle(pool)
        organiser = pool[0] if i % 3 == 0 else None
        host = organiser or pool[1]
        activity = Activity(
            title=rng.choice(TITLES[kind]).format(theme=theme.label("en").lower()),
            description=(f"A {kind.replace('_', ' ')} for member organisations, on "
                         f"{', '.join(t.label('en').lower() for t in themes)}."),
            kind=kind, start_date=start, end_date=start + timedelta(days=length), mode=mode,
            region_code=host.country.region_code if mode != "online" else None,
            country_code=host.country_code if mode != "online" else None,
            organiser_member_id=organiser.id if organiser else None,
            created_by_id=(staff.get(organiser.id) or secretariat).id if organiser
            else secretariat.id,
            themes=themes,
            resources=rng.sample(materials, min(len(materials), rng.randint(0, 2))),
        )
        recorder = activity.created_by_id
        leads = pool[1:1 + rng.randint(1, 2)]
        participants = pool[3:3 + rng.randint(4, 14)] if start <= today else pool[3:5]
        confirmed_at = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
        for member in leads:
            activity.participations.append(ActivityParticipation(
                member_id=member.id, role="lead", staff_count=rng.randint(1, 3),
                status="confirmed", reported_by_id=recorder, confirmed_by_id=recorder,
                confirmed_at=confirmed_at))
        for member in participants:
            activity.participations.append(ActivityParticipation(
                member_id=member.id, role="participant", staff_count=rng.randint(1, 4),
                status="confirmed", reported_by_id=recorder, confirmed_by_id=recorder,
                confirmed_at=confirmed_at))
        if start <= today and i % 4 == 1:  # a member's own report, not yet confirmed
            reporter = pool[-1]
            activity.participations.append(ActivityParticipation(
                member_id=reporter.id, role="participant", staff_count=2, status="pending",
                reported_by_id=staff[reporter.id].id if reporter.id in staff else None))
        activities.append(activity)
    db.session.add_all(activities)
    db.session.flush()
    for activity in activities:
        db.session.add(ActivityChange(
            activity_id=activity.id, changed_by_id=activity.created_by_id, action="create",
            changed_at=datetime.combine(activity.start_date - timedelta(days=20),
                                        datetime.min.time(), tzinfo=UTC),
            changes={"title": [None, activity.title],
                     "participants": [{"member": p.member_id, "role": p.role,
                                       "status": p.status, "change": "added"}
                                      for p in activity.participations]}))
    made["activities"] = activities


def add_usage(rng: random.Random, made: dict) -> None:
    """Two years of usage by most members (some stay inactive), and imported history."""
    from hub.blueprints.usage.log import derive_secret, user_key

    secret = derive_secret(current_app.config["SECRET_KEY"])
    people_by_member: dict[int, list] = {}
    for person in made["people"]:
        if person.member_id:
            people_by_member.setdefault(person.member_id, []).append(person)
    secretariat = [p for p in made["people"] if p.member_id is None]
    resources = [r.id for r in made.get("resources", [])]
    types = list(EVENT_WEIGHTS)
    weights = list(EVENT_WEIGHTS.values())
    now = utcnow()
    first = _add_months(_month_start(now.date()), -23)
    members = [m for m in made["members"] if m.status == "active" and m.id in people_by_member]
    rows: list[dict] = []
    for member in members:
        # Roughly one member in six never uses the hub; the others at their own pace.
        level = 0 if rng.random() < 0.17 else rng.choice([1, 2, 4, 8, 15])
        if level == 0:
            continue
        joined = rng.randint(0, 10)  # some came to the hub later
        for offset in range(joined, 24):
            month = _add_months(first, offset)
            if rng.random() < 0.25:
                continue  # a quiet month
            for _ in range(max(0, int(rng.gauss(level, level / 2)))):
                rows.append(_event(rng, month, now, member.id,
                                   user_key(secret, rng.choice(people_by_member[member.id]).id),
                                   rng.choices(types, weights)[0], resources))
    for person in secretariat:
        for _ in range(120):
            month = _add_months(first, rng.randint(0, 23))
            rows.append(_event(rng, month, now, None, user_key(secret, person.id),
                               rng.choice(["sign_in", "search", "resource_view"]), resources))
    for start in range(0, len(rows), 5000):
        db.session.execute(sa.insert(UsageEvent), rows[start:start + 5000])
    # The previous platform's monthly counts, for the six months before the hub.
    for member in rng.sample(members, min(len(members), 30)):
        for offset in range(1, 7):
            month = _add_months(first, -offset)
            for event_type in ("sign_in", "resource_download"):
                if rng.random() < 0.6:
                    db.session.add(UsageMonthly(month=month, member_id=member.id,
                                                event_type=event_type,
                                                count=rng.randint(1, 12), source="import"))
    db.session.flush()
    made["usage_events"] = len(rows)


def _event(rng, month: date, now: datetime, member_id, key: str, event_type: str,
           resources: list[int]) -> dict:
    nxt = _add_months(month, 1)
    span = (datetime(nxt.year, nxt.month, 1, tzinfo=UTC)
            - datetime(month.year, month.month, 1, tzinfo=UTC)).total_seconds()
    when = datetime(month.year, month.month, 1, tzinfo=UTC) + timedelta(
        seconds=rng.random() * span)
    if when > now:
        when = now - timedelta(seconds=rng.random() * 86_400 * 3)
    row = {"occurred_at": when, "event_type": event_type, "member_id": member_id,
           "user_key": key, "object_type": None, "object_id": None,
           "channel": "api" if event_type == "api_call" else rng.choice(["web"] * 9 + ["api"]),
           "query": None, "result_count": None}
    if event_type in ("search", "directory_search"):
        if rng.random() < 0.12:
            row["query"], row["result_count"] = rng.choice(ZERO_RESULT_SEARCHES), 0
        else:
            row["query"], row["result_count"] = rng.choice(SEARCHES), rng.randint(1, 80)
    elif event_type.startswith("resource_") and resources:
        row["object_type"], row["object_id"] = "resource", rng.choice(resources)
    elif event_type.startswith("profile_"):
        row["object_type"], row["object_id"] = "member", member_id
    return row
