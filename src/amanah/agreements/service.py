"""Agreements, the authorisations of their line items and alerts: what happens once a case is
approved (its deliveries: `agreements.deliveries`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah import events
from amanah.agreements import usage
from amanah.agreements.models import AgreementRow, AlertRow, DeliveryRow, ItemAuthorisationRow
from amanah.agreements.queries import agreement_for as agreement_for
from amanah.agreements.queries import deliveries_for as deliveries_for
from amanah.agreements.schemas import AgreementIn, AuthorisationIn
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import release_validity
from amanah.cases.domain import Money, TransferKind, parse_enum
from amanah.cases.models import CaseRow, DocumentRow
from amanah.db.base import utcnow
from amanah.errors import Forbidden, InvalidInput, NotFound, Refused
from amanah.events import AgreementRecorded, CaseChanged
from amanah.i18n import N_, Word
from amanah.monitoring.alerts import AlertMessage, words
from amanah.users.roles import Actor, Role

#: who may take each step after approval, and what a refusal says
WHO_MAY: dict[str, tuple[tuple[Role, ...], str]] = {
    "record_agreement": ((Role.CASE_OFFICER, Role.FINANCE),
                         "only case officers and finance officers record agreements"),
    "set_authorisation": ((Role.EXPORT_CONTROL,), "only export control sets what is authorised"),
    "schedule_delivery": ((Role.CASE_OFFICER,), "only case officers schedule deliveries"),
    "record_shipment": ((Role.CASE_OFFICER,), "only case officers record shipments"),
    "record_transit": ((Role.CASE_OFFICER,), "only case officers record where a shipment is"),
    "confirm_receipt": ((Role.PARTNER_LIAISON,), "only the recipient state's liaison confirms receipt"),
}  # fmt: skip


def require(actor: Actor, step: str) -> None:
    """Forbidden unless the actor's roles take `step` (before anything about the case is read)."""
    roles, refusal = WHO_MAY[step]
    if not actor.has(*roles):
        raise Forbidden(refusal)


#: how long an authorisation runs when neither it nor the agreement says (four years)
DEFAULT_VALIDITY_YEARS = 4


def _add_years(day: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February); the last date there is when
    that is past the calendar's end."""
    if day.year + years > date.max.year:
        return date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def record_agreement(
    session: Session, actor: Actor, case: CaseRow, data: AgreementIn
) -> AgreementRow:
    """Record the agreement of an approved case; its line items get their authorisations
    (quantity and value as approved, the agreement's period) unless they have them already.
    Refused (409) while the case's technology release has expired (today or on the signing day)."""
    require(actor, "record_agreement")
    if case.state not in ("approved", "agreement_signed"):
        raise InvalidInput(N_("case %(reference)s is %(state)s: agreements follow approval"),
                           field="state", values={"reference": case.reference, "state": Word(case.state)})  # fmt: skip
    release_validity.require_valid_release(session, case, max(utcnow().date(), data.signed_on))
    kind = parse_enum(TransferKind, data.kind, "kind")
    money = Money.parse(data.value, data.currency)
    if data.document_id is not None:
        document = session.get(DocumentRow, data.document_id)
        if document is None or document.case_id != case.id:
            raise InvalidInput(N_("case %(reference)s has no document %(document_id)s"),
                               field="document_id",
                               values={"reference": case.reference, "document_id": data.document_id})  # fmt: skip
    valid_from = data.valid_from or data.signed_on
    valid_until = data.valid_until or _add_years(valid_from, DEFAULT_VALIDITY_YEARS)
    row = AgreementRow(case_id=case.id, kind=kind.value, value=money.amount, currency=money.currency,
                       signed_on=data.signed_on, retransfer_clause=data.retransfer_clause,
                       end_use_undertakings=data.end_use_undertakings, terms=data.terms,
                       parties=[p.model_dump(mode="json") for p in data.parties],
                       payment_schedule=[p.model_dump(mode="json") for p in data.payment_schedule],
                       valid_from=valid_from, valid_until=valid_until,
                       retransfer_undertakings=data.retransfer_undertakings,
                       governing_law=data.governing_law,
                       signatories=[s.model_dump(mode="json") for s in data.signatories],
                       document_id=data.document_id, recorded_by=actor.username)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, Verb.AGREEMENT_RECORDED, "case", case.id,
                 after={**data.model_dump(mode="json"), "agreement_id": row.id})  # fmt: skip
    ensure_authorisations(session, actor, case, row)
    events.record(session, AgreementRecorded(case.id, actor, row.id))  # the clause is a fact
    return row


# --- authorisation usage --------------------------------------------------------------------


def _default_authorisations(
    case: CaseRow, agreement: AgreementRow
) -> dict[int, tuple[int, Decimal, date, date]]:
    """Each line item's authorisation as approved: its quantity, its share of the case's value
    (`usage.apportion`), the agreement's period."""
    values = usage.apportion(case.value, [(i.quantity, i.unit_value) for i in case.items])
    start = agreement.valid_from or agreement.signed_on
    end = agreement.valid_until or _add_years(start, DEFAULT_VALIDITY_YEARS)
    return {i.id: (i.quantity, v, start, end) for i, v in zip(case.items, values, strict=True)}


def authorisations_for(session: Session, case_id: int) -> dict[int, ItemAuthorisationRow]:
    rows = session.scalars(
        select(ItemAuthorisationRow).where(ItemAuthorisationRow.case_id == case_id)
    )
    return {r.line_item_id: r for r in rows}


def ensure_authorisations(session: Session, actor: Actor | str, case: CaseRow,
                          agreement: AgreementRow | None = None) -> dict[int, ItemAuthorisationRow]:  # fmt: skip
    """The case's item authorisations, the missing ones created from the approval and the
    agreement. Before an agreement there is nothing to authorise against: none are created."""
    found = authorisations_for(session, case.id)
    agreement = agreement or agreement_for(session, case.id)
    if agreement is None or all(i.id in found for i in case.items):
        return found
    who = actor if isinstance(actor, str) else actor.username
    for item_id, (quantity, value, start, end) in _default_authorisations(case, agreement).items():
        if item_id not in found:
            row = ItemAuthorisationRow(case_id=case.id, line_item_id=item_id, quantity=quantity,
                                       value=value, currency=case.currency, valid_from=start,
                                       valid_until=end, recorded_by=who)  # fmt: skip
            session.add(row)
            found[item_id] = row
    session.flush()
    return found


def set_authorisation(session: Session, actor: Actor, case: CaseRow, line_item_id: int,
                      data: AuthorisationIn) -> ItemAuthorisationRow:  # fmt: skip
    """Export control sets what is authorised for one line item. It may not fall below what
    has already shipped."""
    require(actor, "set_authorisation")
    if line_item_id not in {i.id for i in case.items}:
        raise NotFound(N_("case %(reference)s has no line item %(line_item_id)s"),
                       field="line_item_id",
                       values={"reference": case.reference, "line_item_id": line_item_id})  # fmt: skip
    found = ensure_authorisations(session, actor, case)
    if line_item_id not in found:
        raise InvalidInput(N_("case %(reference)s has no agreement yet: authorisations follow "
                              "the agreement"), field="state", values={"reference": case.reference})  # fmt: skip
    row = found[line_item_id]
    used = usage.usage(authorisation(row), shipments(session, line_item_id))
    if data.quantity < used.shipped_quantity or data.value < used.shipped_value:
        raise Refused(N_("%(shipped_quantity)s units worth %(shipped_value)s have shipped "
                         "already: the authorisation cannot be less"), field="quantity",
                         values={"shipped_quantity": used.shipped_quantity,
                                 "shipped_value": used.shipped_value})  # fmt: skip
    before = {"quantity": row.quantity, "value": str(row.value),
              "valid_from": row.valid_from.isoformat(), "valid_until": row.valid_until.isoformat()}  # fmt: skip
    row.quantity, row.value = data.quantity, data.value
    row.valid_from, row.valid_until = data.valid_from, data.valid_until
    row.recorded_by, row.recorded_at = actor.username, utcnow()
    session.flush()
    audit.record(session, actor, Verb.AUTHORISATION_SET, "case", case.id, before=before,
                 after={**data.model_dump(mode="json"), "line_item_id": line_item_id})  # fmt: skip
    events.record(session, CaseChanged(case.id, actor))  # the caps are facts of the engine's rule
    return row


def authorisation(row: ItemAuthorisationRow) -> usage.Authorisation:
    return usage.Authorisation(row.quantity, row.value, row.valid_from, row.valid_until)


SHIPPED = ("shipped", "delivered")


def shipments(
    session: Session, line_item_id: int, *, planned: bool = False
) -> list[usage.Shipment]:
    """What shipped against the item (with `planned`, also what is scheduled or held)."""
    states = (*SHIPPED, "scheduled", "on_hold") if planned else SHIPPED
    rows = session.execute(
        select(DeliveryRow.quantity, DeliveryRow.value, DeliveryRow.shipped_on, DeliveryRow.scheduled_on)
        .where(DeliveryRow.line_item_id == line_item_id, DeliveryRow.status.in_(states))
    )  # fmt: skip
    return [usage.Shipment(q, v or Decimal(0), s or p) for q, v, s, p in rows]


def usage_for(session: Session, case: CaseRow) -> list[dict[str, Any]]:
    """Per line item: authorised, shipped and remaining quantity and value, and the period.
    Before the agreement, what the approval would authorise is shown (nothing is stored)."""
    stored = authorisations_for(session, case.id)
    agreement = agreement_for(session, case.id)
    defaults = _default_authorisations(case, agreement) if agreement else {}
    rows = []
    for item in case.items:
        if item.id in stored:
            auth = authorisation(stored[item.id])
        elif item.id in defaults:
            auth = usage.Authorisation(*defaults[item.id])
        else:
            continue
        used = usage.usage(auth, shipments(session, item.id))
        planned = usage.usage(auth, shipments(session, item.id, planned=True))
        rows.append({"line_item_id": item.id, "currency": case.currency,
                     "authorised_quantity": used.authorised_quantity,
                     "authorised_value": str(used.authorised_value),
                     "shipped_quantity": used.shipped_quantity,
                     "shipped_value": str(used.shipped_value),
                     "remaining_quantity": used.remaining_quantity,
                     "remaining_value": str(used.remaining_value),
                     "unscheduled_quantity": planned.remaining_quantity,
                     "valid_from": auth.valid_from, "valid_until": auth.valid_until})  # fmt: skip
    return rows


def raise_alert(session: Session, *, user_id: int | None, case_id: int | None, kind: str,
                message: str | AlertMessage) -> AlertRow:  # fmt: skip
    """`message`: the alert's words (`amanah.monitoring.alerts`), kept as a catalogue message
    with its values and in English."""
    said = words(message)
    row = AlertRow(user_id=user_id, case_id=case_id, kind=kind, read=False, **said.columns())
    session.add(row)
    session.flush()
    audit.record(session, "system", Verb.ALERT_RAISED, "case", case_id or "-",
                 after={"kind": kind, "message": row.message})  # fmt: skip
    return row


def alerts_for(session: Session, actor: Actor) -> list[AlertRow]:
    stmt = select(AlertRow).order_by(AlertRow.raised_at.desc()).limit(200)
    if not actor.has(Role.LEADERSHIP, Role.EXPORT_CONTROL, Role.AUDITOR, Role.ADMINISTRATOR):
        stmt = stmt.where(AlertRow.user_id == actor.user_id)
    return list(session.scalars(stmt))
