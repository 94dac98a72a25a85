"""Agreements, deliveries and alerts: what happens once a case is approved."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.agreements.models import AgreementRow, AlertRow, DeliveryRow
from amanah.agreements.schemas import AgreementIn, DeliveryIn
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases.domain import Money, TransferKind, parse_enum
from amanah.cases.models import CaseRow
from amanah.errors import Forbidden, InvalidInput, NotFound
from amanah.i18n import N_
from amanah.users.roles import Actor, Role


def agreement_for(session: Session, case_id: int) -> AgreementRow | None:
    return session.scalar(
        select(AgreementRow).where(AgreementRow.case_id == case_id).order_by(AgreementRow.id.desc())
    )


def record_agreement(
    session: Session, actor: Actor, case: CaseRow, data: AgreementIn
) -> AgreementRow:
    if not actor.has(Role.CASE_OFFICER, Role.FINANCE):
        raise Forbidden(N_("only case officers and finance officers record agreements"))
    if case.state not in ("approved", "agreement_signed"):
        raise InvalidInput(f"case {case.reference} is {case.state}: agreements follow approval",
                           field="state")  # fmt: skip
    kind = parse_enum(TransferKind, data.kind, "kind")
    money = Money.parse(data.value, data.currency)
    row = AgreementRow(case_id=case.id, kind=kind.value, value=money.amount, currency=money.currency,
                       signed_on=data.signed_on, retransfer_clause=data.retransfer_clause,
                       end_use_undertakings=data.end_use_undertakings, terms=data.terms)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, Verb.AGREEMENT_RECORDED, "case", case.id,
                 after={**data.model_dump(mode="json"), "agreement_id": row.id})  # fmt: skip
    from amanah.compliance.service import assess_case

    assess_case(session, actor, case)
    return row


def schedule_delivery(
    session: Session, actor: Actor, case: CaseRow, data: DeliveryIn
) -> DeliveryRow:
    if not actor.has(Role.CASE_OFFICER):
        raise Forbidden(N_("only case officers schedule deliveries"))
    if case.state not in ("agreement_signed", "in_delivery"):
        raise InvalidInput(
            N_("deliveries are scheduled once the agreement is signed"), field="state"
        )
    item_ids = [i.id for i in case.items]
    if data.line_item_id is not None and data.line_item_id not in item_ids:
        raise InvalidInput(
            f"case {case.reference} has no line item {data.line_item_id}", field="line_item_id"
        )
    line_item = data.line_item_id or (item_ids[0] if item_ids else None)
    row = DeliveryRow(case_id=case.id, line_item_id=line_item, description=data.description,
                      quantity=data.quantity, scheduled_on=data.scheduled_on, status="scheduled")  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, Verb.DELIVERY_SCHEDULED, "case", case.id,
                 after={**data.model_dump(mode="json"), "delivery_id": row.id})  # fmt: skip
    return row


def record_shipment(
    session: Session, actor: Actor, case: CaseRow, delivery_id: int, shipped_on: date
) -> DeliveryRow:
    """A delivery left: it counts as an actual export of its year (ATT, UN Register, register)."""
    if not actor.has(Role.CASE_OFFICER):
        raise Forbidden(N_("only case officers record shipments"))
    row = session.get(DeliveryRow, delivery_id)
    if row is None or row.case_id != case.id:
        raise NotFound(f"case {case.reference} has no delivery {delivery_id}", field="delivery_id")
    if row.status != "scheduled":
        raise InvalidInput(
            f"delivery {delivery_id} is {row.status.replace('_', ' ')}", field="status"
        )
    if case.state not in ("in_delivery", "agreement_signed"):
        raise InvalidInput(
            N_("shipments are recorded while the case is in delivery"), field="state"
        )
    row.status, row.shipped_on = "shipped", shipped_on
    session.flush()
    audit.record(session, actor, Verb.DELIVERY_SHIPPED, "case", case.id,
                 after={"delivery_id": row.id, "shipped_on": shipped_on.isoformat()})  # fmt: skip
    return row


def deliveries_for(session: Session, case_id: int) -> list[DeliveryRow]:
    return list(session.scalars(select(DeliveryRow).where(DeliveryRow.case_id == case_id)
                                .order_by(DeliveryRow.scheduled_on)))  # fmt: skip


def hold_unshipped(session: Session, actor: Actor | str, case_id: int) -> int:
    held = 0
    for delivery in deliveries_for(session, case_id):
        if delivery.status == "scheduled":
            delivery.status = "on_hold"
            held += 1
            audit.record(session, actor, Verb.DELIVERY_HELD, "case", case_id,
                         after={"delivery_id": delivery.id})  # fmt: skip
    return held


def raise_alert(session: Session, *, user_id: int | None, case_id: int | None, kind: str,
                message: str) -> AlertRow:  # fmt: skip
    row = AlertRow(user_id=user_id, case_id=case_id, kind=kind, message=message, read=False)
    session.add(row)
    session.flush()
    audit.record(session, "system", Verb.ALERT_RAISED, "case", case_id or "-",
                 after={"kind": kind, "message": message})  # fmt: skip
    return row


def alerts_for(session: Session, actor: Actor) -> list[AlertRow]:
    stmt = select(AlertRow).order_by(AlertRow.raised_at.desc()).limit(200)
    if not actor.has(Role.LEADERSHIP, Role.EXPORT_CONTROL, Role.AUDITOR, Role.ADMINISTRATOR):
        stmt = stmt.where(AlertRow.user_id == actor.user_id)
    return list(session.scalars(stmt))
