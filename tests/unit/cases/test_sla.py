"""The service-level clock: working days and pauses, checked against a day-by-day count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amanah.cases import sla
from amanah.cases.sla import Calendar, Pause, Standing
from amanah.errors import InvalidInput

DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
WEEKS = st.tuples(*[st.booleans()] * 7).filter(any)
CALENDARS = st.builds(
    Calendar, WEEKS, st.lists(DAYS, max_size=8).map(lambda d: tuple(sorted(set(d))))
)
PAUSES = st.lists(st.builds(Pause, DAYS, st.one_of(st.none(), DAYS)), max_size=5)


def by_hand(start: date, until: date, pauses: list[Pause], calendar: Calendar) -> int:
    """The oracle: walk every day, count it if worked and no pause covers it."""
    count, day = 0, start
    while day < until:
        covered = any(p.start <= day < (p.end or until) for p in pauses)
        if calendar.is_working_day(day) and not covered:
            count += 1
        day += timedelta(days=1)
    return count


@given(DAYS, DAYS, PAUSES, CALENDARS)
def test_elapsed_equals_a_day_by_day_count(
    start: date, until: date, pauses: list[Pause], calendar: Calendar
) -> None:
    assert sla.elapsed(start, until, pauses, calendar) == by_hand(start, until, pauses, calendar)


@given(DAYS, DAYS, DAYS, PAUSES, CALENDARS)
def test_the_clock_adds_up_over_consecutive_spans(
    a: date, b: date, c: date, pauses: list[Pause], calendar: Calendar
) -> None:
    a, b, c = sorted((a, b, c))
    closed = [Pause(p.start, p.end or c) for p in pauses]  # an open pause would end at each `until`
    whole = sla.elapsed(a, c, closed, calendar)
    assert whole == sla.elapsed(a, b, closed, calendar) + sla.elapsed(b, c, closed, calendar)


@given(DAYS, DAYS, PAUSES, st.builds(Pause, DAYS, st.one_of(st.none(), DAYS)))
def test_a_further_pause_never_adds_time(
    start: date, until: date, pauses: list[Pause], extra: Pause
) -> None:
    without = sla.elapsed(start, until, pauses)
    assert 0 <= sla.elapsed(start, until, [*pauses, extra]) <= without
    assert without <= sla.working_days(start, until)


def test_a_week_of_five_working_days_paused_for_two() -> None:
    monday = date(2026, 11, 30)
    assert sla.working_days(monday, monday + timedelta(days=7)) == 5
    rfi = Pause(monday + timedelta(days=1), monday + timedelta(days=3))  # Tue, Wed
    assert sla.elapsed(monday, monday + timedelta(days=7), [rfi]) == 3
    # an RFI still open on Friday: the clock stopped on Tuesday
    assert sla.elapsed(monday, monday + timedelta(days=4), [Pause(monday + timedelta(days=1))]) == 1


def test_a_sunday_to_thursday_week_and_a_holiday() -> None:
    calendar = Calendar.of(["sun", "mon", "tue", "wed", "thu"], [date(2026, 12, 2)])
    sunday = date(2026, 11, 29)
    assert sla.working_days(sunday, sunday + timedelta(days=7), calendar) == 4


def test_the_clock_says_where_the_case_stands() -> None:
    monday = date(2026, 11, 2)
    assert sla.clock(monday, monday + timedelta(days=7), 20).standing is Standing.ON_TRACK
    assert sla.clock(monday, monday + timedelta(days=28), 20).standing is Standing.DUE_SOON
    late = sla.clock(monday, monday + timedelta(days=35), 20)
    assert late.standing is Standing.OVERDUE and late.remaining == -5
    held = sla.clock(monday, monday + timedelta(days=7), 20, [Pause(monday + timedelta(days=3))])
    assert held.paused and held.standing is Standing.PAUSED and held.elapsed == 3


def test_the_slowest_kind_sets_the_target() -> None:
    targets = {"sale": 20, "know_how": 40}
    assert sla.target_for(["sale", "know_how"], targets, 30) == 40
    assert sla.target_for(["training"], targets, 30) == 30
    assert sla.target_for([], targets, 30) == 30


def test_bad_calendars_and_targets_name_the_field() -> None:
    with pytest.raises(InvalidInput) as error:
        Calendar.of(["mon", "funday"])
    assert error.value.field == "workdays"
    with pytest.raises(InvalidInput) as error:
        Calendar((False,) * 7)  # type: ignore[arg-type]
    assert error.value.field == "workdays"
    with pytest.raises(InvalidInput) as error:
        sla.clock(date(2026, 1, 1), date(2026, 2, 1), 0)
    assert error.value.field == "target"


@given(st.lists(st.tuples(DAYS, DAYS), max_size=20), CALENDARS)
def test_many_spans_at_once_count_as_each_alone(
    spans: list[tuple[date, date]], calendar: Calendar
) -> None:
    starts, ends = [s for s, _ in spans], [e for _, e in spans]
    assert sla.working_days_many(starts, ends, calendar) == [
        sla.working_days(s, e, calendar) for s, e in spans
    ]
