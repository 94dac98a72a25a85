"""Transfer cases: the inbox, the list, the case page and their API."""

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from amanah.agreements import industrial
from amanah.agreements.models import EvaluationProgrammeRow
from amanah.agreements.schemas import (
    CreditDecisionIn,
    EvaluationEventIn,
    OffsetCreditIn,
    OffsetObligationIn,
    ProgrammeIn,
    VerdictIn,
)
from amanah.cases import service as cases
from amanah.cases.detail import case_detail
from amanah.cases.schemas import (
    CaseIn,
    ItemClassificationIn,
    LineItemIn,
    PartyIn,
    RiskAssessmentIn,
    TransitionIn,
)
from amanah.config import get_settings
from amanah.errors import invalid_from
from amanah.web.deps import Db, Who, check_csrf, page
from amanah.web.uploads import read_upload

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def inbox(request: Request, session: Db, who: Who) -> HTMLResponse:
    return page(request, "inbox.html", who=who, cases=cases.inbox(session, who))


@router.get("/cases", response_class=HTMLResponse, include_in_schema=False)
def case_list(
    request: Request,
    session: Db,
    who: Who,
    state: str = "",
    partner: str = "",
    q: str = "",
    page_no: int = 1,
) -> HTMLResponse:
    result = cases.list_cases(
        session, who, state=state or None, partner=partner or None, q=q or None, page=page_no
    )
    return page(request, "cases.html", who=who, result=result, state=state, partner=partner, q=q)


@router.get("/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
def case_page(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    return page(request, "case.html", who=who, case=case_detail(session, who, case_id))


@router.post("/cases/{case_id}/transition", include_in_schema=False)
def case_transition(
    request: Request,
    case_id: int,
    session: Db,
    who: Who,
    action: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
    version: Annotated[int, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    cases.transition(session, who, case_id, action, reason, expected_version=version)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/parties", include_in_schema=False)
def case_add_party(
    request: Request,
    case_id: int,
    session: Db,
    who: Who,
    role: Annotated[str, Form()],
    name: Annotated[str, Form()],
    country: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
    type: Annotated[str, Form()] = "organisation",
) -> Response:
    check_csrf(request, csrf)
    cases.add_party(
        session, who, case_id, PartyIn(role=role, name=name, country=country, type=type)
    )
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/api/v1/cases", tags=["cases"])
def api_cases(
    session: Db,
    who: Who,
    state: str | None = None,
    partner: str | None = None,
    q: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> dict[str, Any]:
    """Cases the caller may see, newest first, filtered and paged."""
    result = cases.list_cases(
        session, who, state=state, partner=partner, q=q, page=page, per_page=per_page
    )
    rows = [
        {
            "id": c.id,
            "reference": c.reference,
            "title": c.title,
            "partner": c.partner_code,
            "state": c.state,
            "outcome": c.outcome,
            "version": c.version,
        }
        for c in result.rows
    ]
    return {"total": result.total, "page": result.page, "per_page": result.per_page, "cases": rows}


@router.post("/api/v1/cases", status_code=201, tags=["cases"])
def api_open_case(data: CaseIn, session: Db, who: Who) -> dict[str, Any]:
    """Open a draft case for a partner."""
    case = cases.open_case(session, who, data)
    return case_detail(session, who, case.id)


@router.get("/api/v1/cases/{case_id}", tags=["cases"])
def api_case(case_id: int, session: Db, who: Who) -> dict[str, Any]:
    """One case with items, parties, findings, decisions, deliveries and timeline."""
    return case_detail(session, who, case_id)


@router.post("/api/v1/cases/{case_id}/transitions", tags=["cases"])
def api_transition(case_id: int, data: TransitionIn, session: Db, who: Who) -> dict[str, Any]:
    """Take a lifecycle action; refused with the reasons when a guard fails."""
    cases.transition(session, who, case_id, data.action, data.reason, data.expected_version)
    return case_detail(session, who, case_id)


@router.post("/api/v1/cases/{case_id}/parties", status_code=201, tags=["cases"])
def api_add_party(case_id: int, data: PartyIn, session: Db, who: Who) -> dict[str, Any]:
    """Add an end user, consignee, intermediary or agent (screened on arrival)."""
    cases.add_party(session, who, case_id, data)
    return case_detail(session, who, case_id)


@router.post("/api/v1/cases/{case_id}/items", status_code=201, tags=["cases"])
def api_add_item(case_id: int, data: LineItemIn, session: Db, who: Who) -> dict[str, Any]:
    """Add a line item with what the requester declares about it."""
    cases.add_item(session, who, case_id, data)
    return case_detail(session, who, case_id)


@router.put("/api/v1/cases/{case_id}/items/{item_id}/classification", tags=["cases"])
def api_classify_item(
    case_id: int, item_id: int, data: ItemClassificationIn, session: Db, who: Who
) -> dict[str, Any]:
    """Export control's assessment of an item; compliance relies on it, not on the declaration."""
    cases.classify_item(session, who, case_id, item_id, data)
    return case_detail(session, who, case_id)


@router.post("/api/v1/cases/{case_id}/offsets", status_code=201, tags=["offsets"])
def api_add_obligation(
    case_id: int, data: OffsetObligationIn, session: Db, who: Who
) -> dict[str, Any]:
    """Record an offset (industrial-participation) obligation on the case's agreement."""
    industrial.add_obligation(session, who, cases.get_case(session, who, case_id), data)
    return {"offsets": industrial.offsets_for(session, case_id)}


@router.post("/api/v1/offsets/{obligation_id}/credits", status_code=201, tags=["offsets"])
def api_claim_credit(
    obligation_id: int, data: OffsetCreditIn, session: Db, who: Who
) -> dict[str, Any]:
    """Claim a credit against an obligation; its multiplier comes from the policy table."""
    credit = industrial.claim_credit(session, who, obligation_id, data)
    return {"id": credit.id, "status": credit.status, "multiplier": str(credit.multiplier)}


@router.post("/api/v1/offset-credits/{credit_id}/decision", tags=["offsets"])
def api_decide_credit(
    credit_id: int, data: CreditDecisionIn, session: Db, who: Who
) -> dict[str, Any]:
    """Finance approves or rejects a claimed credit."""
    credit = industrial.decide_credit(session, who, credit_id, data.approve)
    return {"id": credit.id, "status": credit.status}


@router.post("/api/v1/cases/{case_id}/evaluations", status_code=201, tags=["evaluations"])
def api_open_programme(case_id: int, data: ProgrammeIn, session: Db, who: Who) -> dict[str, Any]:
    """Open a test-and-evaluation programme (records only)."""
    programme = industrial.open_programme(session, who, cases.get_case(session, who, case_id), data)
    return industrial.summary(session, programme)


@router.post("/api/v1/evaluations/{programme_id}/events", status_code=201, tags=["evaluations"])
def api_record_event(
    programme_id: int, data: EvaluationEventIn, session: Db, who: Who
) -> dict[str, Any]:
    """Record one test event and its pass/fail outcome against its acceptance criterion."""
    event = industrial.record_event(session, who, programme_id, data)
    return industrial.summary(session, session.get_one(EvaluationProgrammeRow, event.programme_id))


@router.post("/api/v1/evaluations/{programme_id}/verdict", tags=["evaluations"])
def api_verdict(programme_id: int, data: VerdictIn, session: Db, who: Who) -> dict[str, Any]:
    """The final evaluation; it is recorded as a decision on the case."""
    return industrial.summary(session, industrial.record_verdict(session, who, programme_id, data))


@router.post("/cases/{case_id}/release", include_in_schema=False)
def case_release(
    request: Request,
    case_id: int,
    session: Db,
    who: Who,
    granted: Annotated[str, Form()],
    reason: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
    releasable_level: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    cases.record_release_decision(session, who, case_id, granted=granted == "yes", reason=reason,
                                  releasable_level=releasable_level or None)  # fmt: skip
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/risk", include_in_schema=False)
async def case_risk(request: Request, case_id: int, session: Db, who: Who) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    fields = {k: str(v) for k, v in form.items() if k != "csrf"}
    try:
        assessment = RiskAssessmentIn.model_validate(fields)
    except ValidationError as error:
        raise invalid_from(error.errors()) from None
    cases.record_risk_assessment(session, who, case_id, assessment)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/documents", include_in_schema=False)
async def case_upload(
    request: Request,
    case_id: int,
    session: Db,
    who: Who,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
) -> Response:
    check_csrf(request, csrf)
    content = await read_upload(file, get_settings().max_document_bytes)
    cases.add_document(session, who, case_id, kind=kind, filename=file.filename or "document",
                       content_type=file.content_type or "application/octet-stream", content=content)  # fmt: skip
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/offset-credits/{credit_id}/decision", include_in_schema=False)
def offset_decision(
    request: Request,
    credit_id: int,
    session: Db,
    who: Who,
    approve: Annotated[str, Form()],
    back: Annotated[int, Form()],
    csrf: Annotated[str, Form()],
) -> Response:
    check_csrf(request, csrf)
    industrial.decide_credit(session, who, credit_id, approve == "yes")
    return RedirectResponse(f"/cases/{back}#offsets", status_code=303)
