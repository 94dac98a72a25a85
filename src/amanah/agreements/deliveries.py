"""Deliveries: scheduling them against a line item's authorisation, their shipment, transit
and receipt, and holding the unshipped ones when a case is suspended."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.agreements import usage
from amanah.agreements.models import DeliveryRow, ItemAuthorisationRow
from amanah.agreements.queries import deliveries_for
from amanah.agreements.schemas import DeliveryIn, ReceiptIn, ShipmentIn, TransitIn
from amanah.agreements.service import authorisation, ensure_authorisations, require, shipments
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import release_validity
from amanah.cases.models import CaseRow
from amanah.db.base import utcnow
from amanah.errors import Forbidden, InvalidInput, NotFound, Refused
from amanah.i18n import N_
from amanah.users.roles import Actor


def _locked_authorisation(session: Session, actor: Actor, case: CaseRow,
                          line_item_id: int) -> ItemAuthorisationRow:  # fmt: skip
    """The item's authorisation, locked until the transaction ends: two shipments at the same
    moment cannot both take the last units."""
    ensure_authorisations(session, actor, case)
    row = session.scalar(select(ItemAuthorisationRow)
                         .where(ItemAuthorisationRow.line_item_id == line_item_id)
                         .with_for_update())  # fmt: skip
    if row is None:
        raise InvalidInput(N_("case %(reference)s has no agreement: nothing is authorised yet"),
                           field="state", values={"reference": case.reference})  # fmt: skip
    return row


def schedule_delivery(
    session: Session, actor: Actor, case: CaseRow, data: DeliveryIn
) -> DeliveryRow:
    """Plan a delivery against a line item; the plan may not promise more than is authorised,
    nor leave once the technology release has expired (409)."""
    require(actor, "schedule_delivery")
    if case.state not in ("agreement_signed", "in_delivery"):
        raise InvalidInput(
            N_("deliveries are scheduled once the agreement is signed"), field="state"
        )
    item_ids = [i.id for i in case.items]
    if data.line_item_id is not None and data.line_item_id not in item_ids:
        raise InvalidInput(
            N_("case %(reference)s has no line item %(line_item_id)s"),
            field="line_item_id",
            values={"reference": case.reference, "line_item_id": data.line_item_id},
        )
    line_item = data.line_item_id or (item_ids[0] if item_ids else None)
    if line_item is None:
        raise InvalidInput(
            N_("case %(reference)s has no line items"),
            field="line_item_id",
            values={"reference": case.reference},
        )
    release_validity.require_valid_release(session, case, max(utcnow().date(), data.scheduled_on))
    auth_row = _locked_authorisation(session, actor, case, line_item)
    auth = authorisation(auth_row)
    planned = shipments(session, line_item, planned=True)
    value = data.value
    if value is None:
        value = usage.shipment_value(auth, data.quantity, usage.usage(auth, planned))
    new = usage.Shipment(data.quantity, value, data.scheduled_on)
    problems = usage.refusals(auth, planned, new, counted=usage.SCHEDULED_OR_SHIPPED)
    if problems:
        raise Refused(
            N_("Cannot schedule this delivery: %(problems)s"),
            field="quantity",
            values={"problems": "; ".join(p.translated() for p in problems)},
        )
    row = DeliveryRow(case_id=case.id, line_item_id=line_item, description=data.description,
                      quantity=data.quantity, scheduled_on=data.scheduled_on, status="scheduled",
                      value=value, carrier=data.carrier)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, Verb.DELIVERY_SCHEDULED, "case", case.id,
                 after={**data.model_dump(mode="json"), "delivery_id": row.id})  # fmt: skip
    return row


def _delivery(session: Session, case: CaseRow, delivery_id: int) -> DeliveryRow:
    row = session.get(DeliveryRow, delivery_id)
    if row is None or row.case_id != case.id:
        raise NotFound(
            N_("case %(reference)s has no delivery %(delivery_id)s"),
            field="delivery_id",
            values={"reference": case.reference, "delivery_id": delivery_id},
        )
    return row


def record_shipment(session: Session, actor: Actor, case: CaseRow, delivery_id: int,
                    shipped_on: date | ShipmentIn) -> DeliveryRow:  # fmt: skip
    """A delivery left: it counts as an actual export of its year (ATT, UN Register, register).
    Refused (409) beyond the remaining quantity or value of its item, outside the period, or when
    the technology release had expired on the day it left."""
    data = shipped_on if isinstance(shipped_on, ShipmentIn) else ShipmentIn(shipped_on=shipped_on)
    require(actor, "record_shipment")
    row = _delivery(session, case, delivery_id)
    if row.status != "scheduled":
        raise Refused(
            N_("delivery %(delivery_id)s is %(status)s"),
            field="status",
            values={"delivery_id": delivery_id, "status": row.status.replace("_", " ")},
        )
    if case.state not in ("in_delivery", "agreement_signed"):
        raise Refused(N_("shipments are recorded while the case is in delivery"), field="state")
    if row.line_item_id is None:
        raise InvalidInput(
            N_("delivery %(delivery_id)s names no line item"),
            field="line_item_id",
            values={"delivery_id": delivery_id},
        )
    release_validity.require_valid_release(session, case, data.shipped_on)
    auth = authorisation(_locked_authorisation(session, actor, case, row.line_item_id))
    shipped = shipments(session, row.line_item_id)
    quantity = data.quantity or row.quantity
    value = data.value
    if value is None:
        value = (row.value if quantity == row.quantity and row.value is not None
                 else usage.shipment_value(auth, quantity, usage.usage(auth, shipped)))  # fmt: skip
    problems = usage.refusals(auth, shipped, usage.Shipment(quantity, value, data.shipped_on))
    if problems:
        raise Refused(
            N_("Cannot record this shipment: %(problems)s"),
            field="quantity",
            values={"problems": "; ".join(p.translated() for p in problems)},
        )
    row.status, row.shipped_on = "shipped", data.shipped_on
    row.quantity, row.value = quantity, value
    row.carrier = data.carrier or row.carrier
    row.serials = list(data.serials)
    row.transit_state = "in_transit"
    row.transit_log = [{"state": "in_transit", "on": data.shipped_on.isoformat(),
                        "note": row.carrier, "by": actor.username}]  # fmt: skip
    session.flush()
    audit.record(session, actor, Verb.DELIVERY_SHIPPED, "case", case.id,
                 after={"delivery_id": row.id, "shipped_on": data.shipped_on.isoformat(),
                        "quantity": quantity, "value": str(value), "carrier": row.carrier})  # fmt: skip
    return row


def record_transit(session: Session, actor: Actor, case: CaseRow, delivery_id: int,
                   data: TransitIn) -> DeliveryRow:  # fmt: skip
    """Where a shipped delivery is: in transit, at customs, arrived."""
    require(actor, "record_transit")
    row = _delivery(session, case, delivery_id)
    if row.status != "shipped":
        raise Refused(N_("delivery %(delivery_id)s is %(status)s: only a shipment on its "
                         "way has a transit state"), field="status",
                         values={"delivery_id": delivery_id, "status": row.status.replace('_', ' ')})  # fmt: skip
    if row.shipped_on is not None and data.on < row.shipped_on:
        raise InvalidInput(N_("the date is before the shipment left"), field="on")
    row.transit_state = data.state
    row.transit_log = [*row.transit_log, {"state": data.state, "on": data.on.isoformat(),
                                          "note": data.note, "by": actor.username}]  # fmt: skip
    session.flush()
    audit.record(session, actor, Verb.DELIVERY_TRANSIT, "case", case.id,
                 after={"delivery_id": row.id, **data.model_dump(mode="json")})  # fmt: skip
    return row


def confirm_receipt(session: Session, actor: Actor, case: CaseRow, delivery_id: int,
                    data: ReceiptIn) -> DeliveryRow:  # fmt: skip
    """The recipient state's liaison confirms that a shipment arrived."""
    require(actor, "confirm_receipt")
    if actor.country != case.partner_code:
        raise Forbidden(N_("only the recipient state's liaison confirms receipt"))
    row = _delivery(session, case, delivery_id)
    if row.status != "shipped":
        raise Refused(N_("delivery %(delivery_id)s is %(status)s: only a shipment on its "
                         "way can be received"), field="status",
                         values={"delivery_id": delivery_id, "status": row.status.replace('_', ' ')})  # fmt: skip
    if row.shipped_on is not None and data.received_on < row.shipped_on:
        raise InvalidInput(
            N_("the delivery cannot be received before it left"), field="received_on"
        )
    row.status, row.received_on, row.received_by = "delivered", data.received_on, actor.username
    row.receipt_note, row.transit_state = data.note, "received"
    row.transit_log = [*row.transit_log, {"state": "received", "on": data.received_on.isoformat(),
                                          "note": data.note, "by": actor.username}]  # fmt: skip
    session.flush()
    audit.record(session, actor, Verb.DELIVERY_RECEIVED, "case", case.id,
                 after={"delivery_id": row.id, **data.model_dump(mode="json")})  # fmt: skip
    return row


def hold_unshipped(session: Session, actor: Actor | str, case_id: int) -> int:
    held = 0
    for delivery in deliveries_for(session, case_id):
        if delivery.status == "scheduled":
            delivery.status = "on_hold"
            held += 1
            audit.record(session, actor, Verb.DELIVERY_HELD, "case", case_id,
                         after={"delivery_id": delivery.id})  # fmt: skip
    return held
