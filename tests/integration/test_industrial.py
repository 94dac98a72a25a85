"""Offsets and test-and-evaluation programmes through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from amanah.agreements import industrial
from amanah.agreements.schemas import EvaluationEventIn, OffsetCreditIn, VerdictIn
from amanah.cases.detail import case_detail
from amanah.cases.models import CaseRow
from amanah.db.engine import transaction
from amanah.errors import Conflict, Forbidden, InvalidInput
from tests.integration.test_storage import actor, case_by_title, load_demo


def test_demo_programme_verdict_becomes_a_decision_on_the_case(engine: Engine) -> None:
    load_demo(engine)
    case = case_by_title(engine, "counter-rocket")
    officer, leader, finance = (
        actor(engine, "officer"),
        actor(engine, "leader"),
        actor(engine, "finance"),
    )
    with transaction(engine) as session:
        (programme,) = industrial.programmes_for(session, case.id)
        assert programme["rate"]["passed"] == 5 and programme["rate"]["total"] == 6
    with pytest.raises(Forbidden), transaction(engine) as session:
        industrial.record_event(session, finance, programme["id"], EvaluationEventIn(
            name="x", held_on=date(2027, 7, 1), criterion="y", passed=True))  # fmt: skip
    with transaction(engine) as session:
        industrial.record_event(session, officer, programme["id"], EvaluationEventIn(
            name="Final review", held_on=date(2027, 7, 1), criterion="all findings closed", passed=True))  # fmt: skip
        industrial.record_verdict(session, leader, programme["id"], VerdictIn(
            verdict="accepted", note="proceed to purchase of a battery"))  # fmt: skip
    with pytest.raises(Conflict), transaction(engine) as session:
        industrial.record_verdict(
            session, leader, programme["id"], VerdictIn(verdict="rejected", note="no")
        )
    with pytest.raises(InvalidInput), transaction(engine) as session:
        industrial.record_event(session, officer, programme["id"], EvaluationEventIn(
            name="late", held_on=date(2027, 8, 1), criterion="z", passed=False))  # fmt: skip
    with transaction(engine) as session:
        detail = case_detail(session, officer, case.id)
        evaluation = [d for d in detail["decisions"] if d["kind"] == "evaluation"]
        assert evaluation and evaluation[0]["outcome"] == "accepted"
        assert detail["evaluations"][0]["rate"]["total"] == 7
        assert any(e["action"] == "evaluation_completed" for e in detail["timeline"])


def test_offset_credits_count_only_when_approved_by_finance(engine: Engine) -> None:
    load_demo(engine)
    case = case_by_title(engine, "counter-rocket")
    officer, finance = actor(engine, "officer"), actor(engine, "finance")
    with transaction(engine) as session:
        (offset,) = industrial.offsets_for(session, case.id)
    assert (
        Decimal(offset["credited"]) == Decimal("4000000") * Decimal("1.5") + Decimal("1500000") * 2
    )
    pending = [c for c in offset["credits"] if c["status"] == "claimed"][0]
    with pytest.raises(Forbidden), transaction(engine) as session:
        industrial.decide_credit(session, officer, pending["id"], True)
    with pytest.raises(InvalidInput) as bad, transaction(engine) as session:
        industrial.claim_credit(session, officer, offset["id"], OffsetCreditIn(
            kind="goodwill", claimed_value=Decimal("1"), description="x"))  # fmt: skip
    assert bad.value.field == "kind"
    with transaction(engine) as session:
        industrial.decide_credit(session, finance, pending["id"], True)
        (after,) = industrial.offsets_for(session, case.id)
    assert Decimal(after["credited"]) == Decimal(offset["credited"]) + Decimal("2000000") * 3
    with transaction(engine) as session:
        assert session.get_one(CaseRow, case.id).state == "agreement_signed"
