"""ATT Article 6: transfers an embargo (6(1), 6(2)) or knowledge of atrocities (6(3)) forbids.

An embargo is applied as its text reads, not as one scope word: the scope of the period holding
the transfer date (the whole territory, armed groups only, all non-governmental entities,
designated persons, a region), what it covers (arms, technical assistance, training, financing,
dual-use items), its exemptions with the procedure each requires (on that date), and whether it
binds in law or is a political commitment. The end user's sector decides which of these
engages: an embargo on armed groups (the CAR) prohibits a transfer to a non-state armed actor,
not to the government, and asks about anyone else; one on all non-governmental entities (the
DRC) prohibits a private company too, not the government's forces, whose exemption may require
a procedure on the transfer date."""

from __future__ import annotations

from datetime import date

from amanah.cases.domain import PartyRole, TransferKind
from amanah.compliance.facts import CaseFacts, ItemFacts, PartyFacts
from amanah.compliance.rule import Finding, Outcome, Phrase, Rule, Value, phrase, rule
from amanah.compliance.rulesets.words import country, the_party
from amanah.i18n import N_
from amanah.partners.domain import (
    Binding,
    Coverage,
    Embargo,
    EmbargoScope,
    Exemption,
    ExemptionKind,
    ExemptionProcedure,
)

#: the findings' words for what a measure covers, its exemptions and an end user's sector
COVERAGE = {
    Coverage.ARMS: N_("arms"), Coverage.TECHNICAL_ASSISTANCE: N_("technical assistance"),
    Coverage.TRAINING: N_("training"), Coverage.FINANCING: N_("financing"),
    Coverage.DUAL_USE: N_("dual use"),
}  # fmt: skip
EXEMPTIONS = {
    ExemptionKind.GOVERNMENT_FORCES: N_("government forces"),
    ExemptionKind.UN_MISSION: N_("un mission"),
    ExemptionKind.PROTECTIVE_NON_LETHAL: N_("protective non lethal"),
    ExemptionKind.COMMITTEE_APPROVED: N_("committee approved"),
}
SECTOR_WORDS = {
    "government": N_("government"), "armed_forces": N_("armed forces"),
    "un_mission": N_("un mission"), "civil": N_("civil"), "private": N_("private"),
    "non_state": N_("non state"), "state_owned": N_("state owned"),
}  # fmt: skip

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


def _caveats(embargo: Embargo, facts: CaseFacts) -> Value:
    """What to doubt about the measure, at the end of a reason: " [a; b]", or ""."""
    words: list[Phrase] = []
    if not embargo.provenance.verified:
        note: Value = embargo.provenance.note or phrase(N_("no source checked"))
        words.append(phrase(N_("this reference fact is UNVERIFIED (%(note)s)"), {"note": note}))
    if embargo.renewal_overdue(facts.on):
        assert embargo.renewal_date is not None
        words.append(phrase(N_("its renewal date %(day)s has passed with no renewal recorded: "
                               "confirm whether it was renewed"), {"day": embargo.renewal_date}))  # fmt: skip
    if not words:
        return ""
    if len(words) == 1:
        return phrase(N_(" [%(first)s]"), {"first": words[0]})
    return phrase(N_(" [%(first)s; %(second)s]"), {"first": words[0], "second": words[1]})


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
    place = country(target)
    citation = f"{r.citation}; {embargo.instrument}"
    caveats = _caveats(embargo, facts)
    head = _head(embargo)
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
            N_("%(head)s is a political commitment, not a legal obligation, covering %(coverage)s: "
               "%(items)s to %(place)s is decided at leadership level%(caveats)s"),
            level="leadership", citation=f"{embargo.instrument} (political commitment)",
            values={"head": head, "items": _names(covered), "place": place, "caveats": caveats,
                    "coverage": [phrase(COVERAGE[c]) for c in
                                 sorted(embargo.coverage, key=lambda c: c.value.replace("_", " "))]},
        )]  # fmt: skip

    passing = [p for p in in_target if p.role not in RECEIVING]
    if passing and facts.recipient.code != target and not receivers:
        p = passing[0]
        return [*findings, r.finding(
            Outcome.NEEDS_APPROVAL,
            N_("%(head)s: %(party)s is in %(place)s; transit, trans-shipment or brokering through "
               "an embargoed state needs approval and a check that the measure does not prohibit "
               "it (ATT Art. 9, 10)%(caveats)s"),
            blocking=True, citation=f"{citation}; ATT Art. 9, 10",
            values={"head": head, "party": the_party(p), "place": place, "caveats": caveats},
        )]  # fmt: skip

    scope = embargo.scope_on(facts.on)
    if scope is EmbargoScope.DESIGNATED:
        return [*findings, r.finding(
            Outcome.WARNING,
            N_("%(head)s targets designated persons and entities only on %(day)s: the parties "
               "must clear screening against the committee's list%(caveats)s"),
            citation=citation, values={"head": head, "day": facts.on, "caveats": caveats},
        )]  # fmt: skip
    if scope is EmbargoScope.REGION:
        return [*findings, r.finding(
            Outcome.NEEDS_APPROVAL,
            N_("%(head)s covers part of the territory of %(place)s: confirm that the end use is "
               "outside it%(unless)s%(caveats)s"),
            blocking=True, citation=citation,
            values={"head": head, "place": place, "caveats": caveats,
                    "unless": _procedures(embargo, ExemptionKind.COMMITTEE_APPROVED, facts.on)},
        )]  # fmt: skip
    subjects: list[PartyFacts | None] = list(end_users) or [None]
    for subject in subjects:
        findings.append(_for_end_user(facts, r, embargo, scope, subject, covered, head, citation,
                                      caveats))  # fmt: skip
    return findings


def _catch_all(
    r: Rule, embargo: Embargo, end_users: list[PartyFacts], dual_use: list[ItemFacts],
    citation: str, caveats: Value,
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
        N_("%(head)s does not cover dual-use items, but %(items)s would go to %(whom)s: a dual-use "
           "item for a military or unidentified end user in an embargoed state needs approval "
           "(catch-all)%(caveats)s"),
        blocking=True, citation=f"{citation}; national catch-all control",
        values={"head": _head(embargo), "items": _names(dual_use), "whom": _whom(military[0]),
                "caveats": caveats},
    )]  # fmt: skip


def _for_end_user(
    facts: CaseFacts, r: Rule, embargo: Embargo, scope: EmbargoScope, end_user: PartyFacts | None,
    covered: list[ItemFacts], head: Phrase, citation: str, caveats: Value,
) -> Finding:  # fmt: skip
    who = _whom(end_user)
    what = _names(covered)
    values: dict[str, Value] = {"head": head, "who": who, "what": what, "caveats": caveats,
                                "target": embargo.target_name}  # fmt: skip
    if scope in (EmbargoScope.ARMED_GROUPS, EmbargoScope.NON_GOVERNMENTAL):
        return _partial(facts, r, embargo, scope, end_user, values, citation)
    # the whole territory
    sector_exemption = {
        "government": ExemptionKind.GOVERNMENT_FORCES,
        "armed_forces": ExemptionKind.GOVERNMENT_FORCES,
        "un_mission": ExemptionKind.UN_MISSION,
    }.get(end_user.sector if end_user else "")
    exemption = None if sector_exemption is None else embargo.exemption(sector_exemption, facts.on)
    protective = embargo.exemption(ExemptionKind.PROTECTIVE_NON_LETHAL, facts.on)
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
                N_("%(head)s covers all arms to %(target)s; %(who)s falls under the %(exemption)s "
                   "exemption, which requires: %(procedure)s (%(instrument)s)%(caveats)s"),
                blocking=True, citation=f"{citation}; {exemption.instrument}",
                values={**values, "exemption": phrase(EXEMPTIONS[exemption.kind]),
                        "procedure": _procedure(exemption), "instrument": exemption.instrument},
            )  # fmt: skip
        return r.finding(
            Outcome.WARNING,
            N_("%(head)s covers all arms to %(target)s; %(who)s falls under the %(exemption)s "
               "exemption (%(instrument)s), which requires no procedure%(caveats)s"),
            citation=f"{citation}; {exemption.instrument}",
            values={**values, "exemption": phrase(EXEMPTIONS[exemption.kind]),
                    "instrument": exemption.instrument},
        )  # fmt: skip
    return r.finding(
        Outcome.PROHIBITED,
        N_("%(head)s, in force since %(start)s, covers all arms to %(target)s; %(what)s would go "
           "to %(who)s on %(day)s%(unless)s%(caveats)s"),
        citation=citation,
        values={**values, "start": embargo.start, "day": facts.on,
                "unless": _procedures(embargo, ExemptionKind.COMMITTEE_APPROVED, facts.on)},
    )  # fmt: skip


#: the sectors neither governmental nor a non-state armed actor, by what each is
_NEITHER = {"private": N_("a private company"), "civil": N_("a civil user"),
            "state_owned": N_("a state-owned enterprise"),
            "un_mission": N_("a UN or UN-authorised mission")}  # fmt: skip


def _partial(
    facts: CaseFacts, r: Rule, embargo: Embargo, scope: EmbargoScope, end_user: PartyFacts | None,
    values: dict[str, Value], citation: str,
) -> Finding:  # fmt: skip
    """A measure on part of the people in the target state, as its text draws the line.

    Armed groups (the CAR since S/RES/2745 (2024)): only a non-state armed actor is covered; the
    government is outside the measure; anyone else is not named by it, but the text also bars
    indirect supply, so whether the end user is associated with an armed group must be settled.
    Non-governmental (the DRC, S/RES/1807 (2008) para 1): every end user but the government and
    its forces is covered, a private company or a civil user too; a state-owned enterprise is
    neither plainly governmental nor plainly not, and a UN mission only by its own exemption."""
    sector = end_user.sector if end_user is not None else ""
    if not sector:
        return r.finding(
            Outcome.NEEDS_APPROVAL,
            N_("%(head)s covers %(whom)s; record whether %(who)s is governmental before %(what)s "
               "can be assessed%(caveats)s"),
            blocking=True, citation=citation, values={**values, "whom": _reach(scope)},
        )  # fmt: skip
    kind = {"government": ExemptionKind.GOVERNMENT_FORCES,
            "armed_forces": ExemptionKind.GOVERNMENT_FORCES,
            "un_mission": ExemptionKind.UN_MISSION}.get(sector)  # fmt: skip
    exemption = None if kind is None else embargo.exemption(kind, facts.on)
    if exemption is not None and exemption.needs_procedure:
        return r.finding(
            Outcome.NEEDS_APPROVAL,
            N_("%(head)s covers %(whom)s; %(who)s is exempt provided the procedure is followed: "
               "%(procedure)s (%(instrument)s)%(caveats)s"),
            blocking=True, citation=f"{citation}; {exemption.instrument}",
            values={**values, "whom": _reach(scope), "procedure": _procedure(exemption),
                    "instrument": exemption.instrument},
        )  # fmt: skip
    outside = sector in ("government", "armed_forces") or (
        sector == "un_mission" and scope is EmbargoScope.ARMED_GROUPS
    )
    if outside or exemption is not None:
        if exemption is None:
            return r.finding(
                Outcome.WARNING,
                N_("%(head)s covers %(whom)s only; %(who)s is not one of them and not covered: "
                   "weigh the diversion risk%(caveats)s"),
                citation=citation, values={**values, "whom": _reach(scope)},
            )  # fmt: skip
        return r.finding(
            Outcome.WARNING,
            N_("%(head)s covers %(whom)s only; %(who)s is not covered (%(instrument)s), and no "
               "procedure is required: weigh the diversion risk%(caveats)s"),
            citation=f"{citation}; {exemption.instrument}",
            values={**values, "whom": _reach(scope), "instrument": exemption.instrument},
        )  # fmt: skip
    if sector == "non_state" or (scope is EmbargoScope.NON_GOVERNMENTAL
                                 and sector in ("private", "civil")):  # fmt: skip
        return r.finding(
            Outcome.PROHIBITED,
            N_("%(head)s covers %(whom)s; %(who)s is one of them: %(what)s may not be supplied"
               "%(caveats)s"),
            citation=citation, values={**values, "whom": _reach(scope)},
        )  # fmt: skip
    if scope is EmbargoScope.ARMED_GROUPS:
        return r.finding(
            Outcome.NEEDS_APPROVAL,
            N_("%(head)s covers armed groups and associated individuals only; %(who)s is "
               "%(what_it_is)s, not an armed group, but the measure also bars indirect supply: "
               "confirm that it is not associated with an armed group and that %(what)s will not "
               "be passed on to one%(caveats)s"),
            blocking=True, citation=f"{citation}; ATT Art. 11",
            values={**values, "what_it_is": phrase(_NEITHER.get(sector, N_("not governmental")))},
        )  # fmt: skip
    return r.finding(
        Outcome.NEEDS_APPROVAL,
        N_("%(head)s covers all non-governmental entities and individuals; %(who)s is "
           "%(what_it_is)s, neither the government's forces nor plainly non-governmental: confirm "
           "how the measure treats it before %(what)s can be supplied%(caveats)s"),
        blocking=True, citation=citation,
        values={**values, "what_it_is": phrase(_NEITHER.get(sector, N_("not governmental")))},
    )  # fmt: skip


def _procedure(exemption: Exemption) -> Value:
    """The procedure an exemption requires, saying whether a notification is enough (the
    exporter notifies and may ship; nothing is awaited) or an approval must be awaited."""
    if exemption.requires is ExemptionProcedure.NOTIFY:
        return phrase(N_("a notification, no approval awaited: %(procedure)s"),
                      {"procedure": exemption.procedure})  # fmt: skip
    if exemption.requires is ExemptionProcedure.APPROVE:
        return phrase(N_("an approval, to be awaited: %(procedure)s"),
                      {"procedure": exemption.procedure})  # fmt: skip
    return exemption.procedure


def _reach(scope: EmbargoScope) -> Phrase:
    if scope is EmbargoScope.ARMED_GROUPS:
        return phrase(N_("armed groups and associated individuals"))
    return phrase(N_("all non-governmental entities and individuals"))


def _head(embargo: Embargo) -> Phrase:
    return phrase(N_("%(regime)s arms embargo on %(target)s (%(instrument)s)"),
                  {"regime": embargo.regime, "target": embargo.target_name,
                   "instrument": embargo.instrument})  # fmt: skip


def _procedures(embargo: Embargo, kind: ExemptionKind, on: date) -> Value:
    exemption = embargo.exemption(kind, on)
    if exemption is None:
        return ""
    return phrase(
        N_(" (unless exempted: %(procedure)s, %(instrument)s)"),
        {"procedure": _procedure(exemption), "instrument": exemption.instrument},
    )


def _whom(party: PartyFacts | None) -> Phrase:
    if party is None:
        return phrase(N_("an end user not identified"))
    if not party.sector:
        return phrase(
            N_("%(party)s (%(country)s)"),
            {"party": the_party(party), "country": country(party.country)},
        )
    sector = SECTOR_WORDS.get(party.sector)
    return phrase(N_("%(party)s (%(country)s, %(sector)s)"),
                  {"party": the_party(party), "country": country(party.country),
                   "sector": phrase(sector) if sector else party.sector.replace("_", " ")})  # fmt: skip


def _names(items: list[ItemFacts]) -> Value:
    names = sorted({i.description for i in items})
    if len(names) <= 3:
        return names
    return phrase(N_("%(names)s and %(more)s more"), {"names": names[:3], "more": len(names) - 3})


@rule("att.6.1", 2, "Arms Trade Treaty Art. 6(1)")
def un_embargo(facts: CaseFacts, r: Rule) -> list[Finding]:
    """UN Security Council measures under Chapter VII always bind the home state. A transfer is
    prohibited when a UN arms embargo in force on the transfer date covers the items and the end
    user: all arms to the territory, unless an exemption applies (then its procedure is
    required); armed groups only, or all non-governmental entities (a governmental end user is
    not covered; a private one is under the second); designated persons (screening decides); or
    a region (the end use must lie outside it)."""
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
                    Outcome.PROHIBITED, BANNED_REASONS[flag], citation=f"{r.citation}; {convention}",
                    values={"item": item.description, "convention": convention},
                ))  # fmt: skip
    return findings


BANNED_REASONS = {
    "anti_personnel_mine": N_(
        "%(item)s is marked anti personnel mine and the home state is party to the %(convention)s"
    ),
    "cluster_munition": N_(
        "%(item)s is marked cluster munition and the home state is party to the %(convention)s"
    ),
}


@rule("att.6.3", 1, "Arms Trade Treaty Art. 6(3)")
def atrocity_knowledge(facts: CaseFacts, r: Rule) -> list[Finding]:
    """A transfer is prohibited when it is known that the items would be used in genocide,
    crimes against humanity, grave breaches of the Geneva Conventions of 1949, attacks directed
    against civilians or other war crimes."""
    return [
        r.finding(Outcome.PROHIBITED, N_("recorded knowledge: %(note)s"), values={"note": note})
        for note in facts.atrocity_knowledge
    ]
