"""Missile Technology Control Regime guidelines."""

from __future__ import annotations

from amanah.cases.domain import KNOW_HOW_KINDS
from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Finding, Outcome, Rule, rule


@rule("mtcr", 1, "MTCR Guidelines, para. 2 (Category I) and para. 3 (factors)")
def missile_technology(facts: CaseFacts, r: Rule) -> list[Finding]:
    """Category I items carry a strong presumption of denial whatever the purpose; transfers of
    Category I production facilities or production technology are not to be authorised. Category
    II items go to states outside the regime only after a case-by-case review."""
    findings: list[Finding] = []
    member = "MTCR" in facts.recipient.memberships
    for item in facts.items:
        for entry in item.control_entries:
            if entry.mtcr_category == "I":
                production = entry.mtcr_section in ("B", "E") or item.kind in KNOW_HOW_KINDS
                if production:
                    findings.append(r.finding(
                        Outcome.PROHIBITED,
                        f"{item.description} ({entry.code}) is Category I production equipment "
                        f"or production know-how ({item.kind.value})",
                    ))  # fmt: skip
                else:
                    findings.append(r.finding(
                        Outcome.NEEDS_APPROVAL,
                        f"{item.description} ({entry.code}) is MTCR Category I: strong presumption"
                        " of denial; only leadership may approve, with reasons",
                        level="leadership",
                    ))  # fmt: skip
            elif entry.mtcr_category == "II" and not member:
                findings.append(r.finding(
                    Outcome.NEEDS_APPROVAL,
                    f"{item.description} ({entry.code}) is MTCR Category II and "
                    f"{facts.recipient.name} is not an MTCR partner",
                ))  # fmt: skip
    return findings
