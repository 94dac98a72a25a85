"""End-use monitoring: a plan per delivered case and the checks made under it.

Two levels, after the US Golden Sentry programme's routine and enhanced end-use monitoring
(DSCA, Security Assistance Management Manual, chapter 8, "End-Use Monitoring", sections C8.3
and C8.4: https://webarchive.library.unt.edu/web/20121001221039/http://www.dsca.osd.mil/samm/ESAMM/Chapter08.htm,
read 2026-12-01). Enhanced monitoring inventories items by serial number. The intervals below
are Amanah's defaults, not taken from that manual; a plan may set its own.

What a finding sets off in other domains (an alert, suspending the case) is done by the
handlers of `EndUseFindingRecorded` (`amanah.handlers`)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from amanah import events
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import workflow
from amanah.cases.models import CaseRow
from amanah.errors import Forbidden, InvalidInput
from amanah.events import EndUseFindingRecorded
from amanah.i18n import N_, Word
from amanah.monitoring import alerts
from amanah.monitoring.models import EndUseCheckRow, MonitoringPlanRow
from amanah.monitoring.schemas import CheckIn, PlanIn
from amanah.users.roles import Actor, Role

#: months between two checks when the plan does not say
DEFAULT_INTERVAL = {"routine": 12, "enhanced": 6}
#: the case states in which a plan is kept and checks are made
MONITORED_STATES = frozenset({"in_delivery", "delivered", "end_use_monitoring", "suspended"})
#: the states in which a check can be overdue
DUE_STATES = ("delivered", "end_use_monitoring")
MONITORS = (Role.CASE_OFFICER, Role.EXPORT_CONTROL)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def require_monitor(actor: Actor) -> None:
    if not actor.has(*MONITORS):
        raise Forbidden(N_("only case officers and export control monitor end use"))


def _require_monitored(case: CaseRow) -> None:
    if case.state not in MONITORED_STATES:
        raise InvalidInput(N_("case %(reference)s is %(state)s: end use is monitored once "
                              "deliveries begin"), field="state",
                              values={"reference": case.reference, "state": Word(case.state)})  # fmt: skip


def plan_for(session: Session, case_id: int) -> MonitoringPlanRow | None:
    return session.scalar(select(MonitoringPlanRow).where(MonitoringPlanRow.case_id == case_id))


def record_plan(session: Session, actor: Actor, case: CaseRow, data: PlanIn) -> MonitoringPlanRow:
    """Set (or change) the case's monitoring plan."""
    require_monitor(actor)
    _require_monitored(case)
    interval = data.interval_months or DEFAULT_INTERVAL[data.level]
    row = plan_for(session, case.id)
    before = None if row is None else {"level": row.level, "interval_months": row.interval_months,
                                       "next_due": row.next_due.isoformat()}  # fmt: skip
    if row is None:
        row = MonitoringPlanRow(case_id=case.id)
        session.add(row)
    row.level, row.interval_months, row.next_due = data.level, interval, data.first_due
    row.notes, row.recorded_by = data.notes, actor.username
    session.flush()
    audit.record(session, actor, Verb.MONITORING_PLANNED, "case", case.id, before=before,
                 after={**data.model_dump(mode="json"), "interval_months": interval})  # fmt: skip
    return row


SUSPENDERS = (Role.EXPORT_CONTROL, Role.LEADERSHIP)


def record_check(session: Session, actor: Actor, case: CaseRow, data: CheckIn) -> EndUseCheckRow:
    """Record a check (it enters the partner's end-use record); the plan's next check falls one
    interval after it. A discrepancy or a violation is an `EndUseFindingRecorded` event: its
    handlers alert the case's owner and, for a violation on an active case (or a discrepancy
    the recorder suspends for), suspend the case."""
    require_monitor(actor)
    if data.suspend and data.finding == "discrepancy" and not actor.has(*SUSPENDERS):
        raise Forbidden(N_("only export control and leadership suspend a case"), field="suspend")
    _require_monitored(case)
    serials = sorted({s.strip() for s in data.serials_sighted if s.strip()})
    row = EndUseCheckRow(case_id=case.id, partner_code=case.partner_code,
                         checked_on=data.checked_on, place=data.place, inspector=data.inspector,
                         serials_sighted=serials, finding=data.finding, note=data.note,
                         recorded_by=actor.username)  # fmt: skip
    session.add(row)
    plan = plan_for(session, case.id)
    if plan is not None and data.checked_on >= plan.next_due - _grace(plan):
        plan.next_due = add_months(data.checked_on, plan.interval_months)
    session.flush()
    audit.record(session, actor, Verb.END_USE_CHECKED, "case", case.id,
                 after={**data.model_dump(mode="json"), "check_id": row.id})  # fmt: skip
    if data.finding != "compliant":
        what = alerts.end_use_finding(data.finding, case.reference, data.checked_on, data.place,
                                      data.note)  # fmt: skip
        active = workflow.CaseState(case.state) in workflow.ACTIVE_STATES
        suspend = active and (data.finding == "violation" or data.suspend)
        events.record(session, EndUseFindingRecorded(case.id, case.owner_id, data.finding, what,
                                                     suspend, actor))  # fmt: skip
    return row


def _grace(plan: MonitoringPlanRow) -> timedelta:
    """A check made up to half an interval early counts as the one due."""
    return timedelta(days=plan.interval_months * 15)


def checks_for(session: Session, case_id: int) -> list[EndUseCheckRow]:
    return list(session.scalars(select(EndUseCheckRow).where(EndUseCheckRow.case_id == case_id)
                                .order_by(EndUseCheckRow.checked_on.desc(), EndUseCheckRow.id.desc())))  # fmt: skip


def overdue(today: date) -> Select[int, str, str, str, str, date]:
    """Cases whose next check is past due, the longest overdue first: case id, reference,
    title, partner, the plan's level and due date (columns, not records: 500 of them load in
    a few milliseconds)."""
    return (
        select(CaseRow.id, CaseRow.reference, CaseRow.title, CaseRow.partner_code,
               MonitoringPlanRow.level, MonitoringPlanRow.next_due)
        .join(MonitoringPlanRow, MonitoringPlanRow.case_id == CaseRow.id)
        .where(MonitoringPlanRow.next_due < today, CaseRow.state.in_(DUE_STATES))
        .order_by(MonitoringPlanRow.next_due.asc(), CaseRow.id.asc())
    )  # fmt: skip


def overdue_dicts(rows: Iterable[Row[int, str, str, str, str, date]]) -> list[dict[str, Any]]:
    return [{"case_id": r.id, "reference": r.reference, "title": r.title,
             "partner": r.partner_code, "level": r.level, "next_due": r.next_due} for r in rows]  # fmt: skip


def overdue_count(session: Session, today: date) -> int:
    """How many cases have an overdue check (counted on the plan's index, rows not read)."""
    stmt = (
        select(func.count())
        .select_from(MonitoringPlanRow)
        .join(CaseRow, CaseRow.id == MonitoringPlanRow.case_id)
        .where(MonitoringPlanRow.next_due < today, CaseRow.state.in_(DUE_STATES))
    )
    return session.scalar(stmt) or 0


@dataclass(frozen=True)
class PartnerRecord:
    """A partner's end-use record: checks per finding, and the last adverse one."""

    compliant: int
    discrepancy: int
    violation: int
    last_adverse: date | None


def partner_record(session: Session, code: str) -> PartnerRecord:
    counts = dict(session.execute(
        select(EndUseCheckRow.finding, func.count()).where(EndUseCheckRow.partner_code == code)
        .group_by(EndUseCheckRow.finding)).all())  # fmt: skip
    last = session.scalar(select(func.max(EndUseCheckRow.checked_on)).where(
        EndUseCheckRow.partner_code == code, EndUseCheckRow.finding != "compliant"))  # fmt: skip
    return PartnerRecord(counts.get("compliant", 0), counts.get("discrepancy", 0),
                         counts.get("violation", 0), last)  # fmt: skip
