"""ATT Articles 7 and 11 as a specification of what blocks and what does not, where the outcome
tests cannot see a slip: a missing assessment, a missing ground, an unmitigated-but-unweighed
overriding risk, a missing end user and a missing retransfer clause each *block* approval (they
are gaps in the record, not judgements); a diversion warning does not."""

from __future__ import annotations

from dataclasses import replace

from amanah.cases.domain import PartyRole
from amanah.catalogue.classification import Classification
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import ART7_GROUNDS, CaseFacts, PartyFacts, RiskAssessment, RiskLevel
from amanah.compliance.rule import Finding, Outcome
from tests.factories.compliance import facts, item, low_risk

END_USER = PartyFacts(PartyRole.END_USER, "Alpha Land Forces", "XA")


def found(rule_id: str, case: CaseFacts) -> list[Finding]:
    return [
        f for f in evaluate(case).findings if f.rule_id == rule_id and f.outcome is not Outcome.PASS
    ]


def only(rule_id: str, case: CaseFacts) -> Finding:
    (finding,) = found(rule_id, case)
    return finding


def test_no_assessment_blocks_and_counts_the_other_arms_items() -> None:
    one = only("att.7", facts(risk_assessment=None))
    assert one.blocking and one.outcome is Outcome.NEEDS_APPROVAL
    assert one.reason == "no Article 7 export assessment is recorded for Armoured patrol vehicle"
    three = only("att.7", facts(risk_assessment=None, items=(item(), item(description="Rifle"),
                                                              item(description="Radio"))))  # fmt: skip
    assert three.reason.endswith("Armoured patrol vehicle and 2 other conventional-arms item(s)")
    two = only("att.7", facts(risk_assessment=None, items=(item(), item(description="Rifle"))))
    assert two.reason.endswith("and 1 other conventional-arms item(s)")


def test_a_ground_left_out_is_missing_and_blocks() -> None:
    partial = RiskAssessment(tuple((g, RiskLevel.LOW) for g in ART7_GROUNDS[1:]))
    finding = only("att.7", facts(risk_assessment=partial))
    assert finding.blocking and "not assessed is missing, not low" in finding.reason


def test_substantial_risk_needs_approval_without_blocking() -> None:
    ground = ART7_GROUNDS[0]
    unmitigated = only("att.7", facts(risk_assessment=low_risk(**{ground: RiskLevel.SUBSTANTIAL})))
    assert unmitigated.outcome is Outcome.NEEDS_APPROVAL and not unmitigated.blocking
    remaining = RiskAssessment(low_risk(**{ground: RiskLevel.SUBSTANTIAL}).levels,
                               mitigation="monitoring visits",
                               residual=((ground, RiskLevel.SUBSTANTIAL),))  # fmt: skip
    after = only("att.7", facts(risk_assessment=remaining))
    assert after.outcome is Outcome.NEEDS_APPROVAL and not after.blocking
    assert "remains" in after.reason and "monitoring visits" in after.reason


def test_overriding_risk_mitigated_but_not_reweighed_blocks() -> None:
    ground = ART7_GROUNDS[0]
    mitigated = RiskAssessment(low_risk(**{ground: RiskLevel.OVERRIDING}).levels,
                               mitigation="end-use monitoring")  # fmt: skip
    finding = only("att.7", facts(risk_assessment=mitigated))
    assert finding.blocking and finding.outcome is Outcome.NEEDS_APPROVAL
    reweighed = replace(mitigated, residual=((ground, RiskLevel.LOW),))
    assert only("att.7", facts(risk_assessment=reweighed)).outcome is Outcome.WARNING


def test_a_missing_end_user_blocks_and_a_third_state_end_user_does_not() -> None:
    consignee = PartyFacts(PartyRole.CONSIGNEE, "Alpha Logistics", "XA")
    missing = [f for f in found("att.11", facts(parties=(consignee,))) if "no end user" in f.reason]
    assert len(missing) == 1 and missing[0].blocking
    abroad = PartyFacts(PartyRole.END_USER, "Gamma Army", "XC")
    third = only("att.11", facts(parties=(abroad,)))
    assert "third state" in third.reason and not third.blocking
    assert third.outcome is Outcome.NEEDS_APPROVAL


def test_a_consignee_is_judged_against_the_end_users_state_or_else_the_recipient() -> None:
    here = PartyFacts(PartyRole.CONSIGNEE, "Alpha Logistics", "XA")
    assert found("att.11", facts(parties=(END_USER, here))) == []
    elsewhere = PartyFacts(PartyRole.CONSIGNEE, "Freight FZE", "AE")
    warned = [f for f in found("att.11", facts(parties=(END_USER, elsewhere)))
              if "consignee" in f.reason]  # fmt: skip
    assert len(warned) == 1 and warned[0].outcome is Outcome.WARNING
    # with no end user, the recipient's state stands in for the end user's
    alone = [f for f in found("att.11", facts(parties=(here,))) if "consignee" in f.reason]
    assert alone == []
    # a broker is not a consignee: it is judged as a party passing the items on
    broker = PartyFacts(PartyRole.BROKER, "Alpha Brokers", "XA")
    assert found("att.11", facts(parties=(END_USER, broker))) == []


def test_a_missing_retransfer_clause_blocks_for_arms_or_classified_items_only() -> None:
    unclassified_civil = item(classification=Classification.UNCLASSIFIED, control_entries=(),
                              att_category=None)  # fmt: skip
    assert not unclassified_civil.is_conventional_arm
    assert found("att.11", facts(items=(unclassified_civil,), retransfer_clause=False)) == []
    arms = only("att.11", facts(retransfer_clause=False))
    assert arms.blocking and "no retransfer" in arms.reason
    classified_civil = replace(unclassified_civil, classification=Classification.RESTRICTED)
    classified = only("att.11", facts(items=(classified_civil,), retransfer_clause=False))
    assert classified.blocking
    pending = only("att.11", facts(retransfer_clause=None))
    assert pending.outcome is Outcome.WARNING and not pending.blocking


def test_a_mitigated_risk_says_what_was_recorded_and_by_what_it_is_mitigated() -> None:
    ground = "human_rights_law"
    overriding = RiskAssessment(low_risk(**{ground: RiskLevel.OVERRIDING}).levels,
                                mitigation="  monitoring  ", residual=((ground, RiskLevel.LOW),))  # fmt: skip
    assert only("att.7", facts(risk_assessment=overriding)).reason == (
        "overriding risk recorded for human rights law, mitigated by: monitoring"
    )
    substantial = RiskAssessment(low_risk(**{ground: RiskLevel.SUBSTANTIAL}).levels,
                                 mitigation="monitoring")  # fmt: skip
    warned = only("att.7", facts(risk_assessment=substantial))
    assert warned.outcome is Outcome.WARNING and not warned.blocking
    assert (
        warned.reason == "substantial risk recorded for human rights law, mitigated by: monitoring"
    )
    blank = replace(substantial, mitigation="   ")  # only spaces: no mitigation recorded
    assert only("att.7", facts(risk_assessment=blank)).outcome is Outcome.NEEDS_APPROVAL


def test_the_missing_grounds_are_named_and_only_they() -> None:
    partial = RiskAssessment(tuple((g, RiskLevel.LOW) for g in ART7_GROUNDS
                                   if g not in ("terrorism", "organised_crime")))  # fmt: skip
    assert only("att.7", facts(risk_assessment=partial)).reason.startswith(
        "the Article 7 assessment does not assess terrorism, organised crime:"
    )
    # a missing ground and a ground found above low: both said
    both = RiskAssessment(((ART7_GROUNDS[0], RiskLevel.SUBSTANTIAL),))
    assert [f.blocking for f in found("att.7", facts(risk_assessment=both))] == [True, False]


def test_a_party_passing_the_items_on_is_assessed_in_a_third_state_only() -> None:
    intermediary = PartyFacts(PartyRole.INTERMEDIARY, "Gamma Trading", "XC")
    (warned,) = found("att.11", facts(parties=(END_USER, intermediary)))
    assert warned.outcome is Outcome.WARNING and warned.citation.endswith("; ATT Art. 10, 11(1)")
    at_home = PartyFacts(PartyRole.TRANSIT, "Home Port", "XH")
    assert found("att.11", facts(parties=(END_USER, at_home))) == []
    # an end user at home (a deemed export) is not in a third state
    home_user = PartyFacts(PartyRole.END_USER, "Home Lab", "XH")
    assert found("att.11", facts(parties=(home_user,))) == []
    # only an ultimate end user: no end user is identified
    ultimate = PartyFacts(PartyRole.ULTIMATE_END_USER, "Alpha Navy", "XA")
    (missing,) = found("att.11", facts(parties=(ultimate,)))
    assert missing.blocking and "no end user is identified" in missing.reason
