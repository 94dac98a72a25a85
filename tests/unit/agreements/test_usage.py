"""Authorisation usage (pure): shipments accepted one by one never exceed what was authorised,
and each refusal names its reason."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from amanah.agreements import usage
from amanah.agreements.usage import Authorisation, Shipment
from amanah.i18n import current_language

START, END = date(2027, 1, 1), date(2028, 12, 31)
money = st.decimals(
    min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False
)
authorisations = st.builds(Authorisation, quantity=st.integers(1, 1000), value=money,
                           valid_from=st.just(START), valid_until=st.just(END))  # fmt: skip
shipments = st.builds(Shipment, quantity=st.integers(-2, 400), value=money,
                      shipped_on=st.dates(START - timedelta(days=30), END + timedelta(days=30)))  # fmt: skip


@given(authorisations, st.lists(shipments, max_size=40))
def test_accepted_shipments_never_exceed_the_authorisation(
    auth: Authorisation, attempts: list[Shipment]
) -> None:
    accepted: list[Shipment] = []
    for shipment in attempts:
        if not usage.refusals(auth, accepted, shipment):
            accepted.append(shipment)
    used = usage.usage(auth, accepted)
    assert used.shipped_quantity <= auth.quantity
    assert used.shipped_value <= auth.value
    assert used.remaining_quantity >= 0 and used.remaining_value >= 0
    assert all(START <= s.shipped_on <= END for s in accepted)


@given(authorisations, st.lists(shipments, max_size=20), shipments)
def test_a_refusal_is_given_exactly_when_the_shipment_does_not_fit(
    auth: Authorisation, before: list[Shipment], new: Shipment
) -> None:
    shipped = [s for s in before if not usage.refusals(auth, [], s)][:1]
    used = usage.usage(auth, shipped)
    fits = (1 <= new.quantity <= used.remaining_quantity and 0 <= new.value <= used.remaining_value
            and START <= new.shipped_on <= END)  # fmt: skip
    assert (usage.refusals(auth, shipped, new) == []) == fits


def test_the_refusal_says_what_was_authorised_shipped_and_remains() -> None:
    auth = Authorisation(10, Decimal("1000.00"), START, END)
    problems = usage.refusals(auth, [Shipment(8, Decimal("800"), date(2027, 2, 1))],
                              Shipment(3, Decimal("300"), date(2029, 1, 1)))  # fmt: skip
    assert [str(p) for p in problems] == [
        "3 units would exceed the quantity authorised: 10 authorised, 8 shipped, 2 remaining",
        "a value of 300 would exceed the value authorised: 1000.00 authorised, 800 shipped, "
        "200.00 remaining",
        "the authorisation expired on 2028-12-31; nothing may ship under it on 2029-01-01",
    ]
    assert [p.translated() for p in problems] == [str(p) for p in problems]  # English reader
    token = current_language.set("ar")
    try:
        arabic = [p.translated() for p in problems]
    finally:
        current_language.reset(token)
    assert arabic[0].startswith("تتجاوز 3 وحدة") and "مشحونة" in arabic[0]
    assert "1000.00" in arabic[1] and "2028-12-31" in arabic[2]
    assert not any("authorised" in a or "shipped" in a for a in arabic)


@given(authorisations, st.lists(st.integers(1, 50), max_size=30))
def test_shipping_the_whole_quantity_at_the_default_value_uses_exactly_the_value(
    auth: Authorisation, quantities: list[int]
) -> None:
    accepted: list[Shipment] = []
    for quantity in [*quantities, auth.quantity]:
        used = usage.usage(auth, accepted)
        quantity = min(quantity, used.remaining_quantity)
        if quantity < 1:
            break
        new = Shipment(quantity, usage.shipment_value(auth, quantity, used), START)
        assert usage.refusals(auth, accepted, new) == []
        accepted.append(new)
    used = usage.usage(auth, accepted)
    assert used.remaining_quantity == 0 and used.remaining_value == 0


@given(money, st.lists(st.tuples(st.integers(1, 500), st.none() | money), min_size=1, max_size=8))
def test_apportioned_values_add_up_to_the_case_value_when_some_are_undeclared(
    case_value: Decimal, items: list[tuple[int, Decimal | None]]
) -> None:
    values = usage.apportion(case_value, items)
    assert len(values) == len(items) and all(v >= 0 for v in values)
    declared = sum((q * u for q, u in items if u is not None), Decimal(0))
    if any(u is None for _, u in items) and declared <= case_value:
        assert sum(values) == case_value


def test_default_periods_stop_at_the_calendars_end() -> None:
    from amanah.agreements.service import _add_years
    from amanah.monitoring.service import add_months

    assert _add_years(date(9998, 5, 1), 4) == date.max
    assert _add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_months(date(9999, 11, 30), 6) == date.max
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
