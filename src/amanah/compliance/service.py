"""Stores assessments and re-runs them whenever the facts change."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah import events
from amanah.audit import service as audit
from amanah.audit.models import AuditEventRow
from amanah.audit.verbs import Verb
from amanah.cases import workflow
from amanah.cases.domain import PartyRole, TransferKind, parse_enum
from amanah.cases.models import CaseRow
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import (
    ATT_CATEGORIES,
    UN_REGISTER_CATEGORIES,
    parse_category,
    parse_control_entry,
)
from amanah.compliance.bulk import reassess_open_cases
from amanah.compliance.engine import Assessment, evaluate, findings_digest
from amanah.compliance.facts import (
    ART7_GROUNDS,
    CaseFacts,
    ItemFacts,
    PartyFacts,
    RiskAssessment,
    RiskLevel,
    ScreeningState,
    to_json,
)
from amanah.compliance.gather import Shared, facts_for_case
from amanah.compliance.models import AssessmentRow
from amanah.compliance.queries import current_assessment
from amanah.compliance.schemas import EvaluateRequest
from amanah.db.base import utcnow
from amanah.events import CaseProhibited
from amanah.partners.country import country_name
from amanah.partners.domain import AgreementKind, Partner, PartnerAgreement
from amanah.partners.models import EmbargoRow, PartnerAgreementRow, PartnerRow
from amanah.partners.queries import known_country
from amanah.partners.queries import to_domain as partner_of
from amanah.reference import memberships_of
from amanah.users.roles import SYSTEM, Actor


def _store(session: Session, actor: Actor | str, case: CaseRow, facts: CaseFacts, result: Assessment,
           current: AssessmentRow | None) -> AssessmentRow | None:  # fmt: skip
    """Store the assessment when its findings differ from `current`'s; None when nothing
    changed. (`compliance.bulk` does the same for many cases at once.)"""
    digest = result.digest
    if current is not None and digest == (
        current.digest or findings_digest(current.ruleset_version, current.findings)
    ):
        return None
    who = actor if isinstance(actor, str) else actor.username
    row = AssessmentRow(case_id=case.id, ruleset_version=result.ruleset_version,
                        outcome=result.outcome.value, facts=to_json(facts),
                        findings=result.findings_json, digest=digest,
                        assessed_at=utcnow(), assessed_by=who)  # fmt: skip
    session.add(row)
    case.outcome = result.outcome.value
    session.flush()
    audit.record(session, actor, Verb.ASSESSMENT_STORED, "case", case.id,
                 before=None if current is None else {"outcome": current.outcome},
                 after={"outcome": row.outcome, "assessment_id": row.id,
                        "ruleset": result.ruleset_version})  # fmt: skip
    return row


def assess_case(session: Session, actor: Actor | str, case: CaseRow) -> Assessment:
    facts = facts_for_case(session, case)
    result = evaluate(facts)
    _store(session, actor, case, facts, result, current_assessment(session, case.id))
    return result


def calendar_check(session: Session, today: date) -> tuple[list[str], Counter[str]]:
    """Facts that change with the calendar: partner agreements that ended and embargoes that
    began or were lifted since the last check. The open cases of the partners concerned are
    re-assessed as of `today`. Run daily (`amanah compliance daily`); the check is audited, and
    its date is where the next one starts."""
    last = session.scalar(
        select(AuditEventRow.after).where(AuditEventRow.verb == Verb.CALENDAR_CHECKED.value)
        .order_by(AuditEventRow.seq.desc()).limit(1)
    )  # fmt: skip
    since = date.fromisoformat(last["on"]) if last else today - timedelta(days=1)
    changed: set[str] = set()
    for agreement in session.scalars(
        select(PartnerAgreementRow).where(PartnerAgreementRow.end.is_not(None))
    ):
        if agreement.end is not None and since < agreement.end <= today:
            changed.add(agreement.partner_code)
    everyone = False
    for embargo in session.scalars(select(EmbargoRow)):
        moved = since < embargo.start <= today or (
            embargo.end is not None and since < embargo.end <= today
        )
        if moved:
            if embargo.target is None:
                everyone = True
            else:
                changed.add(embargo.target)
    counts: Counter[str] = Counter()
    if everyone:
        counts = reassess_open_cases(session, SYSTEM, today=today)
    else:
        for code in sorted(changed):
            if session.get(PartnerRow, code) is not None:
                counts += reassess_open_cases(session, SYSTEM, partner=code, today=today)
    audit.record(session, SYSTEM, Verb.CALENDAR_CHECKED, "compliance", "calendar",
                 after={"on": today.isoformat(), "since": since.isoformat(), "partners": sorted(changed)})  # fmt: skip
    return sorted(changed), counts


def reassess_case(session: Session, actor: Actor | str, case: CaseRow) -> Assessment:
    """Assess after a change of facts outside the case (a screening review, a new list entry):
    a case that becomes prohibited is suspended and its owner alerted, as in a bulk re-run."""
    before = case.outcome
    result = assess_case(session, actor, case)
    open_states = {s.value for s in workflow.OPEN_STATES}
    if (
        result.outcome.value == "prohibited"
        and before != "prohibited"
        and case.state in open_states
    ):
        reasons = "; ".join(f.reason for f in result.prohibited)
        active = workflow.CaseState(case.state) in workflow.ACTIVE_STATES
        events.record(session, CaseProhibited(case.id, case.reference, case.owner_id, reasons,
                                              suspend=active))  # fmt: skip
    return result


def advisory_facts(session: Session, request: EvaluateRequest) -> CaseFacts:
    """Facts for a what-if: the registry's partner (if known) with the request's overrides."""
    code = known_country(session, request.recipient, "recipient")
    row = session.get(PartnerRow, code)
    partner = partner_of(row) if row else Partner(code=code, name=country_name(code),
                                                  memberships=memberships_of(code))  # fmt: skip
    override = request.partner
    if override is not None:
        if override.releasable_level is not None:
            partner = replace(partner, releasable_level=Classification.parse(
                override.releasable_level, "partner.releasable_level"))  # fmt: skip
        if override.memberships is not None:
            partner = replace(
                partner, memberships=frozenset(m.upper() for m in override.memberships)
            )
        if override.security_agreement is not None:
            others = tuple(
                a for a in partner.agreements if a.kind != AgreementKind.SECURITY_OF_INFORMATION
            )
            soia = (PartnerAgreement(AgreementKind.SECURITY_OF_INFORMATION, "what-if", date.min),)
            partner = replace(
                partner, agreements=others + (soia if override.security_agreement else ())
            )
    items = tuple(_advisory_item(i, n) for n, i in enumerate(request.items))
    parties = tuple(
        PartyFacts(parse_enum(PartyRole, p.role, f"parties.{n}.role"), p.name,
                   known_country(session, p.country, f"parties.{n}.country"), p.type, ScreeningState(p.screening))
        for n, p in enumerate(request.parties)
    )  # fmt: skip
    risk = None
    if request.risk_assessment is not None:
        ra = request.risk_assessment
        risk = RiskAssessment(tuple(
            (g, parse_enum(RiskLevel, getattr(ra, g), f"risk_assessment.{g}")) for g in ART7_GROUNDS
        ), ra.mitigation)  # fmt: skip
    return Shared.load(session).case_facts(
        partner=partner,
        on=request.date,
        items=items,
        parties=parties,
        documents=frozenset(request.documents),
        risk=risk,
        atrocity_knowledge=request.atrocity_knowledge,
        release=request.release_decision,
        retransfer_clause=request.retransfer_clause,
    )


def _advisory_item(item: object, n: int) -> ItemFacts:
    from amanah.compliance.schemas import ItemIn

    assert isinstance(item, ItemIn)
    prefix = f"items.{n}"
    return ItemFacts(
        description=item.description,
        kind=parse_enum(TransferKind, item.kind, f"{prefix}.kind"),
        quantity=item.quantity,
        classification=Classification.parse(item.classification, f"{prefix}.classification"),
        control_entries=tuple(
            parse_control_entry(c, f"{prefix}.control_entries") for c in item.control_entries
        ),
        att_category=parse_category(item.att_category, ATT_CATEGORIES, f"{prefix}.att_category"),
        un_register_category=parse_category(
            item.un_register_category, UN_REGISTER_CATEGORIES, f"{prefix}.un_register_category"
        ),  # fmt: skip
        flags=tuple(item.flags),
    )


def advise(session: Session, request: EvaluateRequest) -> Assessment:
    return evaluate(advisory_facts(session, request))


def history(session: Session, case_id: int) -> list[AssessmentRow]:
    return list(session.scalars(select(AssessmentRow).where(AssessmentRow.case_id == case_id)
                                .order_by(AssessmentRow.id.desc())))  # fmt: skip
