"""Screening of the parties against the sanctions lists, as the screening review left it."""

from __future__ import annotations

from amanah.compliance.facts import CaseFacts, ScreeningState
from amanah.compliance.rule import Finding, Outcome, Rule, Value, rule
from amanah.compliance.rulesets.words import the_party
from amanah.i18n import N_


@rule("screening", 1, "UN, US, EU and UK sanctions lists; ATT Art. 6(1) for UN designations")
def screening(facts: CaseFacts, r: Rule) -> list[Finding]:
    """A party that resembles a listed entity blocks approval until an officer has reviewed the
    hit; a confirmed match prohibits the transfer."""
    findings: list[Finding] = []
    for party in facts.parties:
        values: dict[str, Value] = {"party": the_party(party), "note": party.screening_note}
        if party.screening is ScreeningState.TRUE_MATCH:
            findings.append(r.finding(
                Outcome.PROHIBITED, N_("%(party)s is confirmed as a listed entity (%(note)s)"),
                values=values,
            ))  # fmt: skip
        elif party.screening is ScreeningState.UNRESOLVED:
            findings.append(r.finding(
                Outcome.NEEDS_APPROVAL, N_("%(party)s has an unreviewed screening hit (%(note)s)"),
                blocking=True, values=values,
            ))  # fmt: skip
    return findings
