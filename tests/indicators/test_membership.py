"""Who was a member on which days, from status changes bounded by joined_on and left_on."""

from datetime import date
from types import SimpleNamespace

import pytest

from hub.blueprints.indicators.population import MemberState, _intervals, active_during


def member(status="active", joined_on=None, left_on=None):
    return SimpleNamespace(status=status, joined_on=joined_on, left_on=left_on)


def active(m, changes, start, end):
    return active_during(MemberState(1, "m", "M", _intervals(m, changes)), start, end)


D = date


@pytest.mark.parametrize(("m", "changes", "start", "end", "expected"), [
    # Joined mid-period: a member of the period, not of the one before.
    (member(joined_on=D(2026, 1, 15)), [(D(2026, 11, 29), "active")],
     D(2025, 7, 1), D(2026, 6, 30), True),
    (member(joined_on=D(2026, 1, 15)), [(D(2026, 11, 29), "active")],
     D(2024, 7, 1), D(2025, 6, 30), False),
    # Entered in the hub in 2026 with joined_on 2019: its first recorded status stands.
    (member(joined_on=D(2019, 1, 1)), [(D(2026, 11, 29), "active")],
     D(2020, 1, 1), D(2020, 12, 31), True),
    # Suspended the whole period; suspended only for part of it.
    (member("suspended"), [(D(2019, 1, 1), "active"), (D(2025, 1, 1), "suspended")],
     D(2025, 7, 1), D(2026, 6, 30), False),
    (member("suspended"), [(D(2019, 1, 1), "active"), (D(2025, 9, 1), "suspended")],
     D(2025, 7, 1), D(2026, 6, 30), True),
    # Suspended, then active again.
    (member(), [(D(2019, 1, 1), "active"), (D(2024, 1, 1), "suspended"),
                (D(2026, 6, 30), "active")], D(2025, 7, 1), D(2026, 6, 29), False),
    (member(), [(D(2019, 1, 1), "active"), (D(2024, 1, 1), "suspended"),
                (D(2026, 6, 30), "active")], D(2025, 7, 1), D(2026, 6, 30), True),
    # left_on is the last day of membership, even when `former` is recorded that day.
    (member("former", left_on=D(2025, 6, 30)), [(D(2019, 1, 1), "active"),
                                                (D(2025, 6, 30), "former")],
     D(2025, 6, 30), D(2025, 6, 30), True),
    (member("former", left_on=D(2025, 6, 30)), [(D(2019, 1, 1), "active"),
                                                (D(2025, 6, 30), "former")],
     D(2025, 7, 1), D(2026, 6, 30), False),
    # A former member recorded only today, with its left_on in the past.
    (member("former", left_on=D(2025, 3, 31)), [(D(2026, 11, 29), "former")],
     D(2024, 7, 1), D(2025, 6, 30), True),
    # Former without a left_on: not a member.
    (member("former"), [], D(2024, 7, 1), D(2025, 6, 30), False),
    # No history at all: the current status.
    (member(), [], D(2024, 7, 1), D(2025, 6, 30), True),
])
def test_membership_days(m, changes, start, end, expected):
    assert active(m, changes, start, end) is expected
