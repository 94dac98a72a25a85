"""The agreement and the deliveries of a case as pages, the API and the command line show
them; a partner liaison's view leaves out who recorded what."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from amanah.agreements import service as agreements
from amanah.agreements.models import AgreementRow, DeliveryRow
from amanah.agreements.queries import deliveries_for
from amanah.cases.models import CaseRow
from amanah.catalogue.models import TechnologyRow
from amanah.i18n import gettext as _
from amanah.users.roles import Actor


def agreement_dict(row: AgreementRow | None, partner_facing: bool = False) -> dict[str, Any] | None:
    if row is None:
        return None
    shown: dict[str, Any] = {
        "id": row.id, "kind": row.kind, "value": str(row.value), "currency": row.currency,
        "signed_on": row.signed_on, "valid_from": row.valid_from, "valid_until": row.valid_until,
        "parties": row.parties, "payment_schedule": row.payment_schedule,
        "retransfer_clause": row.retransfer_clause,
        "end_use_undertakings": row.end_use_undertakings,
        "retransfer_undertakings": row.retransfer_undertakings,
        "governing_law": row.governing_law, "signatories": row.signatories,
        "document_id": row.document_id, "terms": row.terms,
    }  # fmt: skip
    if not partner_facing:
        shown["recorded_by"] = row.recorded_by
    return shown


def _item_names(session: Session, case: CaseRow, who: Actor) -> dict[int, str]:
    names = {}
    for item in case.items:
        tech = session.get_one(TechnologyRow, item.technology_id)
        hidden = tech.classification > who.clearance
        names[item.id] = _("(classified above your clearance)") if hidden else tech.name
    return names


def delivery_dict(row: DeliveryRow, partner_facing: bool = False) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": row.id, "line_item_id": row.line_item_id, "description": row.description,
        "quantity": row.quantity, "value": None if row.value is None else str(row.value),
        "scheduled_on": row.scheduled_on, "shipped_on": row.shipped_on, "status": row.status,
        "carrier": row.carrier, "serials": row.serials, "transit_state": row.transit_state,
        "received_on": row.received_on, "receipt_note": row.receipt_note,
        "transit_log": [{k: v for k, v in e.items() if k != "by" or not partner_facing}
                        for e in row.transit_log],
    }  # fmt: skip
    return shown


def deliveries_view(session: Session, who: Actor, case: CaseRow) -> dict[str, Any]:
    names = _item_names(session, case, who)
    partner_facing = who.is_partner
    usage = [{**u, "item": names.get(u["line_item_id"], "")}
             for u in agreements.usage_for(session, case)]  # fmt: skip
    return {
        "case_id": case.id,
        "reference": case.reference,
        "state": case.state,
        "usage": usage,
        "deliveries": [
            {**delivery_dict(d, partner_facing), "item": names.get(d.line_item_id or 0, "")}
            for d in deliveries_for(session, case.id)
        ],  # fmt: skip
    }
