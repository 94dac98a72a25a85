"""`engine.facts_digest`: equal facts, equal digests (however they were built, whatever a rule
has worked out and kept on them); any fact a rule reads changed, another digest; another rule
set, another digest. A bulk re-run skips a case on an equal digest, so a digest that stayed
equal across a real change would leave a stale assessment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amanah.cases.domain import PartyRole, TransferKind
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance import engine
from amanah.compliance.engine import evaluate, facts_digest
from amanah.compliance.facts import PartyFacts, ReleaseDecision, RiskLevel, ScreeningState
from tests.factories.compliance import embargo, facts, item, low_risk, partner

# one change of each kind of fact the rules read
CHANGES = {
    "on": lambda f: replace(f, on=f.on + timedelta(days=1)),
    "quantity": lambda f: replace(f, items=(replace(f.items[0], quantity=3),)),
    "kind": lambda f: replace(
        f, items=(replace(f.items[0], kind=TransferKind.LOAN_FOR_EVALUATION),)
    ),
    "classification": lambda f: replace(
        f, items=(replace(f.items[0], classification=Classification.SECRET),)
    ),
    "control entry": lambda f: replace(
        f, items=(replace(f.items[0], control_entries=(parse_control_entry("ML4"),)),)
    ),
    "no ATT category": lambda f: replace(f, items=(replace(f.items[0], att_category=None),)),
    "another item": lambda f: replace(f, items=(*f.items, item(description="Spare parts"))),
    "authorised value": lambda f: replace(f, items=(replace(f.items[0], authorised_value=10.0),)),
    "party name": lambda f: replace(f, parties=(replace(f.parties[0], name="Alpha Land Force"),)),
    "party state": lambda f: replace(f, parties=(replace(f.parties[0], country="XB"),)),
    "party screening": lambda f: replace(
        f, parties=(replace(f.parties[0], screening=ScreeningState.UNRESOLVED),)
    ),
    "another party": lambda f: replace(
        f, parties=(*f.parties, PartyFacts(PartyRole.CONSIGNEE, "Alpha Depot", "XA"))
    ),
    "documents": lambda f: replace(f, documents=frozenset()),
    "risk": lambda f: replace(f, risk_assessment=low_risk(terrorism=RiskLevel.SUBSTANTIAL)),
    "no risk assessment": lambda f: replace(f, risk_assessment=None),
    "atrocity knowledge": lambda f: replace(f, atrocity_knowledge=("a report",)),
    "embargo": lambda f: replace(f, embargoes=(embargo("XA"),)),
    "embargo ended": lambda f: replace(f, embargoes=(embargo("XA", end=date(2021, 1, 1)),)),
    "regimes": lambda f: replace(f, adopted_regimes=frozenset({"UN"})),
    "conventions": lambda f: replace(f, conventions=frozenset({"CCM"})),
    "release": lambda f: replace(f, release_decision=ReleaseDecision.GRANTED),
    "no agreement yet": lambda f: replace(f, retransfer_clause=None),
    "no retransfer clause": lambda f: replace(f, retransfer_clause=False),
    "home state": lambda f: replace(f, home_state="XB"),
    "options": lambda f: replace(f, options=frozenset({"eu_common_position"})),
    "partner memberships": lambda f: replace(f, recipient=partner(memberships=frozenset({"OIC"}))),
    "partner agreements": lambda f: replace(f, recipient=partner(agreements=())),
    "partner level": lambda f: replace(
        f, recipient=partner(releasable_level=Classification.CONFIDENTIAL)
    ),
    "extra": lambda f: replace(f, extra={"note": Decimal("1.5")}),
}


def test_equal_facts_built_apart_have_equal_digests_whatever_was_worked_out_on_them() -> None:
    one, two = facts(), facts()
    assert one is not two and one.items[0] is not two.items[0]
    evaluate(one)  # the rules work out (and keep) an item's conventional-arm test on `one`
    assert "is_conventional_arm" in one.items[0].__dict__
    assert "is_conventional_arm" not in two.items[0].__dict__
    assert facts_digest(one) == facts_digest(two)
    assert len(facts_digest(one)) == 40  # BLAKE2b-160, hexadecimal: the column's width


@given(st.lists(st.sampled_from(sorted(CHANGES)), min_size=1, max_size=4, unique=True))
def test_any_change_of_a_fact_changes_the_digest(changes: list[str]) -> None:
    changed = facts()
    for name in changes:
        changed = CHANGES[name](changed)
    assert facts_digest(changed) != facts_digest(facts())


@given(st.permutations(["UN", "EU", "OSCE", "ECOWAS"]))
def test_a_set_is_digested_whatever_order_it_was_built_in(regimes: list[str]) -> None:
    built = frozenset(regimes)
    assert facts_digest(facts(adopted_regimes=built)) == facts_digest(
        facts(adopted_regimes=frozenset(sorted(regimes)))
    )


def test_another_rule_set_gives_another_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    before = facts_digest(facts())
    monkeypatch.setattr(engine, "_RULES_KEY", engine._RULES_KEY + b"+1")
    assert facts_digest(facts()) != before


def test_the_rules_part_names_every_rule_and_its_version_and_the_releases() -> None:
    key = engine._RULES_KEY.decode()
    assert engine.RULESET_VERSION in key
    for rule in engine.RULES:
        assert f'["{rule.id}",{rule.version}]' in key


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
)
def test_decimals_and_read_only_mappings_are_digested_by_their_values(
    one: Decimal, two: Decimal
) -> None:
    def digests(value: Decimal) -> tuple[str, str]:
        return (facts_digest(facts(extra={"amount": value})),
                facts_digest(facts(extra={"by": MappingProxyType({"v": str(value)})})))  # fmt: skip

    for digest_one, digest_two in zip(digests(one), digests(two), strict=True):
        assert (digest_one == digest_two) == (str(one) == str(two))


def test_a_dataclass_of_one_field_is_digested_by_it() -> None:
    """A control entry is its code alone: another code, another digest."""
    one = facts(items=(item(control_entries=(parse_control_entry("ML6"),)),))
    two = facts(items=(item(control_entries=(parse_control_entry("ML7"),)),))
    assert facts_digest(one) != facts_digest(two)


def test_a_fact_of_an_unknown_kind_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="complex"):
        facts_digest(facts(extra={"odd": 1j}))
