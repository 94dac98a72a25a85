"""Missile Technology Control Regime Guidelines."""

from __future__ import annotations

from amanah.cases.domain import KNOW_HOW_KINDS
from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Code, Finding, Outcome, Rule, rule
from amanah.i18n import N_

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
                N_("%(item)s is known or suspected to be intended for the delivery of weapons of "
                   "mass destruction (catch-all): strong presumption of denial; only leadership "
                   "may approve, with reasons"),
                level="leadership", blocking=True, values={"item": item.description},
            ))  # fmt: skip
        for entry in item.control_entries:
            if entry.mtcr_category == "I":
                production = entry.mtcr_section in ("B", "E") or item.kind in KNOW_HOW_KINDS
                if production:
                    findings.append(r.finding(
                        Outcome.PROHIBITED,
                        N_("%(item)s (%(entry)s) is Category I production equipment or "
                           "production technology (%(kind)s): not to be authorised"),
                        values={"item": item.description, "entry": entry.code,
                                "kind": Code(item.kind.value)},
                    ))  # fmt: skip
                else:
                    findings.append(r.finding(
                        Outcome.NEEDS_APPROVAL,
                        N_("%(item)s (%(entry)s) is MTCR Category I: strong presumption of "
                           "denial; only leadership may approve, with reasons"),
                        level="leadership", values={"item": item.description, "entry": entry.code},
                    ))  # fmt: skip
            elif entry.mtcr_category == "II":
                if not assured:
                    findings.append(r.finding(
                        Outcome.NEEDS_APPROVAL,
                        N_("%(item)s (%(entry)s) is MTCR Category II: end-use assurances from "
                           "the recipient government are required"),
                        blocking=True, values={"item": item.description, "entry": entry.code},
                    ))  # fmt: skip
                elif not member:
                    findings.append(r.finding(
                        Outcome.NEEDS_APPROVAL,
                        N_("%(item)s (%(entry)s) is MTCR Category II and %(recipient)s is not "
                           "an MTCR partner: case-by-case review"),
                        values={"item": item.description, "entry": entry.code,
                                "recipient": facts.recipient.name},
                    ))  # fmt: skip
                else:
                    findings.append(r.finding(
                        Outcome.WARNING,
                        N_("%(item)s (%(entry)s) is MTCR Category II: case-by-case review, "
                           "end-use assurances on file"),
                        values={"item": item.description, "entry": entry.code},
                    ))  # fmt: skip
    return findings
