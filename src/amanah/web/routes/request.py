"""A request in pages: open a draft at /cases/new, then a task list of its sections (recipient
and purpose, line items, parties, documents), check the answers and submit.

A draft can be left and resumed from the inbox; items and parties can be added, changed and
removed while the request is editable (`request_items`, `request_parties`). Every form posts,
redirects and shows a banner; bad input re-renders the same form with the error summary and
what was typed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from amanah.cases import documents as case_documents
from amanah.cases import service as cases
from amanah.cases import workflow
from amanah.cases.detail import case_detail
from amanah.cases.domain import DocumentKind, PartyRole
from amanah.cases.models import CaseRow
from amanah.cases.schemas import CaseEdit, CaseIn
from amanah.config import get_settings
from amanah.errors import Forbidden, InvalidInput
from amanah.i18n import gettext as _
from amanah.labels import label
from amanah.partners.service import list_partners
from amanah.present import country, isolate
from amanah.users.roles import Actor
from amanah.web.deps import Db, Who, check_csrf, page
from amanah.web.forms import FormState, attempt, date_field, done, posted, version_of
from amanah.web.uploads import read_upload

router = APIRouter(include_in_schema=False)

CURRENCIES = ("USD", "EUR", "GBP", "SAR", "AED", "QAR", "KWD", "OMR", "BHD", "EGP", "JOD", "MYR",
              "IDR", "TRY", "PKR")  # fmt: skip


def choices(values: Any, selected: str, blank: str | None = None) -> list[dict[str, Any]]:
    items = [{"value": "", "text": blank}] if blank is not None else []
    return items + [
        {"value": str(v), "text": label(v), "selected": str(v) == selected} for v in values
    ]


def editable(session: Session, who: Actor, case_id: int) -> CaseRow:
    case = cases.get_case(session, who, case_id)
    cases.require_writer(who, case)
    if workflow.CaseState(case.state) not in cases.EDITABLE_STATES:
        raise Forbidden(
            _("Request %(ref)s is %(state)s: it can no longer be edited; amend it instead")
            % {"ref": isolate(case.reference), "state": label(case.state)}
        )
    return case


def tasks(case: CaseRow) -> list[dict[str, Any]]:
    """The sections of a request and the state of each, in the order a person fills them."""
    has_items = bool(case.items)
    roles = {p.role for p in case.parties}
    has_end_user = PartyRole.END_USER.value in roles
    ready = has_items and has_end_user
    base = f"/cases/{case.id}/request"

    def status(complete: bool, started: bool = False) -> dict[str, Any]:
        if complete:
            return {"text": _("Completed")}
        text = _("In progress") if started else _("Not started")
        return {
            "tag": {
                "text": text,
                "classes": "govuk-tag--light-blue" if started else "govuk-tag--blue",
            }
        }

    return [
        {"title": {"text": _("Recipient and purpose")}, "href": f"{base}/details",
         "status": status(True)},
        {"title": {"text": _("Line items")}, "href": f"{base}/items",
         "hint": {"text": _("What is to be transferred, how many, for how much")},
         "status": status(has_items)},
        {"title": {"text": _("Parties")}, "href": f"{base}/parties",
         "hint": {"text": _("The end user, consignees and any intermediaries")},
         "status": status(has_end_user, bool(case.parties))},
        {"title": {"text": _("Documents")}, "href": f"{base}/documents",
         "hint": {"text": _("End-use certificate and supporting documents")},
         "status": status(bool(case.documents))},
        {"title": {"text": _("Check your answers and submit")},
         "href": f"{base}/check" if ready else None,
         "status": {"text": _("Cannot start yet"), "classes": "govuk-task-list__status--cannot-start-yet"}
         if not ready else status(False)},
    ]  # fmt: skip


# --- open a draft -------------------------------------------------------------------------


def _new_form(request: Request, session: Session, who: Actor, form: FormState,
              status_code: int = 200) -> HTMLResponse:  # fmt: skip
    partners = [] if who.is_partner else list_partners(session, who)
    options = [{"value": "", "text": _("Choose the partner state")}] + [
        {"value": p.code, "text": f"{country(p.code, p.name)} ({p.code})", "selected": p.code == form.value("partner")}
        for p in partners
    ]  # fmt: skip
    return page(request, "request/new.html", status_code=status_code, who=who, form=form,
                partners=options, currencies=choices(CURRENCIES, form.value("currency", "USD")),
                section="new")  # fmt: skip


@router.get("/cases/new", response_class=HTMLResponse)
def new_case(request: Request, session: Db, who: Who) -> HTMLResponse:
    cases.require_writer(who)
    return _new_form(request, session, who, FormState(values={"currency": "USD"}))


@router.post("/cases/new")
async def new_case_post(request: Request, session: Db, who: Who) -> Response:
    cases.require_writer(who)
    values = await posted(request)
    if who.is_partner:
        values["partner"] = who.country or ""

    def open_draft() -> CaseRow:
        errors = {k: _("Choose the partner state") if k == "partner" else
                  _("Enter what the request is for") for k in ("partner", "title")
                  if not values.get(k)}  # fmt: skip
        if errors:
            field, message = next(iter(errors.items()))
            raise InvalidInput(message, field=field)
        data = CaseIn(partner=values["partner"], title=values["title"],
                      value=values.get("value") or Decimal(0),
                      currency=values.get("currency") or "USD",
                      transfer_date=date_field(values, "transfer_date"))  # fmt: skip
        return cases.open_case(session, who, data)

    case, errors = attempt(session, open_draft)
    if case is None:
        return _new_form(request, session, who, FormState(values, errors), 422)
    return done(f"/cases/{case.id}/request",
                _("Draft %(ref)s created: complete each section, then submit it")
                % {"ref": isolate(case.reference)})  # fmt: skip


# --- the task list and check your answers ---------------------------------------------------


@router.get("/cases/{case_id}/request", response_class=HTMLResponse)
def task_list(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    case = editable(session, who, case_id)
    sections = tasks(case)
    completed = sum(1 for t in sections[:4] if "tag" not in t["status"])
    return page(request, "request/tasks.html", who=who, case=case, tasks=sections,
                completed=completed, section="cases")  # fmt: skip


def _check_page(request: Request, session: Session, who: Actor, case_id: int,
                form: FormState | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    return page(request, "request/check.html", status_code=status_code, who=who, case=detail,
                form=form, section="cases")  # fmt: skip


@router.get("/cases/{case_id}/request/check", response_class=HTMLResponse)
def check_answers(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    return _check_page(request, session, who, case_id)


@router.post("/cases/{case_id}/request/check")
async def submit(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    case = editable(session, who, case_id)
    outcome, errors = attempt(session, lambda: cases.transition(
        session, who, case_id, "submit", expected_version=version_of(values)))  # fmt: skip
    if errors:
        return _check_page(request, session, who, case_id, FormState(values, errors), 409)
    return done(f"/cases/{case_id}", _("Request %(ref)s submitted for review")
                % {"ref": isolate(case.reference)})  # fmt: skip


# --- recipient and purpose -----------------------------------------------------------------


def _details_form(request: Request, who: Actor, case: CaseRow, form: FormState,
                  status_code: int = 200) -> HTMLResponse:  # fmt: skip
    return page(request, "request/details.html", status_code=status_code, who=who, case=case,
                form=form, currencies=choices(CURRENCIES, form.value("currency", case.currency)),
                section="cases")  # fmt: skip


@router.get("/cases/{case_id}/request/details", response_class=HTMLResponse)
def details(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    case = editable(session, who, case_id)
    when = case.transfer_date
    values = {"title": case.title, "value": str(case.value), "currency": case.currency,
              "transfer_date-day": str(when.day) if when else "",
              "transfer_date-month": str(when.month) if when else "",
              "transfer_date-year": str(when.year) if when else ""}  # fmt: skip
    return _details_form(request, who, case, FormState(values))


@router.post("/cases/{case_id}/request/details")
async def details_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    case = editable(session, who, case_id)

    def edit() -> CaseRow:
        if not values.get("title"):
            raise InvalidInput(_("Enter what the request is for"), field="title")
        data = CaseEdit(title=values["title"], value=values.get("value") or Decimal(0),
                        currency=values.get("currency") or case.currency,
                        transfer_date=date_field(values, "transfer_date"))  # fmt: skip
        return cases.edit_case(session, who, case_id, data, version_of(values))

    outcome, errors = attempt(session, edit)
    if errors:
        return _details_form(request, who, case, FormState(values, errors), 422)
    return done(f"/cases/{case_id}/request", _("Recipient and purpose saved"))


# --- documents -----------------------------------------------------------------------------


def _documents_page(request: Request, session: Session, who: Actor, case_id: int,
                    form: FormState | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    form = form or FormState({"kind": "end_use_certificate"})
    return page(request, "request/documents.html", status_code=status_code, who=who,
                case=detail, form=form, section="cases",
                kinds=choices([k.value for k in DocumentKind], form.value("kind")))  # fmt: skip


@router.get("/cases/{case_id}/request/documents", response_class=HTMLResponse)
def documents(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    return _documents_page(request, session, who, case_id)


@router.post("/cases/{case_id}/request/documents")
async def documents_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    check_csrf(request, values.pop("csrf", ""))
    upload = form.get("file")

    async def read() -> tuple[str, str, bytes]:
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise InvalidInput(_("Choose a file to attach"), field="file")
        return upload.filename, upload.content_type or "application/octet-stream", \
            await read_upload(upload, get_settings().max_document_bytes)  # fmt: skip

    try:
        filename, content_type, content = await read()
    except InvalidInput as error:
        return _documents_page(request, session, who, case_id,
                               FormState(values, {"file": error.message}), 422)  # fmt: skip
    outcome, errors = attempt(session, lambda: case_documents.add_document(
        session, who, case_id, kind=values.get("kind", "other"), filename=filename,
        content_type=content_type, content=content))  # fmt: skip
    if errors:
        errors = {("file" if k not in ("kind",) else k): v for k, v in errors.items()}
        return _documents_page(request, session, who, case_id, FormState(values, errors), 422)
    return done(f"/cases/{case_id}/request/documents",
                _("%(name)s attached") % {"name": filename})  # fmt: skip
