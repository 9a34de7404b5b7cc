"""Reporting periods, named as DHIS2 names them.

`parse_period("2025July")` is the network's reporting year, 1 July 2025 to 30 June 2026.
Also understood: `2025` (calendar year), `2025Q3`, `202507` (month), `2025S1`/`2025S2`
(half years), `2025AprilS1`, `2025W14` (ISO week), `20250714` (one day), the financial years
`2025April`, `2025July`, `2025Oct`, `2025Nov`, and an explicit `start`/`end` pair (both
inclusive, dates in UTC). Anything else, or an end before its start, raises `InvalidInput`
(422) with a message that says what is accepted.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from hub.errors import InvalidInput

FINANCIAL_MONTHS = {"April": 4, "July": 7, "Oct": 10, "Nov": 11}

_PATTERNS = (
    ("year", re.compile(r"(\d{4})")),
    ("month", re.compile(r"(\d{4})(0[1-9]|1[0-2])")),
    ("day", re.compile(r"(\d{4})(\d{2})(\d{2})")),
    ("quarter", re.compile(r"(\d{4})Q([1-4])")),
    ("half", re.compile(r"(\d{4})S([12])")),
    ("april_half", re.compile(r"(\d{4})AprilS([12])")),
    ("week", re.compile(r"(\d{4})W([1-9]|[1-4]\d|5[0-3])")),
    ("financial", re.compile(r"(\d{4})(April|July|Oct|Nov)")),
)


@dataclass(frozen=True)
class Period:
    """An inclusive range of whole UTC days, with the identifier it was asked for by."""

    id: str
    start: date
    end: date

    @property
    def starts_at(self) -> datetime:
        """The first instant of the period (UTC)."""
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def ends_before(self) -> datetime:
        """The first instant after the period (UTC): compare with `<`."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def to_dict(self) -> dict:
        return {"id": self.id, "start": self.start.isoformat(), "end": self.end.isoformat()}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _range(kind: str, groups: tuple[str, ...]) -> tuple[date, date]:
    year = int(groups[0])
    if kind == "year":
        return date(year, 1, 1), date(year, 12, 31)
    if kind == "month":
        month = int(groups[1])
        return date(year, month, 1), _month_end(year, month)
    if kind == "day":
        day = date(year, int(groups[1]), int(groups[2]))  # ValueError for 20250231
        return day, day
    if kind == "quarter":
        first = date(year, 3 * int(groups[1]) - 2, 1)
        return first, _add_months(first, 3) - timedelta(days=1)
    if kind == "half":
        first = date(year, 1 if groups[1] == "1" else 7, 1)
        return first, _add_months(first, 6) - timedelta(days=1)
    if kind == "april_half":
        first = _add_months(date(year, 4, 1), 6 * (int(groups[1]) - 1))
        return first, _add_months(first, 6) - timedelta(days=1)
    if kind == "week":
        first = date.fromisocalendar(year, int(groups[1]), 1)  # ValueError for 2025W53
        return first, first + timedelta(days=6)
    first = date(year, FINANCIAL_MONTHS[groups[1]], 1)
    return first, _add_months(first, 12) - timedelta(days=1)


def _invalid(field: str, message) -> InvalidInput:
    return InvalidInput(fields={field: [str(message)]})


def _parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise _invalid(field, _l("Not a date: use YYYY-MM-DD.")) from None


def parse_id(period: str) -> Period:
    """The period a DHIS2 identifier names; InvalidInput if there is none."""
    text = (period or "").strip()
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                start, end = _range(kind, match.groups())
            except ValueError:
                break
            return Period(text, start, end)
    raise _invalid(
        "period",
        _l(
            "Unknown period %(period)s: use a DHIS2 period such as 2025July (July 2025 to "
            "June 2026), 2025Q3, 202507 or 2025, or give start and end dates.",
            period=text[:40] or "''",
        ),
    )


def parse_period(
    period: str | None = None,
    start: str | None = None,
    end: str | None = None,
    *,
    default: Period | None = None,
) -> Period:
    """The period a request asks for: an identifier, or a start/end pair (both inclusive)."""
    if period:
        if start or end:
            raise _invalid("period", _l("Give either a period or start and end dates, not both."))
        return parse_id(period)
    if start or end:
        if not (start and end):
            missing = "end" if start else "start"
            raise _invalid(missing, _l("Give both start and end dates."))
        first, last = _parse_date(start, "start"), _parse_date(end, "end")
        if last < first:
            raise _invalid("end", _l("The end date is before the start date."))
        return Period(f"{first.isoformat()}/{last.isoformat()}", first, last)
    if default is not None:
        return default
    raise _invalid("period", _l("Give a period (such as 2025July) or start and end dates."))


def reporting_year(day: date) -> Period:
    """The network's reporting year (July to June) that contains `day`."""
    year = day.year if day.month >= 7 else day.year - 1
    return parse_id(f"{year}July")


def from_args(args, *, default: Period | None = None) -> Period:
    """The period in a request's query string (`period`, or `start` and `end`)."""
    return parse_period(args.get("period"), args.get("start"), args.get("end"), default=default)
