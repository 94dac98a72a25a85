"""ATT Article 6(1) and 6(2): transfers a binding embargo forbids."""

from __future__ import annotations

from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Finding, Outcome, Rule, rule
from amanah.partners.country import country_name
from amanah.partners.domain import Embargo, EmbargoScope

_SCOPE_WORDS = {
    EmbargoScope.NON_STATE: "non-governmental actors",
    EmbargoScope.DESIGNATED: "designated persons and entities",
    EmbargoScope.REGION: "part of the territory",
}


def _embargo_findings(facts: CaseFacts, r: Rule, regimes: set[str]) -> list[Finding]:
    if not facts.embargoes:
        return []
    countries = {facts.recipient.code: "the recipient state"}
    for party in facts.parties:
        countries.setdefault(
            party.country, f"the {party.role.value.replace('_', ' ')} {party.name}"
        )
    findings: list[Finding] = []
    for embargo in facts.embargoes:
        if embargo.regime not in regimes or embargo.target not in countries:
            continue
        if not embargo.in_force(facts.on):
            continue
        findings.append(_finding(facts, r, embargo, countries[embargo.target]))
    return findings


def _finding(facts: CaseFacts, r: Rule, embargo: Embargo, whom: str) -> Finding:
    target = country_name(embargo.target or "") if embargo.target else embargo.target_name
    citation = f"{r.citation}; {embargo.instrument}"
    if embargo.scope is EmbargoScope.ALL:
        return r.finding(
            Outcome.PROHIBITED,
            f"{embargo.regime} arms embargo on {target} ({embargo.instrument}, in force since "
            f"{embargo.start.isoformat()}) covers all arms; {whom} is in {target} and the transfer "
            f"date is {facts.on.isoformat()}",
            citation=citation,
        )
    return r.finding(
        Outcome.NEEDS_APPROVAL,
        f"{embargo.regime} arms embargo on {target} ({embargo.instrument}) covers "
        f"{_SCOPE_WORDS[embargo.scope]}; {whom} is in {target}: confirm that the end user is exempt "
        f"and that any required notification has been made",
        blocking=True,
        citation=citation,
    )


@rule("att.6.1", 1, "Arms Trade Treaty Art. 6(1)")
def un_embargo(facts: CaseFacts, r: Rule) -> list[Finding]:
    """A transfer is prohibited when a UN Security Council arms embargo in force on the transfer
    date covers the recipient state or a party's state (Chapter VII measures)."""
    return _embargo_findings(facts, r, {"UN"})


@rule("att.6.2", 1, "Arms Trade Treaty Art. 6(2)")
def other_obligations(facts: CaseFacts, r: Rule) -> list[Finding]:
    """A transfer is prohibited when it would violate other international obligations the home
    state has adopted: regional embargoes (e.g. the EU's or the Arab League's) and conventions it
    is party to (e.g. banning anti-personnel mines or cluster munitions)."""
    findings = _embargo_findings(facts, r, set(facts.adopted_regimes) - {"UN"})
    banned = {"APMBC": "anti_personnel_mine", "CCM": "cluster_munition"}
    for convention in sorted(facts.conventions):
        flag = banned.get(convention)
        for item in facts.items:
            if flag and flag in item.flags:
                findings.append(r.finding(
                    Outcome.PROHIBITED,
                    f"{item.description} is marked {flag.replace('_', ' ')} and the home state is "
                    f"party to the {convention}",
                    citation=f"{r.citation}; {convention}",
                ))  # fmt: skip
    return findings


@rule("att.6.3", 1, "Arms Trade Treaty Art. 6(3)")
def atrocity_knowledge(facts: CaseFacts, r: Rule) -> list[Finding]:
    """A transfer is prohibited when it is known that the items would be used in genocide,
    crimes against humanity, grave breaches of the Geneva Conventions of 1949, attacks directed
    against civilians or other war crimes."""
    return [
        r.finding(Outcome.PROHIBITED, f"recorded knowledge: {note}")
        for note in facts.atrocity_knowledge
    ]
