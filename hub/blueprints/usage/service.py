"""The usage log's maintenance and reading: prune with monthly roll-ups, import of history,
the streamed export, and the Secretariat's summaries.

Counting rule shared with the indicators: a period's events are the raw `UsageEvent` rows in
it plus the `UsageMonthly` rows (roll-ups of pruned months, imported history) of its months.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from hub.extensions import db
from hub.models import Member, UsageEvent, UsageMonthly
from hub.models.base import utcnow
from hub.periods import Period
from hub.signals import USAGE_EVENT_TYPES

DEFAULT_RETENTION_MONTHS = 36
EXPORT_COLUMNS = ("occurred_at", "event_type", "member", "user_key", "object_type", "object_id",
                  "channel", "query", "result_count")
EVENT_LABELS = {
    "sign_in": _l("Sign-in"),
    "sign_out": _l("Sign-out"),
    "search": _l("Library search"),
    "directory_search": _l("Directory search"),
    "resource_view": _l("Resource view"),
    "resource_download": _l("Resource download"),
    "resource_create": _l("Resource created"),
    "resource_update": _l("Resource edited"),
    "story_create": _l("Story written"),
    "story_submit": _l("Story submitted"),
    "profile_update": _l("Profile edit"),
    "profile_review": _l("Profile review"),
    "activity_report": _l("Activity participation reported"),
    "api_call": _l("API call with a token"),
    "digest_click": _l("Opened from a digest"),
}


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_of(column):
    """`YYYY-MM` of a timestamp column, in SQL, on SQLite and PostgreSQL."""
    if db.engine.dialect.name == "postgresql":
        return sa.func.to_char(column, "YYYY-MM")
    return sa.func.strftime("%Y-%m", column)


def _parse_month(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


# ------------------------------------------------------------------ prune


@dataclass
class PruneResult:
    cutoff: date
    months: list[str]
    events_deleted: int
    rows_written: int


def retention_months(app) -> int:
    value = int(app.config.get("USAGE_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS))
    if value < 1:
        raise ValueError("HUB_USAGE_RETENTION_MONTHS must be at least 1")
    return value


def prune(months: int, today: date | None = None, progress=None) -> PruneResult:
    """Roll up every whole month older than `months` months into UsageMonthly (source
    'rollup') and delete its raw events, in one transaction. Running it again changes nothing.
    Events without a member (Secretariat staff) or of a deleted member are not rolled up.
    `progress(done, total)`, if given, hears of the monthly counts written."""
    today = today or utcnow().date()
    cutoff = add_months(month_start(today), -months)
    cutoff_at = datetime(cutoff.year, cutoff.month, 1)
    month = month_of(UsageEvent.occurred_at).label("month")
    old = UsageEvent.occurred_at < cutoff_at
    try:
        counts = db.session.execute(
            sa.select(month, UsageEvent.member_id, UsageEvent.event_type,
                      sa.func.count().label("n"))
            .join(Member, Member.id == UsageEvent.member_id)
            .where(old)
            .group_by(month, UsageEvent.member_id, UsageEvent.event_type)
        ).all()
        existing = {
            (r.month, r.member_id, r.event_type): r
            for r in db.session.scalars(sa.select(UsageMonthly).where(
                UsageMonthly.source == "rollup", UsageMonthly.month < cutoff))
        }
        for done, row in enumerate(counts, 1):
            if progress:
                progress(done, len(counts))
            key = (_parse_month(row.month), row.member_id, row.event_type)
            if key in existing:  # events that arrived for a month already pruned
                existing[key].count += row.n
            else:
                db.session.add(UsageMonthly(month=key[0], member_id=row.member_id,
                                            event_type=row.event_type, count=row.n,
                                            source="rollup"))
        deleted = db.session.execute(sa.delete(UsageEvent).where(old)).rowcount
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    months_done = sorted({row.month for row in counts})
    return PruneResult(cutoff, months_done, deleted or 0, len(counts))


# ------------------------------------------------------------------ import

HEADER = ("month", "member", "event_type", "count")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


@dataclass
class ImportResult:
    rows: list[dict]
    errors: list[str]


def check_import(lines: Iterator[str], today: date | None = None) -> ImportResult:
    """Validate a CSV of historical monthly counts; every problem with its line number."""
    today = today or utcnow().date()
    errors: list[str] = []
    rows: list[dict] = []
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        return ImportResult([], ["line 1: the file is empty; expected the header "
                                 + ",".join(HEADER)])
    except csv.Error as error:
        return ImportResult([], [f"line 1: {error}"])
    if tuple(h.strip().lower().lstrip("\ufeff") for h in header) != HEADER:
        return ImportResult([], [f"line 1: the header must be {','.join(HEADER)} "
                                 f"(found {','.join(header)})"])
    slugs = dict(db.session.execute(sa.select(Member.slug, Member.id)).all())
    already = {(r.month, r.member_id, r.event_type) for r in db.session.execute(
        sa.select(UsageMonthly.month, UsageMonthly.member_id, UsageMonthly.event_type)
        .where(UsageMonthly.source == "import"))}
    seen: dict[tuple, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != 4:
                errors.append(f"line {line}: expected 4 columns, found {len(record)}")
                continue
            month_text, slug, event_type, count_text = (c.strip() for c in record)
            problems = []
            month = None
            match = _MONTH.fullmatch(month_text)
            if not match:
                problems.append(f"month {month_text!r} is not YYYY-MM")
            else:
                month = date(int(match[1]), int(match[2]), 1)
                if month > month_start(today):
                    problems.append(f"month {month_text} is in the future")
            member_id = slugs.get(slug)
            if member_id is None:
                problems.append(f"unknown member {slug!r}")
            if event_type not in USAGE_EVENT_TYPES:
                problems.append(f"unknown event type {event_type!r}")
            count = None
            if re.fullmatch(r"\d+", count_text) and int(count_text) > 0:
                count = int(count_text)
                if count > 2_000_000_000:
                    problems.append(f"count {count_text} is too large")
            else:
                problems.append(f"count {count_text!r} is not a positive integer")
            if not problems:
                key = (month, member_id, event_type)
                if key in seen:
                    problems.append(f"repeats line {seen[key]} ({month_text}, {slug}, "
                                    f"{event_type})")
                elif key in already:
                    problems.append(f"{month_text}, {slug}, {event_type} was already imported")
                else:
                    seen[key] = line
            if problems:
                errors.append(f"line {line}: " + "; ".join(problems))
            else:
                rows.append({"month": month, "member_id": member_id, "event_type": event_type,
                             "count": count, "source": "import"})
    except csv.Error as error:
        errors.append(f"line {reader.line_num}: {error}")
    if not rows and not errors:
        errors.append("the file has a header but no rows")
    return ImportResult(rows, errors)


def import_rows(rows: list[dict], progress=None) -> int:
    """Insert checked rows in one transaction: all or nothing (`progress(done, total)`)."""
    try:
        for done, row in enumerate(rows, 1):
            db.session.add(UsageMonthly(**row))
            if progress:
                progress(done, len(rows))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return len(rows)


# ------------------------------------------------------------------ export


class _Line:
    """A file-like target for csv.writer that hands back what was written."""

    def __init__(self):
        self.buffer = io.StringIO()

    def write(self, text):
        self.buffer.write(text)

    def take(self) -> str:
        value = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return value


def export_csv(period: Period, chunk_rows: int = 2000) -> Iterator[str]:
    """The period's raw events as CSV, read with a server-side cursor and yielded in chunks,
    so memory stays flat whatever the size. Members by slug; users only by their pseudonym."""
    slugs = dict(db.session.execute(sa.select(Member.id, Member.slug)).all())
    engine = db.engine
    out = _Line()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    yield out.take()
    table = UsageEvent.__table__
    query = (
        sa.select(table.c.occurred_at, table.c.event_type, table.c.member_id, table.c.user_key,
                  table.c.object_type, table.c.object_id, table.c.channel, table.c.query,
                  table.c.result_count)
        .where(table.c.occurred_at >= period.starts_at.replace(tzinfo=None),
               table.c.occurred_at < period.ends_before.replace(tzinfo=None))
        .order_by(table.c.occurred_at, table.c.id)
    )
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=chunk_rows).execute(
            query)
        for partition in result.partitions(chunk_rows):
            for r in partition:
                writer.writerow((
                    r[0].strftime("%Y-%m-%dT%H:%M:%SZ") if hasattr(r[0], "strftime") else r[0],
                    r[1], slugs.get(r[2], "") if r[2] is not None else "", r[3], r[4] or "",
                    "" if r[5] is None else r[5], r[6], _safe_cell(r[7]),
                    "" if r[8] is None else r[8]))
            yield out.take()


def _safe_cell(text: str | None) -> str:
    """A query typed by a user, defused for spreadsheets (no leading formula characters)."""
    if not text:
        return ""
    return "'" + text if text[0] in "=+-@\t\r" else text
