"""Screening of the parties against the sanctions lists, as the screening review left it."""

from __future__ import annotations

from amanah.compliance.facts import CaseFacts, ScreeningState
from amanah.compliance.rule import Finding, Outcome, Rule, rule


@rule("screening", 1, "UN, US, EU and UK sanctions lists; ATT Art. 6(1) for UN designations")
def screening(facts: CaseFacts, r: Rule) -> list[Finding]:
    """A party that resembles a listed entity blocks approval until an officer has reviewed the
    hit; a confirmed match prohibits the transfer."""
    findings: list[Finding] = []
    for party in facts.parties:
        role = party.role.value.replace("_", " ")
        if party.screening is ScreeningState.TRUE_MATCH:
            findings.append(r.finding(
                Outcome.PROHIBITED,
                f"the {role} {party.name} is confirmed as a listed entity ({party.screening_note})",
            ))  # fmt: skip
        elif party.screening is ScreeningState.UNRESOLVED:
            findings.append(r.finding(
                Outcome.NEEDS_APPROVAL,
                f"the {role} {party.name} has an unreviewed screening hit ({party.screening_note})",
                blocking=True,
            ))  # fmt: skip
    return findings
