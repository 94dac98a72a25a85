"""The service-level clock of a case, pure: working days elapsed since submission, with the
days an open request for information (RFI) paused it taken out, against a target per kind.

Working days are counted by numpy's business-day calendar (`numpy.busday_count`), with the
directorate's week (which days are worked) and its holidays. A span is half-open, [start, end):
a case submitted on Monday and looked at on Tuesday has used one working day. A pause runs from
the day the RFI was sent to the day it was answered (the answer day counts again), and pauses
that overlap are counted once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np

from amanah.errors import InvalidInput
from amanah.i18n import N_

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Calendar:
    """Which days of the week are worked (Monday first) and the holidays."""

    workdays: tuple[bool, bool, bool, bool, bool, bool, bool] = (True,) * 5 + (False,) * 2
    holidays: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        if not any(self.workdays):
            raise InvalidInput(N_("a week needs at least one working day"), field="workdays")

    @classmethod
    def of(cls, workdays: Iterable[str], holidays: Iterable[date] = ()) -> Calendar:
        """From day names (`mon` … `sun`), e.g. a Sunday-to-Thursday week."""
        names = [d.strip().lower()[:3] for d in workdays]
        unknown = [n for n in names if n not in DAY_NAMES]
        if unknown:
            raise InvalidInput(N_("unknown day %(unknown)r; expected one of %(DAY_NAMES)s"), field="workdays",
            values={"unknown": unknown[0], "DAY_NAMES": ', '.join(DAY_NAMES)})  # fmt: skip
        mask = tuple(n in names for n in DAY_NAMES)
        return cls(mask, tuple(sorted(set(holidays))))  # type: ignore[arg-type]

    @property
    def weekmask(self) -> list[bool]:
        return list(self.workdays)

    def is_working_day(self, day: date) -> bool:
        return self.workdays[day.weekday()] and day not in self.holidays


@dataclass(frozen=True)
class Pause:
    """The clock stopped from `start` until `end` (None: still open)."""

    start: date
    end: date | None = None


def working_days(start: date, end: date, calendar: Calendar = Calendar()) -> int:
    """Working days in [start, end); 0 when end is not after start."""
    if end <= start:
        return 0
    return int(np.busday_count(start, end, weekmask=calendar.weekmask,
                               holidays=list(calendar.holidays)))  # fmt: skip


def merged(pauses: Iterable[Pause], until: date) -> list[tuple[date, date]]:
    """The pauses as disjoint half-open spans ending by `until` (an open pause runs to it)."""
    spans = sorted((p.start, min(p.end or until, until)) for p in pauses)
    out: list[tuple[date, date]] = []
    for start, end in spans:
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def elapsed(start: date, until: date, pauses: Iterable[Pause] = (),
            calendar: Calendar = Calendar()) -> int:  # fmt: skip
    """Working days on the clock between `start` and `until`, less the paused ones."""
    if until <= start:
        return 0
    paused = sum(
        working_days(max(s, start), min(e, until), calendar) for s, e in merged(pauses, until)
    )
    return working_days(start, until, calendar) - paused


def working_days_many(starts: Sequence[date], ends: Sequence[date],
                      calendar: Calendar = Calendar()) -> list[int]:  # fmt: skip
    """`working_days` of many spans in one vectorised call (an SLA report of every case)."""
    if not starts:
        return []
    begin = np.array(starts, dtype="datetime64[D]")
    end = np.maximum(np.array(ends, dtype="datetime64[D]"), begin)
    counts = np.busday_count(
        begin, end, weekmask=calendar.weekmask, holidays=list(calendar.holidays)
    )
    return [int(c) for c in counts]


def clock_of_elapsed(used: int, target: int, paused: bool) -> Clock:
    """The clock from working days already counted."""
    if target < 1:
        raise InvalidInput(N_("a service-level target is at least one working day"), field="target")
    if used > target:
        standing = Standing.OVERDUE
    elif paused:
        standing = Standing.PAUSED
    elif target - used <= max(1, round(target * DUE_SOON_SHARE)):
        standing = Standing.DUE_SOON
    else:
        standing = Standing.ON_TRACK
    return Clock(used, target, paused, standing)


class Standing(StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"


@dataclass(frozen=True)
class Clock:
    elapsed: int
    target: int
    paused: bool
    standing: Standing

    @property
    def remaining(self) -> int:
        return self.target - self.elapsed


#: the last fifth of the target is "due soon"
DUE_SOON_SHARE = 0.2


def clock(start: date, until: date, target: int, pauses: Iterable[Pause] = (),
          calendar: Calendar = Calendar()) -> Clock:  # fmt: skip
    """The case's clock on `until`: paused while any pause is open on that day."""
    pauses = list(pauses)
    return clock_of_elapsed(elapsed(start, until, pauses, calendar), target,
                            is_paused(pauses, until))  # fmt: skip


def is_paused(pauses: Iterable[Pause], on: date) -> bool:
    return any(p.start <= on and (p.end is None or p.end > on) for p in pauses)


def target_for(kinds: Iterable[str], targets: Mapping[str, int], default: int) -> int:
    """The target of a case: that of its slowest kind of transfer (know-how takes longer than a
    sale), or the default when it has no line items or a kind has no target of its own."""
    found = [targets.get(k, default) for k in kinds]
    return max(found, default=default)
