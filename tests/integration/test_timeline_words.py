"""A case timeline note names a party's role, a document's kind or a decision's outcome as a
catalogue message with stored values (issue 19): English reads as the note always did
("consignee: Name (XA)"), Arabic reads the role as its words; an entry written before the
message was stored keeps its text."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from amanah import demo
from amanah.cases import workflow
from amanah.cases.changes import MODIFIABLE, change_case
from amanah.cases.detail import case_detail
from amanah.cases.line_items import remove_item
from amanah.cases.models import CaseEventRow, CaseRow
from amanah.cases.parties import add_party
from amanah.cases.schemas import ChangeIn, PartyIn
from amanah.compliance import service as compliance
from amanah.compliance.bulk import reassess_open_cases
from amanah.compliance.bulk_write import ACTIVE
from amanah.db.engine import transaction
from amanah.i18n import current_language
from amanah.labels import label
from amanah.partners import service as partners
from amanah.partners.models import EmbargoRow
from amanah.present import timeline_note
from amanah.users.models import UserRow
from amanah.users.roles import SYSTEM, Actor
from amanah.users.service import actor_of


def _load_demo(engine: Engine) -> None:
    with transaction(engine) as session:
        partners.load_reference_embargoes(session)
        demo.load(session)


def _officer_and_case(session: Session) -> tuple[Actor, CaseRow]:
    """The demo's case officer and its network-intrusion case."""
    officer = actor_of(session.scalars(select(UserRow).where(UserRow.username == "officer")).one())
    case = session.scalars(select(CaseRow).where(CaseRow.title.contains("Network intrusion"))).one()
    return officer, case


def test_a_party_note_reads_its_role_as_words_and_an_old_note_keeps_its_text(
    engine: Engine,
) -> None:
    _load_demo(engine)
    with transaction(engine) as session:
        officer, case = _officer_and_case(session)
        add_party(session, officer, case.id,
                  PartyIn(role="consignee", name="Gulf Freight", country="AE"))  # fmt: skip
        case.events.append(CaseEventRow(actor="officer", action="party_added",
                                        note="end_user: Old Entry (AE)"))  # fmt: skip
        session.flush()
        timeline = case_detail(session, officer, case.id)["timeline"]
    added, old = timeline[-2], timeline[-1]
    assert added["note"] == "consignee: Gulf Freight (AE)"  # the English, as before
    assert timeline_note(added) == "consignee: Gulf Freight (AE)"
    token = current_language.set("ar")
    try:
        arabic, word, kept = timeline_note(added), label("consignee"), timeline_note(old)
        isolated = timeline_note(added, isolate_names=True)
    finally:
        current_language.reset(token)
    assert arabic.startswith(f"{word}: ") and "consignee" not in arabic and "Gulf Freight" in arabic
    assert "\u2068Gulf Freight\u2069" in isolated
    assert kept == "end_user: Old Entry (AE)"


def test_notification_and_release_validity_notes_read_in_the_readers_language(
    engine: Engine,
) -> None:
    """The demo records a notification and a release's validity: their notes keep their English
    (ISO dates) and read in Arabic with Arabic dates."""
    with transaction(engine) as session:
        partners.load_reference_embargoes(session)
        demo.load(session)
    with transaction(engine) as session:
        rows = session.scalars(select(CaseEventRow).where(
            CaseEventRow.action.in_(["notified", "release_validity"]))).all()  # fmt: skip
        entries = [{"note": r.note, "note_id": r.note_id, "note_values": r.note_values}
                   for r in rows]  # fmt: skip
    assert {e["note"].split(" ")[0] for e in entries} == {"notified", "valid"}
    token = current_language.set("ar")
    try:
        arabic = [timeline_note(e) for e in entries]
    finally:
        current_language.reset(token)
    for english, text in zip(entries, arabic, strict=True):
        assert re.match(r"(notified on|valid for \w+ from) \d{4}-\d\d-\d\d", english["note"])
        assert (
            "notified" not in text
            and "valid for" not in text
            and not re.search(r"\d{4}-\d\d", text)
        )
        assert re.search("[\u0621-\u064a]", text), text


def test_a_line_item_note_is_a_message_in_either_language(engine: Engine) -> None:
    """A line item's timeline note (added, changed, removed) is a catalogue message: English
    as before ("item 7"), Arabic in Arabic."""
    _load_demo(engine)
    with transaction(engine) as session:
        officer, case = _officer_and_case(session)
        item = case.items[0]
        remove_item(session, officer, case.id, item.id)
        timeline = case_detail(session, officer, case.id)["timeline"]
    removed = timeline[-1]
    assert removed["note"] == f"item {item.id}"
    token = current_language.set("ar")
    try:
        assert timeline_note(removed) == f"البند {item.id}"
    finally:
        current_language.reset(token)


def _suspend_notes(engine: Engine, one_by_one: bool) -> list[dict[str, Any]]:
    """A UN embargo on the partner of the demo's active cases, re-assessed the one-case way
    (`compliance.service.reassess_case`: the suspension is an event's handler) or in bulk:
    the timeline entries of the suspensions."""
    _load_demo(engine)
    with transaction(engine) as session:
        case = session.scalars(select(CaseRow).where(
            CaseRow.state.in_(list(ACTIVE))).order_by(CaseRow.id)).first()  # fmt: skip
        assert case is not None
        session.add(EmbargoRow(id="TW-UN", regime="UN", target=case.partner_code,
                               target_name=case.partner_code, scope="all",
                               instrument="S/RES/9997", start=date(2026, 1, 1), source="manual"))  # fmt: skip
        case_id = case.id
    with transaction(engine) as session:
        if one_by_one:
            compliance.reassess_case(session, SYSTEM, session.get_one(CaseRow, case_id))
        else:
            reassess_open_cases(session, SYSTEM, case_ids=(case_id, case_id))
    with transaction(engine) as session:
        rows = session.scalars(select(CaseEventRow).where(
            CaseEventRow.case_id == case_id, CaseEventRow.action == "suspend")).all()  # fmt: skip
        return [{"note": r.note, "note_id": r.note_id, "note_values": r.note_values} for r in rows]


@pytest.mark.parametrize("one_by_one", [True, False], ids=["one case", "bulk"])
def test_a_suspension_for_a_new_prohibition_reads_in_the_readers_language(
    engine: Engine, one_by_one: bool
) -> None:
    """The system's suspension of a newly prohibited case: English as before ("newly
    prohibited: " and the findings' English reasons), Arabic in Arabic, the same either way."""
    [entry] = _suspend_notes(engine, one_by_one)
    assert entry["note"].startswith("newly prohibited: ") and "S/RES/9997" in entry["note"]
    assert timeline_note(entry) == entry["note"]
    token = current_language.set("ar")
    try:
        arabic = timeline_note(entry)
    finally:
        current_language.reset(token)
    assert "newly prohibited" not in arabic and "embargo" not in arabic.lower()
    assert re.search("[\u0621-\u064a]", arabic) and "S/RES/9997" in arabic, arabic


def test_a_change_note_names_each_field_in_the_readers_language(engine: Engine) -> None:
    """A modification's note: the officer's reason, then each field changed; in Arabic the
    field's name is its words."""
    _load_demo(engine)
    with transaction(engine) as session:
        officer, _ = _officer_and_case(session)
        case = next(c for c in session.scalars(select(CaseRow).order_by(CaseRow.id))
                    if workflow.CaseState(c.state) in MODIFIABLE)  # fmt: skip
        title = case.title
        change_case(session, officer, case.id,
                    ChangeIn(reason="typo", title=f"{title} (v2)",
                             expected_version=case.version))  # fmt: skip
        entry = case_detail(session, officer, case.id)["timeline"][-1]
    assert entry["note"].startswith("typo (title: ")
    token = current_language.set("ar")
    try:
        arabic = timeline_note(entry)
    finally:
        current_language.reset(token)
    assert label("title") != "title"  # (the label is read in English here)
    assert arabic.startswith("typo (العنوان: ") and "title" not in arabic, arabic
    assert arabic.endswith(f"{title} ← {title} (v2))")
