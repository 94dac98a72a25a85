"""Stores assessments and re-runs them whenever the facts change."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from amanah.agreements.models import AgreementRow
from amanah.agreements.service import hold_unshipped, raise_alert
from amanah.audit import service as audit
from amanah.audit.models import AuditEventRow
from amanah.audit.verbs import Verb
from amanah.cases import workflow
from amanah.cases.domain import PartyRole, TransferKind, parse_enum
from amanah.cases.models import CaseRow, LineItemRow
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import (
    ATT_CATEGORIES,
    UN_REGISTER_CATEGORIES,
    ControlEntry,
    parse_category,
    parse_control_entry,
)
from amanah.catalogue.models import TechnologyRow
from amanah.catalogue.service import to_domain as technology_of
from amanah.compliance.engine import Assessment, evaluate
from amanah.compliance.facts import (
    ART7_GROUNDS,
    CaseFacts,
    ItemFacts,
    PartyFacts,
    ReleaseDecision,
    RiskAssessment,
    RiskLevel,
    ScreeningState,
    to_json,
)
from amanah.compliance.models import AssessmentRow
from amanah.compliance.schemas import EvaluateRequest
from amanah.config import get_settings
from amanah.db.base import utcnow
from amanah.partners.country import country_name, normalise_country
from amanah.partners.domain import AgreementKind, Embargo, Partner, PartnerAgreement
from amanah.partners.models import EmbargoRow, PartnerAgreementRow, PartnerRow
from amanah.partners.service import all_embargoes
from amanah.partners.service import to_domain as partner_of
from amanah.reference import memberships_of
from amanah.screening.review import states_for
from amanah.users.roles import SYSTEM, Actor


def _risk(stored: dict[str, object] | None) -> RiskAssessment | None:
    if not stored:
        return None
    levels = stored.get("levels", {})
    assert isinstance(levels, dict)
    return RiskAssessment(
        tuple((g, RiskLevel(levels.get(g, "low"))) for g in ART7_GROUNDS),
        str(stored.get("mitigation", "")),
    )


def facts_for_case(
    session: Session,
    case: CaseRow,
    *,
    partner: Partner | None = None,
    embargoes: tuple[Embargo, ...] | None = None,
    technologies: dict[int, TechnologyRow] | None = None,
    retransfer_clauses: dict[int, bool] | None = None,
    screening: dict[int, tuple[ScreeningState, str]] | None = None,
    today: date | None = None,
) -> CaseFacts:
    """Frozen facts of one stored case. The optional arguments let a bulk re-assessment load
    shared facts once instead of once per case."""
    from amanah.agreements.service import agreement_for
    from amanah.cases.service import planned_date, release_decision

    settings = get_settings()
    if partner is None:
        row = session.get(PartnerRow, case.partner_code)
        assert row is not None
        partner = partner_of(row)
    if embargoes is None:
        embargoes = tuple(all_embargoes(session))
    if screening is None:
        screening = states_for(session, [p.id for p in case.parties])
    if retransfer_clauses is None:
        agreement = agreement_for(session, case.id)
        retransfer_clause = None if agreement is None else agreement.retransfer_clause
    else:
        retransfer_clause = retransfer_clauses.get(case.id)
    items = []
    for item in case.items:
        tech_row = technologies.get(item.technology_id) if technologies else None
        tech = technology_of(tech_row or session.get_one(TechnologyRow, item.technology_id))
        items.append(ItemFacts(
            description=tech.name, kind=TransferKind(item.kind), quantity=item.quantity,
            classification=assessed_classification(item, tech.classification),
            control_entries=assessed_entries(item, tech.control_entries),
            att_category=tech.att_category, un_register_category=tech.un_register_category,
        ))  # fmt: skip
    parties = tuple(
        PartyFacts(
            PartyRole(p.role),
            p.name,
            p.country,
            p.party_type,
            *screening.get(p.id, (ScreeningState.CLEAR, "")),
        )  # fmt: skip
        for p in case.parties
    )
    return CaseFacts(
        recipient=partner, on=case.transfer_date or today or planned_date(case), items=tuple(items), parties=parties,
        documents=frozenset(d.kind for d in case.documents), risk_assessment=_risk(case.risk_assessment),
        atrocity_knowledge=tuple(case.atrocity_knowledge or ()), embargoes=embargoes,
        adopted_regimes=frozenset(settings.adopted_regimes), conventions=frozenset(settings.conventions),
        release_decision=ReleaseDecision(release_decision(case)),
        retransfer_clause=retransfer_clause, home_state=settings.home_state,
    )  # fmt: skip


def assessed_classification(item: LineItemRow, catalogue: Classification) -> Classification:
    """The officer's assessment when one is recorded, else the catalogue's; never the
    requester's declaration."""
    if item.assessed_classification is None:
        return catalogue
    return Classification(item.assessed_classification)


def assessed_entries(
    item: LineItemRow, catalogue: tuple[ControlEntry, ...]
) -> tuple[ControlEntry, ...]:
    if item.assessed_control_entries is None:
        return catalogue
    return tuple(parse_control_entry(code) for code in item.assessed_control_entries)


def _store(session: Session, actor: Actor | str, case: CaseRow, facts: CaseFacts, result: Assessment,
           current: AssessmentRow | None) -> AssessmentRow | None:  # fmt: skip
    """Store the assessment when it differs from `current` (the case's current assessment, which
    a bulk re-run loads with the others); None when nothing changed."""
    findings = [f.as_dict() for f in result.findings]
    if (
        current is not None
        and current.findings == findings
        and current.ruleset_version == result.ruleset_version
    ):
        return None
    if current is not None:
        current.current = False
    who = actor if isinstance(actor, str) else actor.username
    row = AssessmentRow(case_id=case.id, ruleset_version=result.ruleset_version,
                        outcome=result.outcome.value, facts=to_json(facts), findings=findings,
                        current=True, assessed_at=utcnow(), assessed_by=who)  # fmt: skip
    session.add(row)
    case.outcome = result.outcome.value
    session.flush()
    audit.record(session, actor, Verb.ASSESSMENT_STORED, "case", case.id,
                 before=None if current is None else {"outcome": current.outcome},
                 after={"outcome": row.outcome, "assessment_id": row.id,
                        "ruleset": result.ruleset_version})  # fmt: skip
    return row


def assess_case(session: Session, actor: Actor | str, case: CaseRow) -> Assessment:
    from amanah.cases.service import current_assessment

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
        _suspend_prohibited(session, case, result)
    return result


def reassess_open_cases(
    session: Session,
    actor: Actor = SYSTEM,
    *,
    partner: str | None = None,
    today: date | None = None,
) -> Counter[str]:
    """Re-assess every open case (of one partner, or all). A case that becomes prohibited while
    active is suspended, its owner alerted and its unshipped deliveries put on hold."""
    embargoes = tuple(all_embargoes(session))
    partners = {r.code: partner_of(r) for r in session.scalars(
        select(PartnerRow).options(selectinload(PartnerRow.agreements)))}  # fmt: skip
    technologies = {t.id: t for t in session.scalars(select(TechnologyRow))}
    clause_rows = session.execute(
        select(AgreementRow.case_id, AgreementRow.retransfer_clause).order_by(AgreementRow.id)
    )
    clauses: dict[int, bool] = {row.case_id: row.retransfer_clause for row in clause_rows}
    stmt = select(CaseRow).where(CaseRow.state.in_([s.value for s in workflow.OPEN_STATES]))
    if partner:
        stmt = stmt.where(CaseRow.partner_code == partner)
    stmt = stmt.options(selectinload(CaseRow.items), selectinload(CaseRow.parties),
                        selectinload(CaseRow.documents), selectinload(CaseRow.decisions))  # fmt: skip
    counts: Counter[str] = Counter()
    open_cases = session.scalars(stmt).all()
    currents = {
        row.case_id: row
        for row in session.scalars(
            select(AssessmentRow).where(
                AssessmentRow.current.is_(True),
                AssessmentRow.case_id.in_(
                    select(CaseRow.id).where(
                        CaseRow.state.in_([s.value for s in workflow.OPEN_STATES])
                    )
                ),
            )
        )
    }
    screening = states_for(session, [p.id for case in open_cases for p in case.parties])
    for case in open_cases:
        before = case.outcome
        facts = facts_for_case(session, case, partner=partners[case.partner_code],
                               embargoes=embargoes, technologies=technologies,
                               retransfer_clauses=clauses, screening=screening, today=today)  # fmt: skip
        result = evaluate(facts)
        _store(session, actor, case, facts, result, currents.get(case.id))
        counts[result.outcome.value] += 1
        if result.outcome.value == "prohibited" and before != "prohibited":
            _suspend_prohibited(session, case, result)
    return counts


def _suspend_prohibited(session: Session, case: CaseRow, result: Assessment) -> None:
    from amanah.cases.service import transition

    reasons = "; ".join(f.reason for f in result.prohibited)
    if workflow.CaseState(case.state) in workflow.ACTIVE_STATES:
        transition(session, SYSTEM, case.id, "suspend", f"newly prohibited: {reasons}")
        hold_unshipped(session, SYSTEM, case.id)
    raise_alert(session, user_id=case.owner_id, case_id=case.id, kind="newly_prohibited",
                message=f"{case.reference} is now prohibited: {reasons}")  # fmt: skip


def advisory_facts(session: Session, request: EvaluateRequest) -> CaseFacts:
    """Facts for a what-if: the registry's partner (if known) with the request's overrides."""
    code = normalise_country(request.recipient, "recipient")
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
                   normalise_country(p.country, f"parties.{n}.country"), p.type, ScreeningState(p.screening))
        for n, p in enumerate(request.parties)
    )  # fmt: skip
    risk = None
    if request.risk_assessment is not None:
        ra = request.risk_assessment
        risk = RiskAssessment(tuple(
            (g, parse_enum(RiskLevel, getattr(ra, g), f"risk_assessment.{g}")) for g in ART7_GROUNDS
        ), ra.mitigation)  # fmt: skip
    settings = get_settings()
    return CaseFacts(
        recipient=partner, on=request.date, items=items, parties=parties,
        documents=frozenset(request.documents), risk_assessment=risk,
        atrocity_knowledge=tuple(request.atrocity_knowledge), embargoes=tuple(all_embargoes(session)),
        adopted_regimes=frozenset(settings.adopted_regimes), conventions=frozenset(settings.conventions),
        release_decision=ReleaseDecision(request.release_decision),
        retransfer_clause=request.retransfer_clause, home_state=settings.home_state,
    )  # fmt: skip


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
