"""Flags and routing as data: the package table routes cases to the documented queues, a bad
table is refused naming the rule, and docs/routing.md is the table rendered."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amanah.cases.domain import KNOW_HOW_KINDS, TransferKind
from amanah.errors import InvalidInput
from amanah.routing import rules
from amanah.routing.rules import CaseFacts, ItemFacts, PartnerFacts, PartyFacts
from amanah.routing.service import package_table

DOCS = Path(__file__).resolve().parents[2] / "docs" / "routing.md"
TABLE = package_table().table


def case(*items: ItemFacts, parties: tuple[PartyFacts, ...] = (), tier: str = "standard",
         earlier: int = 3, value: str = "1000000", offsets: str = "0") -> CaseFacts:  # fmt: skip
    partner = PartnerFacts("XA", tier, frozenset({"ATT"}), earlier)
    return CaseFacts(1, Decimal(value), Decimal(offsets), partner, items,
                     parties or (PartyFacts(1, "end_user", "XA"),))  # fmt: skip


def test_docs_show_the_package_table() -> None:
    """Regenerate with `amanah routing docs > docs/routing.md` when this fails."""
    expected = rules.to_markdown(TABLE, str(package_table().number))
    assert DOCS.read_text(encoding="utf-8") == expected, "docs/routing.md is stale"


def test_an_ordinary_sale_goes_to_export_control_only() -> None:
    routed = rules.route(TABLE, case(ItemFacts(1, "sale", 0, ("ML11",))))
    assert routed.queues == {"export_control": ("always",)} and routed.flags == ()


def test_classified_and_know_how_items_go_to_the_release_board() -> None:
    routed = rules.route(TABLE, case(ItemFacts(1, "sale", 3), ItemFacts(2, "know_how", 0)))
    assert routed.queues["release_board"] == ("classified", "know_how")
    assert {(f.rule, f.subject_id) for f in routed.flags} == {
        ("classified", "1"),
        ("know_how", "2"),
    }


def test_offsets_go_to_finance_and_large_ones_to_leadership_too() -> None:
    small = rules.route(TABLE, case(ItemFacts(1, "sale", 0), offsets="2000000"))
    assert "finance" in small.queues and "leadership" not in small.queues
    large = rules.route(TABLE, case(ItemFacts(1, "sale", 0), offsets="12000000"))
    assert large.queues["finance"] == ("offsets", "offset_over_10m")
    assert large.queues["leadership"] == ("offset_over_10m",)


def test_first_transfer_mtcr_and_third_country_parties_are_flagged() -> None:
    routed = rules.route(TABLE, case(
        ItemFacts(1, "sale", 0, ("MTCR-II-19.A.1",), ("II",)), earlier=0,
        parties=(PartyFacts(1, "end_user", "XA"), PartyFacts(2, "consignee", "AE"))))  # fmt: skip
    flags = {(f.rule, f.subject, f.subject_id) for f in routed.flags}
    assert flags == {("mtcr_item", "item", "1"), ("first_transfer", "partner", "XA"),
                     ("third_country_party", "party", "2")}  # fmt: skip
    assert routed.queues["export_control"] == ("always", "mtcr_item", "third_country_party")


KINDS = st.sampled_from([k.value for k in TransferKind])
ITEMS = st.builds(ItemFacts, st.integers(1, 99), KINDS, st.integers(0, 4))


@given(st.lists(ITEMS, min_size=1, max_size=6), st.sampled_from(["strategic", "standard", "restricted"]),
       st.integers(0, 3), st.integers(0, 30_000_000))  # fmt: skip
def test_every_case_reaches_export_control_and_the_board_exactly_when_it_should(
    items: list[ItemFacts], tier: str, earlier: int, offsets: int
) -> None:
    routed = rules.route(TABLE, case(*items, tier=tier, earlier=earlier, offsets=str(offsets)))
    assert "export_control" in routed.queues
    board = any(i.classification >= 2 or i.kind in KNOW_HOW_KINDS or i.kind == "joint_development"
                for i in items)  # fmt: skip
    assert ("release_board" in routed.queues) == board
    assert ("finance" in routed.queues) == (offsets > 0)


@pytest.mark.parametrize(("text", "named"), [
    ("rules: [{id: x, applies_to: item, when: {colour: red}}]", "item has no condition 'colour'"),
    ("queues: {a: {label: A, team: a}}\nrules: [{id: x, applies_to: item, when: {kind_in: [sale]},"
     " queues: [b]}]", "queue 'b' is not declared"),
    ("queues: {a: {label: A, team: a}}\nrules: [{id: x, applies_to: case, "
     "when: {value_usd_at_least: lots}}]", "rule x: value_usd_at_least cannot use the value"),
    ("rules: [{id: x, applies_to: planet, when: {a: 1}}]", "rule x: applies_to is one of"),
    ("rules: [{id: x, applies_to: item, when: {}}]", "rule x: `when` names at least one"),
    ("rules: [{id: x, applies_to: item, when: {kind_in: sale}}, {id: x, applies_to: item, "
     "when: {kind_in: sale}}]", "rule x appears twice"),
    ("- just a list", "is a mapping"),
    ("rules: [unclosed", "not valid YAML"),
])  # fmt: skip
def test_a_bad_table_is_refused_naming_what_is_wrong(text: str, named: str) -> None:
    with pytest.raises(InvalidInput) as error:
        rules.parse_yaml(text)
    assert named in error.value.message and error.value.field == "table"
