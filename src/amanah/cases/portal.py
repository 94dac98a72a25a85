"""The partner-facing projection of a case: what a partner state's liaison may know of its own
request — where it stands, what was asked for, the documents it supplied or still owes, the
agreement and deliveries — and never the directorate's internals (findings, assessments,
decisions' reasons, staff names, screening, the audit trail)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from amanah.agreements.queries import agreement_for, deliveries_for
from amanah.cases import workflow
from amanah.cases.domain import DocumentKind
from amanah.cases.service import EDITABLE_STATES, get_case, snapshot
from amanah.catalogue.classification import Classification
from amanah.catalogue.models import TechnologyRow
from amanah.i18n import N_, gettext
from amanah.partners.models import PartnerRow
from amanah.users.roles import Actor

S = workflow.CaseState
#: the states as a partner reads them: internal review steps are one "under review"
PARTNER_STATES: dict[S, str] = {
    S.DRAFT: N_("Draft"),
    S.SUBMITTED: N_("Received"),
    S.RELEASE_REVIEW: N_("Under review"),
    S.COMPLIANCE_REVIEW: N_("Under review"),
    S.AWAITING_APPROVAL: N_("Under review"),
    S.APPROVED: N_("Approved"),
    S.REFUSED: N_("Not approved"),
    S.AGREEMENT_SIGNED: N_("Agreement signed"),
    S.IN_DELIVERY: N_("In delivery"),
    S.DELIVERED: N_("Delivered"),
    S.END_USE_MONITORING: N_("End-use monitoring"),
    S.CLOSED: N_("Closed"),
    S.WITHDRAWN: N_("Withdrawn"),
    S.SUSPENDED: N_("On hold"),
}
#: documents a partner owes before approval
OWED = (DocumentKind.END_USE_CERTIFICATE,)


def partner_view(session: Session, actor: Actor, case_id: int) -> dict[str, Any]:
    case = get_case(session, actor, case_id)
    partner = session.get_one(PartnerRow, case.partner_code)
    agreement = agreement_for(session, case.id)
    items = []
    for item in case.items:
        tech = session.get_one(TechnologyRow, item.technology_id)
        items.append({"id": item.id, "technology": tech.name, "quantity": item.quantity,
                      "kind": item.kind, "unit_value": item.unit_value})  # fmt: skip
    supplied = [
        {"id": d.id, "kind": d.kind, "filename": d.filename, "uploaded_at": d.uploaded_at}
        for d in case.documents
        if d.classification == Classification.UNCLASSIFIED
    ]
    kinds = {d["kind"] for d in supplied}
    state = S(case.state)
    return {
        "id": case.id,
        "reference": case.reference,
        "title": case.title,
        "state": case.state,
        "status": PARTNER_STATES[state],
        "version": case.version,
        "value": str(case.value),
        "currency": case.currency,
        "transfer_date": case.transfer_date,
        "partner": {"code": partner.code, "name": partner.name},
        "items": items,
        "parties": [{"id": p.id, "role": p.role, "name": p.name, "country": p.country,
                     "type": p.party_type, "sector": p.sector} for p in case.parties],  # fmt: skip
        "documents": supplied,
        "owed": [k.value for k in OWED if k.value not in kinds and state not in workflow.FINAL_STATES],
        "agreement": None if agreement is None else {
            "kind": agreement.kind, "value": str(agreement.value),
            "currency": agreement.currency, "signed_on": agreement.signed_on,
        },
        "deliveries": [{"description": d.description, "quantity": d.quantity,
                        "scheduled_on": d.scheduled_on, "status": d.status}
                       for d in deliveries_for(session, case.id)],  # fmt: skip
        "actions": [{"action": t.action, "label": gettext(t.label), "needs_reason": t.needs_reason}
                    for t in workflow.available_actions(actor, snapshot(session, case))],  # fmt: skip
        "editable": state in EDITABLE_STATES,
    }  # fmt: skip
