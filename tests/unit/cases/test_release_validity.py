"""How long a technology release holds: month arithmetic and the problems it names."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from amanah.cases.release_validity import ReleaseStatus, add_months

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31))


@given(DAYS, st.integers(0, 240))
def test_months_later_is_the_same_day_or_the_month_end(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)


def test_a_release_holds_until_its_last_day_for_its_recipient_only() -> None:
    held = ReleaseStatus(7, "XA", date(2024, 1, 31), add_months(date(2024, 1, 31), 24), 24, True)
    assert held.valid_until == date(2026, 1, 31)
    assert held.problem("XA", date(2026, 1, 30)) is None
    assert "expired on 2026-01-31" in (held.problem("XA", date(2026, 1, 31)) or "")
    assert "given for XA, not XB" in (held.problem("XB", date(2025, 1, 1)) or "")
    assert (
        ReleaseStatus(None, None, None, None, None, False).problem("XA", date(2030, 1, 1)) is None
    )
