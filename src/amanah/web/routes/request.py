"""A request in pages: open a draft at /cases/new, then a task list of its sections (recipient
and purpose, line items, parties, documents), check the answers and submit.

A draft can be left and resumed from the inbox; items and parties can be added, changed and
removed while the request is editable. Every form posts, redirects and shows a banner; bad input
re-renders the same form with the error summary and what was typed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pycountry
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from amanah.cases import documents as case_documents
from amanah.cases import line_items, workflow
from amanah.cases import parties as case_parties
from amanah.cases import service as cases
from amanah.cases.detail import case_detail
from amanah.cases.domain import DocumentKind, PartyRole, PartySector, PartyType, TransferKind
from amanah.cases.models import CaseRow
from amanah.cases.schemas import CaseEdit, CaseIn, LineItemIn, PartyIn
from amanah.catalogue.classification import Classification
from amanah.catalogue.service import list_technologies
from amanah.config import get_settings
from amanah.errors import Forbidden, InvalidInput
from amanah.i18n import gettext as _
from amanah.labels import label
from amanah.partners.country import country_name
from amanah.partners.service import list_partners
from amanah.present import country, isolate
from amanah.users.roles import Actor
from amanah.web.deps import Db, Who, check_csrf, page
from amanah.web.forms import FormState, attempt, date_field, done, posted, version_of
from amanah.web.uploads import read_upload

router = APIRouter(include_in_schema=False)

CURRENCIES = ("USD", "EUR", "GBP", "SAR", "AED", "QAR", "KWD", "OMR", "BHD", "EGP", "JOD", "MYR",
              "IDR", "TRY", "PKR")  # fmt: skip


def _choices(values: Any, selected: str, blank: str | None = None) -> list[dict[str, Any]]:
    items = [{"value": "", "text": blank}] if blank is not None else []
    return items + [
        {"value": str(v), "text": label(v), "selected": str(v) == selected} for v in values
    ]


def _countries(session: Session, who: Actor, selected: str) -> list[dict[str, Any]]:
    """Every ISO 3166 country (named in the reader's language, `present.country`), and the
    partner states recorded under user-assigned codes."""
    names = {c.alpha_2: country(c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries}
    names.update({p.code: p.name for p in list_partners(session, who) if p.code not in names})
    return [{"value": "", "text": _("Choose a country")}] + [
        {"value": code, "text": f"{name} ({code})", "selected": code == selected}
        for code, name in sorted(names.items(), key=lambda kv: kv[1])
    ]


def _editable(session: Session, who: Actor, case_id: int) -> CaseRow:
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
                partners=options, currencies=_choices(CURRENCIES, form.value("currency", "USD")),
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
    case = _editable(session, who, case_id)
    sections = tasks(case)
    completed = sum(1 for t in sections[:4] if "tag" not in t["status"])
    return page(request, "request/tasks.html", who=who, case=case, tasks=sections,
                completed=completed, section="cases")  # fmt: skip


def _check_page(request: Request, session: Session, who: Actor, case_id: int,
                form: FormState | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    _editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    return page(request, "request/check.html", status_code=status_code, who=who, case=detail,
                form=form, section="cases")  # fmt: skip


@router.get("/cases/{case_id}/request/check", response_class=HTMLResponse)
def check_answers(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    return _check_page(request, session, who, case_id)


@router.post("/cases/{case_id}/request/check")
async def submit(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    case = _editable(session, who, case_id)
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
                form=form, currencies=_choices(CURRENCIES, form.value("currency", case.currency)),
                section="cases")  # fmt: skip


@router.get("/cases/{case_id}/request/details", response_class=HTMLResponse)
def details(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    case = _editable(session, who, case_id)
    when = case.transfer_date
    values = {"title": case.title, "value": str(case.value), "currency": case.currency,
              "transfer_date-day": str(when.day) if when else "",
              "transfer_date-month": str(when.month) if when else "",
              "transfer_date-year": str(when.year) if when else ""}  # fmt: skip
    return _details_form(request, who, case, FormState(values))


@router.post("/cases/{case_id}/request/details")
async def details_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    case = _editable(session, who, case_id)

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


# --- line items ----------------------------------------------------------------------------


def _catalogue(session: Session, who: Actor, query: str) -> list[dict[str, Any]]:
    """Technologies whose name, description or control entries contain the query."""
    needle = query.casefold()
    found = []
    for row in list_technologies(session, who):
        haystack = " ".join([row.name, row.description, *row.control_entries]).casefold()
        if needle in haystack:
            found.append(row)
    return [{"id": t.id, "name": t.name, "entries": ", ".join(t.control_entries) or "—",
             "classification": Classification(t.classification).label} for t in found]  # fmt: skip


@router.get("/cases/{case_id}/request/items", response_class=HTMLResponse)
def items(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    _editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    return page(request, "request/items.html", who=who, case=detail, section="cases")


def _item_form(request: Request, session: Session, who: Actor, case: CaseRow, form: FormState,
               item_id: int | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    query = form.value("q")
    chosen = form.value("technology_id")
    options = [{"value": str(t["id"]), "text": t["name"], "checked": chosen == str(t["id"]),
                "hint": {"text": f"{t['entries']} · {label(t['classification'])}"}}
               for t in _catalogue(session, who, query)]  # fmt: skip
    return page(
        request, "request/item.html", status_code=status_code, who=who, case=case, form=form,
        item_id=item_id, q=query, options=options,
        kinds=_choices([k.value for k in TransferKind], form.value("kind", "sale")),
        levels=_choices([c.label for c in Classification], form.value("declared_classification"),
                        blank=_("Not declared")),
        section="cases",
    )  # fmt: skip


@router.get("/cases/{case_id}/request/items/add", response_class=HTMLResponse)
def add_item(request: Request, case_id: int, session: Db, who: Who, q: str = "") -> HTMLResponse:
    case = _editable(session, who, case_id)
    return _item_form(request, session, who, case, FormState({"q": q, "kind": "sale"}))


@router.get("/cases/{case_id}/request/items/{item_id}", response_class=HTMLResponse)
def change_item(
    request: Request, case_id: int, item_id: int, session: Db, who: Who, q: str = ""
) -> HTMLResponse:
    case = _editable(session, who, case_id)
    item = next((i for i in case.items if i.id == item_id), None)
    if item is None:
        raise InvalidInput(_("This request has no such line item"), field="item_id")
    level = item.declared_classification
    values = {"q": q, "technology_id": str(item.technology_id), "quantity": str(item.quantity),
              "kind": item.kind, "unit_value": "" if item.unit_value is None else str(item.unit_value),
              "declared_control_entries": ", ".join(item.declared_control_entries),
              "declared_classification": "" if level is None else Classification(level).label}  # fmt: skip
    return _item_form(request, session, who, case, FormState(values), item_id)


def _line_item(values: dict[str, str]) -> LineItemIn:
    if not values.get("technology_id", "").isdigit():
        raise InvalidInput(_("Choose the technology from the catalogue"), field="technology_id")
    if not values.get("quantity"):
        raise InvalidInput(_("Enter the quantity"), field="quantity")
    entries = [
        e.strip() for e in values.get("declared_control_entries", "").split(",") if e.strip()
    ]
    return LineItemIn(
        technology_id=int(values["technology_id"][:12]), quantity=values["quantity"],
        kind=values.get("kind") or "sale", unit_value=values.get("unit_value") or None,
        declared_control_entries=entries,
        declared_classification=values.get("declared_classification") or None,
    )  # fmt: skip


async def _save_item(request: Request, case_id: int, session: Session, who: Actor,
                     item_id: int | None) -> Response:  # fmt: skip
    values = await posted(request)
    case = _editable(session, who, case_id)
    if "search" in values:  # the catalogue search button of the same form
        return _item_form(request, session, who, case, FormState(values), item_id)
    version = version_of(values)

    def save() -> object:
        data = _line_item(values)
        if item_id is None:
            return line_items.add_item(session, who, case_id, data, version)
        return line_items.change_item(session, who, case_id, item_id, data, version)

    outcome, errors = attempt(session, save)
    if errors:
        return _item_form(request, session, who, case, FormState(values, errors), item_id, 422)
    message = _("Line item added") if item_id is None else _("Line item changed")
    return done(f"/cases/{case_id}/request/items", message)


@router.post("/cases/{case_id}/request/items/add")
async def add_item_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    return await _save_item(request, case_id, session, who, None)


@router.post("/cases/{case_id}/request/items/{item_id}")
async def change_item_post(
    request: Request, case_id: int, item_id: int, session: Db, who: Who
) -> Response:
    return await _save_item(request, case_id, session, who, item_id)


@router.get("/cases/{case_id}/request/items/{item_id}/remove", response_class=HTMLResponse)
def remove_item(
    request: Request, case_id: int, item_id: int, session: Db, who: Who
) -> HTMLResponse:
    _editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    item = next((i for i in detail["items"] if i["id"] == item_id), None)
    if item is None:
        raise InvalidInput(_("This request has no such line item"), field="item_id")
    return page(request, "request/remove.html", who=who, case=detail, section="cases",
                what=_("%(qty)s × %(name)s") % {"qty": item["quantity"], "name": item["technology"]},
                action=f"/cases/{case_id}/request/items/{item_id}/remove",
                back=f"/cases/{case_id}/request/items")  # fmt: skip


@router.post("/cases/{case_id}/request/items/{item_id}/remove")
async def remove_item_post(
    request: Request, case_id: int, item_id: int, session: Db, who: Who
) -> Response:
    values = await posted(request)
    line_items.remove_item(session, who, case_id, item_id, version_of(values))
    return done(f"/cases/{case_id}/request/items", _("Line item removed"))


# --- parties -------------------------------------------------------------------------------


@router.get("/cases/{case_id}/request/parties", response_class=HTMLResponse)
def parties(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    _editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    return page(request, "request/parties.html", who=who, case=detail, section="cases")


def _party_form(request: Request, session: Session, who: Actor, case: CaseRow, form: FormState,
                party_id: int | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    return page(
        request, "request/party.html", status_code=status_code, who=who, case=case, form=form,
        party_id=party_id, countries=_countries(session, who, form.value("country")),
        roles=_choices([r.value for r in PartyRole], form.value("role", "end_user")),
        types=[{"value": t.value, "text": label(t.value), "checked": form.value("type", "organisation") == t.value}
               for t in PartyType],
        sectors=[{"value": v, "text": label(v or "sector_not_known"), "checked": form.value("sector") == v}
                 for v in ["", *(t.value for t in PartySector)]],
        section="cases",
    )  # fmt: skip


@router.get("/cases/{case_id}/request/parties/add", response_class=HTMLResponse)
def add_party(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    case = _editable(session, who, case_id)
    has_end_user = any(p.role == PartyRole.END_USER.value for p in case.parties)
    role = "consignee" if has_end_user else "end_user"
    return _party_form(request, session, who, case, FormState({"role": role, "type": "organisation",
                                                      "country": case.partner_code}))  # fmt: skip


@router.get("/cases/{case_id}/request/parties/{party_id}", response_class=HTMLResponse)
def change_party(
    request: Request, case_id: int, party_id: int, session: Db, who: Who
) -> HTMLResponse:
    case = _editable(session, who, case_id)
    party = next((p for p in case.parties if p.id == party_id), None)
    if party is None:
        raise InvalidInput(_("This request has no such party"), field="party_id")
    born = party.birth_date
    values = {"role": party.role, "name": party.name, "country": party.country,
              "type": party.party_type, "sector": party.sector, "birth_date-day": str(born.day) if born else "",
              "birth_date-month": str(born.month) if born else "",
              "birth_date-year": str(born.year) if born else ""}  # fmt: skip
    return _party_form(request, session, who, case, FormState(values), party_id)


async def _save_party(request: Request, case_id: int, session: Session, who: Actor,
                      party_id: int | None) -> Response:  # fmt: skip
    values = await posted(request)
    case = _editable(session, who, case_id)
    version = version_of(values)

    def save() -> object:
        if not values.get("name"):
            raise InvalidInput(_("Enter the party's name"), field="name")
        if not values.get("country"):
            raise InvalidInput(_("Choose the party's country"), field="country")
        data = PartyIn(role=values.get("role") or "end_user", name=values["name"],
                       country=values["country"], type=values.get("type") or "organisation",
                       sector=values.get("sector") or "",
                       birth_date=date_field(values, "birth_date"))  # fmt: skip
        if party_id is None:
            return case_parties.add_party(session, who, case_id, data, version)
        return case_parties.change_party(session, who, case_id, party_id, data, version)

    outcome, errors = attempt(session, save)
    if errors:
        return _party_form(request, session, who, case, FormState(values, errors), party_id, 422)
    message = (
        _("Party added and screened") if party_id is None else _("Party changed and screened again")
    )
    return done(f"/cases/{case_id}/request/parties", message)


@router.post("/cases/{case_id}/request/parties/add")
async def add_party_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    return await _save_party(request, case_id, session, who, None)


@router.post("/cases/{case_id}/request/parties/{party_id}")
async def change_party_post(
    request: Request, case_id: int, party_id: int, session: Db, who: Who
) -> Response:
    return await _save_party(request, case_id, session, who, party_id)


@router.get("/cases/{case_id}/request/parties/{party_id}/remove", response_class=HTMLResponse)
def remove_party(
    request: Request, case_id: int, party_id: int, session: Db, who: Who
) -> HTMLResponse:
    _editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    party = next((p for p in detail["parties"] if p["id"] == party_id), None)
    if party is None:
        raise InvalidInput(_("This request has no such party"), field="party_id")
    return page(request, "request/remove.html", who=who, case=detail, section="cases",
                what=f"{label(party['role'])}: {party['name']}",
                action=f"/cases/{case_id}/request/parties/{party_id}/remove",
                back=f"/cases/{case_id}/request/parties")  # fmt: skip


@router.post("/cases/{case_id}/request/parties/{party_id}/remove")
async def remove_party_post(
    request: Request, case_id: int, party_id: int, session: Db, who: Who
) -> Response:
    values = await posted(request)
    outcome, errors = attempt(session, lambda: case_parties.remove_party(
        session, who, case_id, party_id, version_of(values)))  # fmt: skip
    if errors:
        raise InvalidInput(next(iter(errors.values())), field="party_id")
    return done(f"/cases/{case_id}/request/parties", _("Party removed"))


# --- documents -----------------------------------------------------------------------------


def _documents_page(request: Request, session: Session, who: Actor, case_id: int,
                    form: FormState | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    _editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    form = form or FormState({"kind": "end_use_certificate"})
    return page(request, "request/documents.html", status_code=status_code, who=who,
                case=detail, form=form, section="cases",
                kinds=_choices([k.value for k in DocumentKind], form.value("kind")))  # fmt: skip


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
