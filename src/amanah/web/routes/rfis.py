"""Requests for information and the service-level clock: in pages (reviewers ask, the partner
answers in the portal) and in the API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from amanah.cases import rfi
from amanah.cases import service as cases
from amanah.cases.schemas import RfiIn
from amanah.config import get_settings
from amanah.errors import InvalidInput
from amanah.i18n import gettext as _
from amanah.labels import label
from amanah.users.roles import Actor
from amanah.web.deps import Db, Who, check_csrf, page
from amanah.web.forms import FormState, attempt, date_field, done, posted
from amanah.web.uploads import read_upload

router = APIRouter()


def _view(session: Session, who: Actor, case_id: int) -> dict[str, Any]:
    case = cases.get_case(session, who, case_id)
    rows = rfi.rfis_for(session, who, case_id)
    return {"id": case.id, "reference": case.reference, "title": case.title,
            "state": case.state, "partner": case.partner_code,
            "rfis": [rfi.as_dict(r, staff=not who.is_partner) for r in rows],
            "clock": rfi.clock_dict(rfi.clock_of(session, who, case_id))}  # fmt: skip


def _page(request: Request, session: Session, who: Actor, case_id: int,
          form: FormState | None = None, answer_form: FormState | None = None,
          status_code: int = 200) -> HTMLResponse:  # fmt: skip
    view = _view(session, who, case_id)
    form = form or FormState({"addressee": "partner"})
    addressees = [{"value": a.value, "text": label(a.value), "checked": form.value("addressee")
                   == a.value} for a in rfi.Addressee]  # fmt: skip
    return page(request, "rfis.html", status_code=status_code, who=who, case=view, form=form,
                answer_form=answer_form or FormState(), addressees=addressees,
                may_ask=who.has(*rfi.REVIEWERS), may_answer=who.has(*rfi.ANSWERERS),
                section="cases")  # fmt: skip


@router.get("/cases/{case_id}/rfis", response_class=HTMLResponse, include_in_schema=False)
def rfis_page(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    return _page(request, session, who, case_id)


@router.post("/cases/{case_id}/rfis", include_in_schema=False)
async def send_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)

    def send() -> object:
        due = date_field(values, "due_on")
        return rfi.send_rfi(session, who, case_id, addressee=values.get("addressee", ""),
                            question=values.get("question", ""), due_on=due)  # fmt: skip

    outcome, errors = attempt(session, send)
    if errors:
        return _page(request, session, who, case_id, FormState(values, errors), status_code=422)
    return done(f"/cases/{case_id}/rfis", _("Request for information sent; the service-level "
                                            "clock is paused until it is answered"))  # fmt: skip


@router.post("/cases/{case_id}/rfis/{rfi_id}/answer", include_in_schema=False)
async def answer_post(request: Request, case_id: int, rfi_id: int, session: Db,
                      who: Who) -> Response:  # fmt: skip
    form = await request.form()
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
    check_csrf(request, values.pop("csrf", ""))
    upload = form.get("file")
    attachment = None
    try:
        if upload is not None and not isinstance(upload, str) and upload.filename:
            content = await read_upload(upload, get_settings().max_document_bytes)
            attachment = rfi.Attachment(upload.filename,
                                        upload.content_type or "application/octet-stream", content)  # fmt: skip
    except InvalidInput as error:
        values["rfi_id"] = str(rfi_id)
        return _page(request, session, who, case_id, answer_form=FormState(
            values, {"file": error.message}), status_code=422)  # fmt: skip
    outcome, errors = attempt(session, lambda: rfi.answer_rfi(
        session, who, case_id, rfi_id, answer=values.get("answer", ""), attachment=attachment))  # fmt: skip
    if errors:
        values["rfi_id"] = str(rfi_id)
        return _page(request, session, who, case_id, answer_form=FormState(values, errors),
                     status_code=422)  # fmt: skip
    return done(f"/cases/{case_id}/rfis", _("Answer sent; the service-level clock runs again"))


# --- API -------------------------------------------------------------------------------------


@router.get("/api/v1/cases/{case_id}/rfis", tags=["rfis"])
def api_rfis(case_id: int, session: Db, who: Who) -> dict[str, Any]:
    """The case's requests for information, and its service-level clock (working days elapsed
    against the target for its kind; paused while an RFI is open)."""
    view = _view(session, who, case_id)
    return {"rfis": view["rfis"], "clock": view["clock"]}


@router.post("/api/v1/cases/{case_id}/rfis", status_code=201, tags=["rfis"])
def api_send_rfi(case_id: int, data: RfiIn, session: Db, who: Who) -> dict[str, Any]:
    """Send a request for information to the applicant or the partner (reviewers)."""
    row = rfi.send_rfi(session, who, case_id, addressee=data.addressee, question=data.question,
                       due_on=data.due_on)  # fmt: skip
    return rfi.as_dict(row)


@router.post("/api/v1/cases/{case_id}/rfis/{rfi_id}/answer", tags=["rfis"])
async def api_answer_rfi(
    case_id: int,
    rfi_id: int,
    session: Db,
    who: Who,
    answer: Annotated[str, Form(min_length=1, max_length=5000)],
    file: Annotated[UploadFile | None, File()] = None,
) -> dict[str, Any]:
    """Answer a request for information (the partner's liaison, or a case officer), with an
    optional attachment kept on the case."""
    attachment = None
    if file is not None and file.filename:
        content = await read_upload(file, get_settings().max_document_bytes)
        attachment = rfi.Attachment(file.filename, file.content_type or "application/octet-stream",
                                    content)  # fmt: skip
    row = rfi.answer_rfi(session, who, case_id, rfi_id, answer=answer, attachment=attachment)
    return rfi.as_dict(row, staff=not who.is_partner)


@router.get("/api/v1/cases/{case_id}/clock", tags=["rfis"])
def api_clock(case_id: int, session: Db, who: Who) -> dict[str, Any]:
    """The service-level clock alone (null fields before submission)."""
    found = rfi.clock_dict(rfi.clock_of(session, who, case_id))
    return {"case_id": case_id, "clock": found}
