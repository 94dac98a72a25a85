"""The EU Common Position 2008/944/CFSP: eight criteria, applied when the home state's law
adopts them (configuration `eu_common_position`)."""

from __future__ import annotations

from amanah.compliance.facts import CaseFacts, RiskLevel
from amanah.compliance.rule import Finding, Outcome, Rule, rule

CRITERIA = {
    "1": "respect for international obligations and commitments (embargoes, non-proliferation)",
    "2": "respect for human rights and international humanitarian law",
    "3": "internal situation in the country of final destination",
    "4": "preservation of regional peace, security and stability",
    "5": "national security of the member states and of friendly and allied countries",
    "6": "behaviour of the buyer country towards the international community (terrorism, "
    "alliances, international law)",
    "7": "risk of diversion or re-export under undesirable conditions",
    "8": "compatibility with the technical and economic capacity of the recipient country",
}
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
            Outcome.NEEDS_APPROVAL,
            f"the EU Common Position criteria {', '.join(missing)} are not assessed",
            blocking=True,
        ))  # fmt: skip
    for criterion, level in sorted(recorded.items()):
        if criterion not in CRITERIA or level is RiskLevel.LOW:
            continue
        title = CRITERIA[criterion]
        if level is RiskLevel.OVERRIDING and criterion in DENY:
            findings.append(r.finding(Outcome.PROHIBITED, f"criterion {criterion} ({title}) is met:"
                                      " the licence shall be denied"))  # fmt: skip
        elif level is RiskLevel.OVERRIDING:
            findings.append(r.finding(
                Outcome.NEEDS_APPROVAL,
                f"criterion {criterion} ({title}) weighs against the export: decided at leadership level",
                level="leadership",
            ))  # fmt: skip
        elif criterion in DENY:
            findings.append(r.finding(Outcome.NEEDS_APPROVAL,
                                      f"criterion {criterion} ({title}): substantial concern recorded"))  # fmt: skip
        else:
            findings.append(r.finding(Outcome.WARNING,
                                      f"criterion {criterion} ({title}): concern recorded"))  # fmt: skip
    return findings
