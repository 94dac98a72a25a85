"""Screening of the parties as a specification: an unreviewed hit is a gap in the record, so it
*blocks* approval of the whole assessment (an officer must review it first) without prohibiting;
a confirmed match prohibits; a cleared party says nothing. Each party is judged on its own."""

from __future__ import annotations

from dataclasses import replace

from amanah.cases.domain import PartyRole
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import PartyFacts, ScreeningState
from amanah.compliance.rule import Finding, Outcome
from tests.factories.compliance import facts

CONSIGNEE = PartyFacts(PartyRole.CONSIGNEE, "Port Agent Ltd", "XA")


def screening_findings(*parties: PartyFacts) -> list[Finding]:
    return [f for f in evaluate(facts(parties=parties)).findings if f.rule_id == "screening"]


def test_an_unreviewed_hit_blocks_approval_without_prohibiting() -> None:
    hit = replace(CONSIGNEE, screening=ScreeningState.UNRESOLVED, screening_note="OFAC SDN 0.91")
    assessment = evaluate(facts(parties=(hit,)))
    (finding,) = [f for f in assessment.findings if f.rule_id == "screening"]
    assert finding.outcome is Outcome.NEEDS_APPROVAL and finding.blocking
    assert finding in assessment.blocking and assessment.prohibited == ()
    assert finding.reason == (
        "the consignee Port Agent Ltd has an unreviewed screening hit (OFAC SDN 0.91)"
    )


def test_a_confirmed_match_prohibits() -> None:
    match = replace(CONSIGNEE, screening=ScreeningState.TRUE_MATCH, screening_note="UN QDi.1")
    assessment = evaluate(facts(parties=(match,)))
    (finding,) = [f for f in assessment.findings if f.rule_id == "screening"]
    assert finding.outcome is Outcome.PROHIBITED and finding in assessment.prohibited
    assert (
        finding.reason == "the consignee Port Agent Ltd is confirmed as a listed entity (UN QDi.1)"
    )


def test_each_party_is_judged_and_a_cleared_one_says_nothing() -> None:
    end_user = PartyFacts(PartyRole.END_USER, "Alpha Land Forces", "XA",
                          screening=ScreeningState.UNRESOLVED)  # fmt: skip
    match = replace(CONSIGNEE, screening=ScreeningState.TRUE_MATCH)
    cleared = PartyFacts(PartyRole.INTERMEDIARY, "Broker", "XB")
    found = screening_findings(end_user, cleared, match)
    assert sorted(
        (f.reason.split(" has ")[0].split(" is ")[0], f.outcome, f.blocking) for f in found
    ) == [  # fmt: skip
        ("the consignee Port Agent Ltd", Outcome.PROHIBITED, False),
        ("the end user Alpha Land Forces", Outcome.NEEDS_APPROVAL, True),
    ]
    assert [f.outcome for f in screening_findings(cleared)] == [Outcome.PASS]
