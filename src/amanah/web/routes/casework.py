"""The case page and every decision taken on it, in pages.

Staff see the whole case; a partner liaison sees the partner-facing projection (`cases.portal`).
Only the actions allowed now are offered; the ones a role could take in this state but may not
yet are listed with the reasons. A decision that cannot be undone (approve, refuse, a release
decision, a true match, suspend, withdraw, close) goes through a confirmation page that states
its consequences.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from amanah.agreements import industrial
from amanah.cases import service as cases
from amanah.cases import workflow
from amanah.cases.detail import case_detail
from amanah.cases.line_items import classify_item
from amanah.cases.models import CaseRow
from amanah.cases.portal import partner_view
from amanah.cases.schemas import ItemClassificationIn, RiskAssessmentIn
from amanah.catalogue.classification import Classification
from amanah.compliance.facts import ART7_GROUNDS, RiskLevel
from amanah.db.base import utcnow
from amanah.errors import Conflict, InvalidInput, NotFound
from amanah.i18n import N_
from amanah.i18n import gettext as _
from amanah.labels import label
from amanah.present import isolate
from amanah.screening.models import ScreeningHitRow
from amanah.screening.review import review_hit
from amanah.users.roles import Actor
from amanah.web.deps import Db, Who, page
from amanah.web.forms import FormState, attempt, done, posted, version_of

router = APIRouter(include_in_schema=False)

#: what each decision that needs a reason sets off, said before it is taken
CONSEQUENCES: dict[str, str] = {
    "approve": N_("The case is approved: you are recorded as the second pair of eyes, with the "
                  "assessment the approval relied on. The agreement can then be signed. This "
                  "cannot be undone; a later change needs an amendment and a new review."),
    "refuse": N_("The request is refused and no further action can be taken on it. The partner "
                 "sees that it was not approved. This cannot be undone."),
    "suspend": N_("All work on the case stops and deliveries are held until it is resumed. "
                  "The partner sees the case as on hold."),
    "resume": N_("The case returns to the state it was suspended from; prohibiting findings "
                 "must be resolved first."),
    "withdraw": N_("The request is withdrawn and cannot be resumed; a new request would be "
                   "needed."),
    "close": N_("The case is closed and end-use monitoring ends. This cannot be undone."),
    "amend": N_("The case goes back to the technology-release review with your amendment; "
                "the approval given so far no longer holds."),
    "request_retransfer": N_("A new review starts for the proposed retransfer."),
}  # fmt: skip
CONFIRMED = frozenset(CONSEQUENCES)
REPEAT_WINDOW_SECONDS = 60


def _own_repeat(case: CaseRow, who: Actor, values: dict[str, str]) -> bool:
    """A form sent twice by the same person (a double click, a reload after a slow answer): the
    case moved on since the form was drawn, and the last change was this person's own, of this
    action, a moment ago. It is not "someone else's" change: the first submission did it."""
    version = version_of(values)
    if version is None or version == case.version or not case.events:
        return False
    last = case.events[-1]
    recent = (utcnow() - last.at).total_seconds() < REPEAT_WINDOW_SECONDS
    return last.actor == who.username and last.action == values.get("action") and recent


def _case_page(request: Request, session: Session, who: Actor, case_id: int,
               status_code: int = 200, **extra: Any) -> HTMLResponse:  # fmt: skip
    if who.is_partner:
        view = partner_view(session, who, case_id)
        return page(request, "portal_case.html", status_code=status_code, who=who, case=view,
                    section="cases", **extra)  # fmt: skip
    detail = case_detail(session, who, case_id)
    case = cases.get_case(session, who, case_id)
    risk = case.risk_assessment or {}
    return page(request, "case.html", status_code=status_code, who=who, case=detail,
                blocked=detail["blocked"], confirmed=CONFIRMED, risk=risk,
                roles={str(r) for r in who.roles}, editable=case.state in {
                    s.value for s in cases.EDITABLE_STATES}, section="cases", **extra)  # fmt: skip


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    return _case_page(request, session, who, case_id)


# --- lifecycle actions -----------------------------------------------------------------------


def _confirm_page(request: Request, session: Session, who: Actor, case_id: int, action: str,
                  form: FormState, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    transition = workflow.BY_ACTION.get(action)
    if transition is None:
        raise NotFound(_("There is no action called %(a)s") % {"a": action}, field="action")
    case = cases.get_case(session, who, case_id)
    problems = workflow.refusals(who, cases.snapshot(session, case), action, reason="-")
    return page(request, "confirm.html", status_code=status_code, who=who, case=case,
                action=action, title=_(transition.label), form=form, problems=problems,
                consequence=_(CONSEQUENCES.get(action, "")), needs_reason=transition.needs_reason,
                section="cases")  # fmt: skip


@router.get("/cases/{case_id}/act/{action}", response_class=HTMLResponse)
def confirm_action(
    request: Request, case_id: int, action: str, session: Db, who: Who
) -> HTMLResponse:
    return _confirm_page(request, session, who, case_id, action, FormState())


@router.post("/cases/{case_id}/transition")
async def transition(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    action = values.get("action", "")
    if action in CONFIRMED and values.get("confirmed") != "yes":
        return _confirm_page(request, session, who, case_id, action, FormState(values))
    case = cases.get_case(session, who, case_id)
    if _own_repeat(case, who, values):
        return done(f"/cases/{case_id}", _("Already done: %(ref)s is %(state)s")
                    % {"ref": isolate(case.reference), "state": label(case.state)})  # fmt: skip
    outcome, errors = attempt(session, lambda: cases.transition(
        session, who, case_id, action, values.get("reason", ""), version_of(values)))  # fmt: skip
    if errors:
        if action in CONFIRMED and "expected_version" not in errors:
            errors = {("reason" if "reason" in m else k): m for k, m in errors.items()}
            return _confirm_page(request, session, who, case_id, action,
                                 FormState(values, errors), 409)  # fmt: skip
        return _case_page(request, session, who, case_id, 409,
                          form=FormState(values, errors))  # fmt: skip
    target = _(workflow.BY_ACTION[action].label) if action in workflow.BY_ACTION else action
    return done(f"/cases/{case_id}", _("%(action)s: done. %(ref)s is now %(state)s")
                % {"action": target, "ref": isolate(case.reference), "state": label(case.state)})  # fmt: skip


# --- the technology-release decision (release board) -------------------------------------


@router.post("/cases/{case_id}/release")
async def release(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    case = cases.get_case(session, who, case_id)
    errors: dict[str, str] = {}
    if values.get("granted") not in ("yes", "no"):
        errors["granted"] = _("Choose whether the technology is released")
    if not values.get("reason"):
        errors["reason"] = _("Enter the reason for the decision")
    if errors or values.get("confirmed") != "yes":
        view_errors = errors
        if errors:
            return _case_page(request, session, who, case_id, 422,
                              form=FormState(values, view_errors))  # fmt: skip
        return page(request, "confirm_release.html", who=who, case=case, form=FormState(values),
                    section="cases")  # fmt: skip
    outcome, errors = attempt(session, lambda: cases.record_release_decision(
        session, who, case_id, granted=values["granted"] == "yes", reason=values["reason"],
        releasable_level=values.get("releasable_level") or None))  # fmt: skip
    if errors:
        return _case_page(request, session, who, case_id, 422, form=FormState(values, errors))
    word = _("released") if values["granted"] == "yes" else _("not released")
    return done(f"/cases/{case_id}", _("Release decision recorded: %(word)s") % {"word": word})


# --- Article 7 risk assessment (export control) --------------------------------------------


def _risk_page(request: Request, session: Session, who: Actor, case_id: int, form: FormState,
               status_code: int = 200) -> HTMLResponse:  # fmt: skip
    case = cases.get_case(session, who, case_id)
    grounds = [{"name": g, "question": label(g), "items": [
        {"value": level.value, "text": label(level.value), "checked": form.value(g) == level.value}
        for level in RiskLevel]} for g in ART7_GROUNDS]  # fmt: skip
    recorded = case.risk_assessment or {}
    return page(request, "risk.html", status_code=status_code, who=who, case=case, form=form,
                grounds=grounds, recorded=recorded, section="cases")  # fmt: skip


@router.get("/cases/{case_id}/risk", response_class=HTMLResponse)
def risk(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    case = cases.get_case(session, who, case_id)
    recorded = case.risk_assessment or {}
    values = {**recorded.get("levels", {}), "mitigation": recorded.get("mitigation", "")}
    return _risk_page(request, session, who, case_id, FormState(values))


@router.post("/cases/{case_id}/risk")
async def risk_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    missing = {g: _("Choose the risk for this ground") for g in ART7_GROUNDS if not values.get(g)}
    if missing:
        return _risk_page(request, session, who, case_id, FormState(values, missing), 422)
    fields = {g: values[g] for g in ART7_GROUNDS}
    outcome, errors = attempt(session, lambda: cases.record_risk_assessment(
        session, who, case_id, RiskAssessmentIn(**fields, mitigation=values.get("mitigation", ""))))  # fmt: skip
    if errors:
        return _risk_page(request, session, who, case_id, FormState(values, errors), 422)
    return done(f"/cases/{case_id}#findings", _("Article 7 risk assessment recorded"))


# --- classification of a line item (export control, release board) --------------------------


def _classify_page(request: Request, session: Session, who: Actor, case_id: int, item_id: int,
                   form: FormState, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    detail = case_detail(session, who, case_id)
    item = next((i for i in detail["items"] if i["id"] == item_id), None)
    if item is None:
        raise NotFound(_("This case has no such line item"), field="item_id")
    levels = [{"value": c.label, "text": label(c.label), "selected": form.value("classification")
               == c.label} for c in Classification]  # fmt: skip
    return page(request, "classify.html", status_code=status_code, who=who, case=detail,
                item=item, form=form, levels=levels, section="cases")  # fmt: skip


@router.get("/cases/{case_id}/items/{item_id}/classify", response_class=HTMLResponse)
def classify(request: Request, case_id: int, item_id: int, session: Db, who: Who) -> HTMLResponse:
    detail = case_detail(session, who, case_id)
    item = next((i for i in detail["items"] if i["id"] == item_id), None)
    values = {} if item is None else {"control_entries": ", ".join(item["control_entries"]),
                                      "classification": item["classification"],
                                      "note": (item["assessed"] or {}).get("note", "")}  # fmt: skip
    return _classify_page(request, session, who, case_id, item_id, FormState(values))


@router.post("/cases/{case_id}/items/{item_id}/classify")
async def classify_post(
    request: Request, case_id: int, item_id: int, session: Db, who: Who
) -> Response:
    values = await posted(request)
    entries = [e.strip() for e in values.get("control_entries", "").split(",") if e.strip()]

    def record() -> object:
        if not values.get("note"):
            raise InvalidInput(_("Enter the basis of your assessment"), field="note")
        data = ItemClassificationIn(control_entries=entries, note=values["note"],
                                    classification=values.get("classification", ""))  # fmt: skip
        return classify_item(session, who, case_id, item_id, data, version_of(values))

    outcome, errors = attempt(session, record)
    if errors:
        return _classify_page(request, session, who, case_id, item_id, FormState(values, errors),
                              422)  # fmt: skip
    return done(f"/cases/{case_id}#items", _("Line item classification recorded"))


# --- screening hits (export control) ----------------------------------------------------------


def _hit(
    session: Session, who: Actor, case_id: int, hit_id: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    detail = case_detail(session, who, case_id)
    hit = next((h for h in detail["screening"] if h["id"] == hit_id), None)
    if hit is None:
        raise NotFound(_("This case has no such screening hit"), field="hit_id")
    return detail, hit


@router.get("/cases/{case_id}/hits/{hit_id}", response_class=HTMLResponse)
def hit_page(request: Request, case_id: int, hit_id: int, session: Db, who: Who) -> HTMLResponse:
    detail, hit = _hit(session, who, case_id, hit_id)
    return page(request, "hit.html", who=who, case=detail, hit=hit, form=FormState(),
                section="cases")  # fmt: skip


@router.post("/cases/{case_id}/hits/{hit_id}")
async def hit_review(
    request: Request, case_id: int, hit_id: int, session: Db, who: Who
) -> Response:
    values = await posted(request)
    detail, hit = _hit(session, who, case_id, hit_id)
    errors: dict[str, str] = {}
    if values.get("decision") not in ("true_match", "false_positive"):
        errors["decision"] = _("Choose whether the party is the listed entry")
    if not values.get("reason"):
        errors["reason"] = _("Enter the reason for your review")
    if errors:
        return page(request, "hit.html", status_code=422, who=who, case=detail, hit=hit,
                    form=FormState(values, errors), section="cases")  # fmt: skip
    if values["decision"] == "true_match" and values.get("confirmed") != "yes":
        return page(request, "hit.html", who=who, case=detail, hit=hit, form=FormState(values),
                    confirming=True, section="cases")  # fmt: skip
    if session.get(ScreeningHitRow, hit_id) is None:
        raise NotFound(_("No such screening hit"), field="hit_id")
    outcome, errors = attempt(session, lambda: review_hit(
        session, who, hit_id, values["decision"], values["reason"]))  # fmt: skip
    if errors:
        raise Conflict(next(iter(errors.values())), field="hit_id")
    return done(f"/cases/{case_id}#screening", _("Screening hit reviewed: %(d)s")
                % {"d": label(values["decision"])})  # fmt: skip


# --- offset credits (finance) ---------------------------------------------------------------


@router.post("/offset-credits/{credit_id}/decision")
async def offset_decision(request: Request, credit_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    back = values.get("back", "")
    industrial.decide_credit(session, who, credit_id, values.get("approve") == "yes")
    word = _("approved") if values.get("approve") == "yes" else _("rejected")
    target = f"/cases/{back}#offsets" if back.isdigit() else "/"
    return done(target, _("Offset credit %(word)s") % {"word": word})
