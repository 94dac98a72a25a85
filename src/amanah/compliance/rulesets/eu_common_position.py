"""The EU Common Position 2008/944/CFSP: eight criteria, applied when the home state's law
adopts them (configuration `eu_common_position`)."""

from __future__ import annotations

from amanah.compliance.facts import CaseFacts, RiskLevel
from amanah.compliance.rule import Finding, Outcome, Rule, Value, phrase, rule
from amanah.i18n import N_

#: the criteria of Art. 2, in short (catalogue messages: the Common Position has no official
#: Arabic text, so the Arabic is a translation, not an official title)
CRITERIA = {
    "1": N_("respect for international obligations and commitments (embargoes, non-proliferation)"),
    "2": N_("respect for human rights and international humanitarian law"),
    "3": N_("internal situation in the country of final destination"),
    "4": N_("preservation of regional peace, security and stability"),
    "5": N_("national security of the member states and of friendly and allied countries"),
    "6": N_("behaviour of the buyer country towards the international community (terrorism, "
            "alliances, international law)"),
    "7": N_("risk of diversion or re-export under undesirable conditions"),
    "8": N_("compatibility with the technical and economic capacity of the recipient country"),
}  # fmt: skip
DENY = frozenset(
    {"1", "2", "3", "4"}
)  # "an export licence shall be denied"; 5-8: "take into account"


@rule(
    "eu_cp", 1, "Council Common Position 2008/944/CFSP Art. 1, 2 (as amended by (CFSP) 2019/1560)"
)
def eu_common_position(facts: CaseFacts, r: Rule) -> list[Finding]:
    """When the home state applies the EU Common Position, each application for military-list
    items is assessed against the eight criteria: a licence shall be denied when criterion 1, 2,
    3 or 4 is met (recorded as "overriding"); criteria 5 to 8 are taken into account (met:
    decided at leadership level). A criterion not assessed is missing."""
    if "eu_common_position" not in facts.options:
        return []
    items = [
        i for i in facts.items
        if i.is_conventional_arm or any(e.regime == "military_list" for e in i.control_entries)
    ]  # fmt: skip
    if not items:
        return []
    recorded = dict(facts.risk_assessment.eu_criteria) if facts.risk_assessment else {}
    missing = [c for c in CRITERIA if c not in recorded]
    findings: list[Finding] = []
    if missing:
        findings.append(r.finding(
            Outcome.NEEDS_APPROVAL, N_("the EU Common Position criteria %(criteria)s are not assessed"),
            blocking=True, values={"criteria": missing},
        ))  # fmt: skip
    for criterion, level in sorted(recorded.items()):
        if criterion not in CRITERIA or level is RiskLevel.LOW:
            continue
        values: dict[str, Value] = {"criterion": criterion, "title": phrase(CRITERIA[criterion])}
        if level is RiskLevel.OVERRIDING and criterion in DENY:
            findings.append(r.finding(
                Outcome.PROHIBITED,
                N_("criterion %(criterion)s (%(title)s) is met: the licence shall be denied"),
                values=values,
            ))  # fmt: skip
        elif level is RiskLevel.OVERRIDING:
            findings.append(r.finding(
                Outcome.NEEDS_APPROVAL,
                N_("criterion %(criterion)s (%(title)s) weighs against the export: decided at "
                   "leadership level"),
                level="leadership", values=values,
            ))  # fmt: skip
        elif criterion in DENY:
            findings.append(r.finding(
                Outcome.NEEDS_APPROVAL,
                N_("criterion %(criterion)s (%(title)s): substantial concern recorded"),
                values=values,
            ))  # fmt: skip
        else:
            findings.append(r.finding(
                Outcome.WARNING, N_("criterion %(criterion)s (%(title)s): concern recorded"),
                values=values,
            ))  # fmt: skip
    return findings
