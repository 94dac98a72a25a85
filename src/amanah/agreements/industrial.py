"""Offsets (industrial participation) and test-and-evaluation programmes: records, decisions and
the figures derived from them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.agreements.evaluation import fulfilment, wilson
from amanah.agreements.models import (
    AgreementRow,
    EvaluationEventRow,
    EvaluationProgrammeRow,
    OffsetCreditRow,
    OffsetObligationRow,
)
from amanah.agreements.schemas import (
    EvaluationEventIn,
    OffsetCreditIn,
    OffsetObligationIn,
    ProgrammeIn,
    VerdictIn,
)
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases.domain import Money
from amanah.cases.models import CaseEventRow, CaseRow, DecisionRow
from amanah.db.base import utcnow
from amanah.errors import Conflict, Forbidden, InvalidInput, NotFound
from amanah.i18n import N_
from amanah.reference import offset_multipliers
from amanah.users.roles import Actor, Role


def _agreement(session: Session, case: CaseRow) -> AgreementRow:
    agreement = session.scalar(
        select(AgreementRow).where(AgreementRow.case_id == case.id).order_by(AgreementRow.id)
    )
    if agreement is None:
        raise InvalidInput(
            N_("case %(reference)s has no agreement yet"),
            field="agreement",
            values={"reference": case.reference},
        )
    return agreement


def add_obligation(
    session: Session, actor: Actor, case: CaseRow, data: OffsetObligationIn
) -> OffsetObligationRow:
    if not actor.has(Role.FINANCE, Role.CASE_OFFICER):
        raise Forbidden(N_("finance or the case officer records offset obligations"))
    money = Money.parse(data.value, data.currency)
    row = OffsetObligationRow(agreement_id=_agreement(session, case).id, description=data.description,
                              value=money.amount, currency=money.currency, deadline=data.deadline,
                              penalty_rate=data.penalty_rate, jobs_declared=data.jobs_declared)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, Verb.OFFSET_RECORDED, "case", case.id,
                 after={"obligation_id": row.id, **data.model_dump(mode="json")})  # fmt: skip
    return row


def claim_credit(
    session: Session, actor: Actor, obligation_id: int, data: OffsetCreditIn
) -> OffsetCreditRow:
    if not actor.has(Role.FINANCE, Role.CASE_OFFICER):
        raise Forbidden(N_("finance or the case officer records offset credits"))
    obligation = session.get(OffsetObligationRow, obligation_id)
    if obligation is None:
        raise NotFound(
            N_("no offset obligation %(obligation_id)s"),
            field="obligation_id",
            values={"obligation_id": obligation_id},
        )
    multipliers = offset_multipliers()
    if data.kind not in multipliers:
        raise InvalidInput(
            N_("kind is one of %(multipliers)s"),
            field="kind",
            values={"multipliers": ", ".join(multipliers)},
        )
    row = OffsetCreditRow(obligation_id=obligation.id, kind=data.kind, claimed_value=data.claimed_value,
                          multiplier=Decimal(str(multipliers[data.kind])), description=data.description)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, Verb.OFFSET_RECORDED, "offset", obligation.id,
                 after={"credit_id": row.id, **data.model_dump(mode="json")})  # fmt: skip
    return row


def decide_credit(session: Session, actor: Actor, credit_id: int, approve: bool) -> OffsetCreditRow:
    if not actor.has(Role.FINANCE):
        raise Forbidden(N_("only finance approves offset credits"))
    credit = session.get(OffsetCreditRow, credit_id)
    if credit is None:
        raise NotFound(
            N_("no offset credit %(credit_id)s"), field="credit_id", values={"credit_id": credit_id}
        )
    if credit.status != "claimed":
        raise Conflict(
            N_("credit %(credit_id)s is already %(status)s"),
            values={"credit_id": credit_id, "status": credit.status},
        )
    credit.status, credit.decided_by = ("approved" if approve else "rejected"), actor.username
    session.flush()
    audit.record(session, actor, Verb.OFFSET_RECORDED, "offset", credit.obligation_id,
                 after={"credit_id": credit.id, "status": credit.status})  # fmt: skip
    return credit


def offsets_for(session: Session, case_id: int) -> list[dict[str, Any]]:
    today = utcnow().date()
    rows = session.scalars(
        select(OffsetObligationRow).join(AgreementRow, AgreementRow.id == OffsetObligationRow.agreement_id)
        .where(AgreementRow.case_id == case_id).order_by(OffsetObligationRow.id)
    )  # fmt: skip
    out = []
    for obligation in rows:
        credits = list(
            session.scalars(
                select(OffsetCreditRow).where(OffsetCreditRow.obligation_id == obligation.id)
            )
        )
        approved = [(c.claimed_value, c.multiplier) for c in credits if c.status == "approved"]
        result = fulfilment(
            obligation.value, approved, obligation.penalty_rate, today > obligation.deadline
        )
        out.append({
            "id": obligation.id, "description": obligation.description, "value": str(obligation.value),
            "currency": obligation.currency, "deadline": obligation.deadline.isoformat(),
            "jobs_declared": obligation.jobs_declared, "credited": str(result.credited),
            "fulfilled_pct": round(result.share * 100, 1), "shortfall": str(result.shortfall),
            "penalty": str(result.penalty),
            "credits": [{"id": c.id, "kind": c.kind, "claimed": str(c.claimed_value), "multiplier": str(c.multiplier),
                         "status": c.status, "description": c.description} for c in credits],
        })  # fmt: skip
    return out


def open_programme(
    session: Session, actor: Actor, case: CaseRow, data: ProgrammeIn
) -> EvaluationProgrammeRow:
    if not actor.has(Role.CASE_OFFICER):
        raise Forbidden(N_("only case officers open evaluation programmes"))
    row = EvaluationProgrammeRow(case_id=case.id, title=data.title, acceptance=data.acceptance,
                                 required_rate=data.required_rate)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, Verb.EVALUATION_RECORDED, "case", case.id,
                 after={"programme_id": row.id, **data.model_dump(mode="json")})  # fmt: skip
    return row


def _programme(session: Session, programme_id: int) -> EvaluationProgrammeRow:
    programme = session.get(EvaluationProgrammeRow, programme_id)
    if programme is None:
        raise NotFound(
            N_("no evaluation programme %(programme_id)s"),
            field="programme_id",
            values={"programme_id": programme_id},
        )
    return programme


def record_event(
    session: Session, actor: Actor, programme_id: int, data: EvaluationEventIn
) -> EvaluationEventRow:
    if not actor.has(Role.CASE_OFFICER):
        raise Forbidden(N_("only case officers record test events"))
    programme = _programme(session, programme_id)
    if programme.status != "running":
        raise InvalidInput(N_("the programme is completed; no more events"), field="programme_id")
    row = EvaluationEventRow(programme_id=programme.id, name=data.name, held_on=data.held_on,
                             criterion=data.criterion, passed=data.passed, note=data.note,
                             recorded_by=actor.username)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, Verb.EVALUATION_RECORDED, "case", programme.case_id,
                 after={"event_id": row.id, **data.model_dump(mode="json")})  # fmt: skip
    return row


def record_verdict(
    session: Session, actor: Actor, programme_id: int, data: VerdictIn
) -> EvaluationProgrammeRow:
    """The final evaluation: it goes on the case's timeline and into its decisions, where the
    next step (purchase, return of the loan) relies on it."""
    if not actor.has(Role.CASE_OFFICER, Role.LEADERSHIP):
        raise Forbidden(N_("the case officer or leadership records the final evaluation"))
    programme = _programme(session, programme_id)
    if programme.status == "completed":
        raise Conflict(
            N_("programme %(programme_id)s already has its verdict (%(verdict)s)"),
            values={"programme_id": programme_id, "verdict": programme.verdict},
        )
    programme.status, programme.verdict = "completed", data.verdict
    programme.verdict_note, programme.decided_by = data.note, actor.username
    case = session.get_one(CaseRow, programme.case_id)
    rate = summary(session, programme)["rate"]
    case.decisions.append(DecisionRow(kind="evaluation", outcome=data.verdict, reason=data.note,
                                      decided_by=actor.username, decided_at=utcnow()))  # fmt: skip
    note = f"{data.verdict}: {rate['passed']}/{rate['total']} events passed; {data.note}"
    case.events.append(CaseEventRow(actor=actor.username, action="evaluation_completed", note=note))
    session.flush()
    audit.record(session, actor, Verb.EVALUATION_RECORDED, "case", case.id,
                 after={"programme_id": programme.id, "verdict": data.verdict})  # fmt: skip
    return programme


def summary(session: Session, programme: EvaluationProgrammeRow) -> dict[str, Any]:
    events = list(session.scalars(select(EvaluationEventRow).where(EvaluationEventRow.programme_id == programme.id)
                                  .order_by(EvaluationEventRow.held_on, EvaluationEventRow.id)))  # fmt: skip
    rate = wilson(sum(e.passed for e in events), len(events))
    return {
        "id": programme.id, "title": programme.title, "acceptance": programme.acceptance,
        "required_rate": programme.required_rate, "status": programme.status, "verdict": programme.verdict,
        "verdict_note": programme.verdict_note,
        "rate": {"passed": rate.passed, "total": rate.total, "value": round(rate.value, 3),
                 "low": round(rate.low, 3), "high": round(rate.high, 3),
                 "meets_required": rate.low >= programme.required_rate},
        "events": [{"name": e.name, "held_on": e.held_on.isoformat(), "criterion": e.criterion,
                    "passed": e.passed, "note": e.note, "by": e.recorded_by} for e in events],
    }  # fmt: skip


def programmes_for(session: Session, case_id: int) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(EvaluationProgrammeRow).where(EvaluationProgrammeRow.case_id == case_id)
    )
    return [summary(session, p) for p in rows]
