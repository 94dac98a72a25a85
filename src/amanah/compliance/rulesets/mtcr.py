"""Missile Technology Control Regime Guidelines."""

from __future__ import annotations

from amanah.cases.domain import KNOW_HOW_KINDS
from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Finding, Outcome, Rule, rule

ASSURANCES = frozenset({"end_use_certificate", "end_use_assurance"})


@rule("mtcr", 2, "MTCR Guidelines, Category I, Category II, catch-all")
def missile_technology(facts: CaseFacts, r: Rule) -> list[Finding]:
    """Category I items carry a strong presumption of denial whatever the purpose, decided only
    at leadership level; Category I production facilities and production technology are not to
    be authorised. Category II items are reviewed case by case, with end-use assurances from the
    recipient government. Any item intended for the delivery of weapons of mass destruction (the
    catch-all) carries the same strong presumption of denial."""
    findings: list[Finding] = []
    member = "MTCR" in facts.recipient.memberships
    assured = bool(ASSURANCES & facts.documents)
    for item in facts.items:
        if "wmd_delivery" in item.flags:
            findings.append(r.finding(
                Outcome.NEEDS_APPROVAL,
                f"{item.description} is known or suspected to be intended for the delivery of "
                "weapons of mass destruction (catch-all): strong presumption of denial; only "
                "leadership may approve, with reasons",
                level="leadership", blocking=True,
            ))  # fmt: skip
        for entry in item.control_entries:
            if entry.mtcr_category == "I":
                production = entry.mtcr_section in ("B", "E") or item.kind in KNOW_HOW_KINDS
                if production:
                    findings.append(r.finding(
                        Outcome.PROHIBITED,
                        f"{item.description} ({entry.code}) is Category I production equipment "
                        f"or production technology ({item.kind.value}): not to be authorised",
                    ))  # fmt: skip
                else:
                    findings.append(r.finding(
                        Outcome.NEEDS_APPROVAL,
                        f"{item.description} ({entry.code}) is MTCR Category I: strong presumption"
                        " of denial; only leadership may approve, with reasons",
                        level="leadership",
                    ))  # fmt: skip
            elif entry.mtcr_category == "II":
                if not assured:
                    findings.append(r.finding(
                        Outcome.NEEDS_APPROVAL,
                        f"{item.description} ({entry.code}) is MTCR Category II: end-use "
                        "assurances from the recipient government are required",
                        blocking=True,
                    ))  # fmt: skip
                elif not member:
                    findings.append(r.finding(
                        Outcome.NEEDS_APPROVAL,
                        f"{item.description} ({entry.code}) is MTCR Category II and "
                        f"{facts.recipient.name} is not an MTCR partner: case-by-case review",
                    ))  # fmt: skip
                else:
                    findings.append(r.finding(
                        Outcome.WARNING,
                        f"{item.description} ({entry.code}) is MTCR Category II: case-by-case "
                        "review, end-use assurances on file",
                    ))  # fmt: skip
    return findings
