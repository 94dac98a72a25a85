"""Flags and routing: the table in force and its versions (administrators propose, a second
one confirms), the flags and queues of a case, and the cases in a team's queue."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from amanah.cases import service as cases
from amanah.errors import Forbidden, InvalidInput, NotFound
from amanah.i18n import N_, SEPARATOR
from amanah.i18n import gettext as _
from amanah.labels import label
from amanah.routing import rules
from amanah.routing import service as routing
from amanah.routing.models import RuleSetRow
from amanah.users.roles import Actor, Role
from amanah.web.deps import Db, Who, page
from amanah.web.forms import FormState, attempt, done, posted

router = APIRouter()
ROUTERS = (Role.CASE_OFFICER, Role.EXPORT_CONTROL, Role.ADMINISTRATOR)


class RuleSetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    yaml: str = Field(min_length=1, max_length=100_000)
    reason: str = Field(min_length=1, max_length=2000)


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=2000)


def _version(row: RuleSetRow) -> dict[str, Any]:
    return {"number": row.number, "status": row.status, "reason": row.reason,
            "based_on": row.table.get("based_on"), "yaml": row.table.get("yaml"),
            "proposed_by": row.proposed_by, "proposed_at": row.proposed_at,
            "decided_by": row.decided_by, "decided_at": row.decided_at,
            "decision_note": row.decision_note}  # fmt: skip


def _table(found: routing.ActiveTable) -> dict[str, Any]:
    t = found.table
    return {"number": found.number, "yaml": found.text, "always": list(t.always),
            "queues": [{"key": q.key, "label": q.label, "team": q.team} for q in t.queues],
            "rules": [{"id": r.id, "label": r.label, "applies_to": r.applies_to,
                       "when": dict(r.when), "queues": list(r.queues)} for r in t.rules]}  # fmt: skip


# --- pages -------------------------------------------------------------------------------------


def _routing_page(request: Request, session: Session, who: Actor, form: FormState | None = None,
                  status_code: int = 200) -> HTMLResponse:  # fmt: skip
    routing.require_reader(who)
    found = routing.active(session)
    queue_labels = {q.key: q.label for q in found.table.queues}
    markdown_rows = [{"rule": r, "when": [_condition(rules.CONDITIONS[(r.applies_to, n)][0], v)
                                          for n, v in r.when],
                      "queues": [queue_labels.get(q, q) for q in r.queues]}
                     for r in found.table.rules]  # fmt: skip
    form = form or FormState({"yaml": found.text})
    return page(request, "routing.html", status_code=status_code, who=who, table=found,
                rows=markdown_rows, versions=routing.versions(session, who), form=form,
                admin=who.has(Role.ADMINISTRATOR), section="reference")  # fmt: skip


def _condition(meaning: str, value: object) -> str:
    """A rule's condition in the reader's words: a yes/no one is its meaning or its negation,
    a list of codes (kinds, roles, tiers) their labels."""
    if isinstance(value, bool):
        return _(meaning) if value else _("not: %(condition)s") % {"condition": _(meaning)}
    shown = value if isinstance(value, list) else [value]
    return f"{_(meaning)} {_(SEPARATOR).join(label(v) for v in shown)}"


@router.get("/routing", response_class=HTMLResponse, include_in_schema=False)
def routing_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    return _routing_page(request, session, who)


@router.post("/routing/versions", include_in_schema=False)
async def propose_post(request: Request, session: Db, who: Who) -> Response:
    values = await posted(request)
    outcome, errors = attempt(session, lambda: routing.propose(
        session, who, values.get("yaml", ""), values.get("reason", "")))  # fmt: skip
    if errors:
        errors = {("yaml" if k == "table" else k): v for k, v in errors.items()}
        return _routing_page(request, session, who, FormState(values, errors), 422)
    return done("/routing", _("New routing table proposed: it takes effect when a second "
                              "administrator confirms it"))  # fmt: skip


@router.post("/routing/versions/{number}/{decision}", include_in_schema=False)
async def decide_post(request: Request, number: int, decision: str, session: Db,
                      who: Who) -> Response:  # fmt: skip
    values = await posted(request)
    if decision not in ("confirm", "reject"):
        raise NotFound(_("There is no such decision"), field="decision")
    change = routing.confirm if decision == "confirm" else routing.reject
    outcome, errors = attempt(session, lambda: change(session, who, number, values.get("note", "")))
    if errors:
        raise InvalidInput(next(iter(errors.values())), field="number")
    word = _("confirmed: it is in force") if decision == "confirm" else _("rejected")
    return done("/routing", _("Routing table version %(n)s %(word)s") % {"n": number,
                                                                         "word": word})  # fmt: skip


@router.get("/cases/{case_id}/routing", response_class=HTMLResponse, include_in_schema=False)
def case_routing_page(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    routing.require_reader(who)
    case = cases.get_case(session, who, case_id)
    found = routing.routing_of(session, who, case.id)
    return page(request, "case_routing.html", who=who, case=case, routing=found,
                may_route=who.has(*ROUTERS), section="cases")  # fmt: skip


@router.post("/cases/{case_id}/routing", include_in_schema=False)
async def case_route_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    await posted(request)
    _route(session, who, case_id)
    return done(f"/cases/{case_id}/routing", _("Case routed under the routing table in force"))


def _route(session: Session, who: Actor, case_id: int) -> None:
    if not who.has(*ROUTERS):
        raise Forbidden(N_("case officers, export control and administrators route cases"))
    case = cases.get_case(session, who, case_id)
    routing.route_case(session, who, case.id)


# --- API ---------------------------------------------------------------------------------------


@router.get("/api/v1/routing/table", tags=["routing"])
def api_table(session: Db, who: Who) -> dict[str, Any]:
    """The routing table in force: queues, the queues every case goes to, and the rules."""
    routing.require_reader(who)
    return _table(routing.active(session))


@router.get("/api/v1/routing/versions", tags=["routing"])
def api_versions(session: Db, who: Who) -> list[dict[str, Any]]:
    """Every proposed version of the table: pending, active, superseded or rejected."""
    return [_version(r) for r in routing.versions(session, who)]


@router.post("/api/v1/routing/versions", status_code=202, tags=["routing"])
def api_propose(data: RuleSetIn, session: Db, who: Who) -> dict[str, Any]:
    """Propose a new table (YAML, checked now); it takes effect when a second administrator
    confirms it."""
    return _version(routing.propose(session, who, data.yaml, data.reason))


@router.post("/api/v1/routing/versions/{number}/confirm", tags=["routing"])
def api_confirm(number: int, session: Db, who: Who, data: DecisionIn | None = None) -> dict[str, Any]:  # fmt: skip
    """Put a proposed table in force (a second administrator, never the proposer)."""
    return _version(routing.confirm(session, who, number, data.note if data else ""))


@router.post("/api/v1/routing/versions/{number}/reject", tags=["routing"])
def api_reject(number: int, session: Db, who: Who, data: DecisionIn | None = None) -> dict[str, Any]:  # fmt: skip
    return _version(routing.reject(session, who, number, data.note if data else ""))


@router.get("/api/v1/cases/{case_id}/routing", tags=["routing"])
def api_case_routing(case_id: int, session: Db, who: Who) -> dict[str, Any]:
    """The flags the rules set on the case and the queues it was routed to, with why."""
    routing.require_reader(who)
    case = cases.get_case(session, who, case_id)
    return routing.routing_of(session, who, case.id)


@router.post("/api/v1/cases/{case_id}/routing", tags=["routing"])
def api_route(case_id: int, session: Db, who: Who) -> dict[str, Any]:
    """Route the case again under the table in force (after a change of table or of facts)."""
    _route(session, who, case_id)
    return routing.routing_of(session, who, case_id)


@router.get("/api/v1/routing/queues/{queue}", tags=["routing"])
def api_queue(queue: str, session: Db, who: Who) -> list[dict[str, Any]]:
    """Open cases routed to a team's queue, the longest waiting first."""
    return [{"id": c.id, "reference": c.reference, "title": c.title, "partner": c.partner_code,
             "state": c.state} for c in routing.queue_cases(session, who, queue)]  # fmt: skip
