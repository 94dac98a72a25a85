"""A deemed export as a specification: releasing controlled technology to a foreign national
inside the home state is an export to the state of her nationality, so the finding names the
person and *her* nationality (the first such person, not a mix of two), and a party abroad or a
national of the home state is no deemed export."""

from __future__ import annotations

from amanah.cases.domain import PartyRole
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import CaseFacts, PartyFacts
from amanah.compliance.rule import Finding, Outcome
from tests.factories.compliance import facts, item

SOFTWARE = item(description="Fire-control software", control_entries=(parse_control_entry("ML21"),),
                att_category=None)  # fmt: skip


def know_how(case: CaseFacts) -> Finding:
    (finding,) = [f for f in evaluate(case).findings
                  if f.rule_id == "know_how" and f.outcome is not Outcome.PASS]  # fmt: skip
    return finding


def engineer(name: str, country: str, nationality: str) -> PartyFacts:
    return PartyFacts(PartyRole.END_USER, name, country, type="person", nationality=nationality)


def test_the_first_foreign_national_at_home_is_named_with_her_own_nationality() -> None:
    home = facts().home_state
    engineers = (engineer("Dr Amal", home, "FR"), engineer("Dr Bilal", home, "DE"))
    reason = know_how(facts(items=(SOFTWARE,), parties=engineers)).reason
    assert (
        "release to Dr Amal, a national of France inside the home state (deemed export)" in reason
    )
    assert "Germany" not in reason and "Dr Bilal" not in reason


def test_a_national_abroad_or_of_the_home_state_is_no_deemed_export() -> None:
    home = facts().home_state
    for party in (engineer("Dr Amal", "FR", "FR"), engineer("Dr Omar", home, home),
                  engineer("Dr Sami", "FR", "DE")):  # fmt: skip
        reason = know_how(facts(items=(SOFTWARE,), parties=(party,))).reason
        assert "deemed export" not in reason, party
