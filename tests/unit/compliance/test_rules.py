"""Each rule fires and stays silent, with dates at the edges; properties of the whole engine."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import orjson
from hypothesis import given
from hypothesis import strategies as st

from amanah.cases.domain import PartyRole, TransferKind
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.engine import RULES, evaluate, findings_digest
from amanah.compliance.facts import (
    PartyFacts,
    ReleaseDecision,
    RiskLevel,
    ScreeningState,
    to_json,
)
from amanah.compliance.rule import Outcome
from amanah.partners.domain import AgreementKind, EmbargoScope, PartnerAgreement
from tests.factories.compliance import ON, embargo, facts, item, low_risk, partner


def outcomes(rule_id: str, case_facts: object) -> set[Outcome]:
    result = evaluate(case_facts)  # type: ignore[arg-type]
    return {f.outcome for f in result.findings if f.rule_id == rule_id}


def test_the_clean_case_passes_every_rule() -> None:
    result = evaluate(facts())
    assert result.outcome is Outcome.PASS
    assert {f.rule_id for f in result.findings} == {r.id for r in RULES}


def test_un_embargo_on_the_recipient_prohibits_and_cites_the_resolution() -> None:
    result = evaluate(facts(embargoes=(embargo(),)))
    finding = next(f for f in result.findings if f.rule_id == "att.6.1")
    assert finding.outcome is Outcome.PROHIBITED
    assert "Art. 6(1)" in finding.citation and "S/RES/9999" in finding.citation


def test_un_embargo_starting_on_the_transfer_date_applies() -> None:
    assert outcomes("att.6.1", facts(embargoes=(embargo(start=ON),))) == {Outcome.PROHIBITED}


def test_un_embargo_starting_the_day_after_does_not_apply() -> None:
    assert outcomes("att.6.1", facts(embargoes=(embargo(start=ON + timedelta(days=1)),))) == {
        Outcome.PASS
    }


def test_un_embargo_lifted_on_the_transfer_date_no_longer_applies() -> None:
    lifted = embargo(start=date(2010, 1, 1), end=ON)
    assert outcomes("att.6.1", facts(embargoes=(lifted,))) == {Outcome.PASS}
    assert outcomes("att.6.1", facts(embargoes=(replace(lifted, end=ON + timedelta(days=1)),))) == {
        Outcome.PROHIBITED
    }


def test_un_embargo_on_a_party_state_prohibits() -> None:
    consignee = PartyFacts(PartyRole.CONSIGNEE, "Freight Co", "KP")
    case = facts(parties=facts().parties + (consignee,), embargoes=(embargo("KP"),))
    assert Outcome.PROHIBITED in outcomes("att.6.1", case)


def test_un_embargo_on_non_state_actors_needs_approval_not_prohibition() -> None:
    case = facts(embargoes=(embargo(scope=EmbargoScope.NON_GOVERNMENTAL),))
    assert outcomes("att.6.1", case) == {Outcome.NEEDS_APPROVAL}


def test_eu_embargo_counts_under_article_6_2_when_adopted() -> None:
    case = facts(embargoes=(embargo(regime="EU"),))
    assert outcomes("att.6.2", case) == {Outcome.PROHIBITED}
    assert outcomes("att.6.2", replace(case, adopted_regimes=frozenset({"UN"}))) == {Outcome.PASS}


def test_cluster_munition_is_prohibited_for_a_party_to_the_ccm() -> None:
    case = facts(items=(item(flags=("cluster_munition",)),))
    assert outcomes("att.6.2", case) == {Outcome.PROHIBITED}
    assert outcomes("att.6.2", replace(case, conventions=frozenset())) == {Outcome.PASS}


def test_recorded_knowledge_of_attacks_on_civilians_prohibits() -> None:
    assert outcomes("att.6.3", facts(atrocity_knowledge=("attacks on civilians in region Z",))) == {
        Outcome.PROHIBITED
    }
    assert outcomes("att.6.3", facts()) == {Outcome.PASS}


def test_overriding_article_7_risk_prohibits() -> None:
    case = facts(risk_assessment=low_risk(human_rights_law=RiskLevel.OVERRIDING))
    assert outcomes("att.7", case) == {Outcome.PROHIBITED}


def test_substantial_article_7_risk_without_mitigation_needs_approval() -> None:
    risk = low_risk(terrorism=RiskLevel.SUBSTANTIAL)
    assert outcomes("att.7", facts(risk_assessment=risk)) == {Outcome.NEEDS_APPROVAL}
    assert outcomes("att.7", facts(risk_assessment=replace(risk, mitigation="monitoring"))) == {
        Outcome.WARNING
    }


def test_missing_article_7_assessment_blocks_for_conventional_arms_only() -> None:
    assert outcomes("att.7", facts(risk_assessment=None)) == {Outcome.NEEDS_APPROVAL}
    software = item(control_entries=(parse_control_entry("5D002"),), att_category=None)
    assert outcomes("att.7", facts(risk_assessment=None, items=(software,))) == {Outcome.PASS}


def test_consignee_in_a_third_state_is_a_diversion_warning() -> None:
    consignee = PartyFacts(PartyRole.CONSIGNEE, "Gulf Freight FZE", "AE")
    assert outcomes("att.11", facts(parties=facts().parties + (consignee,))) == {Outcome.WARNING}


def test_agreement_without_retransfer_clause_needs_approval() -> None:
    assert outcomes("att.11", facts(retransfer_clause=False)) == {Outcome.NEEDS_APPROVAL}
    assert outcomes("att.11", facts(retransfer_clause=None)) == {Outcome.WARNING}  # not yet signed


def test_mtcr_category_one_is_presumed_denied_at_leadership_level() -> None:
    rocket = item(control_entries=(parse_control_entry("MTCR-I-1.A.1"),))
    result = evaluate(facts(items=(rocket,)))
    finding = next(f for f in result.findings if f.rule_id == "mtcr")
    assert finding.outcome is Outcome.NEEDS_APPROVAL and finding.level == "leadership"


def test_mtcr_category_one_production_know_how_is_prohibited() -> None:
    know_how = item(
        control_entries=(parse_control_entry("MTCR-I-2.E.1"),), kind=TransferKind.KNOW_HOW
    )
    assert outcomes("mtcr", facts(items=(know_how,))) == {Outcome.PROHIBITED}


def test_mtcr_category_two_to_a_non_partner_needs_approval() -> None:
    uav = item(control_entries=(parse_control_entry("MTCR-II-19.A.1"),))
    assert outcomes("mtcr", facts(items=(uav,), recipient=partner(memberships=frozenset()))) == {
        Outcome.NEEDS_APPROVAL
    }
    # a partner still gets a case-by-case review, with the end-use assurances on file
    assert outcomes("mtcr", facts(items=(uav,))) == {Outcome.WARNING}


def test_item_above_releasable_level_is_prohibited() -> None:
    secret = item(classification=Classification.TOP_SECRET)
    assert outcomes("releasability", facts(items=(secret,))) == {Outcome.PROHIBITED}


def test_classified_item_without_soia_on_the_date_is_prohibited() -> None:
    expired = partner(agreements=(PartnerAgreement(AgreementKind.SECURITY_OF_INFORMATION, "SoIA",
                                                   date(2020, 1, 1), ON),))  # fmt: skip
    assert outcomes("releasability", facts(recipient=expired)) == {Outcome.PROHIBITED}
    still = partner(agreements=(replace(expired.agreements[0], end=ON + timedelta(days=1)),))
    assert outcomes("releasability", facts(recipient=still)) == {Outcome.PASS}


def test_know_how_needs_a_release_board_decision() -> None:
    licence = item(kind=TransferKind.IP_LICENCE)
    assert outcomes("know_how", facts(items=(licence,))) == {Outcome.NEEDS_APPROVAL}
    assert outcomes(
        "know_how", facts(items=(licence,), release_decision=ReleaseDecision.GRANTED)
    ) == {Outcome.PASS}
    assert outcomes(
        "know_how", facts(items=(licence,), release_decision=ReleaseDecision.REFUSED)
    ) == {Outcome.PROHIBITED}


def test_missing_end_use_certificate_blocks_approval() -> None:
    result = evaluate(facts(documents=frozenset()))
    finding = next(f for f in result.findings if f.rule_id == "end_use_certificate")
    assert finding.outcome is Outcome.NEEDS_APPROVAL and finding.blocking


def test_unclassified_uncategorised_item_needs_no_end_use_certificate() -> None:
    plain = item(classification=Classification.UNCLASSIFIED, att_category=None,
                 control_entries=(parse_control_entry("5A002"),))  # fmt: skip
    assert outcomes("end_use_certificate", facts(items=(plain,), documents=frozenset())) == {
        Outcome.PASS
    }
    military_list = replace(plain, control_entries=(parse_control_entry("ML6"),))
    assert outcomes(
        "end_use_certificate", facts(items=(military_list,), documents=frozenset())
    ) == {Outcome.NEEDS_APPROVAL}


def test_screening_unresolved_blocks_and_true_match_prohibits() -> None:
    party = facts().parties[0]
    open_hit = replace(party, screening=ScreeningState.UNRESOLVED)
    assert outcomes("screening", facts(parties=(open_hit,))) == {Outcome.NEEDS_APPROVAL}
    assert outcomes(
        "screening", facts(parties=(replace(party, screening=ScreeningState.TRUE_MATCH),))
    ) == {Outcome.PROHIBITED}


PROHIBITING = [
    {"embargoes": (embargo(),)},
    {"atrocity_knowledge": ("grave breaches",)},
    {"risk_assessment": low_risk(peace_and_security=RiskLevel.OVERRIDING)},
    {"recipient": partner(agreements=())},  # a classified item with no SoIA in force
]

facts_strategy = st.builds(
    lambda docs, risk, clause, level: facts(
        documents=frozenset({"end_use_certificate"}) if docs else frozenset(),
        risk_assessment=low_risk(terrorism=risk), retransfer_clause=clause,
        recipient=partner(releasable_level=level)),
    st.booleans(), st.sampled_from(list(RiskLevel)), st.sampled_from([True, False, None]),
    st.sampled_from(list(Classification)),
)  # fmt: skip


@given(facts_strategy, st.sampled_from(PROHIBITING))
def test_adding_a_prohibiting_fact_never_improves_the_outcome(
    case: object, change: dict[str, object]
) -> None:
    before = evaluate(case).outcome  # type: ignore[arg-type]
    after = evaluate(replace(case, **change)).outcome  # type: ignore[type-var]
    assert after is Outcome.PROHIBITED and after.severity >= before.severity


@given(facts_strategy)
def test_assessment_is_deterministic(case: object) -> None:
    assert evaluate(case) == evaluate(case)  # type: ignore[arg-type]


@given(facts_strategy, st.sampled_from([{}, *PROHIBITING]))
def test_the_digest_of_stored_findings_is_the_assessments_and_tells_changes_apart(
    case: object, change: dict[str, object]
) -> None:
    """A bulk re-run compares digests instead of stored findings: the digest of the findings as
    stored (JSON, read back) must equal the assessment's, and differ when the findings do."""
    result = evaluate(replace(case, **change))  # type: ignore[type-var]
    stored = orjson.loads(orjson.dumps(result.findings_json))
    assert findings_digest(result.ruleset_version, stored) == result.digest
    other = evaluate(case)  # type: ignore[arg-type]
    assert (other.digest == result.digest) == (other.findings == result.findings)


@given(facts_strategy)
def test_the_facts_snapshot_is_plain_json_with_the_facts_the_rules_read(case: object) -> None:
    snapshot = orjson.loads(orjson.dumps(to_json(case)))  # type: ignore[arg-type]
    assert snapshot["on"] == case.on.isoformat()  # type: ignore[attr-defined]
    assert snapshot["recipient"]["code"] == case.recipient.code  # type: ignore[attr-defined]
    assert snapshot["recipient"]["releasable_level"] == case.recipient.releasable_level.label  # type: ignore[attr-defined]
    assert snapshot["documents"] == sorted(case.documents)  # type: ignore[attr-defined]
    assert [i["kind"] for i in snapshot["items"]] == [i.kind.value for i in case.items]  # type: ignore[attr-defined]
    assert snapshot["retransfer_clause"] == case.retransfer_clause  # type: ignore[attr-defined]


@given(facts_strategy)
def test_the_snapshot_and_the_findings_do_not_change_once_the_rules_have_read_the_facts(
    case: object,
) -> None:
    """What an item keeps once worked out (`ItemFacts.is_conventional_arm`…) is no fact: the
    snapshot is the same before and after an evaluation, and so is a second evaluation."""
    before = orjson.dumps(to_json(case))  # type: ignore[arg-type]
    first = evaluate(case)  # type: ignore[arg-type]
    assert orjson.dumps(to_json(case)) == before  # type: ignore[arg-type]
    assert evaluate(case) == first  # type: ignore[arg-type]
