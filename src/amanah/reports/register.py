"""A SIPRI-style register of Amanah's own transfers: one row per agreement and item."""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.agreements.models import AgreementRow, DeliveryRow
from amanah.cases.models import CaseRow, LineItemRow
from amanah.catalogue.models import TechnologyRow
from amanah.config import get_settings
from amanah.i18n import N_, gettext
from amanah.labels import label
from amanah.partners.models import PartnerRow
from amanah.present import country
from amanah.reports.tables import Report, Sheet, Words

COLUMNS = [
    "recipient", "supplier", "order_year", "number_ordered", "designation", "description",
    "number_delivered", "delivery_years", "status", "comments",
]  # fmt: skip
#: the columns' headings in CSV and XLSX, in the reader's language (JSON keeps COLUMNS)
HEADINGS = [
    N_("Recipient"), N_("Supplier"), N_("Year of order"), N_("Number ordered"), N_("Designation"),
    N_("Description"), N_("Number delivered"), N_("Years of delivery"), N_("Status"),
    N_("Comments"),
]  # fmt: skip
#: an item's status in the register
STATUS = {"delivered": N_("delivered"), "in_delivery": N_("in delivery"), "ordered": N_("ordered")}
COMMENTS = N_("%(reference)s; %(kind)s")


def _comments(reference: str, kind: str) -> str:
    return gettext(COMMENTS) % {"reference": reference, "kind": label(kind)}


def transfer_register(session: Session) -> Report:
    shipped: dict[int, list[DeliveryRow]] = defaultdict(list)
    for delivery in session.scalars(select(DeliveryRow).where(DeliveryRow.shipped_on.is_not(None))):
        if delivery.line_item_id is not None:
            shipped[delivery.line_item_id].append(delivery)
    stmt = (
        select(AgreementRow, CaseRow, LineItemRow, TechnologyRow, PartnerRow.name, PartnerRow.code)
        .join(CaseRow, CaseRow.id == AgreementRow.case_id)
        .join(PartnerRow, PartnerRow.code == CaseRow.partner_code)
        .join(LineItemRow, LineItemRow.case_id == CaseRow.id)
        .join(TechnologyRow, TechnologyRow.id == LineItemRow.technology_id)
        .order_by(AgreementRow.signed_on, CaseRow.id, LineItemRow.id)
    )
    supplier = get_settings().home_state_name
    rows = []
    for agreement, case, item, tech, partner, code in session.execute(stmt):
        deliveries = shipped.get(item.id, [])
        delivered = sum(d.quantity for d in deliveries)
        years = sorted({d.shipped_on.year for d in deliveries if d.shipped_on})
        status = (
            "delivered"
            if delivered >= item.quantity
            else ("in_delivery" if delivered else "ordered")
        )
        # the words in English (JSON) and in the reader's language (CSV, XLSX)
        rows.append([
            Words(partner, partial(country, code, partner)), supplier, agreement.signed_on.year,
            item.quantity, tech.name,
            Words(tech.kind.replace("_", " "), partial(label, tech.kind)),
            delivered, "; ".join(map(str, years)),
            Words(STATUS[status], partial(gettext, STATUS[status])),
            Words(f"{case.reference}; {item.kind.replace('_', ' ')}",
                  partial(_comments, case.reference, item.kind)),
        ])  # fmt: skip
    return Report(N_("Register of transfers by %(supplier)s"),
                  [(N_("Supplier"), supplier), (N_("Rows"), str(len(rows)))],
                  [Sheet(N_("Register"), COLUMNS, rows, HEADINGS)], translated=True,
                  values={"supplier": supplier})  # fmt: skip
