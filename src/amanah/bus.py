"""The message bus (after *Architecture Patterns with Python*, cosmicpython.com, ch. 8–9): it
routes each recorded domain event to the handlers subscribed to it (`amanah.handlers.HANDLERS`).

Two phases, chosen per subscription:

- `Phase.SAME_UNIT`: the handler runs at once, inside the unit of work that recorded the event,
  so it stands or falls with the change (a party is never stored unscreened, a case never reads
  an assessment of its previous facts, and a form's savepoint rolls both back together).
- `Phase.AFTER_COMMIT`: the handler runs once the unit of work has committed, in a unit of work
  of its own (work that may take long or fan out, such as starting a background job). An event
  recorded in a savepoint that is rolled back is dropped with it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, SessionTransaction

from amanah import events
from amanah.db.engine import transaction
from amanah.events import Event
from amanah.handlers import HANDLERS, Phase, Subscription

log = logging.getLogger(__name__)


class MessageBus:
    def __init__(self, subscriptions: list[Subscription]) -> None:
        self.subscriptions = subscriptions

    def handlers_for(self, kind: type[Event]) -> Iterator[Subscription]:
        """The subscriptions of `kind` and of each class it derives from, most specific first;
        in the order of the table within one class."""
        for cls in kind.__mro__:
            for subscription in self.subscriptions:
                if subscription.event is cls:
                    yield subscription

    def dispatch(self, session: Session, event: Event) -> None:
        for subscription in self.handlers_for(type(event)):
            if subscription.phase is Phase.SAME_UNIT:
                subscription.handler(session, event)
            else:
                _pending(session).setdefault(_innermost(session), []).append((subscription, event))

    def run_after_commit(self, session: Session) -> None:
        """Run the handlers waiting for `session`'s commit, each in its own unit of work."""
        waiting = session.info.pop(_PENDING, {})
        for queued in waiting.values():
            for subscription, event in queued:
                with transaction(session.get_bind().engine) as own:
                    subscription.handler(own, event)


_PENDING = "amanah.bus.after_commit"
_bus: MessageBus | None = None


def _pending(session: Session) -> dict[SessionTransaction, list[tuple[Subscription, Event]]]:
    pending: dict[SessionTransaction, list[tuple[Subscription, Event]]]
    pending = session.info.setdefault(_PENDING, {})
    return pending


def _innermost(session: Session) -> SessionTransaction:
    found = session.get_nested_transaction() or session.get_transaction()
    assert found is not None, "an event is recorded inside a unit of work"
    return found


def _on_soft_rollback(session: Session, previous: SessionTransaction) -> None:
    """A rolled-back savepoint (or transaction) takes its events with it."""
    session.info.get(_PENDING, {}).pop(previous, None)


def _on_transaction_end(session: Session, ended: SessionTransaction) -> None:
    """A released savepoint hands its events to the transaction around it."""
    pending = session.info.get(_PENDING)
    if not pending or ended not in pending or ended.parent is None:
        return
    pending.setdefault(ended.parent, []).extend(pending.pop(ended))


def _on_commit(session: Session) -> None:
    """SQLAlchemy calls this for a released savepoint too: only the outermost commit counts."""
    root = session.get_transaction()
    if root is not None and root.is_active:
        return  # a savepoint was released: its events wait for the transaction around it
    if _bus is not None and session.info.get(_PENDING):
        _bus.run_after_commit(session)


def _on_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def start() -> MessageBus:
    """Start the bus in this process (idempotent): every entry point calls it first."""
    global _bus
    if _bus is None:
        _bus = MessageBus(HANDLERS)
        events.install(_bus.dispatch)
        sa_event.listen(Session, "after_soft_rollback", _on_soft_rollback)
        sa_event.listen(Session, "after_transaction_end", _on_transaction_end)
        sa_event.listen(Session, "after_commit", _on_commit)
        sa_event.listen(Session, "after_rollback", _on_rollback)
    return _bus


def table(bus: MessageBus) -> str:
    """The event → handler table, as Markdown: what each change sets off, in order."""
    lines = [
        "# Domain events and their handlers",
        "",
        "Generated from `amanah.handlers.HANDLERS` by `tests/unit/test_events_table.py`; "
        "do not edit by hand. An event is handled by the handlers of its class, then by those "
        "of the classes it derives from.",
        "",
        "| Event | Handlers, in the order they run | When | What the handler does |",
        "|---|---|---|---|",
    ]
    for kind in sorted(_event_classes(), key=lambda k: k.__name__):
        about = " ".join((kind.__doc__ or "").split())
        lines.append(f"| **`{kind.__name__}`** | {about} | | |")
        for s in bus.handlers_for(kind):
            via = "" if s.event is kind else f" (as `{s.event.__name__}`)"
            lines.append(f"| | `{s.name}`{via} | {s.phase.value} | {s.summary} |")
    return "\n".join(lines) + "\n"


def _event_classes() -> list[type[Event]]:
    found: list[type[Event]] = []
    todo = [Event]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found
