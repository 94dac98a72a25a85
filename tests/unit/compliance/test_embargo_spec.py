"""ATT Article 6 as a specification of what *blocks*: an embargo finding that asks for a fact
or a procedure (transit through the embargoed state, a regional measure, the dual-use
catch-all, a government exemption with a procedure, a sector not recorded) blocks approval
until it is answered; a finding that only informs (a governmental end user outside a partial
embargo, an exemption without procedure) does not. And whom the finding is about: the end user
in the embargoed state, else the receiving parties there, else the case's end users."""

from __future__ import annotations

from dataclasses import replace

from amanah.cases.domain import PartyRole, TransferKind
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import CaseFacts, PartyFacts
from amanah.compliance.rule import Finding, Outcome
from amanah.partners.domain import Coverage, EmbargoScope, Exemption, ExemptionKind
from tests.factories.compliance import embargo, facts, item


def findings(case: CaseFacts, rule_id: str = "att.6.1") -> list[Finding]:
    return [
        f for f in evaluate(case).findings if f.rule_id == rule_id and f.outcome is not Outcome.PASS
    ]


def only(case: CaseFacts, rule_id: str = "att.6.1") -> Finding:
    (finding,) = findings(case, rule_id)
    return finding


def party(sector: str, role: PartyRole = PartyRole.END_USER, country: str = "XA",
          name: str = "") -> PartyFacts:  # fmt: skip
    return PartyFacts(role, name or f"{sector or 'unknown'} {role.value}", country, sector=sector)


NON_STATE = embargo(scope=EmbargoScope.NON_GOVERNMENTAL)
RADIO = item(
    description="Radio", control_entries=(parse_control_entry("5A002"),), att_category=None
)


def test_asking_for_a_fact_or_a_procedure_blocks() -> None:
    unknown = only(facts(embargoes=(NON_STATE,), parties=(party(""),)))
    assert unknown.blocking and "record whether" in unknown.reason
    procedure = replace(NON_STATE, exemptions=(
        Exemption(ExemptionKind.GOVERNMENT_FORCES, "notify the Committee", "S/RES/1"),))  # fmt: skip
    notified = only(facts(embargoes=(procedure,), parties=(party("government"),)))
    assert notified.blocking and notified.outcome is Outcome.NEEDS_APPROVAL
    region = only(facts(embargoes=(embargo(scope=EmbargoScope.REGION),)))
    assert region.blocking
    transit = PartyFacts(PartyRole.TRANSIT, "Port agent", "KP")
    through = only(facts(parties=facts().parties + (transit,), embargoes=(embargo("KP"),)))
    assert through.blocking and "Port agent" in through.reason
    catch_all = only(
        facts(embargoes=(embargo(),), items=(RADIO,), parties=(party("armed_forces"),))
    )
    assert catch_all.blocking and "catch-all" in catch_all.reason
    whole_procedure = replace(embargo(), exemptions=(
        Exemption(ExemptionKind.UN_MISSION, "approval by the Committee", "S/RES/2"),))  # fmt: skip
    mission = only(facts(embargoes=(whole_procedure,), parties=(party("un_mission"),)))
    assert mission.blocking and "approval by the Committee" in mission.reason


def test_informing_findings_do_not_block() -> None:
    spared = only(facts(embargoes=(NON_STATE,), parties=(party("armed_forces"),)))
    assert spared.outcome is Outcome.WARNING and not spared.blocking
    free = replace(embargo(), exemptions=(Exemption(ExemptionKind.UN_MISSION, "none", "S/RES/2"),))
    exempt = only(facts(embargoes=(free,), parties=(party("un_mission"),)))
    assert exempt.outcome is Outcome.WARNING and not exempt.blocking
    assert "requires no procedure" in exempt.reason


def test_an_embargo_on_another_state_with_no_party_there_is_silent() -> None:
    assert findings(facts(embargoes=(embargo("KP"),))) == []


def test_a_party_in_the_embargoed_state_engages_it_even_for_another_recipient() -> None:
    there = party("private", country="KP", name="Pyongyang Trading")
    prohibited = only(facts(embargoes=(embargo("KP"),), parties=(there,)))
    assert prohibited.outcome is Outcome.PROHIBITED and "Pyongyang Trading" in prohibited.reason


def test_the_end_user_decides_not_the_consignee() -> None:
    consignee = party("private", role=PartyRole.CONSIGNEE, name="Alpha Freight")
    army = party("armed_forces", name="Alpha Army")
    spared = only(facts(embargoes=(NON_STATE,), parties=(consignee, army)))
    assert spared.outcome is Outcome.WARNING and "Alpha Army" in spared.reason
    # with only a consignee there, the consignee is whom the measure is judged against
    alone = only(facts(embargoes=(NON_STATE,), parties=(consignee,)))
    assert alone.outcome is Outcome.PROHIBITED and "Alpha Freight" in alone.reason


def test_delivered_to_the_state_but_used_by_an_end_user_elsewhere() -> None:
    abroad = party("armed_forces", country="XC", name="Gamma Army")
    finding = only(facts(embargoes=(NON_STATE,), parties=(abroad,)))
    assert "Gamma Army" in finding.reason and finding.outcome is Outcome.WARNING


def test_training_is_covered_only_by_a_measure_naming_assistance_or_training() -> None:
    course = item(kind=TransferKind.TRAINING)
    arms_only = replace(embargo(), coverage=frozenset({Coverage.ARMS}))
    assert findings(facts(embargoes=(arms_only,), items=(course,))) == []
    assisting = replace(embargo(), coverage=frozenset({Coverage.TECHNICAL_ASSISTANCE}))
    assert only(facts(embargoes=(assisting,), items=(course,))).outcome is Outcome.PROHIBITED
    uncontrolled = item(control_entries=(), att_category=None, description="Office chairs")
    assert findings(facts(embargoes=(embargo(),), items=(uncontrolled,))) == []


def test_many_items_are_named_three_and_counted() -> None:
    names = ["Alpha kit", "Bravo kit", "Charlie kit", "Delta kit", "Echo kit"]
    items = tuple(item(description=n) for n in names)
    reason = only(facts(embargoes=(embargo(),), items=items)).reason
    assert "Alpha kit, Bravo kit, Charlie kit and 2 more" in reason and "Delta kit" not in reason
    three = only(facts(embargoes=(embargo(),), items=items[:3])).reason
    assert "Alpha kit, Bravo kit, Charlie kit" in three and "more" not in three
    four = only(facts(embargoes=(embargo(),), items=items[:4])).reason
    assert "and 1 more" in four


def test_the_finding_names_the_end_user_with_its_sector() -> None:
    reason = only(
        facts(embargoes=(embargo(),), parties=(party("armed_forces", name="Alpha Army"),))
    ).reason
    assert "the end user Alpha Army (" in reason and ", armed forces)" in reason
    no_sector = only(facts(embargoes=(embargo(),), parties=(party("", name="Alpha Depot"),))).reason
    assert "the end user Alpha Depot (" in no_sector and ", )" not in no_sector
