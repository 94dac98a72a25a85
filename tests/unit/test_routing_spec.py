"""Routing rules as a specification, one condition at a time at its edges: "at least" includes
the figure and "over" does not; a yes/no condition can ask for either answer; a rule holds only
when all its conditions hold on the same subject; a queue is reached once per rule however many
subjects it flags, listed in the table's order of queues with every reason; a table that names
an unknown queue, repeats a rule or gives a condition a value it cannot use is refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from amanah.errors import InvalidInput
from amanah.routing import rules
from amanah.routing.rules import CaseFacts, ItemFacts, PartnerFacts, PartyFacts

QUEUES = {"a": {"label": "Queue A", "team": "team a"}, "b": {"label": "Queue B", "team": "b"},
          "c": {"label": "Queue C", "team": "c"}}  # fmt: skip
PARTNER = PartnerFacts("XA", "standard", frozenset({"ATT", "MTCR"}), earlier_transfers=2)


def case(*items: ItemFacts, parties: tuple[PartyFacts, ...] = (), partner: PartnerFacts = PARTNER,
         value: str = "100", offsets: str = "0") -> CaseFacts:  # fmt: skip
    return CaseFacts(9, Decimal(value), Decimal(offsets), partner, items, parties)


def holds(applies_to: str, condition: str, value: Any, facts: CaseFacts) -> list[str]:
    """The subject ids one rule of that single condition flags on `facts`."""
    table = rules.parse({"queues": QUEUES, "rules": [
        {"id": "r", "applies_to": applies_to, "when": {condition: value}, "queues": ["b"]}]})  # fmt: skip
    return [f.subject_id for f in rules.route(table, facts).flags]


def test_case_figures_at_least_includes_the_figure_and_over_does_not() -> None:
    assert holds("case", "value_usd_at_least", 100, case(value="100")) == ["9"]
    assert holds("case", "value_usd_at_least", 100, case(value="99.99")) == []
    assert holds("case", "value_usd_at_least", "1e2", case(value="100")) == ["9"]
    assert holds("case", "offset_value_usd_over", 100, case(offsets="100")) == []
    assert holds("case", "offset_value_usd_over", 100, case(offsets="100.01")) == ["9"]


def test_yes_no_conditions_ask_for_either_answer() -> None:
    assert holds("case", "has_offsets", True, case(offsets="0.01")) == ["9"]
    assert holds("case", "has_offsets", True, case(offsets="0")) == []
    assert holds("case", "has_offsets", False, case(offsets="0")) == ["9"]
    first = PartnerFacts("XA", "standard")  # no earlier transfer recorded: the first
    assert holds("partner", "first_transfer", True, case(partner=first)) == ["XA"]
    assert holds("partner", "first_transfer", True, case()) == []
    assert holds("partner", "first_transfer", False, case()) == ["XA"]
    home, abroad = PartyFacts(1, "end_user", "XA"), PartyFacts(2, "consignee", "AE")
    assert holds("party", "outside_recipient_state", True, case(parties=(home, abroad))) == ["2"]
    assert holds("party", "outside_recipient_state", False, case(parties=(home, abroad))) == ["1"]


def test_item_conditions() -> None:
    secret = ItemFacts(1, "sale", 3, ("ML11.a",), ("I",))
    plain = ItemFacts(2, "know_how", 0, ("5A002",))
    both = case(secret, plain)
    assert holds("item", "classification_at_least", "secret", both) == ["1"]
    assert holds("item", "classification_at_least", "top secret", both) == []
    assert holds("item", "classification_at_least", "unclassified", both) == ["1", "2"]
    assert holds("item", "kind_in", ["know_how", "ip_licence"], both) == ["2"]
    assert holds("item", "kind_in", "sale", both) == ["1"]
    assert holds("item", "mtcr_category_in", ["I"], both) == ["1"]
    assert holds("item", "mtcr_category_in", "II", both) == []
    assert holds("item", "control_entry_prefix", ["ML11", "9A"], both) == ["1"]
    assert holds("item", "control_entry_prefix", "5A", both) == ["2"]
    assert holds("item", "control_entry_prefix", "ML2", both) == []


def test_party_and_partner_conditions() -> None:
    parties = (PartyFacts(1, "end_user", "XA"), PartyFacts(2, "broker", "XB"))
    assert holds("party", "role_in", ["broker", "agent"], case(parties=parties)) == ["2"]
    assert holds("partner", "tier_in", ["standard"], case()) == ["XA"]
    assert holds("partner", "tier_in", "restricted", case()) == []
    assert holds("partner", "not_member_of", ["WA"], case()) == ["XA"]
    assert holds("partner", "not_member_of", ["WA", "MTCR"], case()) == []


def test_a_rule_holds_when_all_its_conditions_hold_on_one_subject() -> None:
    table = rules.parse({"queues": QUEUES, "rules": [
        {"id": "secret_sale", "applies_to": "item",
         "when": {"kind_in": ["sale"], "classification_at_least": "secret"}, "queues": ["b"]}]})  # fmt: skip
    # one item is a sale, another is secret: no single item is both
    apart = case(ItemFacts(1, "sale", 0), ItemFacts(2, "know_how", 3))
    assert rules.route(table, apart).flags == () and rules.route(table, apart).queues == {}
    together = case(ItemFacts(1, "sale", 3))
    assert [f.rule for f in rules.route(table, together).flags] == ["secret_sale"]


def test_queues_in_the_table_order_each_rule_named_once_always_first() -> None:
    table = rules.parse({"queues": QUEUES, "always": ["c"], "rules": [
        {"id": "items", "label": "Any item", "applies_to": "item", "when": {"kind_in": ["sale"]},
         "queues": ["c", "a"]},
        {"id": "big", "applies_to": "case", "when": {"value_usd_at_least": 1}, "queues": ["a"]},
        {"id": "never", "applies_to": "partner", "when": {"tier_in": "x"}, "queues": ["b"]},
    ]})  # fmt: skip
    routed = rules.route(table, case(ItemFacts(1, "sale", 0), ItemFacts(2, "sale", 0)))
    assert list(routed.queues.items()) == [("a", ("items", "big")), ("c", ("always", "items"))]
    assert [(f.rule, f.label, f.subject, f.subject_id) for f in routed.flags] == [
        ("items", "Any item", "item", "1"), ("items", "Any item", "item", "2"),
        ("big", "big", "case", "9")]  # fmt: skip
    assert table.queue_keys == {"a", "b", "c"}
    assert rules.route(table, case(value="0")).queues == {"c": ("always",)}


def test_a_rule_with_no_queues_only_flags() -> None:
    table = rules.parse({"queues": QUEUES, "rules": [
        {"id": "note", "applies_to": "case", "when": {"has_offsets": False}}]})  # fmt: skip
    routed = rules.route(table, case())
    assert [f.rule for f in routed.flags] == ["note"] and routed.queues == {}


@pytest.mark.parametrize(("data", "named"), [
    ({"queues": {"a": {"label": "A"}}}, "each queue has a label and a team"),
    ({"queues": {"a": "A"}}, "each queue has a label and a team"),
    ({"queues": QUEUES, "always": ["z"]}, "queue 'z' is not declared"),
    ({"queues": QUEUES, "rules": [{"applies_to": "item"}]}, "rule 1 has no id"),
    ({"queues": QUEUES, "rules": [{"id": "x", "applies_to": "item", "when": {"kind_in": "a"}},
                                  "oops"]}, "rule 2 has no id"),
    ({"queues": QUEUES, "rules": [{"id": "x", "when": {"kind_in": "a"}}]}, "applies_to is one of"),
    ({"queues": QUEUES, "rules": [{"id": "x", "applies_to": "item", "when": ["kind_in"]}]},
     "`when` names at least one condition"),
    ({"queues": QUEUES, "rules": [{"id": "x", "applies_to": "party", "when": {"kind_in": "a"}}]},
     "party has no condition 'kind_in'; known: role_in, outside_recipient_state"),
    ({"queues": QUEUES, "rules": [{"id": "x", "applies_to": "item",
                                   "when": {"classification_at_least": "cosmic"}}]},
     "rule x: classification_at_least cannot use the value 'cosmic'"),
    ({"queues": QUEUES, "rules": [{"id": "x", "applies_to": "case",
                                   "when": {"offset_value_usd_over": [1]}}]},
     "rule x: offset_value_usd_over cannot use the value [1]"),
    ("queues", "is a mapping"),
])  # fmt: skip
def test_a_bad_table_is_refused_naming_what_is_wrong(data: Any, named: str) -> None:
    with pytest.raises(InvalidInput) as error:
        rules.parse(data)
    assert named in error.value.message and error.value.field == "table"


def test_an_empty_table_routes_nowhere_and_a_rule_takes_its_id_as_label() -> None:
    empty = rules.parse({})
    assert empty.queues == () and empty.always == () and empty.rules == ()
    assert rules.route(empty, case()) == rules.Routing((), {})
    table = rules.parse({"queues": QUEUES, "rules": [
        {"id": 7, "applies_to": "case", "when": {"has_offsets": False}, "queues": ["a"]}]})  # fmt: skip
    assert table.rules[0].label == "7" and table.rules[0].id == "7"


def test_the_table_in_words() -> None:
    table = rules.parse({"queues": QUEUES, "always": ["a"], "rules": [
        {"id": "big", "label": "Big", "applies_to": "case",
         "when": {"value_usd_at_least": 50000000, "has_offsets": False}, "queues": ["b", "c"]},
        {"id": "first", "applies_to": "partner", "when": {"first_transfer": True}},
        {"id": "kinds", "applies_to": "item", "when": {"kind_in": ["sale", "lease"]},
         "queues": ["b"]},
        {"id": "secret", "applies_to": "item", "when": {"classification_at_least": "secret"}},
    ]})  # fmt: skip
    text = rules.to_markdown(table, "3")
    assert "Routing table version 3." in text
    assert "| Queue A (`a`) | team a | every case |" in text
    assert "| Queue B (`b`) | b | cases flagged by a rule |" in text
    assert ("| Big (`big`) | case | not: the case has offset obligations; the case's value in USD"
            " is at least 50,000,000 | Queue B, Queue C |") in text  # fmt: skip
    assert (
        "| first (`first`) | partner | no earlier transfer to this state was approved | — |" in text
    )
    assert "| the kind of transfer is one of sale, lease | Queue B |" in text
    assert "| the assessed classification is at least secret | — |" in text
    assert "| case | `has_offsets` | the case has offset obligations (true or false) |" in text
    assert "| item | `kind_in` | the kind of transfer is one of |" in text
    assert text.endswith("|\n")


def test_a_table_is_its_queues_and_rules_not_the_text_it_came_from() -> None:
    data = {"queues": QUEUES, "always": ["a"],
            "rules": [{"id": "x", "applies_to": "case", "when": {"has_offsets": True}}]}  # fmt: skip
    assert rules.parse(data) == rules.parse({**data, "note": "the same table, annotated"})
    assert rules.parse(data) != rules.parse({**data, "always": ["b"]})
