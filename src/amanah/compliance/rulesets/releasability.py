"""Releasability of classified technology, and the release board's word on know-how."""

from __future__ import annotations

from amanah.cases.domain import KNOW_HOW_KINDS
from amanah.catalogue.classification import Classification
from amanah.compliance.facts import CaseFacts, ReleaseDecision
from amanah.compliance.rule import Finding, Outcome, Rule, rule
from amanah.partners.domain import AgreementKind


@rule("releasability", 1, "National disclosure policy; security-of-information agreement")
def releasability(facts: CaseFacts, r: Rule) -> list[Finding]:
    """Classified items go only to a partner whose highest releasable level covers them, and
    only while a security-of-information agreement with that partner is in force."""
    findings: list[Finding] = []
    level = facts.recipient.releasable_level
    soia = facts.recipient.agreement_in_force(AgreementKind.SECURITY_OF_INFORMATION, facts.on)
    for item in facts.items:
        if item.classification > level:
            findings.append(r.finding(
                Outcome.PROHIBITED,
                f"{item.description} is {item.classification.label}; {facts.recipient.name} may "
                f"receive up to {level.label} until the release board raises it",
            ))  # fmt: skip
        if item.classification > Classification.UNCLASSIFIED and soia is None:
            findings.append(r.finding(
                Outcome.PROHIBITED,
                f"{item.description} is {item.classification.label} and no security-of-information"
                f" agreement with {facts.recipient.name} is in force on {facts.on.isoformat()}",
            ))  # fmt: skip
    return findings


@rule("know_how", 1, "National technology-release policy")
def know_how(facts: CaseFacts, r: Rule) -> list[Finding]:
    """Know-how, IP licences, licensed production and co-production hand over the ability to make
    the item: the technology-release board must decide before approval."""
    kinds = sorted({i.kind.value for i in facts.items if i.kind in KNOW_HOW_KINDS})
    if not kinds:
        return []
    if facts.release_decision is ReleaseDecision.REFUSED:
        return [
            r.finding(
                Outcome.PROHIBITED, f"the release board refused the release of {', '.join(kinds)}"
            )
        ]
    if facts.release_decision is ReleaseDecision.GRANTED:
        return []
    return [r.finding(
        Outcome.NEEDS_APPROVAL,
        f"the case transfers {', '.join(kinds)} and no release-board decision is recorded",
        blocking=True,
    )]  # fmt: skip


@rule("end_use_certificate", 1, "ATT Art. 8(1) and 11(2); national end-use policy")
def end_use_certificate(facts: CaseFacts, r: Rule) -> list[Finding]:
    """Items in an ATT or UN Register category, and classified items, need an end-use certificate
    from the recipient before the case can be approved."""
    needing = [
        i.description for i in facts.items
        if i.att_category or i.un_register_category or i.classification > Classification.UNCLASSIFIED
    ]  # fmt: skip
    if not needing or "end_use_certificate" in facts.documents:
        return []
    return [r.finding(
        Outcome.NEEDS_APPROVAL,
        f"no end-use certificate on file; required for {', '.join(needing)}",
        blocking=True,
    )]  # fmt: skip
