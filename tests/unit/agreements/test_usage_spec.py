"""Authorisation usage at its edges, as a specification: the last valid day is inside the
period and the day after is not; a negative value is refused; the message never shows a
negative remainder; a unit value of a zero-quantity authorisation is zero; a shipment whose
value is not given takes the unit value, never more than remains; the undeclared items share
what the declared ones leave of the case value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from amanah.agreements.usage import (
    Authorisation,
    Shipment,
    apportion,
    shipment_value,
    unit_value,
    usage,
)
from amanah.agreements.usage import (
    refusals as reasons,
)


def refusals(authorisation: Authorisation, shipped: list[Shipment], new: Shipment) -> list[str]:
    """The reasons as an English reader reads them."""
    return [str(reason) for reason in reasons(authorisation, shipped, new)]


AUTH = Authorisation(quantity=10, value=Decimal("1000.00"), valid_from=date(2027, 1, 1),
                     valid_until=date(2027, 12, 31))  # fmt: skip


def test_the_last_valid_day_is_inside_the_period_and_the_next_is_not() -> None:
    used = usage(AUTH, [])
    assert used.expired_on(date(2027, 12, 31)) is False
    assert used.expired_on(date(2028, 1, 1)) is True
    assert refusals(AUTH, [], Shipment(1, Decimal("100"), date(2027, 12, 31))) == []
    assert any("expired on 2027-12-31" in p
               for p in refusals(AUTH, [], Shipment(1, Decimal("100"), date(2028, 1, 1))))  # fmt: skip


def test_a_negative_value_is_refused_and_zero_is_allowed() -> None:
    on = date(2027, 6, 1)
    assert refusals(AUTH, [], Shipment(1, Decimal("0"), on)) == []
    assert refusals(AUTH, [], Shipment(1, Decimal("-0.01"), on)) == [
        "a shipment's value cannot be negative"
    ]


def test_the_refusal_never_shows_a_negative_remainder() -> None:
    on = date(2027, 6, 1)
    overdrawn = [Shipment(12, Decimal("1200.00"), on)]  # more than authorised, recorded earlier
    (quantity, value) = refusals(AUTH, overdrawn, Shipment(1, Decimal("1.00"), on))
    assert quantity.endswith("10 authorised, 12 shipped, 0 remaining")
    assert value.endswith("1000.00 authorised, 1200.00 shipped, 0 remaining")
    exact = [Shipment(9, Decimal("999.00"), on)]
    (more,) = refusals(AUTH, exact, Shipment(2, Decimal("1.00"), on))
    assert more.endswith("9 shipped, 1 remaining")


def test_a_unit_value_of_nothing_authorised_is_zero() -> None:
    assert unit_value(AUTH) == Decimal("100.00")
    for quantity in (0, -1):
        none = Authorisation(quantity, Decimal("500"), AUTH.valid_from, AUTH.valid_until)
        assert unit_value(none) == Decimal(0)
    one = Authorisation(1, Decimal("500"), AUTH.valid_from, AUTH.valid_until)
    assert unit_value(one) == Decimal("500.00")


def test_a_shipment_without_a_value_takes_the_unit_value_and_never_more_than_remains() -> None:
    on = date(2027, 6, 1)
    assert shipment_value(AUTH, 3, usage(AUTH, [])) == Decimal("300.00")
    nearly = usage(AUTH, [Shipment(5, Decimal("950.00"), on)])
    assert shipment_value(AUTH, 3, nearly) == Decimal("50.00")  # 300 wanted, 50 remain
    overdrawn = usage(AUTH, [Shipment(5, Decimal("1200.00"), on)])
    assert shipment_value(AUTH, 3, overdrawn) == Decimal(0)
    assert shipment_value(AUTH, 5, overdrawn) == Decimal(
        0
    )  # the last units: what remains, not less


def test_undeclared_items_share_what_the_declared_ones_leave() -> None:
    assert apportion(Decimal("1000.00"), [(2, Decimal("100.00")), (4, None), (4, None)]) == [
        Decimal("200.00"), Decimal("400.00"), Decimal("400.00")]  # fmt: skip
    # declared items worth more than the case: nothing is left to share, never a negative share
    assert apportion(Decimal("100.00"), [(2, Decimal("100.00")), (1, None)]) == [
        Decimal("200.00"), Decimal("0")]  # fmt: skip
