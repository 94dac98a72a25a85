"""Stores assessments and re-runs them whenever the facts change."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amanah import events
from amanah.agreements.models import AlertRow
from amanah.audit import service as audit
from amanah.audit.models import AuditEventRow
from amanah.audit.verbs import Verb
from amanah.cases import workflow
from amanah.cases.models import CaseRow
from amanah.compliance.advisory import request_facts
from amanah.compliance.bulk import reassess_open_cases
from amanah.compliance.bulk_write import AUTHORISED
from amanah.compliance.engine import Assessment, evaluate, facts_digest, findings_digest
from amanah.compliance.facts import (
    CaseFacts,
    to_json,
)
from amanah.compliance.gather import Shared, facts_for_case
from amanah.compliance.models import AssessmentRow
from amanah.compliance.queries import current_assessment
from amanah.compliance.schemas import EvaluateRequest
from amanah.db.base import utcnow
from amanah.events import AuthorisationToReassess, CaseProhibited, RenewalOverdue
from amanah.monitoring import alerts
from amanah.partners.country import country_name
from amanah.partners.domain import Partner
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
                        facts_digest=facts_digest(facts), assessed_at=utcnow(),
                        assessed_by=who)  # fmt: skip
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
        days = [embargo.start, embargo.end] + [
            date.fromisoformat(str(d))
            for p in embargo.periods or ()
            for d in (p.get("start"), p.get("end"))
            if d
        ]  # a scope that changes on a date (a period's start or end) moves the findings too
        if any(day is not None and since < day <= today for day in days):
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
    overdue = renewals_overdue(session, today)
    audit.record(session, SYSTEM, Verb.CALENDAR_CHECKED, "compliance", "calendar",
                 after={"on": today.isoformat(), "since": since.isoformat(), "partners": sorted(changed),
                        "renewals_overdue": overdue})  # fmt: skip
    return sorted(changed), counts


RENEWAL_OVERDUE = "embargo_renewal_overdue"


def renewals_overdue(session: Session, today: date) -> list[str]:
    """Alert export control (an alert for no one user, which export control, leadership and the
    auditors see) once for each measure whose renewal date has passed with no renewal recorded:
    a measure never lapses or persists silently. The measure stays in force in the rules, whose
    findings say that its renewal is unconfirmed. Returns the ids alerted now."""
    alerted = set(session.scalars(select(AlertRow.message).where(AlertRow.kind == RENEWAL_OVERDUE)))
    raised: list[str] = []
    for row in session.scalars(select(EmbargoRow).where(EmbargoRow.renewal_date.is_not(None))
                               .order_by(EmbargoRow.id)):  # fmt: skip
        assert row.renewal_date is not None
        if row.renewal_date >= today or (row.end is not None and row.end <= today):
            continue
        message = alerts.renewal_overdue(row.id, row.renewal_date, row.instrument)
        if str(message) in alerted:
            continue
        events.record(session, RenewalOverdue(row.id, RENEWAL_OVERDUE, message))
        raised.append(row.id)
    return raised


def reassess_case(session: Session, actor: Actor | str, case: CaseRow) -> Assessment:
    """Assess after a change of facts outside the case (a screening review, a new list entry):
    a case that becomes prohibited is suspended and its owner alerted, as in a bulk re-run."""
    before = case.outcome
    previous = _latest_assessment_id(session, case.id)
    result = assess_case(session, actor, case)
    open_states = {s.value for s in workflow.OPEN_STATES}
    if (
        result.outcome.value == "prohibited"
        and before != "prohibited"
        and case.state in open_states
    ):
        reasons = "; ".join(f.reason for f in result.prohibited)
        active = workflow.CaseState(case.state) in workflow.ACTIVE_STATES
        messages = tuple(alerts.AlertMessage(f.message, f.values) for f in result.prohibited)
        events.record(session, CaseProhibited(case.id, case.reference, case.owner_id, reasons,
                                              suspend=active, reason_messages=messages))  # fmt: skip
    elif (
        case.state in AUTHORISED
        and previous is not None
        and result.outcome.value != "pass"
        and _latest_assessment_id(session, case.id) != previous  # the findings changed
    ):
        events.record(session, AuthorisationToReassess(
            case.id, case.owner_id, alerts.reassessment(case.reference, result.outcome.value)))  # fmt: skip
    return result


def _latest_assessment_id(session: Session, case_id: int) -> int | None:
    return session.scalar(
        select(func.max(AssessmentRow.id)).where(AssessmentRow.case_id == case_id)
    )


def advisory_facts(session: Session, request: EvaluateRequest) -> CaseFacts:
    """Facts for a what-if: the registry's partner (if known) with the request's overrides."""
    code = known_country(session, request.recipient, "recipient")
    row = session.get(PartnerRow, code)
    partner = partner_of(row) if row else Partner(code=code, name=country_name(code),
                                                  memberships=memberships_of(code))  # fmt: skip
    return request_facts(request, partner, Shared.load(session),
                         lambda value, field: known_country(session, value, field))  # fmt: skip


def advise(session: Session, request: EvaluateRequest) -> Assessment:
    return evaluate(advisory_facts(session, request))


def history(session: Session, case_id: int) -> list[AssessmentRow]:
    return list(session.scalars(select(AssessmentRow).where(AssessmentRow.case_id == case_id)
                                .order_by(AssessmentRow.id.desc())))  # fmt: skip
