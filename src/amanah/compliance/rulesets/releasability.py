"""Releasability of classified technology, technology release (know-how and intangible
transfers) and end-use certificates."""

from __future__ import annotations

from amanah.cases.domain import KNOW_HOW_KINDS
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import ControlEntry
from amanah.compliance.facts import CaseFacts, ItemFacts, ReleaseDecision
from amanah.compliance.rule import Code, Finding, Outcome, Rule, Value, phrase, rule
from amanah.compliance.rulesets.words import country
from amanah.i18n import N_
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
                N_("%(item)s is %(classification)s; %(recipient)s may receive up to %(level)s "
                   "until the release board raises it"),
                values={"item": item.description, "classification": Code(item.classification.label),
                        "recipient": facts.recipient.name, "level": Code(level.label)},
            ))  # fmt: skip
        if item.classification > Classification.UNCLASSIFIED and soia is None:
            findings.append(r.finding(
                Outcome.PROHIBITED,
                N_("%(item)s is %(classification)s and no security-of-information agreement with "
                   "%(recipient)s is in force on %(day)s"),
                values={"item": item.description, "classification": Code(item.classification.label),
                        "recipient": facts.recipient.name, "day": facts.on},
            ))  # fmt: skip
    return findings


def is_intangible(entry: ControlEntry) -> bool:
    """Software or technology: ML21 (software), ML22 (technology), a dual-use entry of product
    group D or E (e.g. 5D002, 5E002), or an MTCR software or technology entry."""
    code = entry.code
    if entry.regime == "military_list":
        return code.split(".")[0] in ("ML21", "ML22")
    if entry.regime == "mtcr":
        return entry.mtcr_section in ("D", "E")
    return len(code) > 1 and code[1] in "DE"


def _intangible(item: ItemFacts) -> tuple[str, ...]:
    """The item's software and technology entries, cached in the (shared, frozen) item."""
    found: tuple[str, ...] | None = item.__dict__.get("_intangible")
    if found is None:
        found = tuple(f"{item.description} ({e.code})" for e in item.control_entries
                      if is_intangible(e))  # fmt: skip
        item.__dict__["_intangible"] = found
    return found


def _releases(facts: CaseFacts) -> tuple[list[str], list[str]]:
    kinds = sorted({i.kind.value for i in facts.items if i.kind in KNOW_HOW_KINDS})
    intangible = sorted({entry for i in facts.items for entry in _intangible(i)})
    return kinds, intangible


@rule("know_how", 2, "National technology-release policy; EU Common Position 2008/944 Art. 1(2)")
def know_how(facts: CaseFacts, r: Rule) -> list[Finding]:
    """Know-how, IP licences, licensed production and co-production hand over the ability to make
    the item, and controlled software and technology (ML21, ML22, dual-use D and E entries) is an
    intangible transfer, also when it is released to a foreign national inside the home state (a
    deemed export): the technology-release board must decide before approval."""
    if not any(i.kind in KNOW_HOW_KINDS or _intangible(i) for i in facts.items):
        return []  # nothing to release (a deemed export needs controlled technology too)
    kinds, intangible = _releases(facts)
    what: list[Value] = [*map(Code, kinds), *intangible]
    deemed = [
        p for p in facts.parties
        if p.country == facts.home_state and p.nationality and p.nationality != facts.home_state
    ]  # fmt: skip
    if deemed and intangible:
        what.append(phrase(N_("release to %(name)s, a national of %(country)s inside the home "
                              "state (deemed export)"),
                           {"name": deemed[0].name, "country": country(deemed[0].nationality)}))  # fmt: skip
    if not what:
        return []
    if facts.release_decision is ReleaseDecision.REFUSED:
        return [r.finding(Outcome.PROHIBITED, N_("the release board refused the release of %(what)s"),
                          values={"what": what})]  # fmt: skip
    if facts.release_decision is ReleaseDecision.GRANTED:
        return []
    return [r.finding(
        Outcome.NEEDS_APPROVAL,
        N_("the case transfers %(what)s and no release-board decision is recorded"),
        blocking=True, values={"what": what},
    )]  # fmt: skip


def _needs_certificate(item: ItemFacts) -> str:
    """Why the item needs an end-use certificate (a catalogue message), or "" (cached in the
    shared, frozen item)."""
    why: str | None = item.__dict__.get("_certificate")
    if why is None:
        why = item.__dict__["_certificate"] = _certificate_reason(item)
    return why


def _certificate_reason(item: ItemFacts) -> str:
    if item.att_category or item.un_register_category:
        return N_("conventional arms (ATT Art. 2(1))")
    if "ammunition" in item.flags or any(
        e.code.split(".")[0] in ("ML3", "ML4") for e in item.control_entries
    ):
        return N_("ammunition/munitions (ATT Art. 3)")
    if "parts_components" in item.flags:
        return N_("parts and components (ATT Art. 4)")
    if any(e.regime == "military_list" for e in item.control_entries):
        return N_("a military-list item")
    if any(e.mtcr_category for e in item.control_entries):
        return N_("an MTCR item")
    if item.classification > Classification.UNCLASSIFIED:
        return N_("classified")
    return ""


@rule(
    "end_use_certificate", 2, "ATT Art. 3, 4, 8(1), 11(2); MTCR Guidelines; national end-use policy"
)
def end_use_certificate(facts: CaseFacts, r: Rule) -> list[Finding]:
    """Conventional arms, ammunition and munitions (ATT Art. 3), parts and components (Art. 4),
    military-list items without an ATT category, MTCR items and classified items need an end-use
    certificate from the recipient before the case can be approved."""
    if "end_use_certificate" in facts.documents:
        return []
    needing = [phrase(N_("%(item)s (%(why)s)"), {"item": i.description, "why": phrase(why)})
               for i in facts.items if (why := _needs_certificate(i))]  # fmt: skip
    if not needing:
        return []
    return [r.finding(
        Outcome.NEEDS_APPROVAL,
        N_("no end-use certificate on file; required for %(items)s"),
        blocking=True, values={"items": needing},
    )]  # fmt: skip
