"""Writing what a re-assessment of many open cases changed, in bulk: the new assessments, the
case outcomes, and for a case newly prohibited its suspension, its held deliveries and its
owner's alert; for an authorised case whose findings are no longer a pass, its owner's alert.
Each returns the audit events a change one by one would record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from amanah.agreements.models import AlertRow, DeliveryRow
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import workflow
from amanah.cases.models import CaseEventRow, CaseRow
from amanah.compliance.bulk_read import Job, chunks
from amanah.compliance.models import AssessmentRow
from amanah.db.base import Base, utcnow
from amanah.db.bulk import allocate_ids, insert_rows
from amanah.monitoring import alerts
from amanah.users.roles import SYSTEM

ACTIVE = frozenset(s.value for s in workflow.ACTIVE_STATES)


@dataclass(frozen=True)
class Changed:
    """A case whose findings changed: what the write needs, small enough to come back from a
    worker process."""

    index: int  # in Job.cases
    outcome: str
    ruleset_version: str
    digest: str
    facts_digest: str
    findings: list[dict[str, Any]]
    facts: dict[str, Any]
    prohibited: str  # the prohibiting findings' reasons, for the suspension and the alert


def _table(model: type[Base]) -> Table:
    """The Core table: bulk inserts and updates skip the ORM's per-row bookkeeping."""
    return cast(Table, model.__table__)


def write_changed(
    session: Session, who: str, job: Job, changed: list[Changed]
) -> list[audit.Event]:
    """Store the changed cases' assessments and their consequences; return the audit events
    they make, for the caller to record once at the end."""
    if not changed:
        return []
    now = utcnow()
    pairs = [(job.cases[c.index], c) for c in changed]
    rows = [
        {"case_id": case.id, "ruleset_version": c.ruleset_version, "outcome": c.outcome,
         "facts": c.facts, "findings": c.findings, "digest": c.digest,
         "facts_digest": c.facts_digest, "assessed_at": now, "assessed_by": who}
        for case, c in pairs
    ]  # fmt: skip
    new_ids: dict[int, int] = {}  # case id → the assessment just stored
    allocated = allocate_ids(session, _table(AssessmentRow), len(rows))
    if allocated:
        for row, (case, _), new_id in zip(rows, pairs, allocated, strict=True):
            row["id"] = new_ids[case.id] = new_id
    insert_rows(session, _table(AssessmentRow), rows)
    if not allocated:  # read back: each case's newest is the one just stored
        for chunk in chunks([case.id for case, _ in pairs]):
            found = session.execute(
                select(AssessmentRow.case_id, func.max(AssessmentRow.id).label("id"))
                .where(AssessmentRow.case_id.in_(chunk)).group_by(AssessmentRow.case_id)
            )  # fmt: skip
            new_ids.update((row.case_id, row.id) for row in found)
    prohibited = [
        (case, c) for case, c in pairs if c.outcome == "prohibited" and case.outcome != "prohibited"
    ]  # fmt: skip
    # an active case newly prohibited moves outcome and state in one update (`_suspend`)
    suspending = {case.id for case, _ in prohibited if case.state in ACTIVE}
    moved: dict[str, list[int]] = defaultdict(list)  # new outcome → the cases that moved to it
    for case, c in pairs:
        if case.outcome != c.outcome and case.id not in suspending:
            moved[c.outcome].append(case.id)
    for outcome, ids in moved.items():
        for chunk in chunks(ids):
            session.connection().execute(
                update(_table(CaseRow)).where(CaseRow.id.in_(chunk))
                .values(outcome=outcome, version=CaseRow.version + 1)
            )  # fmt: skip
    events = [
        audit.Event(who, Verb.ASSESSMENT_STORED, "case", case.id,
                    before={"outcome": case.outcome} if case.id in job.currents else None,
                    after={"outcome": c.outcome, "assessment_id": new_ids[case.id],
                           "ruleset": c.ruleset_version})
        for case, c in pairs
    ]  # fmt: skip
    events += _suspend(session, prohibited, now)
    events += _authorised_changed(session, pairs, job, now)
    return events


AUTHORISED = frozenset({"approved", "agreement_signed", "in_delivery"})
REASSESS_AUTHORISATION = "reassess_authorisation"


def _authorised_changed(
    session: Session, pairs: list[tuple[Any, Changed]], job: Job, now: datetime
) -> list[audit.Event]:
    """ATT Art. 7(7): an authorised case whose findings changed with new information (a new
    embargo, a screening hit, a risk note) and are no longer a pass is flagged to its owner for
    reassessment; a case newly prohibited is suspended and alerted by `_suspend` instead."""
    flagged = [
        (case, c) for case, c in pairs
        if case.state in AUTHORISED and case.id in job.currents
        and c.outcome not in ("pass", "prohibited")
    ]  # fmt: skip
    if not flagged:
        return []
    references: dict[int, str] = {}
    for chunk in chunks([case.id for case, _ in flagged]):
        for row in session.execute(
            select(CaseRow.id, CaseRow.reference).where(CaseRow.id.in_(chunk))
        ):  # fmt: skip
            references[row.id] = row.reference
    messages = [(case, alerts.reassessment(references[case.id], c.outcome)) for case, c in flagged]
    insert_rows(session, _table(AlertRow), [
        {"user_id": case.owner_id, "case_id": case.id, "kind": REASSESS_AUTHORISATION,
         **message.columns(), "raised_at": now, "read": False}
        for case, message in messages
    ])  # fmt: skip
    return [
        audit.Event("system", Verb.ALERT_RAISED, "case", case.id,
                    after={"kind": REASSESS_AUTHORISATION, "message": str(message)})
        for case, message in messages
    ]  # fmt: skip


def _suspend(
    session: Session, prohibited: list[tuple[Any, Changed]], now: datetime
) -> list[audit.Event]:
    """Suspend the active cases among `prohibited`, hold their unshipped deliveries and alert
    every owner: what `compliance.service.reassess_case` does for one case."""
    if not prohibited:
        return []
    events: list[audit.Event] = []
    suspended = workflow.CaseState.SUSPENDED.value
    active = [(case, c) for case, c in prohibited if case.state in ACTIVE]
    # each case's prohibiting findings as messages (or, stored without them, the English text)
    reasons = {case.id: alerts.prohibiting(c.findings) or c.prohibited for case, c in prohibited}
    described: dict[int, Any] = {}  # case id → the row the audit trail and the alert name
    for chunk in chunks([case.id for case, _ in prohibited]):
        described.update((row.id, row) for row in session.execute(
            select(CaseRow.id, CaseRow.reference, CaseRow.title, CaseRow.value, CaseRow.currency)
            .where(CaseRow.id.in_(chunk))
        ))  # fmt: skip
    if active:
        for chunk in chunks([case.id for case, _ in active]):
            session.connection().execute(  # the outcome too (+1 version), then the state (+1)
                update(_table(CaseRow)).where(CaseRow.id.in_(chunk))
                .values(outcome="prohibited", previous_state=CaseRow.state, state=suspended,
                        version=CaseRow.version + 2, updated_at=now)
            )  # fmt: skip
        notes = {case.id: alerts.suspended_as_prohibited(reasons[case.id]) for case, _ in active}
        insert_rows(session, _table(CaseEventRow), [
            {"case_id": case.id, "at": now, "actor": SYSTEM.username, "action": "suspend",
             "note": str(notes[case.id]), "note_id": notes[case.id].message,
             "note_values": dict(notes[case.id].values), "from_state": case.state,
             "to_state": suspended}
            for case, _ in active
        ])  # fmt: skip
        for case, _ in active:
            before = _summary(described[case.id], case.state, case.version + 1)  # +1: outcome moved
            after = _summary(described[case.id], suspended, case.version + 2)
            events.append(audit.Event(SYSTEM.username, Verb.CASE_TRANSITIONED, "case", case.id,
                                      before=before, after={**after, "action": "suspend",
                                      "reason": str(notes[case.id])}))  # fmt: skip
        events += _hold_deliveries(session, [case.id for case, _ in active])
    messages = [
        (case, alerts.newly_prohibited(described[case.id].reference, reasons[case.id]))
        for case, _ in prohibited
    ]
    insert_rows(session, _table(AlertRow), [
        {"user_id": case.owner_id, "case_id": case.id, "kind": "newly_prohibited",
         **message.columns(), "raised_at": now, "read": False}
        for case, message in messages
    ])  # fmt: skip
    events += [
        audit.Event("system", Verb.ALERT_RAISED, "case", case.id,
                    after={"kind": "newly_prohibited", "message": str(message)})
        for case, message in messages
    ]  # fmt: skip
    return events


def _hold_deliveries(session: Session, case_ids: list[int]) -> list[audit.Event]:
    events: list[audit.Event] = []
    for chunk in chunks(case_ids):
        held = session.execute(
            select(DeliveryRow.id, DeliveryRow.case_id)
            .where(DeliveryRow.case_id.in_(chunk), DeliveryRow.status == "scheduled")
            .order_by(DeliveryRow.id)
        ).all()  # fmt: skip
        if not held:
            continue
        session.execute(
            update(DeliveryRow).where(DeliveryRow.id.in_([d.id for d in held]))
            .values(status="on_hold").execution_options(synchronize_session=False)
        )  # fmt: skip
        events += [
            audit.Event(SYSTEM.username, Verb.DELIVERY_HELD, "case", d.case_id,
                        after={"delivery_id": d.id})
            for d in held
        ]  # fmt: skip
    return events


def _summary(case: Any, state: str, version: int) -> dict[str, Any]:
    """As `cases.service.summary` writes it into the audit trail."""
    return {"state": state, "version": version, "title": case.title, "value": str(case.value),
            "currency": case.currency}  # fmt: skip
