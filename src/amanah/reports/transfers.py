"""The transfers every report is built from: shipped deliveries (actual exports) and approved
line items (authorised exports), each with its category, importing state, number and value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from amanah.agreements.models import AgreementRow, DeliveryRow
from amanah.cases.models import CaseRow, DecisionRow, LineItemRow
from amanah.catalogue.models import TechnologyRow
from amanah.partners.models import PartnerRow


@dataclass(frozen=True)
class Transfer:
    case_id: int
    reference: str
    importer: str  # ISO alpha-2
    kind: str
    technology: str
    att_category: str | None
    un_register_category: str | None
    number: int
    value: Decimal
    currency: str
    on: date
    importer_name: str


def _item_value(
    item_quantity: int, unit_value: Decimal | None, case_value: Decimal, share: Decimal
) -> Decimal:
    """The value of `item_quantity` units: the item's unit value when recorded, else its share of
    the case value."""
    if unit_value is not None:
        return (unit_value * item_quantity).quantize(Decimal("0.01"))
    return (case_value * share).quantize(Decimal("0.01"))


def _item_totals(session: Session) -> dict[int, int]:
    """Units ordered per case, to share a case's value among its deliveries."""
    rows = session.execute(
        select(LineItemRow.case_id, func.sum(LineItemRow.quantity)).group_by(LineItemRow.case_id)
    )
    return {case_id: int(total or 0) for case_id, total in rows}


def actual(session: Session, year: int) -> list[Transfer]:
    """Deliveries shipped in `year`."""
    totals = _item_totals(session)
    stmt = (
        select(
            DeliveryRow,
            LineItemRow,
            TechnologyRow,
            CaseRow,
            AgreementRow.value,
            AgreementRow.currency,
            PartnerRow.name,
        )
        .join(LineItemRow, LineItemRow.id == DeliveryRow.line_item_id)
        .join(TechnologyRow, TechnologyRow.id == LineItemRow.technology_id)
        .join(CaseRow, CaseRow.id == DeliveryRow.case_id)
        .join(PartnerRow, PartnerRow.code == CaseRow.partner_code)
        .outerjoin(AgreementRow, AgreementRow.case_id == CaseRow.id)
        .where(
            DeliveryRow.status.in_(("shipped", "delivered")),
            extract("year", DeliveryRow.shipped_on) == year,
        )
        .order_by(DeliveryRow.shipped_on, DeliveryRow.id)
    )
    transfers = []
    for delivery, item, tech, case, agreed_value, agreed_currency, partner in session.execute(stmt):
        case_value = agreed_value if agreed_value is not None else case.value
        share = Decimal(delivery.quantity) / Decimal(max(int(totals.get(case.id) or 1), 1))
        transfers.append(Transfer(
            case.id, case.reference, case.partner_code, item.kind, tech.name, tech.att_category,
            tech.un_register_category, delivery.quantity,
            _item_value(delivery.quantity, item.unit_value, case_value, share),
            agreed_currency or case.currency, delivery.shipped_on or delivery.scheduled_on, partner,
        ))  # fmt: skip
    return transfers


def authorised(session: Session, year: int) -> list[Transfer]:
    """Line items of cases approved in `year`."""
    approvals = (
        select(DecisionRow.case_id, func.min(DecisionRow.decided_at).label("on"))
        .where(DecisionRow.kind == "approval", DecisionRow.outcome == "approved")
        .group_by(DecisionRow.case_id)
        .subquery()
    )
    totals = _item_totals(session)
    stmt = (
        select(LineItemRow, TechnologyRow, CaseRow, approvals.c.on, PartnerRow.name)
        .join(TechnologyRow, TechnologyRow.id == LineItemRow.technology_id)
        .join(CaseRow, CaseRow.id == LineItemRow.case_id)
        .join(PartnerRow, PartnerRow.code == CaseRow.partner_code)
        .join(approvals, approvals.c.case_id == CaseRow.id)
        .order_by(CaseRow.id, LineItemRow.id)
    )
    transfers = []
    for item, tech, case, approved_at, partner in session.execute(stmt):
        if approved_at.year != year:
            continue
        share = Decimal(item.quantity) / Decimal(max(int(totals.get(case.id) or 1), 1))
        transfers.append(Transfer(
            case.id, case.reference, case.partner_code, item.kind, tech.name, tech.att_category,
            tech.un_register_category, item.quantity, _item_value(item.quantity, item.unit_value, case.value, share),
            case.currency, approved_at.date(), partner,
        ))  # fmt: skip
    return transfers
