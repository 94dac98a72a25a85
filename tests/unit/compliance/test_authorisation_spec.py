"""Authorisation caps as a specification: shipping exactly what remains is allowed, one more is
not; the last valid day is allowed, the day after is not; each excess blocks until the
authorisation is amended (it is a missing permission, not a judgement)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from amanah.compliance.engine import evaluate
from amanah.compliance.facts import CaseFacts, PlannedShipment
from amanah.compliance.rule import Finding, Outcome
from tests.factories.compliance import ON, facts, item


def findings(case: CaseFacts) -> list[Finding]:
    return [f for f in evaluate(case).findings
            if f.rule_id == "authorisation" and f.outcome is not Outcome.PASS]  # fmt: skip


def test_exactly_the_remaining_quantity_is_allowed_and_one_more_blocks() -> None:
    exact = item(quantity=3, shipped_quantity=7, authorised_quantity=10)
    assert findings(facts(items=(exact,))) == []
    (over,) = findings(facts(items=(item(quantity=4, shipped_quantity=7, authorised_quantity=10),)))
    assert over.blocking and over.outcome is Outcome.NEEDS_APPROVAL
    assert (
        "4 units would exceed the quantity authorised: 10 authorised, 7 shipped, 3 remaining"
        in (over.reason)
    )  # the words of the agreements service's refusal (amanah.agreements.usage.refusals)


def test_exactly_the_remaining_value_is_allowed_and_a_cent_more_blocks() -> None:
    exact = item(value=Decimal("300.00"), shipped_value=Decimal("700.00"),
                 authorised_value=Decimal("1000.00"))  # fmt: skip
    assert findings(facts(items=(exact,))) == []
    (over,) = findings(facts(items=(item(value=Decimal("300.01"), shipped_value=Decimal("700.00"),
                                         authorised_value=Decimal("1000.00")),)))  # fmt: skip
    assert over.blocking and "would exceed the value authorised: 1000.00 authorised" in over.reason


def test_the_last_valid_day_is_allowed_and_the_day_after_blocks() -> None:
    assert findings(facts(items=(item(authorisation_expiry=ON),))) == []
    (late,) = findings(facts(items=(item(authorisation_expiry=ON - timedelta(days=1)),)))
    assert late.blocking and "expired on" in late.reason


def test_no_authorisation_recorded_means_no_cap() -> None:
    assert findings(facts(items=(item(quantity=10**6),))) == []


def test_planned_deliveries_count_against_the_cap_in_their_order() -> None:
    """A stored case checks its scheduled deliveries one after the other: each counts what was
    shipped and what is scheduled before it (the line item's own quantity is not a shipment)."""
    later = ON + timedelta(days=30)
    plan = (PlannedShipment(3, 0.0, ON), PlannedShipment(4, 0.0, later))
    case = facts(items=(item(quantity=99, shipped_quantity=4, authorised_quantity=10,
                             shipments=plan),))  # fmt: skip
    (second,) = findings(case)
    assert second.blocking and f"the shipment of 4 on {later.isoformat()}" in second.reason
    assert "10 authorised, 7 scheduled or shipped, 3 remaining" in second.reason
    (first,) = findings(facts(items=(item(shipped_quantity=4, authorised_quantity=6,
                                          shipments=(PlannedShipment(3, 0.0, ON),)),)))  # fmt: skip
    assert "6 authorised, 4 shipped, 2 remaining" in first.reason
    assert findings(facts(items=(item(quantity=99, authorised_quantity=10, shipments=()),))) == []


def test_a_delivery_planned_outside_the_period_blocks() -> None:
    plan = (PlannedShipment(1, 0.0, ON), PlannedShipment(1, 0.0, ON + timedelta(days=2)))
    case = facts(items=(item(authorisation_expiry=ON + timedelta(days=1), shipments=plan),))
    (late,) = findings(case)
    assert "expired on" in late.reason and (ON + timedelta(days=2)).isoformat() in late.reason
    early = facts(items=(item(authorisation_start=ON + timedelta(days=1)),))
    (first,) = findings(early)
    assert "is valid from" in first.reason
