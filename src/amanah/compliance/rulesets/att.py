"""ATT Article 7 (export assessment) and Article 11 (diversion)."""

from __future__ import annotations

from amanah.cases.domain import PartyRole
from amanah.compliance.facts import ART7_GROUNDS, CaseFacts, RiskLevel
from amanah.compliance.rule import Finding, Outcome, Rule, rule
from amanah.partners.country import country_name


@rule("att.7", 1, "Arms Trade Treaty Art. 7(1), 7(3), 7(4)")
def export_assessment(facts: CaseFacts, r: Rule) -> list[Finding]:
    """Before authorising conventional arms, the state assesses the potential that they would
    undermine peace and security or be used to commit serious violations of international
    humanitarian or human-rights law, acts of terrorism, transnational organised crime or
    serious acts of gender-based violence. An overriding risk means no export; a substantial
    risk needs recorded mitigating measures and a decision at approval level."""
    arms = [i for i in facts.items if i.is_conventional_arm]
    if not arms:
        return []
    assessment = facts.risk_assessment
    if assessment is None:
        return [r.finding(
            Outcome.NEEDS_APPROVAL,
            f"no Article 7 export assessment is recorded for {arms[0].description}"
            + (f" and {len(arms) - 1} other conventional-arms item(s)" if len(arms) > 1 else ""),
            blocking=True,
        )]  # fmt: skip
    findings: list[Finding] = []
    for ground in ART7_GROUNDS:
        level = assessment.level(ground)
        if level is RiskLevel.LOW or level is None:
            continue
        words = ground.replace("_", " ")
        if level is RiskLevel.OVERRIDING:
            findings.append(r.finding(Outcome.PROHIBITED, f"overriding risk recorded for {words}"))
        elif level is RiskLevel.SUBSTANTIAL and not assessment.mitigation.strip():
            findings.append(r.finding(
                Outcome.NEEDS_APPROVAL,
                f"substantial risk recorded for {words} and no mitigating measures are recorded",
            ))  # fmt: skip
        elif level is RiskLevel.SUBSTANTIAL:
            findings.append(r.finding(
                Outcome.WARNING,
                f"substantial risk recorded for {words}, mitigated by: {assessment.mitigation}",
            ))  # fmt: skip
    return findings


@rule("att.11", 1, "Arms Trade Treaty Art. 11(1)-(2)")
def diversion(facts: CaseFacts, r: Rule) -> list[Finding]:
    """The exporting state assesses the risk of diversion: a consignee or intermediary in a third
    state deserves a look, and an agreement must bind the recipient not to retransfer without
    consent."""
    findings: list[Finding] = []
    home, recipient = facts.home_state, facts.recipient.code
    for party in facts.parties:
        if party.role in (PartyRole.CONSIGNEE, PartyRole.INTERMEDIARY) and party.country not in (
            home,
            recipient,
        ):
            findings.append(r.finding(
                Outcome.WARNING,
                f"the {party.role.value} {party.name} is in a third state "
                f"({country_name(party.country)}), not in the recipient state",
            ))  # fmt: skip
    if facts.retransfer_clause is False:
        findings.append(r.finding(
            Outcome.NEEDS_APPROVAL, "the agreement has no retransfer (re-export) clause",
        ))  # fmt: skip
    return findings
