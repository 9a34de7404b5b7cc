"""What the Secretariat's usage pages show: active members per month and region, events by
type and member, top searches and searches that found nothing, most used resources.

Raw events and monthly rows (roll-ups and imported history) are counted together, so a
pruned month reads the same as before pruning.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa

from hub.blueprints.usage.service import add_months, month_of, month_start
from hub.extensions import db
from hub.models import Country, DigestSend, Member, Resource, UsageEvent, UsageMonthly
from hub.models.base import utcnow
from hub.periods import Period


def _event_range(period: Period):
    return (UsageEvent.occurred_at >= period.starts_at,
            UsageEvent.occurred_at < period.ends_before)


def _monthly_range(period: Period):
    # A monthly row counts when its month starts inside the period.
    return (UsageMonthly.month >= period.start, UsageMonthly.month <= period.end)


def counts_by_month_member_type(period: Period) -> dict[tuple[str, int, str], int]:
    """{(YYYY-MM, member id, event type): count} over raw and monthly rows."""
    month = month_of(UsageEvent.occurred_at).label("month")
    totals: dict[tuple[str, int, str], int] = defaultdict(int)
    for row in db.session.execute(
        sa.select(month, UsageEvent.member_id, UsageEvent.event_type, sa.func.count())
        .where(*_event_range(period), UsageEvent.member_id.is_not(None))
        .group_by(month, UsageEvent.member_id, UsageEvent.event_type)
    ):
        totals[(row[0], row[1], row[2])] += row[3]
    for row in db.session.execute(
        sa.select(UsageMonthly.month, UsageMonthly.member_id, UsageMonthly.event_type,
                  sa.func.sum(UsageMonthly.count))
        .where(*_monthly_range(period))
        .group_by(UsageMonthly.month, UsageMonthly.member_id, UsageMonthly.event_type)
    ):
        totals[(row[0].strftime("%Y-%m"), row[1], row[2])] += int(row[3])
    return dict(totals)


def summary(period: Period) -> dict:
    """Everything the usage overview shows, for one period."""
    counts = counts_by_month_member_type(period)
    members = {m.id: m for m in db.session.scalars(sa.select(Member))}
    region_of = dict(db.session.execute(sa.select(Country.code, Country.region_code)).all())

    months: list[str] = []
    cursor = month_start(period.start)
    while cursor <= period.end and len(months) < 240:
        months.append(cursor.strftime("%Y-%m"))
        cursor = add_months(cursor, 1)
    active_by_month: dict[str, set[int]] = defaultdict(set)
    by_type: dict[str, int] = defaultdict(int)
    by_member: dict[int, dict] = {}
    for (month, member_id, event_type), n in counts.items():
        active_by_month[month].add(member_id)
        by_type[event_type] += n
        entry = by_member.setdefault(member_id, {"total": 0, "types": defaultdict(int)})
        entry["total"] += n
        entry["types"][event_type] += n
    active = set().union(*active_by_month.values()) if active_by_month else set()
    regions: dict[str, dict] = defaultdict(lambda: {"active": 0, "members": 0})
    for member in members.values():
        if member.status != "active" and member.id not in active:
            continue
        region = region_of.get(member.country_code)
        regions[region]["members"] += 1
        if member.id in active:
            regions[region]["active"] += 1
    member_rows = sorted(
        ({"member": members[mid], "total": e["total"], "types": dict(e["types"]),
          "region": region_of.get(members[mid].country_code)}
         for mid, e in by_member.items() if mid in members),
        key=lambda r: (-r["total"], r["member"].name))
    inactive = sorted((m for m in members.values() if m.status == "active" and m.id not in active),
                      key=lambda m: m.name)
    return {
        "months": [{"month": m, "active": len(active_by_month.get(m, ()))} for m in months],
        "active_members": len(active),
        "by_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
        "regions": dict(sorted(regions.items(), key=lambda kv: kv[0] or "")),
        "members": member_rows,
        "inactive": inactive,
        "searches": top_searches(period),
        "no_results": top_searches(period, zero_only=True),
        "resources": top_resources(period),
        "digests": digests_by_member(period, members),
    }


def digests_by_member(period: Period, members: dict[int, Member]) -> list[dict]:
    """Digests mailed in the period and how many were opened (a link followed), per member;
    the Secretariat's own people are one row with no member."""
    opened = sa.func.sum(sa.case((DigestSend.opened_at.is_not(None), 1), else_=0))
    rows = db.session.execute(
        sa.select(DigestSend.member_id, sa.func.count().label("sent"), opened.label("opened"))
        .where(DigestSend.status == "sent", DigestSend.sent_at >= period.starts_at,
               DigestSend.sent_at < period.ends_before)
        .group_by(DigestSend.member_id)
    ).all()
    found = [{"member": members.get(r.member_id), "sent": r.sent, "opened": int(r.opened or 0)}
             for r in rows]
    return sorted(found, key=lambda r: (-r["sent"], r["member"].name if r["member"] else ""))


def top_searches(period: Period, *, zero_only: bool = False, limit: int = 20) -> list[dict]:
    """The most frequent search texts (library and directory), case folded."""
    text = sa.func.lower(sa.func.trim(UsageEvent.query))
    query = (
        sa.select(UsageEvent.event_type, text.label("q"), sa.func.count().label("n"),
                  sa.func.min(UsageEvent.result_count).label("fewest"),
                  sa.func.max(UsageEvent.result_count).label("most"))
        .where(*_event_range(period),
               UsageEvent.event_type.in_(("search", "directory_search")),
               UsageEvent.query.is_not(None), sa.func.trim(UsageEvent.query) != "")
        .group_by(UsageEvent.event_type, text)
        .order_by(sa.desc("n"), text)
        .limit(limit)
    )
    if zero_only:
        query = query.where(UsageEvent.result_count == 0)
    return [{"type": r.event_type, "query": r.q, "count": r.n, "fewest": r.fewest,
             "most": r.most} for r in db.session.execute(query)]


def top_resources(period: Period, limit: int = 20) -> list[dict]:
    """The resources viewed and downloaded most often in the period."""
    views = sa.func.sum(sa.case((UsageEvent.event_type == "resource_view", 1), else_=0))
    downloads = sa.func.sum(sa.case((UsageEvent.event_type == "resource_download", 1), else_=0))
    rows = db.session.execute(
        sa.select(UsageEvent.object_id, views.label("views"), downloads.label("downloads"))
        .where(*_event_range(period), UsageEvent.object_type == "resource",
               UsageEvent.event_type.in_(("resource_view", "resource_download")))
        .group_by(UsageEvent.object_id)
        .order_by(sa.desc(views + downloads), UsageEvent.object_id)
        .limit(limit)
    ).all()
    titles = dict(db.session.execute(
        sa.select(Resource.id, Resource.title).where(Resource.id.in_([r[0] for r in rows]))
    ).all())
    return [{"id": r[0], "title": titles.get(r[0]), "views": int(r.views or 0),
             "downloads": int(r.downloads or 0)} for r in rows]


def default_period(today: date | None = None) -> Period:
    """The last twelve whole months and the current one."""
    today = today or utcnow().date()
    start = add_months(month_start(today), -12)
    return Period(f"{start.isoformat()}/{today.isoformat()}", start, today)
