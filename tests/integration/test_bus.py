"""The message bus: handlers in the same unit of work stand or fall with it; handlers after the
commit run once it is stored, in a unit of work of their own, and never for a change that was
rolled back (the whole transaction or a form's savepoint)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from amanah import bus, events
from amanah.db.engine import transaction
from amanah.events import PartnerFactsChanged
from amanah.handlers import Phase, Subscription
from amanah.partners.models import PartnerRow
from amanah.users.roles import SYSTEM

seen: list[tuple[str | None, bool, bool]] = []


def _after(session: Session, event: PartnerFactsChanged) -> None:
    """Test handler: notes the event, whether its session is in a transaction, and what it sees."""
    stored = event.partner is not None and session.get(PartnerRow, event.partner) is not None
    seen.append((event.partner, session.in_transaction(), stored))


@pytest.fixture
def after_commit() -> Iterator[list[tuple[str | None, bool, bool]]]:
    messages = bus.start()
    extra = Subscription(PartnerFactsChanged, _after, Phase.AFTER_COMMIT)
    messages.subscriptions.append(extra)
    seen.clear()
    try:
        yield seen
    finally:
        messages.subscriptions.remove(extra)


def test_after_commit_handlers_see_the_stored_change(
    engine: Engine, after_commit: list[tuple[str | None, bool, bool]]
) -> None:
    with transaction(engine) as session:
        session.add(
            PartnerRow(
                code="QA", name="Qatar", memberships=[], releasable_level=0, tier="strategic"
            )
        )
        session.flush()
        events.record(session, PartnerFactsChanged("QA", SYSTEM))
        assert after_commit == []  # not before the commit
    assert after_commit == [("QA", True, True)]


def test_a_rolled_back_change_sets_nothing_off(
    engine: Engine, after_commit: list[tuple[str | None, bool, bool]]
) -> None:
    with pytest.raises(RuntimeError), transaction(engine) as session:
        events.record(session, PartnerFactsChanged("QA", SYSTEM))
        raise RuntimeError("the change fails")
    assert after_commit == []


def test_a_rolled_back_savepoint_drops_its_events_and_a_released_one_keeps_them(
    engine: Engine, after_commit: list[tuple[str | None, bool, bool]]
) -> None:
    with transaction(engine) as session:
        refused = session.begin_nested()
        events.record(session, PartnerFactsChanged("AA", SYSTEM))
        refused.rollback()
        kept = session.begin_nested()
        events.record(session, PartnerFactsChanged("BB", SYSTEM))
        kept.commit()
        assert after_commit == []  # a released savepoint is not the commit
    assert [partner for partner, _, _ in after_commit] == ["BB"]


def test_recording_before_the_bus_started_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "_dispatch", [])
    with pytest.raises(RuntimeError, match="bus started"):
        events.record(None, PartnerFactsChanged(None, SYSTEM))  # type: ignore[arg-type]
