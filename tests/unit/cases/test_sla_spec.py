"""The service-level clock as a specification at its edges: a case is overdue only once it has
used more working days than its target (the last day of the target is still on time), the last
fifth of the target (at least one day) is "due soon", an overdue case stays overdue while paused,
an RFI pauses the clock from the day it is sent up to (not including) the day it is answered,
and a span that ends before it starts counts nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amanah.cases import sla
from amanah.cases.sla import Calendar, Pause, Standing
from amanah.errors import InvalidInput

MONDAY = date(2026, 11, 30)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


@pytest.mark.parametrize(
    ("used", "target", "standing"),
    [
        (20, 20, Standing.DUE_SOON),  # the last day of the target is still on time
        (21, 20, Standing.OVERDUE),
        (16, 20, Standing.DUE_SOON),  # four days (a fifth of 20) left
        (15, 20, Standing.ON_TRACK),  # five left
        (2, 3, Standing.DUE_SOON),  # a fifth of 3 rounds to 0: still one day's warning
        (1, 3, Standing.ON_TRACK),
        (0, 1, Standing.DUE_SOON),
        (2, 1, Standing.OVERDUE),
    ],
)
def test_where_a_case_stands_at_the_edges(used: int, target: int, standing: Standing) -> None:
    clock = sla.clock_of_elapsed(used, target, paused=False)
    assert clock.standing is standing
    assert (clock.elapsed, clock.target, clock.remaining) == (used, target, target - used)


def test_a_paused_case_is_paused_unless_already_overdue() -> None:
    assert sla.clock_of_elapsed(19, 20, paused=True).standing is Standing.PAUSED
    assert sla.clock_of_elapsed(20, 20, paused=True).standing is Standing.PAUSED
    late = sla.clock_of_elapsed(21, 20, paused=True)
    assert late.standing is Standing.OVERDUE and late.paused


def test_a_target_of_one_day_is_the_least() -> None:
    assert sla.clock_of_elapsed(0, 1, paused=False).target == 1
    for bad in (0, -1):
        with pytest.raises(InvalidInput) as error:
            sla.clock_of_elapsed(0, bad, paused=False)
        assert error.value.field == "target"


def test_an_rfi_pauses_from_the_day_it_is_sent_until_the_day_it_is_answered() -> None:
    rfi = Pause(day(1), day(3))  # sent Tuesday, answered Thursday
    assert not sla.is_paused([rfi], day(0))
    assert sla.is_paused([rfi], day(1)) and sla.is_paused([rfi], day(2))
    assert not sla.is_paused([rfi], day(3))  # the answer day runs again
    still_open = Pause(day(1))
    assert sla.is_paused([still_open], day(1)) and sla.is_paused([still_open], day(400))
    assert not sla.is_paused([still_open], day(0))
    assert sla.is_paused([rfi, still_open], day(5)) and not sla.is_paused([], day(1))


def test_the_clock_on_a_day_an_rfi_is_open_is_paused_and_stopped() -> None:
    held = sla.clock(day(0), day(4), 20, [Pause(day(1))])
    assert held.paused and held.standing is Standing.PAUSED and held.elapsed == 1
    answered = sla.clock(day(0), day(4), 20, [Pause(day(1), day(3))])
    assert not answered.paused and answered.standing is Standing.ON_TRACK
    assert answered.elapsed == 2  # Monday and Thursday
    # a pause handed in as a one-shot iterable is read for both the count and the state
    once = sla.clock(day(0), day(4), 20, iter([Pause(day(1))]))
    assert once.paused and once.elapsed == 1


def test_spans_that_end_where_or_before_they_start_count_nothing() -> None:
    assert sla.working_days(day(0), day(0)) == 0
    assert sla.working_days(day(4), day(0)) == 0
    assert sla.working_days(day(0), day(1)) == 1  # [Monday, Tuesday)
    assert sla.elapsed(day(4), day(0)) == 0 and sla.elapsed(day(0), day(0)) == 0
    assert sla.working_days_many([day(4), day(0)], [day(0), day(4)]) == [0, 4]
    assert sla.working_days_many([], []) == []


def test_touching_and_overlapping_pauses_count_once() -> None:
    # Tue-Wed, then Thu (touching at Thursday): Mon and Fri remain
    touching = [Pause(day(1), day(3)), Pause(day(3), day(4))]
    assert sla.merged(touching, day(7)) == [(day(1), day(4))]
    assert sla.elapsed(day(0), day(7), touching) == 2
    overlapping = [Pause(day(1), day(4)), Pause(day(2), day(3))]
    assert sla.merged(overlapping, day(7)) == [(day(1), day(4))]
    apart = [Pause(day(3), day(4)), Pause(day(1), day(2))]
    assert sla.merged(apart, day(7)) == [(day(1), day(2)), (day(3), day(4))]
    # a pause is cut at `until`; one that starts on or after it is no pause
    assert sla.merged([Pause(day(1), day(9)), Pause(day(5))], day(5)) == [(day(1), day(5))]
    assert sla.merged([Pause(day(2), day(1))], day(7)) == []
    # a third pause overlapping the second (not the first) joins the second
    three = [Pause(day(1), day(2)), Pause(day(3), day(5)), Pause(day(4), day(6))]
    assert sla.merged(three, day(7)) == [(day(1), day(2)), (day(3), day(6))]
    assert sla.elapsed(day(0), day(7), three) == 2  # Monday and Wednesday
    inside = [Pause(day(1), day(2)), Pause(day(3), day(6)), Pause(day(4), day(5))]
    assert sla.merged(inside, day(7)) == [(day(1), day(2)), (day(3), day(6))]
    # an RFI answered the day it was sent paused nothing
    assert sla.merged([Pause(day(3), day(3))], day(7)) == []
    assert sla.merged([Pause(day(3), day(3)), Pause(day(1), day(2))], day(7)) == [(day(1), day(2))]


def test_a_pause_before_submission_takes_nothing_off() -> None:
    assert sla.elapsed(day(2), day(7), [Pause(day(0), day(3))]) == 2  # Thu, Fri
    assert sla.elapsed(day(0), day(7), [Pause(day(-7), day(0))]) == 5


def test_a_calendar_from_day_names() -> None:
    calendar = Calendar.of([" Sunday", "MON", "tue", "wed", "thu"], [day(3), day(2), day(3)])
    assert calendar.workdays == (True, True, True, True, False, False, True)
    assert calendar.holidays == (day(2), day(3))
    assert calendar.is_working_day(day(-1)) and not calendar.is_working_day(day(4))
    assert not calendar.is_working_day(day(2))  # a holiday on a working weekday
    with pytest.raises(InvalidInput) as error:
        Calendar.of(["mon", "funday", "blursday"])
    assert "'fun'" in error.value.message and "blu" not in error.value.message  # the first one
    with pytest.raises(InvalidInput) as error:
        Calendar.of([])
    assert error.value.field == "workdays"
    assert Calendar.of(["sat"]).workdays == (False,) * 5 + (True, False)


@given(st.lists(st.integers(1, 60), min_size=1, max_size=5), st.integers(1, 60))
def test_the_target_is_the_slowest_kind_and_never_below_the_default_for_unknown_kinds(
    days: list[int], default: int
) -> None:
    targets = {f"kind{i}": d for i, d in enumerate(days)}
    assert sla.target_for(targets, targets, default) == max(days)
    assert sla.target_for([*targets, "other"], targets, default) == max([*days, default])
