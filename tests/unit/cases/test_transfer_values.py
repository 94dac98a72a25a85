"""The value a notification threshold reads: the whole, and its major-defence-equipment part."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from amanah.cases.transfer_values import ItemValue, values_usd

ITEMS = st.lists(st.builds(
    ItemValue,
    entries=st.lists(st.sampled_from(["ML1", "ML10.a", "9A012", "MTCR-II-19.A.1"]), max_size=2).map(tuple),
    unit_value=st.none() | st.decimals(0, 10_000_000, places=2),
    quantity=st.integers(1, 500),
), max_size=6)  # fmt: skip
VALUES = st.decimals(0, 10_000_000_000, places=2)


def same(amount: Decimal) -> Decimal:
    return amount


@given(VALUES, ITEMS)
def test_the_part_never_exceeds_the_whole_and_counts_only_military_list_items(
    value: Decimal, items: list[ItemValue]
) -> None:
    total, mde = values_usd(value, items, same)
    assert total == value and Decimal(0) <= mde
    if total:
        assert mde <= total
    military = [i for i in items if any(e.startswith("ML") for e in i.entries)]
    if not military:
        assert mde == 0
    elif any(i.unit_value is None for i in military):
        assert mde == total  # an item on the military list of unknown value: all of it
    else:
        declared = sum((i.unit_value * i.quantity for i in military if i.unit_value), Decimal(0))
        assert mde == (min(declared, total) if total else declared)


def test_each_amount_is_converted_from_the_case_currency() -> None:
    items = [ItemValue(("ML6",), Decimal("100.00"), 3), ItemValue(("9A012",), Decimal("50"), 2)]
    total, mde = values_usd(Decimal("1000.00"), items, lambda a: a * 2)
    assert (total, mde) == (Decimal("2000.00"), Decimal("600.00"))
