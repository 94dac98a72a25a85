"""ATT Article 7 (export assessment), Articles 9-11 (transit, brokering, diversion)."""

from __future__ import annotations

from amanah.cases.domain import PartyRole
from amanah.catalogue.classification import Classification
from amanah.compliance.facts import ART7_GROUNDS, CaseFacts, RiskAssessment, RiskLevel
from amanah.compliance.rule import Finding, Outcome, Phrase, Rule, Value, phrase, rule
from amanah.compliance.rulesets.words import country, the_party
from amanah.i18n import N_

#: each Article 7 ground in the findings' words (English: its code's words)
GROUNDS = {
    "peace_and_security": N_("peace and security"),
    "international_humanitarian_law": N_("international humanitarian law"),
    "human_rights_law": N_("human rights law"),
    "terrorism": N_("terrorism"),
    "organised_crime": N_("organised crime"),
    "gender_based_violence": N_("gender based violence"),
}


def _words(ground: str) -> Phrase:
    return phrase(GROUNDS.get(ground, ground))


@rule("att.7", 2, "Arms Trade Treaty Art. 7(1)-(4)")
def export_assessment(facts: CaseFacts, r: Rule) -> list[Finding]:
    """Before authorising conventional arms, the state assesses the potential that they would
    undermine peace and security or be used to commit serious violations of international
    humanitarian or human-rights law, acts of terrorism, transnational organised crime or serious
    acts of gender-based violence (7(1), 7(4)). A ground not assessed is missing, never "low".
    Mitigating measures are considered first (7(2)); only the risk remaining after them is
    weighed in the overriding-risk test (7(3)): an overriding risk means no export."""
    arms = [i for i in facts.items if i.is_conventional_arm]
    if not arms:
        return []
    assessment = facts.risk_assessment
    if assessment is None:
        if len(arms) == 1:
            message = N_("no Article 7 export assessment is recorded for %(item)s")
        else:
            message = N_(
                "no Article 7 export assessment is recorded for %(item)s and %(others)s "
                "other conventional-arms item(s)"
            )
        return [r.finding(Outcome.NEEDS_APPROVAL, message, blocking=True,
                          values={"item": arms[0].description, "others": len(arms) - 1})]  # fmt: skip
    cached: list[Finding] | None = assessment.__dict__.get("_att7")  # shared by many cases
    if cached is None:
        cached = assessment.__dict__["_att7"] = _assessed(r, assessment)
    return list(cached)


def _assessed(r: Rule, assessment: RiskAssessment) -> list[Finding]:
    findings: list[Finding] = []
    missing = [g for g in ART7_GROUNDS if assessment.level(g) is None]
    if missing:
        findings.append(r.finding(
            Outcome.NEEDS_APPROVAL,
            N_("the Article 7 assessment does not assess %(grounds)s: a ground not assessed is "
               "missing, not low"),
            blocking=True, values={"grounds": [_words(g) for g in missing]},
        ))  # fmt: skip
    for ground in ART7_GROUNDS:
        level = assessment.level(ground)
        if level is not None and level is not RiskLevel.LOW:
            findings.append(_ground(r, assessment, ground, level))
    return findings


def _ground(r: Rule, assessment: RiskAssessment, ground: str, level: RiskLevel) -> Finding:
    """One ground found above low: without mitigation as recorded; with mitigation, the risk
    remaining after it decides (Art. 7(2)-(3))."""
    mitigation = assessment.mitigation.strip()
    values: dict[str, Value] = {"ground": _words(ground), "mitigation": mitigation}
    if not mitigation:
        if level is RiskLevel.OVERRIDING:
            return r.finding(Outcome.PROHIBITED, N_("overriding risk recorded for %(ground)s and "
                             "no mitigating measure was available"), values=values)  # fmt: skip
        return r.finding(Outcome.NEEDS_APPROVAL, N_("substantial risk recorded for %(ground)s and "
                         "no mitigating measures are recorded"), values=values)  # fmt: skip
    residual = assessment.residual_level(ground)
    if residual is None and level is RiskLevel.OVERRIDING:
        return r.finding(
            Outcome.NEEDS_APPROVAL,
            N_("overriding risk recorded for %(ground)s before mitigation (%(mitigation)s): "
               "record the risk remaining after the measures (Art. 7(2)-(3))"),
            blocking=True, values=values,
        )  # fmt: skip
    if residual is RiskLevel.OVERRIDING:
        return r.finding(Outcome.PROHIBITED, N_("overriding risk remains for %(ground)s after the "
                         "mitigating measures (%(mitigation)s)"), values=values)  # fmt: skip
    if residual is RiskLevel.SUBSTANTIAL:
        return r.finding(Outcome.NEEDS_APPROVAL, N_("substantial risk remains for %(ground)s after "
                         "mitigation (%(mitigation)s)"), values=values)  # fmt: skip
    mitigated = (N_("overriding risk recorded for %(ground)s, mitigated by: %(mitigation)s")
                 if level is RiskLevel.OVERRIDING else
                 N_("substantial risk recorded for %(ground)s, mitigated by: %(mitigation)s"))  # fmt: skip
    return r.finding(Outcome.WARNING, mitigated, values=values)


_END_USERS = (PartyRole.END_USER, PartyRole.ULTIMATE_END_USER)
_PASSING = {
    PartyRole.TRANSIT: "ATT Art. 9",
    PartyRole.BROKER: "ATT Art. 10",
    PartyRole.INTERMEDIARY: "ATT Art. 10, 11(1)",
    PartyRole.AGENT: "ATT Art. 10",
}


@rule("att.11", 2, "Arms Trade Treaty Art. 11(1)-(2); Art. 9, 10")
def diversion(facts: CaseFacts, r: Rule) -> list[Finding]:
    """The exporting state prevents diversion (Art. 11): the end user must be identified; an
    end user or ultimate end user in a third state is a diversion risk to approve; a consignee
    in another state than the end user's, and transit, trans-shipment (Art. 9) and brokers
    (Art. 10) in third states, are assessed (each is checked against embargoes and screening
    too); an agreement must bind the recipient not to retransfer without consent."""
    findings: list[Finding] = []
    home, recipient = facts.home_state, facts.recipient.code
    end_users = [p for p in facts.parties if p.role in _END_USERS]
    if not [p for p in end_users if p.role is PartyRole.END_USER]:
        findings.append(r.constant(
            Outcome.NEEDS_APPROVAL,
            N_("no end user is identified: the diversion risk cannot be assessed (Art. 11(2))"),
            blocking=True,
        ))  # fmt: skip
    for party in end_users:
        if party.country not in (home, recipient):
            findings.append(r.finding(
                Outcome.NEEDS_APPROVAL,
                N_("%(party)s is in a third state (%(country)s), not the recipient state: "
                   "diversion risk"),
                values={"party": the_party(party), "country": country(party.country)},
            ))  # fmt: skip
    end_countries = {p.country for p in end_users} or {recipient}
    for party in facts.parties:
        if party.role is PartyRole.CONSIGNEE and party.country not in end_countries:
            findings.append(r.finding(
                Outcome.WARNING, N_("%(party)s is in %(country)s, not in the end user's state"),
                values={"party": the_party(party), "country": country(party.country)},
            ))  # fmt: skip
        elif party.role in _PASSING and party.country not in (home, recipient):
            findings.append(r.finding(
                Outcome.WARNING,
                N_("%(party)s is in a third state (%(country)s): assess the transit or brokering"),
                citation=f"{r.citation}; {_PASSING[party.role]}",
                values={"party": the_party(party), "country": country(party.country)},
            ))  # fmt: skip
    controlled = [
        i for i in facts.items
        if i.is_conventional_arm or i.classification > Classification.UNCLASSIFIED
    ]  # fmt: skip
    if facts.retransfer_clause is False and controlled:
        findings.append(r.constant(
            Outcome.NEEDS_APPROVAL, N_("the agreement has no retransfer (re-export) clause"),
            blocking=True,
        ))  # fmt: skip
    elif facts.retransfer_clause is None and controlled:
        findings.append(r.constant(
            Outcome.WARNING,
            N_("no agreement with a retransfer (re-export) clause is recorded yet; one is required "
               "before delivery"),
        ))  # fmt: skip
    return findings
