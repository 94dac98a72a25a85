"""End-use monitoring of a delivered case, in pages and the API (staff only: a partner never
sees the checks made on its state). A finding's reactions are the handlers of
`EndUseFindingRecorded`."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from amanah.agreements.queries import deliveries_for
from amanah.cases import service as cases
from amanah.errors import Forbidden, InvalidInput
from amanah.i18n import N_
from amanah.i18n import gettext as _
from amanah.labels import label
from amanah.monitoring import service as monitoring
from amanah.monitoring.models import EndUseCheckRow, MonitoringPlanRow
from amanah.monitoring.schemas import CheckIn, PlanIn
from amanah.partners import service as partners
from amanah.users.roles import Actor, Role
from amanah.web.deps import Db, Who, page
from amanah.web.forms import FormState, attempt, date_field, done, posted

router = APIRouter()
FINDINGS = ("compliant", "discrepancy", "violation")


def _staff(who: Actor) -> None:
    if who.is_partner:
        raise Forbidden(N_("end-use monitoring is kept by the directorate's staff"))


def plan_dict(row: MonitoringPlanRow | None, today: date) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"level": row.level, "interval_months": row.interval_months, "next_due": row.next_due,
            "overdue": row.next_due < today, "notes": row.notes, "recorded_by": row.recorded_by}  # fmt: skip


def check_dict(row: EndUseCheckRow) -> dict[str, Any]:
    return {"id": row.id, "checked_on": row.checked_on, "place": row.place,
            "inspector": row.inspector, "serials_sighted": row.serials_sighted,
            "finding": row.finding, "note": row.note, "recorded_by": row.recorded_by}  # fmt: skip


def monitoring_view(session: Session, who: Actor, case_id: int) -> dict[str, Any]:
    _staff(who)
    case = cases.get_case(session, who, case_id)
    today = date.today()
    shipped = sorted({s for d in deliveries_for(session, case.id) for s in d.serials})
    checks = [check_dict(c) for c in monitoring.checks_for(session, case.id)]
    last_sighted = set(checks[0]["serials_sighted"]) if checks else set()
    record = monitoring.partner_record(session, case.partner_code)
    return {
        "case_id": case.id,
        "reference": case.reference,
        "state": case.state,
        "plan": plan_dict(monitoring.plan_for(session, case.id), today),
        "checks": checks,
        "serials_delivered": shipped,
        "not_sighted_at_last_check": [s for s in shipped if s not in last_sighted]
        if checks
        else [],
        "partner_record": {
            "partner": case.partner_code,
            "compliant": record.compliant,
            "discrepancy": record.discrepancy,
            "violation": record.violation,
            "last_adverse": record.last_adverse,
        },  # fmt: skip
    }


def record_check(session: Session, who: Actor, case_id: int, data: CheckIn) -> EndUseCheckRow:
    """The roles first (a role that may not monitor learns nothing of the case), then the case."""
    monitoring.require_monitor(who)
    case = cases.get_case(session, who, case_id, for_update=True)
    return monitoring.record_check(session, who, case, data)


# --- API ------------------------------------------------------------------------------------


@router.get("/api/v1/cases/{case_id}/monitoring", tags=["monitoring"])
def api_monitoring(case_id: int, session: Db, who: Who) -> dict[str, Any]:
    """The monitoring plan, the checks (newest first), the serial numbers delivered and not
    sighted at the last check, and the partner's end-use record."""
    return monitoring_view(session, who, case_id)


@router.put("/api/v1/cases/{case_id}/monitoring/plan", tags=["monitoring"])
def api_plan(case_id: int, data: PlanIn, session: Db, who: Who) -> dict[str, Any]:
    """Set the plan: routine or enhanced, the interval between checks, the first check's date."""
    _staff(who)
    monitoring.require_monitor(who)
    monitoring.record_plan(
        session, who, cases.get_case(session, who, case_id, for_update=True), data
    )
    return monitoring_view(session, who, case_id)


@router.post("/api/v1/cases/{case_id}/monitoring/checks", status_code=201, tags=["monitoring"])
def api_check(case_id: int, data: CheckIn, session: Db, who: Who) -> dict[str, Any]:
    """Record an end-use check. A discrepancy or violation raises an alert and enters the
    partner's risk record; a violation suspends the case (a discrepancy with `suspend`)."""
    _staff(who)
    record_check(session, who, case_id, data)
    return monitoring_view(session, who, case_id)


@router.get("/api/v1/monitoring/overdue", tags=["monitoring"])
def api_overdue(session: Db, who: Who) -> dict[str, Any]:
    """Cases whose next end-use check is past due, the longest overdue first (first 500)."""
    _staff(who)
    rows = session.execute(monitoring.overdue(date.today()).limit(500))
    return {"overdue": monitoring.overdue_dicts(rows)}


@router.get("/api/v1/partners/{code}/end-use", tags=["monitoring"])
def api_partner_record(code: str, session: Db, who: Who) -> dict[str, Any]:
    """A partner's end-use record: checks per finding and the date of the last adverse one."""
    _staff(who)
    partner = partners.get_partner(session, code.upper())
    record = monitoring.partner_record(session, partner.code)
    return {"partner": partner.code, "compliant": record.compliant,
            "discrepancy": record.discrepancy, "violation": record.violation,
            "last_adverse": record.last_adverse}  # fmt: skip


# --- pages ----------------------------------------------------------------------------------


def _page(request: Request, session: Session, who: Actor, case_id: int,
          form: FormState | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    view = monitoring_view(session, who, case_id)
    case = cases.get_case(session, who, case_id)
    form = form or FormState()
    may = who.has(*monitoring.MONITORS) and case.state in monitoring.MONITORED_STATES
    levels = [{"value": v, "text": label(v), "checked": form.value("level", (view["plan"] or {})
               .get("level", "routine")) == v} for v in monitoring.DEFAULT_INTERVAL]  # fmt: skip
    findings = [
        {"value": v, "text": label(v), "checked": form.value("finding") == v} for v in FINDINGS
    ]
    return page(request, "lifecycle/monitoring.html", status_code=status_code, who=who, case=case,
                view=view, form=form, may=may, levels=levels, findings=findings,
                may_suspend=who.has(Role.EXPORT_CONTROL, Role.LEADERSHIP), section="cases")  # fmt: skip


@router.get("/cases/{case_id}/monitoring", response_class=HTMLResponse, include_in_schema=False)
def monitoring_page(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    return _page(request, session, who, case_id)


@router.post("/cases/{case_id}/monitoring/plan", include_in_schema=False)
async def plan_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    _staff(who)

    def record() -> MonitoringPlanRow:
        first = date_field(values, "first_due")
        if first is None:
            raise InvalidInput(_("Enter the date the first check is due"), field="first_due")
        interval = values.get("interval_months", "")
        if interval and not (interval.isascii() and interval.isdigit() and len(interval) < 4):
            raise InvalidInput(_("Enter the months between checks as a whole number"),
                               field="interval_months")  # fmt: skip
        case = cases.get_case(session, who, case_id, for_update=True)
        return monitoring.record_plan(session, who, case, PlanIn.model_validate({
            "level": values.get("level", ""), "interval_months": int(interval) if interval else None,
            "first_due": first, "notes": values.get("notes", "")}))  # fmt: skip

    outcome, errors = attempt(session, record)
    if errors:
        return _page(request, session, who, case_id, FormState(values, errors), 422)
    return done(f"/cases/{case_id}/monitoring", _("Monitoring plan recorded"))


@router.post("/cases/{case_id}/monitoring/checks", include_in_schema=False)
async def check_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    _staff(who)

    def record() -> EndUseCheckRow:
        on = date_field(values, "checked_on")
        if on is None:
            raise InvalidInput(_("Enter the date of the check"), field="checked_on")
        serials = [
            s.strip() for s in values.get("serials_sighted", "").replace(",", "\n").splitlines()
        ]
        return record_check(session, who, case_id, CheckIn.model_validate({
            "checked_on": on, "place": values.get("place", ""),
            "inspector": values.get("inspector", ""), "serials_sighted": [s for s in serials if s],
            "finding": values.get("finding", ""), "note": values.get("note", ""),
            "suspend": values.get("suspend") == "yes"}))  # fmt: skip

    outcome, errors = attempt(session, record)
    if errors:
        return _page(request, session, who, case_id, FormState(values, errors), 422)
    finding = values.get("finding", "")
    return done(f"/cases/{case_id}/monitoring",
                _("End-use check recorded: %(finding)s") % {"finding": label(finding)})  # fmt: skip
