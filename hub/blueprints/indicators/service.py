"""What the API, pages and CLI share: reading the request's period and breakdown, the
Secretariat-only check, and a short-lived cache for the dashboard's trend."""

import time
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from hub import access
from hub.blueprints.indicators.compute import Report, compute
from hub.errors import InvalidInput
from hub.extensions import db
from hub.periods import Period, from_args, parse_id, reporting_year

BREAKDOWNS = ("region", "country")
CACHE_SECONDS = 600
_cache: dict = {}


def require_secretariat(user) -> None:
    access.require_secretariat(user, _l("Only the Secretariat may see the network's indicators."))


def period_from(args, *, today: date | None = None) -> Period:
    """The period asked for; the current reporting year when none is given. 422 otherwise."""
    return from_args(args, default=reporting_year(today or date.today()))


def breakdown_from(args) -> str | None:
    by = (args.get("by") or "").strip() or None
    if by is not None and by not in BREAKDOWNS:
        raise InvalidInput(fields={"by": [str(_l("Use by=region or by=country."))]})
    return by


def previous_years(period: Period, count: int = 4) -> list[Period]:
    """The last `count` reporting years ending with the one that holds the period's end."""
    last = reporting_year(period.end)
    first_year = last.start.year - count + 1
    return [parse_id(f"{year}July") for year in range(first_year, last.start.year + 1)]


def _fingerprint() -> tuple:
    """Cheap signs that the data behind the indicators changed (counts, newest ids, edits)."""
    from hub.models import (
        ActivityParticipation,
        IndicatorDefinition,
        Member,
        MemberRevision,
        MemberStatusChange,
        MemberTag,
        Resource,
        Story,
        UsageEvent,
        UsageMonthly,
        resource_member,
    )

    row = []
    queries = [
        sa.select(sa.func.min(UsageEvent.id), sa.func.max(UsageEvent.id)),
        sa.select(sa.func.count(), sa.func.max(UsageMonthly.id), sa.func.sum(UsageMonthly.count)),
        sa.select(sa.func.count(), sa.func.max(Member.updated_at)),
        sa.select(sa.func.count(), sa.func.max(MemberRevision.id)),
        sa.select(sa.func.count(), sa.func.max(MemberStatusChange.id)),
        sa.select(sa.func.count()).select_from(MemberTag),
        sa.select(sa.func.count(), sa.func.max(ActivityParticipation.id),
                  sa.func.sum(sa.case((ActivityParticipation.status == "confirmed", 1),
                                      else_=0))),
        sa.select(sa.func.count(), sa.func.max(Resource.updated_at)),
        sa.select(sa.func.count()).select_from(resource_member),
        sa.select(sa.func.count(), sa.func.max(Story.updated_at)),
        sa.select(sa.func.count(), sa.func.max(IndicatorDefinition.id)),
    ]
    for query in queries:
        row.append(tuple(db.session.execute(query).one()))
    return tuple(row)


def cached_compute(period: Period) -> Report:
    """`compute(period)`, kept for a few minutes while the data stays the same: the dashboard
    draws four reporting years and should not recompute them on every visit."""
    key = (str(db.engine.url), period)
    fingerprint = _fingerprint()
    hit = _cache.get(key)
    now = time.monotonic()
    if hit and hit[0] == fingerprint and now - hit[1] < CACHE_SECONDS:
        return hit[2]
    report = compute(period)
    if len(_cache) > 64:
        _cache.clear()
    _cache[key] = (fingerprint, now, report)
    return report


def own_figures(period: Period, member_id: int, locale: str) -> list[dict]:
    """A member's rows in every member indicator: whether it counts, and why."""
    from hub.blueprints.indicators import render

    report = compute(period, explain=True)
    items = []
    for code, result in report.results.items():
        if result.spec.subject != "member":
            continue
        for subject in result.subjects:
            if subject.key == member_id:
                items.append({"code": code, "name": str(result.spec.name),
                              **render.subject_dict(code, subject, report, locale,
                                                     readable=True)})
    return items
