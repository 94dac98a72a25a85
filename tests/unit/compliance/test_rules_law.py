"""The rules of issue 16, each shown to fire and to stay silent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from amanah.cases.domain import PartyRole, TransferKind
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import PartyFacts, ReleaseDecision, RiskLevel
from amanah.compliance.rule import Outcome
from amanah.partners.domain import (
    Binding,
    Coverage,
    EmbargoPeriod,
    EmbargoScope,
    Exemption,
    ExemptionKind,
    ExemptionProcedure,
    Provenance,
    Verification,
)
from tests.factories.compliance import ON, embargo, facts, item, low_risk


def outcomes(rule_id: str, case_facts: object) -> set[Outcome]:
    result = evaluate(case_facts)  # type: ignore[arg-type]
    return {f.outcome for f in result.findings if f.rule_id == rule_id}


def reasons(rule_id: str, case_facts: object) -> str:
    result = evaluate(case_facts)  # type: ignore[arg-type]
    return " | ".join(f.reason for f in result.findings if f.rule_id == rule_id)


def end_user(sector: str, country: str = "XA", role: PartyRole = PartyRole.END_USER) -> PartyFacts:
    return PartyFacts(role, f"{sector or 'unknown'} end user", country, sector=sector)


NON_STATE = embargo(scope=EmbargoScope.NON_GOVERNMENTAL)


def test_partial_embargo_prohibits_a_non_state_end_user_and_spares_the_government() -> None:
    assert outcomes("att.6.1", facts(embargoes=(NON_STATE,), parties=(end_user("non_state"),))) == {
        Outcome.PROHIBITED
    }
    assert outcomes("att.6.1", facts(embargoes=(NON_STATE,), parties=(end_user("private"),))) == {
        Outcome.PROHIBITED
    }
    assert outcomes(
        "att.6.1", facts(embargoes=(NON_STATE,), parties=(end_user("armed_forces"),))
    ) == {Outcome.WARNING}
    assert outcomes("att.6.1", facts(embargoes=(NON_STATE,), parties=(end_user(""),))) == {
        Outcome.NEEDS_APPROVAL
    }


ARMED_GROUPS = embargo(scope=EmbargoScope.ARMED_GROUPS)
#: what each scope does to each end user's sector (S/RES/2745 (2024) para 2 for armed groups,
#: S/RES/1807 (2008) para 1 for non-governmental entities; tests/compliance/scenarios 45-51)
BY_SECTOR = {
    "non_state": (Outcome.PROHIBITED, Outcome.PROHIBITED),
    "private": (Outcome.NEEDS_APPROVAL, Outcome.PROHIBITED),
    "civil": (Outcome.NEEDS_APPROVAL, Outcome.PROHIBITED),
    "state_owned": (Outcome.NEEDS_APPROVAL, Outcome.NEEDS_APPROVAL),
    "government": (Outcome.WARNING, Outcome.WARNING),
    "armed_forces": (Outcome.WARNING, Outcome.WARNING),
    "un_mission": (Outcome.WARNING, Outcome.NEEDS_APPROVAL),
    "": (Outcome.NEEDS_APPROVAL, Outcome.NEEDS_APPROVAL),
}


@given(st.sampled_from(sorted(BY_SECTOR)))
def test_armed_groups_and_non_governmental_scopes_differ_by_sector(sector: str) -> None:
    armed, non_governmental = BY_SECTOR[sector]
    case = facts(embargoes=(ARMED_GROUPS,), parties=(end_user(sector),))
    assert outcomes("att.6.1", case) == {armed}
    assert outcomes("att.6.1", replace(case, embargoes=(NON_STATE,))) == {non_governmental}


def test_a_stored_non_state_scope_reads_as_non_governmental() -> None:
    assert EmbargoScope("non_state") is EmbargoScope.NON_GOVERNMENTAL


def test_an_exemption_procedure_holds_only_in_its_dates() -> None:
    notify = Exemption(ExemptionKind.GOVERNMENT_FORCES, "advance notification", "S/RES/1807",
                       requires=ExemptionProcedure.NOTIFY, end=ON)  # fmt: skip
    free = Exemption(ExemptionKind.GOVERNMENT_FORCES, "none", "S/RES/2667",
                     requires=ExemptionProcedure.NONE, start=ON)  # fmt: skip
    changing = replace(NON_STATE, exemptions=(notify, free))
    government = (end_user("armed_forces"),)
    assert outcomes("att.6.1", facts(embargoes=(changing,), parties=government)) == {
        Outcome.WARNING
    }
    before = facts(embargoes=(changing,), parties=government, on=date(2022, 1, 1))
    assert outcomes("att.6.1", before) == {Outcome.NEEDS_APPROVAL}
    assert "a notification, no approval awaited: advance notification" in reasons("att.6.1", before)


def test_a_government_exemption_with_a_procedure_needs_approval_naming_it() -> None:
    exempt = replace(NON_STATE, exemptions=(
        Exemption(ExemptionKind.GOVERNMENT_FORCES, "advance notification to the Committee", "S/RES/1"),))  # fmt: skip
    case = facts(embargoes=(exempt,), parties=(end_user("government"),))
    assert outcomes("att.6.1", case) == {Outcome.NEEDS_APPROVAL}
    assert "advance notification to the Committee" in reasons("att.6.1", case)


def test_a_territory_wide_embargo_prohibits_unless_an_exemption_fits() -> None:
    whole = embargo()
    assert outcomes("att.6.1", facts(embargoes=(whole,), parties=(end_user("armed_forces"),))) == {
        Outcome.PROHIBITED
    }
    mission = replace(whole, exemptions=(Exemption(ExemptionKind.UN_MISSION, "none", "S/RES/2"),))
    assert outcomes("att.6.1", facts(embargoes=(mission,), parties=(end_user("un_mission"),))) == {
        Outcome.WARNING
    }
    assert outcomes("att.6.1", facts(embargoes=(mission,), parties=(end_user("private"),))) == {
        Outcome.PROHIBITED
    }


def test_the_period_holding_the_transfer_date_gives_the_scope() -> None:
    changing = replace(embargo(), periods=(
        EmbargoPeriod(date(2020, 1, 1), ON, EmbargoScope.ALL),
        EmbargoPeriod(ON, None, EmbargoScope.NON_GOVERNMENTAL),
    ))  # fmt: skip
    government = (end_user("armed_forces"),)
    assert outcomes("att.6.1", facts(embargoes=(changing,), parties=government)) == {
        Outcome.WARNING
    }
    before = facts(embargoes=(changing,), parties=government, on=date(2026, 1, 1))
    assert outcomes("att.6.1", before) == {Outcome.PROHIBITED}


def test_designated_and_regional_scopes_do_not_prohibit_the_state() -> None:
    designated = embargo(scope=EmbargoScope.DESIGNATED)
    assert outcomes("att.6.1", facts(embargoes=(designated,))) == {Outcome.WARNING}
    region = embargo(scope=EmbargoScope.REGION)
    assert outcomes("att.6.1", facts(embargoes=(region,))) == {Outcome.NEEDS_APPROVAL}


def test_a_political_commitment_goes_to_leadership_and_covers_arms_only() -> None:
    political = replace(
        embargo(regime="EU"), binding=Binding.POLITICAL, coverage=frozenset({Coverage.ARMS})
    )
    result = evaluate(facts(embargoes=(political,)))
    found = [f for f in result.findings if f.rule_id == "att.6.2"]
    assert [f.outcome for f in found] == [Outcome.NEEDS_APPROVAL] and found[0].level == "leadership"
    training = item(kind=TransferKind.TRAINING)
    assert outcomes("att.6.2", facts(embargoes=(political,), items=(training,))) == {Outcome.PASS}


def test_an_arms_embargo_spares_civil_dual_use_but_catches_it_for_the_military() -> None:
    radio = item(control_entries=(parse_control_entry("5A002"),), att_category=None)
    whole = embargo()
    assert outcomes(
        "att.6.1", facts(embargoes=(whole,), items=(radio,), parties=(end_user("civil"),))
    ) == {Outcome.PASS}
    military = facts(embargoes=(whole,), items=(radio,), parties=(end_user("armed_forces"),))
    assert outcomes("att.6.1", military) == {Outcome.NEEDS_APPROVAL}
    dual = replace(whole, coverage=whole.coverage | {Coverage.DUAL_USE})
    assert outcomes(
        "att.6.1", facts(embargoes=(dual,), items=(radio,), parties=(end_user("civil"),))
    ) == {Outcome.PROHIBITED}


def test_regional_regimes_bind_only_when_adopted_and_the_un_always() -> None:
    arab = embargo(regime="ARAB_LEAGUE")
    assert outcomes("att.6.2", facts(embargoes=(arab,), adopted_regimes=frozenset({"UN"}))) == {
        Outcome.PASS
    }
    adopted = facts(embargoes=(arab,), adopted_regimes=frozenset({"UN", "ARAB_LEAGUE"}))
    assert outcomes("att.6.2", adopted) == {Outcome.PROHIBITED}


def test_unverified_and_overdue_facts_are_said_in_the_finding() -> None:
    doubtful = replace(embargo(), renewal_date=date(2027, 1, 1),
                       provenance=Provenance("https://x", None, Verification.UNVERIFIED, "recalled"))  # fmt: skip
    text = reasons("att.6.1", facts(embargoes=(doubtful,)))
    assert "UNVERIFIED (recalled)" in text and "renewal date 2027-01-01 has passed" in text
    sure = replace(
        doubtful, renewal_date=ON, provenance=Provenance("https://x", ON, Verification.VERIFIED)
    )
    assert "UNVERIFIED" not in reasons("att.6.1", facts(embargoes=(sure,)))
    assert "has passed" not in reasons("att.6.1", facts(embargoes=(sure,)))


def test_transit_and_brokers_in_an_embargoed_state_need_approval() -> None:
    transit = PartyFacts(PartyRole.TRANSIT, "Port agent", "KP")
    case = facts(parties=facts().parties + (transit,), embargoes=(embargo("KP"),))
    assert outcomes("att.6.1", case) == {Outcome.NEEDS_APPROVAL}
    broker = PartyFacts(PartyRole.BROKER, "Broker Ltd", "CY")
    assert outcomes("att.11", facts(parties=facts().parties + (broker,))) == {Outcome.WARNING}


def test_end_users_missing_or_in_a_third_state() -> None:
    assert outcomes("att.11", facts(parties=())) == {Outcome.NEEDS_APPROVAL}
    abroad = PartyFacts(PartyRole.ULTIMATE_END_USER, "Far Forces", "YE")
    assert outcomes("att.11", facts(parties=facts().parties + (abroad,))) == {
        Outcome.NEEDS_APPROVAL
    }
    assert outcomes("att.11", facts()) == {Outcome.PASS}


def test_a_ground_not_assessed_is_missing_not_low() -> None:
    partial = replace(low_risk(), levels=low_risk().levels[:-1])
    assert outcomes("att.7", facts(risk_assessment=partial)) == {Outcome.NEEDS_APPROVAL}
    assert outcomes("att.7", facts(risk_assessment=low_risk())) == {Outcome.PASS}


def test_mitigation_is_weighed_before_the_overriding_risk_test() -> None:
    risk = low_risk(human_rights_law=RiskLevel.OVERRIDING)
    assert outcomes("att.7", facts(risk_assessment=risk)) == {Outcome.PROHIBITED}
    mitigated = replace(risk, mitigation="monitoring")
    assert outcomes("att.7", facts(risk_assessment=mitigated)) == {Outcome.NEEDS_APPROVAL}
    low_after = replace(mitigated, residual=(("human_rights_law", RiskLevel.LOW),))
    assert outcomes("att.7", facts(risk_assessment=low_after)) == {Outcome.WARNING}
    still = replace(mitigated, residual=(("human_rights_law", RiskLevel.OVERRIDING),))
    assert outcomes("att.7", facts(risk_assessment=still)) == {Outcome.PROHIBITED}


def test_end_use_certificates_for_ammunition_parts_and_mtcr_items() -> None:
    none = frozenset[str]()
    ammunition = item(control_entries=(parse_control_entry("ML3"),), att_category=None)
    parts = item(control_entries=(), att_category=None, flags=("parts_components",))
    mtcr = item(control_entries=(parse_control_entry("MTCR-II-3.A.1"),), att_category=None)
    for needing in (ammunition, parts, mtcr):
        found = facts(items=(needing,), documents=none)
        assert outcomes("end_use_certificate", found) == {Outcome.NEEDS_APPROVAL}
        assert outcomes(
            "end_use_certificate", replace(found, documents=frozenset({"end_use_certificate"}))
        ) == {Outcome.PASS}


def test_mtcr_category_two_needs_assurances_and_the_catch_all_goes_to_leadership() -> None:
    uav = item(control_entries=(parse_control_entry("MTCR-II-19.A.1"),))
    assert outcomes("mtcr", facts(items=(uav,), documents=frozenset())) == {Outcome.NEEDS_APPROVAL}
    wmd = item(
        control_entries=(parse_control_entry("2B005"),), flags=("wmd_delivery",), att_category=None
    )
    result = evaluate(facts(items=(wmd,)))
    assert any(f.rule_id == "mtcr" and f.level == "leadership" for f in result.findings)
    assert outcomes("mtcr", facts()) == {Outcome.PASS}


def test_intangible_transfers_and_deemed_exports_need_technology_release() -> None:
    software = item(control_entries=(parse_control_entry("ML21"),))
    assert outcomes("know_how", facts(items=(software,))) == {Outcome.NEEDS_APPROVAL}
    tech = item(control_entries=(parse_control_entry("5E002"),), att_category=None)
    assert outcomes("know_how", facts(items=(tech,))) == {Outcome.NEEDS_APPROVAL}
    engineer = PartyFacts(
        PartyRole.AGENT, "Visiting engineer", "XH", type="person", nationality="KE"
    )
    deemed = facts(items=(tech,), parties=facts().parties + (engineer,))
    assert "deemed export" in reasons("know_how", deemed)
    assert outcomes("know_how", replace(deemed, release_decision=ReleaseDecision.GRANTED)) == {
        Outcome.PASS
    }
    assert outcomes("know_how", facts()) == {Outcome.PASS}


@given(cap=st.integers(0, 500), shipped=st.integers(0, 500), quantity=st.integers(1, 500))
def test_a_shipment_beyond_the_authorised_quantity_needs_approval(
    cap: int, shipped: int, quantity: int
) -> None:
    line = item(quantity=quantity, authorised_quantity=cap, shipped_quantity=shipped)
    expected = Outcome.NEEDS_APPROVAL if shipped + quantity > cap else Outcome.PASS
    assert outcomes("authorisation", facts(items=(line,))) == {expected}


def test_value_caps_and_expiry() -> None:
    over = item(value=600.0, authorised_value=1000.0, shipped_value=500.0)
    assert outcomes("authorisation", facts(items=(over,))) == {Outcome.NEEDS_APPROVAL}
    assert outcomes("authorisation", facts(items=(replace(over, value=500.0),))) == {Outcome.PASS}
    assert outcomes("authorisation", facts(items=(item(authorisation_expiry=ON),))) == {
        Outcome.PASS
    }
    expired = item(authorisation_expiry=date(2027, 2, 28))
    assert outcomes("authorisation", facts(items=(expired,))) == {Outcome.NEEDS_APPROVAL}


def test_an_unknown_country_code_is_never_a_pass() -> None:
    nowhere = PartyFacts(PartyRole.CONSIGNEE, "Somewhere", "ZX")
    assert outcomes("countries", facts(parties=facts().parties + (nowhere,))) == {
        Outcome.PROHIBITED
    }
    assert outcomes("countries", facts()) == {Outcome.PASS}


def test_the_eu_common_position_applies_only_when_switched_on() -> None:
    criteria = tuple((str(n), RiskLevel.LOW) for n in range(1, 9))
    risk = replace(low_risk(), eu_criteria=(("2", RiskLevel.OVERRIDING), *criteria[2:]))
    assert outcomes("eu_cp", facts(risk_assessment=risk)) == {Outcome.PASS}
    on = facts(risk_assessment=risk, options=frozenset({"eu_common_position"}))
    assert Outcome.PROHIBITED in outcomes("eu_cp", on)
    assert outcomes("eu_cp", replace(on, risk_assessment=replace(risk, eu_criteria=criteria))) == {
        Outcome.PASS
    }
    five = replace(risk, eu_criteria=(*criteria[:4], ("5", RiskLevel.OVERRIDING), *criteria[5:]))
    assert outcomes("eu_cp", replace(on, risk_assessment=five)) == {Outcome.NEEDS_APPROVAL}
