"""DHIS2 period identifiers and start/end pairs."""

from datetime import date

import pytest

from hub.api.base import InvalidInput
from hub.periods import parse_period, reporting_year


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2025July", date(2025, 7, 1), date(2026, 6, 30)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("202402", date(2024, 2, 1), date(2024, 2, 29)),
        ("202512", date(2025, 12, 1), date(2025, 12, 31)),
        ("2025S2", date(2025, 7, 1), date(2025, 12, 31)),
        ("2025AprilS2", date(2025, 10, 1), date(2026, 3, 31)),
        ("2025April", date(2025, 4, 1), date(2026, 3, 31)),
        ("2025Oct", date(2025, 10, 1), date(2026, 9, 30)),
        ("2025W1", date(2024, 12, 30), date(2025, 1, 5)),
        ("20250714", date(2025, 7, 14), date(2025, 7, 14)),
    ],
)
def test_dhis2_identifiers(period, start, end):
    parsed = parse_period(period)
    assert (parsed.id, parsed.start, parsed.end) == (period, start, end)


def test_start_and_end_are_both_inclusive():
    parsed = parse_period(start="2025-03-01", end="2025-03-31")
    assert (parsed.start, parsed.end, parsed.days) == (date(2025, 3, 1), date(2025, 3, 31), 31)
    assert parsed.ends_before.isoformat() == "2025-04-01T00:00:00+00:00"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"period": "2025June"}, "period"),
        ({"period": "202513"}, "period"),
        ({"period": "2025Q5"}, "period"),
        ({"period": "20250231"}, "period"),
        ({"period": "2025W53"}, "period"),
        ({"period": "last year"}, "period"),
        ({"start": "2025-05-01", "end": "2025-04-30"}, "end"),
        ({"start": "2025-05-01"}, "end"),
        ({"start": "2025-13-01", "end": "2025-12-31"}, "start"),
        ({"period": "2025", "start": "2025-01-01", "end": "2025-02-01"}, "period"),
        ({}, "period"),
    ],
)
def test_unknown_or_reversed_periods_are_refused(app, kwargs, field):
    with app.test_request_context(), pytest.raises(InvalidInput) as refused:
        parse_period(**kwargs)
    assert refused.value.status == 422
    assert list(refused.value.fields) == [field]


def test_reporting_year_runs_july_to_june():
    assert reporting_year(date(2026, 6, 30)).id == "2025July"
    assert reporting_year(date(2026, 7, 1)).id == "2026July"
