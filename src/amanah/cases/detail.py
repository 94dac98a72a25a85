"""One case as a reader sees it: every fact, finding and event, filtered by need to know."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from amanah.agreements.industrial import offsets_for, programmes_for
from amanah.agreements.queries import agreement_for, deliveries_for
from amanah.audit.search import describe
from amanah.audit.service import events_for
from amanah.cases import workflow
from amanah.cases.rfi import clock_dict, clocks
from amanah.cases.service import current_assessment, get_case, release_decision, snapshot
from amanah.catalogue.classification import Classification
from amanah.catalogue.models import TechnologyRow
from amanah.catalogue.service import to_domain as technology_of
from amanah.compliance.gather import assessed_classification, assessed_entries
from amanah.i18n import gettext
from amanah.partners.models import PartnerRow
from amanah.screening.service import hits_for_case
from amanah.users.roles import Actor


def case_detail(session: Session, actor: Actor, case_id: int) -> dict[str, Any]:
    case = get_case(session, actor, case_id)
    partner = session.get_one(PartnerRow, case.partner_code)
    assessment = current_assessment(session, case.id)
    agreement = agreement_for(session, case.id)
    items = []
    for item in case.items:
        tech = session.get_one(TechnologyRow, item.technology_id)
        hidden = tech.classification > actor.clearance
        catalogue = technology_of(tech)
        level = assessed_classification(item, catalogue.classification)
        entries = [e.code for e in assessed_entries(item, catalogue.control_entries)]
        declared = item.declared_classification
        items.append({
            "id": item.id, "technology_id": tech.id,
            "technology": "(classified above your clearance)" if hidden else tech.name,
            "classification": level.label, "control_entries": entries,
            "quantity": item.quantity, "kind": item.kind,
            "declared": {
                "control_entries": item.declared_control_entries,
                "classification": None if declared is None else Classification(declared).label,
            },
            "assessed": None if item.assessed_by is None else {
                "by": item.assessed_by, "at": item.assessed_at, "note": item.assessment_note,
            },
            "declared_differs": bool(item.declared_control_entries or declared is not None) and (
                sorted(item.declared_control_entries) != sorted(entries)
                or (declared is not None and declared != int(level))
            ),
        })  # fmt: skip
    snap = snapshot(session, case)
    parties = {p.id: p.name for p in case.parties}
    return {
        "id": case.id,
        "reference": case.reference,
        "title": case.title,
        "state": case.state,
        "version": case.version,
        "outcome": case.outcome,
        "value": str(case.value),
        "currency": case.currency,
        "transfer_date": case.transfer_date,
        "partner": {"code": partner.code, "name": partner.name},
        "items": items,
        "parties": [
            {
                "id": p.id,
                "role": p.role,
                "name": p.name,
                "country": p.country,
                "type": p.party_type,
                "sector": p.sector,
            }
            for p in case.parties
        ],  # fmt: skip
        "documents": [
            {"id": d.id, "kind": d.kind, "filename": d.filename, "size": d.size, "sha256": d.sha256}
            for d in case.documents
            if d.classification <= actor.clearance
        ],  # fmt: skip
        "decisions": [
            {
                "kind": d.kind,
                "outcome": d.outcome,
                "reason": d.reason,
                "by": d.decided_by,
                "at": d.decided_at,
                "assessment_id": d.assessment_id,
            }
            for d in case.decisions
        ],  # fmt: skip
        "screening": [
            {
                "id": h.id,
                "party": parties.get(h.party_id, ""),
                "list": h.list_name,
                "entity_id": h.entity_id,
                "name": h.entity_name,
                "score": round(h.score, 2),
                "status": h.status,
                "reason": h.reason,
                "reviewed_by": h.reviewed_by,
                "explanation": h.explanation,
            }
            for h in hits_for_case(session, case.id)
        ],  # fmt: skip
        "evaluations": programmes_for(session, case.id),
        "offsets": offsets_for(session, case.id),
        "release_decision": release_decision(case),
        "assessment_id": assessment.id if assessment else None,
        "ruleset_version": assessment.ruleset_version if assessment else None,
        # a reason marked for translation (N_) reads in the reader's language; stored English
        "findings": [{**f, "reason": gettext(f["reason"])} for f in assessment.findings]
        if assessment
        else [],
        "agreement": None
        if agreement is None
        else {
            "kind": agreement.kind,
            "value": str(agreement.value),
            "currency": agreement.currency,
            "signed_on": agreement.signed_on,
            "retransfer_clause": agreement.retransfer_clause,
        },
        "deliveries": [
            {
                "description": d.description,
                "quantity": d.quantity,
                "scheduled_on": d.scheduled_on,
                "status": d.status,
            }
            for d in deliveries_for(session, case.id)
        ],  # fmt: skip
        "timeline": [
            {
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "from": e.from_state,
                "to": e.to_state,
                "note": e.note,
                "note_id": e.note_id,
                "note_values": e.note_values,
            }
            for e in case.events
        ],  # fmt: skip
        "audit": [
            {"seq": e.seq, "at": e.at, "text": describe(e, {str(case.id): case.reference})}
            for e in events_for(session, "case", case.id, 20)
        ],
        "actions": [
            {"action": t.action, "label": gettext(t.label), "needs_reason": t.needs_reason}
            for t in workflow.available_actions(actor, snap)
        ],  # fmt: skip
        "blocked": [
            {"action": t.action, "label": gettext(t.label), "reasons": reasons}
            for t, reasons in workflow.blocked_actions(actor, snap)
        ],
        "clock": clock_dict(clocks(session, [case.id]).get(case.id)),  # service level (RFIs)
    }
