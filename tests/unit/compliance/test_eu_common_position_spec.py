"""The EU Common Position 2008/944/CFSP, Art. 2, as a specification: criteria 1-4 "shall" deny
(met → prohibited; a substantial concern → approval), criteria 5-8 are "taken into account"
(met → leadership; a concern → a warning); only military-list items are assessed; a criterion
not assessed is missing and blocks."""

from __future__ import annotations

from dataclasses import replace

from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import CaseFacts, RiskLevel
from amanah.compliance.rule import Finding, Outcome
from tests.factories.compliance import facts, item, low_risk

ON = frozenset({"eu_common_position"})
ALL_LOW = tuple((str(n), RiskLevel.LOW) for n in range(1, 9))


def findings(case: CaseFacts) -> list[Finding]:
    return [
        f for f in evaluate(case).findings if f.rule_id == "eu_cp" and f.outcome is not Outcome.PASS
    ]


def with_criterion(criterion: str, level: RiskLevel, **changes: object) -> CaseFacts:
    criteria = tuple((c, level if c == criterion else lvl) for c, lvl in ALL_LOW)
    return facts(risk_assessment=replace(low_risk(), eu_criteria=criteria), options=ON, **changes)


def outcome_of(criterion: str, level: RiskLevel) -> tuple[Outcome, str]:
    (finding,) = findings(with_criterion(criterion, level))
    return finding.outcome, finding.level


def test_the_denial_criteria_and_those_taken_into_account() -> None:
    for criterion in "1234":
        assert outcome_of(criterion, RiskLevel.OVERRIDING) == (Outcome.PROHIBITED, "")
        assert outcome_of(criterion, RiskLevel.SUBSTANTIAL) == (Outcome.NEEDS_APPROVAL, "")
    for criterion in "5678":
        assert outcome_of(criterion, RiskLevel.OVERRIDING) == (Outcome.NEEDS_APPROVAL, "leadership")
        assert outcome_of(criterion, RiskLevel.SUBSTANTIAL) == (Outcome.WARNING, "")


def test_all_low_is_silent_and_a_missing_criterion_blocks() -> None:
    assert findings(with_criterion("1", RiskLevel.LOW)) == []
    partial = facts(risk_assessment=replace(low_risk(), eu_criteria=ALL_LOW[:7]), options=ON)
    (missing,) = findings(partial)
    assert missing.blocking and "criteria 8 are not assessed" in missing.reason
    (none,) = findings(facts(risk_assessment=None, options=ON))
    assert none.blocking and "1, 2, 3, 4, 5, 6, 7, 8" in none.reason


def test_only_military_list_items_are_assessed() -> None:
    dual_use = item(control_entries=(parse_control_entry("5A002"),), att_category=None)
    assert not dual_use.is_conventional_arm
    assert findings(with_criterion("2", RiskLevel.OVERRIDING, items=(dual_use,))) == []
    listed = item(control_entries=(parse_control_entry("ML11"),), att_category=None)
    assert [
        f.outcome for f in findings(with_criterion("2", RiskLevel.OVERRIDING, items=(listed,)))
    ] == [Outcome.PROHIBITED]
    # an item in an ATT category without a control entry is a conventional arm: assessed too
    categorised = item(control_entries=(), att_category="II")
    assert [
        f.outcome for f in findings(with_criterion("2", RiskLevel.OVERRIDING, items=(categorised,)))
    ] == [Outcome.PROHIBITED]


def test_a_criterion_outside_the_eight_is_not_weighed_and_the_rule_needs_switching_on() -> None:
    extra = (*ALL_LOW, ("9", RiskLevel.OVERRIDING))
    assert findings(facts(risk_assessment=replace(low_risk(), eu_criteria=extra), options=ON)) == []
    assert findings(replace(with_criterion("1", RiskLevel.OVERRIDING), options=frozenset())) == []


def test_each_finding_names_its_criterion_in_the_order_of_the_criteria() -> None:
    criteria = tuple((c, RiskLevel.SUBSTANTIAL if c in "72" else lvl) for c, lvl in ALL_LOW)
    case = facts(risk_assessment=replace(low_risk(), eu_criteria=criteria), options=ON)
    reasons = [f.reason for f in findings(case)]
    assert reasons == [
        "criterion 2 (respect for human rights and international humanitarian law): "
        "substantial concern recorded",
        "criterion 7 (risk of diversion or re-export under undesirable conditions): "
        "concern recorded",
    ]
