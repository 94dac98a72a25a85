"""ATT Article 6 as a specification of what *blocks*: an embargo finding that asks for a fact
or a procedure (transit through the embargoed state, a regional measure, the dual-use
catch-all, a government exemption with a procedure, a sector not recorded) blocks approval
until it is answered; a finding that only informs (a governmental end user outside a partial
embargo, an exemption without procedure) does not. And whom the finding is about: the end user
in the embargoed state, else the receiving parties there, else the case's end users."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from amanah.cases.domain import PartyRole, TransferKind
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import CaseFacts, PartyFacts
from amanah.compliance.rule import Finding, Outcome
from amanah.partners.domain import (
    Coverage,
    EmbargoScope,
    Exemption,
    ExemptionKind,
    ExemptionProcedure,
    Provenance,
    Verification,
)
from tests.factories.compliance import ON, embargo, facts, item


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


def test_a_measure_not_adopted_not_in_force_or_without_a_target_is_silent() -> None:
    assert findings(facts(embargoes=(embargo(regime="EU"),))) == []  # not UN: Art. 6(2)'s
    assert only(facts(embargoes=(embargo(regime="EU"),)), "att.6.2").outcome is Outcome.PROHIBITED
    lifted = embargo(start=date(2020, 1, 1), end=ON)  # lifted on the transfer date
    assert findings(facts(embargoes=(lifted,))) == []
    assert only(facts(embargoes=(embargo(end=ON + timedelta(days=1)),))).outcome is (
        Outcome.PROHIBITED
    )
    assert findings(facts(embargoes=(replace(embargo(), target=None),))) == []
    # the UN measure is the UN rule's alone: not reported again under Art. 6(2)
    assert findings(facts(embargoes=(embargo(),)), "att.6.2") == []


def test_a_doubt_alone_is_said_in_brackets() -> None:
    unsourced = replace(embargo(), provenance=Provenance(status=Verification.UNVERIFIED))
    reason = only(facts(embargoes=(unsourced,))).reason
    assert reason.endswith(" [this reference fact is UNVERIFIED (no source checked)]")
    noted = replace(embargo(), provenance=Provenance(status=Verification.UNVERIFIED, note="memo"))
    assert only(facts(embargoes=(noted,))).reason.endswith(
        " [this reference fact is UNVERIFIED (memo)]"
    )
    overdue = replace(embargo(), renewal_date=date(2027, 1, 1),
                      provenance=Provenance(status=Verification.VERIFIED))  # fmt: skip
    reason = only(facts(embargoes=(overdue,))).reason
    assert reason.endswith(" [its renewal date 2027-01-01 has passed with no renewal recorded: "
                           "confirm whether it was renewed]")  # fmt: skip
    both = replace(overdue, provenance=Provenance(status=Verification.UNVERIFIED, note="memo"))
    assert only(facts(embargoes=(both,))).reason.endswith(
        " [this reference fact is UNVERIFIED (memo); its renewal date 2027-01-01 has passed with "
        "no renewal recorded: confirm whether it was renewed]"
    )


def test_the_first_party_passing_through_is_named() -> None:
    first = PartyFacts(PartyRole.TRANSIT, "First port", "KP")
    second = PartyFacts(PartyRole.BROKER, "Second broker", "KP")
    case = facts(parties=facts().parties + (first, second), embargoes=(embargo("KP"),))
    reason = only(case).reason
    assert "First port" in reason and "Second broker" not in reason
    # a receiving party there as well: judged as a delivery, not as transit
    receiver = party("private", role=PartyRole.CONSIGNEE, country="KP", name="KP Freight")
    delivered = only(facts(parties=(*facts().parties, first, receiver), embargoes=(embargo("KP"),)))
    assert delivered.outcome is Outcome.PROHIBITED and "KP Freight" in delivered.reason


def test_the_catch_all_names_the_first_military_end_user_and_needs_one() -> None:
    army = party("armed_forces", name="Alpha Army")
    navy = party("armed_forces", name="Alpha Navy")
    reason = only(facts(embargoes=(embargo(),), items=(RADIO,), parties=(army, navy))).reason
    assert "Alpha Army" in reason and "Alpha Navy" not in reason
    civil = party("civil", name="Alpha Telecom")
    mixed = only(facts(embargoes=(embargo(),), items=(RADIO,), parties=(civil, navy)))
    assert "Alpha Navy" in mixed.reason and "Alpha Telecom" not in mixed.reason
    nobody = only(facts(embargoes=(embargo(),), items=(RADIO,), parties=()))
    assert nobody.blocking and "an end user not identified" in nobody.reason
    assert findings(facts(embargoes=(embargo(),), items=(RADIO,), parties=(civil,))) == []
    # a dual-use item the measure names is covered, not caught: prohibited, never both
    dual = replace(embargo(), coverage=embargo().coverage | {Coverage.DUAL_USE})
    (finding,) = findings(facts(embargoes=(dual,), items=(RADIO,), parties=(army,)))
    assert finding.outcome is Outcome.PROHIBITED and "catch-all" not in finding.reason


def test_a_state_owned_enterprise_under_a_partial_embargo_needs_a_decision() -> None:
    enterprise = only(facts(embargoes=(NON_STATE,), parties=(party("state_owned"),)))
    assert enterprise.outcome is Outcome.NEEDS_APPROVAL and enterprise.blocking
    assert "state-owned enterprise" in enterprise.reason
    armed_group = only(facts(embargoes=(NON_STATE,), parties=(party("non_state"),)))
    assert armed_group.outcome is Outcome.PROHIBITED and not armed_group.blocking
    assert "non_state end_user" in armed_group.reason and "()" not in armed_group.reason


def test_a_government_exemption_without_procedure_is_named_with_its_instrument() -> None:
    free = replace(NON_STATE, exemptions=(
        Exemption(ExemptionKind.GOVERNMENT_FORCES, "none", "S/RES/77"),))  # fmt: skip
    spared = only(facts(embargoes=(free,), parties=(party("government"),)))
    assert spared.outcome is Outcome.WARNING and not spared.blocking
    assert "(S/RES/77)" in spared.reason
    # the whole territory: the government's forces fall under the same exemption
    whole = replace(embargo(), exemptions=free.exemptions)
    forces = only(facts(embargoes=(whole,), parties=(party("armed_forces"),)))
    assert forces.outcome is Outcome.WARNING and "requires no procedure" in forces.reason
    assert forces.citation.endswith("; S/RES/77")


def test_protective_non_lethal_items_are_exempt_only_when_all_are() -> None:
    protective = replace(embargo(), exemptions=(
        Exemption(ExemptionKind.PROTECTIVE_NON_LETHAL, "notify the Committee", "S/RES/5"),))  # fmt: skip
    vest = item(description="Body armour", flags=("protective_non_lethal",))
    army = (party("armed_forces"),)
    exempt = only(facts(embargoes=(protective,), items=(vest,), parties=army))
    assert exempt.outcome is Outcome.NEEDS_APPROVAL and exempt.blocking
    assert "notify the Committee" in exempt.reason
    with_arms = only(facts(embargoes=(protective,), items=(vest, item()), parties=army))
    assert with_arms.outcome is Outcome.PROHIBITED
    # an exemption for the end user's sector comes first
    both = replace(protective, exemptions=(
        *protective.exemptions, Exemption(ExemptionKind.UN_MISSION, "none", "S/RES/6")))  # fmt: skip
    mission = only(facts(embargoes=(both,), items=(vest,), parties=(party("un_mission"),)))
    assert mission.outcome is Outcome.WARNING and "S/RES/6" in mission.reason


def test_a_committee_procedure_is_said_as_the_way_out() -> None:
    committee = (Exemption(ExemptionKind.COMMITTEE_APPROVED, "prior approval", "S/RES/8"),)
    whole = only(facts(embargoes=(replace(embargo(), exemptions=committee),)))
    assert whole.outcome is Outcome.PROHIBITED
    assert "(unless exempted: prior approval, S/RES/8)" in whole.reason
    region = replace(embargo(scope=EmbargoScope.REGION), exemptions=committee)
    assert "(unless exempted: prior approval, S/RES/8)" in only(facts(embargoes=(region,))).reason
    assert "unless exempted" not in only(facts(embargoes=(embargo(),))).reason


def test_a_designated_persons_measure_only_warns() -> None:
    designated = only(facts(embargoes=(embargo(scope=EmbargoScope.DESIGNATED),)))
    assert designated.outcome is Outcome.WARNING and not designated.blocking
    assert "designated persons" in designated.reason


def test_a_sector_without_words_is_said_as_written() -> None:
    reason = only(facts(embargoes=(embargo(),), parties=(party("militia_unit"),))).reason
    assert "militia unit)" in reason


def test_a_mine_is_prohibited_for_a_party_to_the_mine_ban_only() -> None:
    mine = item(description="AP mine", flags=("anti_personnel_mine",))
    banned = only(facts(items=(mine,)), "att.6.2")
    assert banned.outcome is Outcome.PROHIBITED and "APMBC" in banned.citation
    assert "AP mine" in banned.reason
    assert findings(facts(items=(mine,), conventions=frozenset({"CCM"})), "att.6.2") == []
    assert findings(facts(items=(item(flags=("ammunition",)),)), "att.6.2") == []


def test_recorded_atrocity_knowledge_prohibits_once_per_note() -> None:
    case = facts(atrocity_knowledge=("report A", "report B"))
    reasons = [f.reason for f in findings(case, "att.6.3")]
    assert reasons == ["recorded knowledge: report A", "recorded knowledge: report B"]


ARMED_GROUPS = embargo(scope=EmbargoScope.ARMED_GROUPS)


def test_an_armed_groups_measure_names_its_reach_and_asks_about_association() -> None:
    company = only(facts(embargoes=(ARMED_GROUPS,), parties=(party("private"),)))
    assert company.outcome is Outcome.NEEDS_APPROVAL and company.blocking
    assert "covers armed groups and associated individuals only" in company.reason
    assert company.citation.endswith("; ATT Art. 11")
    group = only(facts(embargoes=(ARMED_GROUPS,), parties=(party("non_state"),)))
    assert group.outcome is Outcome.PROHIBITED
    assert "covers armed groups and associated individuals; " in group.reason
    wider = only(facts(embargoes=(NON_STATE,), parties=(party("non_state"),)))
    assert "covers all non-governmental entities and individuals; " in wider.reason


def test_an_exemption_says_whether_an_approval_is_awaited() -> None:
    approve = Exemption(ExemptionKind.GOVERNMENT_FORCES, "prior approval", "S/RES/3",
                        requires=ExemptionProcedure.APPROVE)  # fmt: skip
    awaited = only(facts(embargoes=(replace(NON_STATE, exemptions=(approve,)),),
                         parties=(party("armed_forces"),)))  # fmt: skip
    assert awaited.blocking and "an approval, to be awaited: prior approval" in awaited.reason
    notify = replace(approve, requires=ExemptionProcedure.NOTIFY)
    notified = only(facts(embargoes=(replace(NON_STATE, exemptions=(notify,)),),
                          parties=(party("armed_forces"),)))  # fmt: skip
    assert "a notification, no approval awaited: prior approval" in notified.reason
