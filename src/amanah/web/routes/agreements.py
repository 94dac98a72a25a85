"""Agreements, authorisation usage and deliveries of an approved case: pages and their API.

Case officers (and finance) record the agreement with its signed copy; export control may change
what is authorised per line item; case officers schedule deliveries, record shipments and where
they are; the recipient state's liaison confirms receipt in the partner portal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from amanah.agreements import deliveries
from amanah.agreements import service as agreements
from amanah.agreements.models import AgreementRow, DeliveryRow
from amanah.agreements.schemas import (
    TRANSIT_STATES,
    AgreementIn,
    AgreementParty,
    AuthorisationIn,
    DeliveryIn,
    Payment,
    ReceiptIn,
    ShipmentIn,
    Signatory,
    TransitIn,
)
from amanah.agreements.views import agreement_dict, deliveries_view, delivery_dict
from amanah.cases import service as cases
from amanah.cases.documents import add_document
from amanah.cases.domain import TransferKind
from amanah.config import get_settings
from amanah.errors import InvalidInput, NotFound
from amanah.i18n import N_
from amanah.i18n import gettext as _
from amanah.labels import label
from amanah.users.roles import Actor, Role
from amanah.web.deps import Db, Who, check_csrf, page
from amanah.web.forms import FormState, attempt, date_field, done, posted
from amanah.web.uploads import read_upload

router = APIRouter()
T = TypeVar("T", bound=BaseModel)


# --- API ------------------------------------------------------------------------------------


@router.get("/api/v1/cases/{case_id}/agreement", tags=["agreements"])
def api_agreement(case_id: int, session: Db, who: Who) -> dict[str, Any]:
    """The case's agreement; 404 while none is recorded."""
    case = cases.get_case(session, who, case_id)
    shown = agreement_dict(agreements.agreement_for(session, case.id), who.is_partner)
    if shown is None:
        raise NotFound(
            N_("case %(reference)s has no agreement yet"),
            field="case_id",
            values={"reference": case.reference},
        )
    return shown


@router.post("/api/v1/cases/{case_id}/agreement", status_code=201, tags=["agreements"])
def api_record_agreement(case_id: int, data: AgreementIn, session: Db, who: Who) -> dict[str, Any]:
    """Record the signed agreement (case officers, finance); the line items get their
    authorisations. Upload the signed copy first (documents) and give its `document_id`."""
    agreements.require(who, "record_agreement")
    case = cases.get_case(session, who, case_id, for_update=True)
    row = agreements.record_agreement(session, who, case, data)
    shown = agreement_dict(row)
    assert shown is not None
    return shown


@router.get("/api/v1/cases/{case_id}/deliveries", tags=["deliveries"])
def api_deliveries(case_id: int, session: Db, who: Who) -> dict[str, Any]:
    """Per line item authorised / shipped / remaining, and every delivery with its transit."""
    return deliveries_view(session, who, cases.get_case(session, who, case_id))


@router.put("/api/v1/cases/{case_id}/items/{item_id}/authorisation", tags=["deliveries"])
def api_authorise(
    case_id: int, item_id: int, data: AuthorisationIn, session: Db, who: Who
) -> dict[str, Any]:
    """Set what is authorised for a line item (export control); never below what shipped."""
    agreements.require(who, "set_authorisation")
    case = cases.get_case(session, who, case_id, for_update=True)
    agreements.set_authorisation(session, who, case, item_id, data)
    return deliveries_view(session, who, case)


@router.post("/api/v1/cases/{case_id}/deliveries", status_code=201, tags=["deliveries"])
def api_schedule(case_id: int, data: DeliveryIn, session: Db, who: Who) -> dict[str, Any]:
    """Schedule a delivery against a line item; 409 when it would exceed what is authorised."""
    agreements.require(who, "schedule_delivery")
    case = cases.get_case(session, who, case_id, for_update=True)
    return delivery_dict(deliveries.schedule_delivery(session, who, case, data))


@router.post("/api/v1/cases/{case_id}/deliveries/{delivery_id}/shipment", tags=["deliveries"])
def api_ship(
    case_id: int, delivery_id: int, data: ShipmentIn, session: Db, who: Who
) -> dict[str, Any]:
    """Record that a delivery left; 409 beyond the remaining quantity or value, or after the
    authorisation expired. Shipments are the actual exports the reports count."""
    agreements.require(who, "record_shipment")
    case = cases.get_case(session, who, case_id, for_update=True)
    return delivery_dict(deliveries.record_shipment(session, who, case, delivery_id, data))


@router.post("/api/v1/cases/{case_id}/deliveries/{delivery_id}/transit", tags=["deliveries"])
def api_transit(
    case_id: int, delivery_id: int, data: TransitIn, session: Db, who: Who
) -> dict[str, Any]:
    """Record where a shipment is: in transit, at customs, arrived."""
    agreements.require(who, "record_transit")
    case = cases.get_case(session, who, case_id)
    return delivery_dict(deliveries.record_transit(session, who, case, delivery_id, data))


@router.post("/api/v1/cases/{case_id}/deliveries/{delivery_id}/receipt", tags=["deliveries"])
def api_receipt(
    case_id: int, delivery_id: int, data: ReceiptIn, session: Db, who: Who
) -> dict[str, Any]:
    """The recipient state's liaison confirms receipt."""
    agreements.require(who, "confirm_receipt")
    case = cases.get_case(session, who, case_id)
    row = deliveries.confirm_receipt(session, who, case, delivery_id, data)
    return delivery_dict(row, who.is_partner)


# --- pages: the agreement -------------------------------------------------------------------

KINDS = [k.value for k in TransferKind]


def _agreement_page(request: Request, session: Session, who: Actor, case_id: int,
                    form: FormState, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    case = cases.get_case(session, who, case_id)
    row = agreements.agreement_for(session, case.id)
    may_record = who.has(Role.CASE_OFFICER, Role.FINANCE) and case.state in ("approved",
                                                                            "agreement_signed")  # fmt: skip
    kinds = [{"value": k, "text": label(k), "selected": form.value("kind", case.items[0].kind
             if case.items else "") == k} for k in KINDS]  # fmt: skip
    documents = {d.id: d.filename for d in case.documents if d.classification <= who.clearance}
    return page(request, "lifecycle/agreement.html", status_code=status_code, who=who, case=case,
                agreement=agreement_dict(row, who.is_partner), may_record=may_record and row is None,
                form=form, kinds=kinds, documents=documents, section="cases")  # fmt: skip


@router.get("/cases/{case_id}/agreement", response_class=HTMLResponse, include_in_schema=False)
def agreement_page(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    case = cases.get_case(session, who, case_id)
    values = {"value": str(case.value), "currency": case.currency}
    return _agreement_page(request, session, who, case_id, FormState(values))


def _lines(text: str, parts: int, field: str, example: str) -> list[list[str]]:
    """Lines of `a; b; c`, each with `parts` parts."""
    found = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(";")]
        if len(cells) != parts or not all(cells[: parts - 1]):
            raise InvalidInput(_("Line %(n)s: write it as %(example)s") % {"n": n, "example": example},
                               field=field)  # fmt: skip
        found.append(cells)
    return found


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(_("%(text)s is not a date: write it as 2027-03-27") % {"text": text},
                           field=field) from None  # fmt: skip


def _part(model: type[T], field: str, line: int, **values: Any) -> T:
    """One line of a list field as its model; a problem names the field and the line."""
    try:
        return model(**values)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise InvalidInput(_("Line %(n)s: %(where)s: %(problem)s")
                           % {"n": line, "where": where, "problem": problem["msg"]}, field=field) from None  # fmt: skip


def _amount(text: str, field: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(_("%(text)s is not an amount: write it as 500000") % {"text": text},
                           field=field) from None  # fmt: skip


def _agreement_from(values: dict[str, str], document_id: int | None) -> AgreementIn:
    signed_on = date_field(values, "signed_on")
    if signed_on is None:
        raise InvalidInput(_("Enter the date the agreement was signed"), field="signed_on")
    value = _amount(values.get("value", ""), "value")
    parties = [_part(AgreementParty, "parties", n, role=r, name=name, country=c.upper())
               for n, (r, name, c) in enumerate(_lines(values.get("parties", ""), 3, "parties",
                                                       _("supplier; name; country code")), 1)]  # fmt: skip
    payments = [_part(Payment, "payment_schedule", n, due_on=_day(d, "payment_schedule"),
                      amount=_amount(a, "payment_schedule"), milestone=m)
                for n, (d, a, m) in enumerate(_lines(values.get("payment_schedule", ""), 3,
                                                     "payment_schedule",
                                                     _("2027-03-27; 500000; on signature")), 1)]  # fmt: skip
    signed_lines = _lines(values.get("signatories", ""), 4, "signatories",
                          _("name; title; on behalf of; 2027-03-27"))  # fmt: skip
    signatories = [_part(Signatory, "signatories", n, name=name, title=t, on_behalf_of=b,
                         signed_on=_day(d, "signatories"))
                   for n, (name, t, b, d) in enumerate(signed_lines, 1)]  # fmt: skip
    return AgreementIn(
        kind=values.get("kind", ""), value=value, currency=values.get("currency", "USD").upper(),
        signed_on=signed_on, valid_from=date_field(values, "valid_from"),
        valid_until=date_field(values, "valid_until"), parties=parties, payment_schedule=payments,
        retransfer_clause=values.get("retransfer_clause") == "yes",
        end_use_undertakings=values.get("end_use_undertakings", ""),
        retransfer_undertakings=values.get("retransfer_undertakings", ""),
        governing_law=values.get("governing_law", ""), signatories=signatories,
        document_id=document_id, terms=values.get("terms", ""),
    )  # fmt: skip


@router.post("/cases/{case_id}/agreement", include_in_schema=False)
async def agreement_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    form = await request.form()
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
    check_csrf(request, values.pop("csrf", ""))
    upload = form.get("file")
    content = b""
    if upload is not None and not isinstance(upload, str) and upload.filename:
        try:
            content = await read_upload(upload, get_settings().max_document_bytes)
        except InvalidInput as error:
            return _agreement_page(request, session, who, case_id,
                                   FormState(values, {"file": error.message}), 422)  # fmt: skip

    def record() -> AgreementRow:
        case = cases.get_case(session, who, case_id, for_update=True)
        document_id = None
        if content and upload is not None and not isinstance(upload, str):
            document_id = add_document(
                session, who, case_id, kind="agreement", filename=upload.filename or "agreement",
                content_type=upload.content_type or "application/octet-stream", content=content).id  # fmt: skip
        return agreements.record_agreement(session, who, case, _agreement_from(values, document_id))

    outcome, errors = attempt(session, record)
    if errors:
        return _agreement_page(request, session, who, case_id, FormState(values, errors), 422)
    return done(f"/cases/{case_id}/agreement", _("Agreement recorded"))


# --- pages: deliveries ----------------------------------------------------------------------


def _deliveries_page(request: Request, session: Session, who: Actor, case_id: int,
                     form: FormState | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    case = cases.get_case(session, who, case_id)
    view = deliveries_view(session, who, case)
    form = form or FormState()
    officer = who.has(Role.CASE_OFFICER)
    items = [{"value": str(u["line_item_id"]), "text": u["item"],
              "selected": form.value("line_item_id") == str(u["line_item_id"])} for u in view["usage"]]  # fmt: skip
    transit = [{"value": s, "text": label(s)} for s in TRANSIT_STATES]
    return page(request, "lifecycle/deliveries.html", status_code=status_code, who=who, case=case,
                view=view, form=form, officer=officer, items=items, transit=transit,
                may_schedule=officer and case.state in ("agreement_signed", "in_delivery"),
                may_ship=officer and case.state in ("agreement_signed", "in_delivery"),
                may_receive=who.is_partner and who.country == case.partner_code,
                section="cases")  # fmt: skip


@router.get("/cases/{case_id}/deliveries", response_class=HTMLResponse, include_in_schema=False)
def deliveries_page(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    return _deliveries_page(request, session, who, case_id)


def _int(values: dict[str, str], name: str, required: bool = True) -> int | None:
    text = values.get(name, "").replace(",", "")
    if not text and not required:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        raise InvalidInput(_("Enter a whole number"), field=name)
    return int(text)


def _money(values: dict[str, str], name: str) -> Decimal | None:
    text = values.get(name, "").replace(",", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InvalidInput(
            _("Enter the value as a number, for example 1200000"), field=name
        ) from None


@router.post("/cases/{case_id}/deliveries", include_in_schema=False)
async def schedule_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)

    def schedule() -> DeliveryRow:
        case = cases.get_case(session, who, case_id, for_update=True)
        on = date_field(values, "scheduled_on")
        if on is None:
            raise InvalidInput(
                _("Enter the date the delivery is planned for"), field="scheduled_on"
            )
        return deliveries.schedule_delivery(session, who, case, DeliveryIn(
            description=values.get("description", ""), quantity=_int(values, "quantity") or 0,
            scheduled_on=on, line_item_id=_int(values, "line_item_id", required=False),
            value=_money(values, "value"), carrier=values.get("carrier", "")))  # fmt: skip

    outcome, errors = attempt(session, schedule)
    if errors:
        return _deliveries_page(request, session, who, case_id, FormState(values, errors), 409
                                if "quantity" in errors and "exceed" in errors["quantity"] else 422)  # fmt: skip
    return done(f"/cases/{case_id}/deliveries", _("Delivery scheduled"))


@router.post("/cases/{case_id}/deliveries/{delivery_id}/shipment", include_in_schema=False)
async def ship_post(
    request: Request, case_id: int, delivery_id: int, session: Db, who: Who
) -> Response:
    values = await posted(request)

    def ship() -> DeliveryRow:
        case = cases.get_case(session, who, case_id, for_update=True)
        on = date_field(values, "shipped_on")
        if on is None:
            raise InvalidInput(_("Enter the date the shipment left"), field="shipped_on")
        serials = [
            s.strip()
            for s in values.get("serials", "").replace(",", "\n").splitlines()
            if s.strip()
        ]
        return deliveries.record_shipment(session, who, case, delivery_id, ShipmentIn(
            shipped_on=on, quantity=_int(values, "quantity", required=False),
            value=_money(values, "value"), carrier=values.get("carrier", ""), serials=serials))  # fmt: skip

    outcome, errors = attempt(session, ship)
    if errors:
        return _deliveries_page(request, session, who, case_id,
                                FormState({**values, "delivery": str(delivery_id)}, errors), 409)  # fmt: skip
    return done(f"/cases/{case_id}/deliveries", _("Shipment recorded"))


@router.post("/cases/{case_id}/deliveries/{delivery_id}/transit", include_in_schema=False)
async def transit_post(
    request: Request, case_id: int, delivery_id: int, session: Db, who: Who
) -> Response:
    values = await posted(request)

    def track() -> DeliveryRow:
        case = cases.get_case(session, who, case_id)
        if values.get("state") not in TRANSIT_STATES:
            raise InvalidInput(_("Choose where the shipment is"), field="state")
        on = date_field(values, "on")
        if on is None:
            raise InvalidInput(_("Enter the date it got there"), field="on")
        return deliveries.record_transit(session, who, case, delivery_id, TransitIn.model_validate(
            {"state": values["state"], "on": on, "note": values.get("note", "")}))  # fmt: skip

    outcome, errors = attempt(session, track)
    if errors:
        return _deliveries_page(request, session, who, case_id, FormState(values, errors), 409)
    return done(f"/cases/{case_id}/deliveries", _("Shipment tracked"))


@router.post("/cases/{case_id}/deliveries/{delivery_id}/receipt", include_in_schema=False)
async def receipt_post(
    request: Request, case_id: int, delivery_id: int, session: Db, who: Who
) -> Response:
    values = await posted(request)

    def receive() -> DeliveryRow:
        case = cases.get_case(session, who, case_id)
        on = date_field(values, "received_on")
        if on is None:
            raise InvalidInput(_("Enter the date the delivery arrived"), field="received_on")
        return deliveries.confirm_receipt(session, who, case, delivery_id,
                                          ReceiptIn(received_on=on, note=values.get("note", "")))  # fmt: skip

    outcome, errors = attempt(session, receive)
    if errors:
        return _deliveries_page(request, session, who, case_id, FormState(values, errors), 409)
    return done(f"/cases/{case_id}/deliveries", _("Receipt confirmed"))
