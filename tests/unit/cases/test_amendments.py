"""Amendment or modification: the diff of two versions of a case, pure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from amanah.cases.amendments import (
    ChangeKind,
    ItemVersion,
    PartyVersion,
    Version,
    diff,
    kind_of,
)

APPROVED = Version(
    "Licensed production of armoured patrol vehicles", Decimal("150000000"), "USD",
    date(2027, 8, 15),
    (ItemVersion(1, "Armoured patrol vehicle", 120, "licensed_production"),
     ItemVersion(2, "Secure tactical radio", 40, "sale", Decimal("25000"))),
    (PartyVersion("end_user", "Alpha Land Systems Corporation", "XA"),),
    (("email", "programme@alpha.example"),),
)  # fmt: skip

QUANTITIES = st.integers(1, 10_000)


def test_the_same_version_has_no_changes() -> None:
    assert diff(APPROVED, APPROVED) == [] and kind_of([]) is None


def test_dates_title_contacts_and_a_small_price_change_are_modifications() -> None:
    after = replace(APPROVED, title="Licensed production of APVs", transfer_date=date(2027, 9, 1),
                    value=Decimal("155000000"), contacts=(("email", "apv@alpha.example"),))  # fmt: skip
    changes = diff(APPROVED, after)
    assert {c.field for c in changes} == {"title", "transfer_date", "value", "contact email"}
    assert kind_of(changes) is ChangeKind.MODIFICATION


def test_a_price_beyond_the_tolerance_an_added_item_or_a_new_end_user_is_an_amendment() -> None:
    dearer = diff(APPROVED, replace(APPROVED, value=Decimal("170000000")))
    assert kind_of(dearer) is ChangeKind.AMENDMENT and "beyond 10%" in dearer[0].why
    added = diff(APPROVED, replace(APPROVED, items=(
        *APPROVED.items, ItemVersion(3, "Night sight", 120, "sale"))))  # fmt: skip
    assert [c.why for c in added] == ["item added"] and kind_of(added) is ChangeKind.AMENDMENT
    moved = diff(APPROVED, replace(APPROVED, parties=(
        PartyVersion("end_user", "Alpha Border Guard", "XA"),)))  # fmt: skip
    assert [(c.field, c.why) for c in moved] == [("end_user", "new end user")]


@given(st.integers(0, 1), QUANTITIES)
def test_more_of_an_item_is_an_amendment_and_less_a_modification(index: int, quantity: int) -> None:
    items = list(APPROVED.items)
    was = items[index].quantity
    items[index] = replace(items[index], quantity=quantity)
    changes = diff(APPROVED, replace(APPROVED, items=tuple(items)))
    expected = None if quantity == was else (
        ChangeKind.AMENDMENT if quantity > was else ChangeKind.MODIFICATION)  # fmt: skip
    assert kind_of(changes) is expected


@given(st.decimals(min_value=0, max_value=10**12, places=2), st.integers(-400, 400),
       st.text(min_size=1, max_size=20))  # fmt: skip
def test_administrative_changes_alone_never_send_a_case_back_to_review(
    value: Decimal, days: int, title: str
) -> None:
    base = replace(APPROVED, value=value)
    after = replace(base, title=title, transfer_date=date(2027, 8, 15) + timedelta(days=days))
    assert kind_of(diff(base, after)) in (None, ChangeKind.MODIFICATION)


@given(
    st.lists(QUANTITIES, min_size=2, max_size=2),
    st.decimals(min_value=1, max_value=10**9, places=2),
)
def test_the_diff_names_the_same_fields_both_ways_and_survives_storage(
    quantities: list[int], value: Decimal
) -> None:
    items = tuple(replace(i, quantity=q) for i, q in zip(APPROVED.items, quantities, strict=True))
    after = replace(APPROVED, items=items, value=value)
    assert {c.field for c in diff(APPROVED, after)} == {c.field for c in diff(after, APPROVED)}
    assert Version.from_json(after.as_json()) == after
