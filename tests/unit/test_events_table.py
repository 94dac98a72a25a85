"""The event → handler table in docs/events.md is the one the bus routes by: rendered here, so
the docs fail this test when a subscription changes and nobody re-rendered them."""

from __future__ import annotations

import os
from pathlib import Path

from amanah import bus
from amanah.events import CaseChanged, Event, PartyAdded
from amanah.handlers import HANDLERS

DOC = Path(__file__).resolve().parents[2] / "docs" / "events.md"


def test_docs_show_the_current_event_handler_table() -> None:
    rendered = bus.table(bus.start())
    if os.environ.get("AMANAH_RENDER_DOCS"):
        DOC.write_text(rendered, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == rendered, (
        "docs/events.md is stale: run AMANAH_RENDER_DOCS=1 pytest tests/unit/test_events_table.py"
    )


def test_an_event_runs_its_own_handlers_before_those_of_its_base_classes() -> None:
    found = [s.handler.__name__ for s in bus.start().handlers_for(PartyAdded)]
    assert found.index("screen_new_party") < found.index("assess_changed_case")


def test_every_event_class_has_a_handler_or_inherits_one() -> None:
    messages = bus.start()
    unhandled = [k.__name__ for k in bus._event_classes() if not list(messages.handlers_for(k))]
    assert unhandled == []
    assert all(issubclass(s.event, Event) for s in HANDLERS)
    assert issubclass(PartyAdded, CaseChanged)
