"""ATT Article 6: transfers an embargo (6(1), 6(2)) or knowledge of atrocities (6(3)) forbids.

An embargo is applied as its text reads, not as one scope word: the scope of the period holding
the transfer date (all arms, non-state actors only, designated persons, a region), what it
covers (arms, technical assistance, training, financing, dual-use items), its exemptions with
the procedure each requires, and whether it binds in law or is a political commitment. The
end user decides which of these engages: a partial embargo on armed groups prohibits a transfer
to a non-state end user but not to the government's forces."""

from __future__ import annotations

from amanah.cases.domain import PartyRole, TransferKind
from amanah.compliance.facts import CaseFacts, ItemFacts, PartyFacts
from amanah.compliance.rule import Finding, Outcome, Rule, rule
from amanah.partners.country import country_name
from amanah.partners.domain import Binding, Coverage, Embargo, EmbargoScope, ExemptionKind

RECEIVING = frozenset({PartyRole.END_USER, PartyRole.ULTIMATE_END_USER, PartyRole.CONSIGNEE})
_END_USERS = frozenset({PartyRole.END_USER, PartyRole.ULTIMATE_END_USER})
_ASSISTANCE_KINDS = frozenset({TransferKind.TRAINING, TransferKind.KNOW_HOW})


def _covered(embargo: Embargo, item: ItemFacts) -> bool:
    """Whether the measure covers the item as arms and related materiel (or the assistance
    it names): a dual-use item only when the measure names dual-use items; training and
    know-how only when it names training or technical assistance."""
    if item.is_dual_use_only:
        return Coverage.DUAL_USE in embargo.coverage
    if not (item.is_conventional_arm or item.control_entries or item.flags):
        return False  # not a controlled item
    if item.kind in _ASSISTANCE_KINDS:
        return bool({Coverage.TRAINING, Coverage.TECHNICAL_ASSISTANCE} & embargo.coverage)
    return Coverage.ARMS in embargo.coverage


def _caveats(embargo: Embargo, facts: CaseFacts) -> str:
    words = []
    if not embargo.provenance.verified:
        words.append(
            f"this reference fact is UNVERIFIED ({embargo.provenance.note or 'no source checked'})"
        )
    if embargo.renewal_overdue(facts.on):
        assert embargo.renewal_date is not None
        words.append(f"its renewal date {embargo.renewal_date.isoformat()} has passed with no renewal "
                     "recorded: confirm whether it was renewed")  # fmt: skip
    return "" if not words else " [" + "; ".join(words) + "]"


def _embargo_findings(facts: CaseFacts, r: Rule, regimes: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    for embargo in facts.embargoes:
        if embargo.regime not in regimes or not embargo.target or not embargo.in_force(facts.on):
            continue
        findings += _apply(facts, r, embargo)
    return findings


def _apply(facts: CaseFacts, r: Rule, embargo: Embargo) -> list[Finding]:
    target = embargo.target
    assert target is not None
    in_target = [p for p in facts.parties if p.country == target]
    receivers = [p for p in in_target if p.role in RECEIVING]
    if facts.recipient.code != target and not in_target:
        return []
    covered = [i for i in facts.items if _covered(embargo, i)]
    dual_use = [i for i in facts.items if i.is_dual_use_only and i not in covered]
    place = country_name(target)
    citation = f"{r.citation}; {embargo.instrument}"
    caveats = _caveats(embargo, facts)
    head = f"{embargo.regime} arms embargo on {embargo.target_name} ({embargo.instrument})"
    findings: list[Finding] = []
    end_users = [p for p in receivers if p.role is not PartyRole.CONSIGNEE] or receivers
    if not end_users and facts.recipient.code == target:  # delivered to the state, used elsewhere
        end_users = [p for p in facts.parties if p.role in _END_USERS]
    findings += _catch_all(r, embargo, end_users, dual_use, citation, caveats)
    if not covered:
        return findings

    if embargo.binding is Binding.POLITICAL:
        return [*findings, r.finding(
            Outcome.NEEDS_APPROVAL,
            f"{head} is a political commitment, not a legal obligation, covering "
            f"{', '.join(sorted(c.value.replace('_', ' ') for c in embargo.coverage))}: "
            f"{_names(covered)} to {place} is decided at leadership level{caveats}",
            level="leadership", citation=f"{embargo.instrument} (political commitment)",
        )]  # fmt: skip

    passing = [p for p in in_target if p.role not in RECEIVING]
    if passing and facts.recipient.code != target and not receivers:
        p = passing[0]
        return [*findings, r.finding(
            Outcome.NEEDS_APPROVAL,
            f"{head}: the {_role(p)} {p.name} is in {place}; transit, trans-shipment or brokering "
            f"through an embargoed state needs approval and a check that the measure does not "
            f"prohibit it (ATT Art. 9, 10){caveats}",
            blocking=True, citation=f"{citation}; ATT Art. 9, 10",
        )]  # fmt: skip

    scope = embargo.scope_on(facts.on)
    if scope is EmbargoScope.DESIGNATED:
        return [*findings, r.finding(
            Outcome.WARNING,
            f"{head} targets designated persons and entities only on {facts.on.isoformat()}: the "
            f"parties must clear screening against the committee's list{caveats}",
            citation=citation,
        )]  # fmt: skip
    if scope is EmbargoScope.REGION:
        return [*findings, r.finding(
            Outcome.NEEDS_APPROVAL,
            f"{head} covers part of the territory of {place}: confirm that the end use is outside "
            f"it{_procedures(embargo, ExemptionKind.COMMITTEE_APPROVED)}{caveats}",
            blocking=True, citation=citation,
        )]  # fmt: skip
    subjects: list[PartyFacts | None] = list(end_users) or [None]
    for subject in subjects:
        findings.append(_for_end_user(facts, r, embargo, scope, subject, covered, head, citation,
                                      caveats))  # fmt: skip
    return findings


def _catch_all(
    r: Rule, embargo: Embargo, end_users: list[PartyFacts], dual_use: list[ItemFacts],
    citation: str, caveats: str,
) -> list[Finding]:  # fmt: skip
    """An arms embargo does not bar a civil dual-use item for a civil end user; for a military
    or unidentified end user in the embargoed state it needs approval (the catch-all)."""
    if not dual_use:
        return []
    military = [p for p in end_users if not p.is_civil] if end_users else [None]
    if not military:
        return []
    return [r.finding(
        Outcome.NEEDS_APPROVAL,
        f"{embargo.regime} arms embargo on {embargo.target_name} ({embargo.instrument}) does not "
        f"cover dual-use items, but {_names(dual_use)} would go to {_whom(military[0])}: a "
        f"dual-use item for a military or unidentified end user in an embargoed state needs "
        f"approval (catch-all){caveats}",
        blocking=True, citation=f"{citation}; national catch-all control",
    )]  # fmt: skip


def _for_end_user(
    facts: CaseFacts, r: Rule, embargo: Embargo, scope: EmbargoScope, end_user: PartyFacts | None,
    covered: list[ItemFacts], head: str, citation: str, caveats: str,
) -> Finding:  # fmt: skip
    who = _whom(end_user)
    what = _names(covered)
    governmental = end_user is not None and end_user.is_governmental
    unknown = end_user is None or not end_user.sector
    if scope is EmbargoScope.NON_STATE:
        if governmental:
            exemption = embargo.exemption(ExemptionKind.GOVERNMENT_FORCES)
            if exemption is not None and exemption.needs_procedure:
                return r.finding(
                    Outcome.NEEDS_APPROVAL,
                    f"{head} covers non-state actors; {who} is governmental and exempt provided the "
                    f"procedure is followed: {exemption.procedure} ({exemption.instrument}){caveats}",
                    blocking=True, citation=citation,
                )  # fmt: skip
            return r.finding(
                Outcome.WARNING,
                f"{head} covers non-state actors and armed groups only; {who} is governmental and "
                f"not covered{'' if exemption is None else f' ({exemption.instrument})'}: weigh the "
                f"diversion risk{caveats}",
                citation=citation,
            )  # fmt: skip
        if unknown:
            return r.finding(
                Outcome.NEEDS_APPROVAL,
                f"{head} covers non-state actors; record whether {who} is governmental before "
                f"{what} can be assessed{caveats}",
                blocking=True, citation=citation,
            )  # fmt: skip
        if end_user is not None and end_user.sector == "state_owned":
            return r.finding(
                Outcome.NEEDS_APPROVAL,
                f"{head} covers non-state actors; {who} is a state-owned enterprise, neither the "
                f"government's forces nor an armed group: confirm how the measure treats it "
                f"before {what} can be supplied{caveats}",
                blocking=True, citation=citation,
            )  # fmt: skip
        return r.finding(
            Outcome.PROHIBITED,
            f"{head} covers non-state actors and armed groups; {who} is not governmental "
            f"({end_user.sector if end_user else ''}): {what} may not be supplied{caveats}",
            citation=citation,
        )  # fmt: skip
    # the whole territory
    sector_exemption = {
        "government": ExemptionKind.GOVERNMENT_FORCES,
        "armed_forces": ExemptionKind.GOVERNMENT_FORCES,
        "un_mission": ExemptionKind.UN_MISSION,
    }.get(end_user.sector if end_user else "")
    exemption = None if sector_exemption is None else embargo.exemption(sector_exemption)
    protective = embargo.exemption(ExemptionKind.PROTECTIVE_NON_LETHAL)
    if (
        exemption is None
        and protective is not None
        and all("protective_non_lethal" in i.flags for i in covered)
    ):
        exemption = protective
    if exemption is not None:
        if exemption.needs_procedure:
            return r.finding(
                Outcome.NEEDS_APPROVAL,
                f"{head} covers all arms to {embargo.target_name}; {who} falls under the "
                f"{exemption.kind.value.replace('_', ' ')} exemption, which requires: "
                f"{exemption.procedure} ({exemption.instrument}){caveats}",
                blocking=True, citation=f"{citation}; {exemption.instrument}",
            )  # fmt: skip
        return r.finding(
            Outcome.WARNING,
            f"{head} covers all arms to {embargo.target_name}; {who} falls under the "
            f"{exemption.kind.value.replace('_', ' ')} exemption ({exemption.instrument}), which "
            f"requires no procedure{caveats}",
            citation=f"{citation}; {exemption.instrument}",
        )  # fmt: skip
    return r.finding(
        Outcome.PROHIBITED,
        f"{head}, in force since {embargo.start.isoformat()}, covers all arms to "
        f"{embargo.target_name}; {what} would go to {who} on {facts.on.isoformat()}"
        f"{_procedures(embargo, ExemptionKind.COMMITTEE_APPROVED)}{caveats}",
        citation=citation,
    )  # fmt: skip


def _procedures(embargo: Embargo, kind: ExemptionKind) -> str:
    exemption = embargo.exemption(kind)
    if exemption is None:
        return ""
    return f" (unless exempted: {exemption.procedure}, {exemption.instrument})"


def _role(party: PartyFacts) -> str:
    return party.role.value.replace("_", " ")


def _whom(party: PartyFacts | None) -> str:
    if party is None:
        return "an end user not identified"
    sector = f", {party.sector.replace('_', ' ')}" if party.sector else ""
    return f"the {_role(party)} {party.name} ({country_name(party.country)}{sector})"


def _names(items: list[ItemFacts]) -> str:
    names = sorted({i.description for i in items})
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


@rule("att.6.1", 2, "Arms Trade Treaty Art. 6(1)")
def un_embargo(facts: CaseFacts, r: Rule) -> list[Finding]:
    """UN Security Council measures under Chapter VII always bind the home state. A transfer is
    prohibited when a UN arms embargo in force on the transfer date covers the items and the end
    user: all arms to the territory, unless an exemption applies (then its procedure is
    required); armed groups and non-state actors (a governmental end user is not covered);
    designated persons (screening decides); or a region (the end use must lie outside it)."""
    return _embargo_findings(facts, r, {"UN"})


@rule("att.6.2", 2, "Arms Trade Treaty Art. 6(2)")
def other_obligations(facts: CaseFacts, r: Rule) -> list[Finding]:
    """Other international obligations bind only as the home state has adopted them: regional
    embargoes (EU, Arab League, OIC) and national measures, by configuration, and conventions it
    is party to (anti-personnel mines, cluster munitions). A political commitment (such as the
    1989 declaration on China) is not a legal obligation: it needs a decision at leadership level,
    not a prohibition."""
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
