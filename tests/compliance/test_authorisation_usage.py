"""Authorisation caps on stored cases (issue 16): the one-case and the bulk gathers give the
authorisation rule each line item's authorisation, what shipped under it and the deliveries
planned under it; the rule flags a planned delivery that would exceed or outlive it with the
words the agreements service refuses the same shipment with (amanah.agreements.usage)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from amanah.agreements import deliveries
from amanah.agreements import service as agreements
from amanah.agreements.models import DeliveryRow
from amanah.agreements.schemas import AuthorisationIn
from amanah.cases.models import CaseRow
from amanah.compliance.bulk import reassess_open_cases
from amanah.compliance.engine import evaluate
from amanah.compliance.gather import facts_for_case
from amanah.compliance.queries import current_assessment
from amanah.db.engine import transaction
from amanah.errors import Refused
from tests.integration.test_storage import actor, load_demo

TITLE = "Secure tactical radios for the royal guard"  # in delivery: 30 shipped, 30 scheduled


def reasons(engine: Engine) -> list[str]:
    with transaction(engine) as session:
        case = session.scalars(select(CaseRow).where(CaseRow.title == TITLE)).one()
        return [f.reason for f in evaluate(facts_for_case(session, case)).findings
                if f.rule_id == "authorisation" and f.outcome.value != "pass"]  # fmt: skip


def change_authorisation(engine: Engine, **change: object) -> tuple[int, int]:
    """Export control changes the radios' authorisation; the case id and the planned delivery."""
    export = actor(engine, "export")
    with transaction(engine) as session:
        case = session.scalars(select(CaseRow).where(CaseRow.title == TITLE)).one()
        item = case.items[0]
        row = agreements.authorisations_for(session, case.id)[item.id]
        data = {"quantity": row.quantity, "value": row.value, "valid_from": row.valid_from,
                "valid_until": row.valid_until, **change}  # fmt: skip
        agreements.set_authorisation(session, export, case, item.id, AuthorisationIn(**data))  # type: ignore[arg-type]
        planned = session.scalars(select(DeliveryRow.id).where(
            DeliveryRow.case_id == case.id, DeliveryRow.status == "scheduled")).one()  # fmt: skip
        return case.id, planned


def refusal(engine: Engine, case_id: int, delivery_id: int) -> str:
    """What the agreements service says when the planned delivery is recorded as shipped."""
    officer = actor(engine, "officer")
    with pytest.raises(Refused) as refused, transaction(engine) as session:
        delivery = session.get_one(DeliveryRow, delivery_id)
        deliveries.record_shipment(session, officer, session.get_one(CaseRow, case_id),
                                   delivery_id, delivery.scheduled_on)  # fmt: skip
    return refused.value.message.removeprefix("Cannot record this shipment: ")


def test_a_planned_delivery_beyond_the_quantity_is_flagged_as_the_service_refuses_it(
    engine: Engine,
) -> None:
    load_demo(engine)
    assert reasons(engine) == []  # the demo's deliveries fit what was authorised
    case_id, planned = change_authorisation(engine, quantity=50)  # 30 shipped, 30 planned
    (flagged,) = reasons(engine)
    assert (
        "30 units would exceed the quantity authorised: 50 authorised, 30 shipped, 20 remaining"
        in flagged
    )
    assert refusal(engine, case_id, planned) in flagged  # the same arithmetic, the same words
    with transaction(engine) as session:  # re-assessed when the authorisation changed
        stored = current_assessment(session, case_id)
        assert stored is not None
        assert [f["reason"] for f in stored.findings if f["rule_id"] == "authorisation"] == [
            flagged
        ]
        reassess_open_cases(session, today=None)
    with transaction(engine) as session:
        stored = current_assessment(session, case_id)
        assert stored is not None
        found = [f for f in stored.findings if f["rule_id"] == "authorisation"]
        assert [f["reason"] for f in found] == [flagged] and found[0]["blocking"]


def test_a_planned_delivery_after_the_expiry_is_flagged(engine: Engine) -> None:
    load_demo(engine)
    with transaction(engine) as session:
        case = session.scalars(select(CaseRow).where(CaseRow.title == TITLE)).one()
        planned = session.scalars(select(DeliveryRow).where(
            DeliveryRow.case_id == case.id, DeliveryRow.status == "scheduled")).one()  # fmt: skip
        last_day = planned.scheduled_on - timedelta(days=1)
    case_id, delivery = change_authorisation(engine, valid_until=last_day)
    (flagged,) = reasons(engine)
    assert f"the authorisation expired on {last_day.isoformat()}" in flagged
    assert refusal(engine, case_id, delivery) in flagged
    with transaction(engine) as session:
        reassess_open_cases(session, today=None)
    with transaction(engine) as session:
        stored = current_assessment(session, case_id)
        assert stored is not None
        assert [f["reason"] for f in stored.findings if f["rule_id"] == "authorisation"] == [
            flagged
        ]
