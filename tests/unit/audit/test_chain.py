from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from amanah.audit.chain import GENESIS, ChainedEvent, event_hash, verify


def chain(payloads: list[str]) -> list[ChainedEvent]:
    events, prev = [], GENESIS
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n, payload in enumerate(payloads, start=1):
        at = start + timedelta(seconds=n)
        values = {"seq": n, "at": at, "actor": "officer", "verb": "case.edited", "entity_type": "case",
                      "entity_id": "1", "before": None, "after": {"title": payload}, "prev_hash": prev}  # fmt: skip
        digest = event_hash(**values)  # type: ignore[arg-type]
        events.append(ChainedEvent(**values, hash=digest))  # type: ignore[arg-type]
        prev = digest
    return events


@given(st.lists(st.text(max_size=20), min_size=1, max_size=20))
def test_an_untouched_chain_verifies(payloads: list[str]) -> None:
    assert verify(chain(payloads)) is None


@given(st.lists(st.text(max_size=20), min_size=2, max_size=20), st.data())
def test_editing_any_event_is_detected_at_that_event(
    payloads: list[str], data: st.DataObject
) -> None:
    events = chain(payloads)
    n = data.draw(st.integers(0, len(events) - 1))
    events[n] = replace(events[n], after={"title": payloads[n] + "!"})
    broken = verify(events)
    assert broken is not None and broken.seq == n + 1


@given(st.lists(st.text(max_size=20), min_size=3, max_size=20), st.data())
def test_deleting_an_event_is_detected(payloads: list[str], data: st.DataObject) -> None:
    events = chain(payloads)
    n = data.draw(st.integers(0, len(events) - 2))
    del events[n]
    assert verify(events) is not None


def test_swapping_two_events_is_detected() -> None:
    events = chain(["a", "b", "c", "d"])
    events[1], events[2] = events[2], events[1]
    broken = verify(events)
    assert broken is not None and broken.seq == 3
