"""The ATT annual report on exports (Art. 13(3)), in the layout of the provisional reporting
template (2017): one row per category or sub-category and final importing state, with the number
of items and/or their value, a description and comments."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy.orm import Session

from amanah.config import get_settings
from amanah.db.base import utcnow
from amanah.errors import InvalidInput
from amanah.i18n import N_
from amanah.reports import transfers
from amanah.reports.tables import Report, Sheet

CATEGORY_TITLES = {
    "I": "Battle tanks", "II": "Armoured combat vehicles", "III": "Large-calibre artillery systems",
    "IV": "Combat aircraft", "V": "Attack helicopters", "VI": "Warships",
    "VII": "Missiles and missile launchers", "VIII": "Small arms and light weapons",
}  # fmt: skip
EXPORT_COLUMNS = [
    "Category / sub-category", "Category title", "Number of items", "Value", "Currency",
    "Final importing State", "Description of item", "Comments on the transfer",
]  # fmt: skip
BASES = ("actual", "authorised")


def _order(category: str) -> tuple[int, str]:
    main = category.split(".")[0]
    numerals = list(CATEGORY_TITLES)
    return (numerals.index(main) if main in numerals else 99, category)


def att_report(session: Session, year: int, basis: str = "actual") -> Report:
    if basis not in BASES:
        raise InvalidInput(
            N_("basis is one of %(choices)s"), field="basis", values={"choices": ", ".join(BASES)}
        )
    if not 1990 <= year <= 2100:
        raise InvalidInput(N_("year must be a calendar year"), field="year")
    source = (
        transfers.actual(session, year)
        if basis == "actual"
        else transfers.authorised(session, year)
    )
    groups: dict[tuple[str, str, str], list[transfers.Transfer]] = defaultdict(list)
    for t in source:
        if t.att_category:
            groups[(t.att_category, t.importer, t.currency)].append(t)
    rows = []
    for (category, _importer, currency), items in sorted(
        groups.items(), key=lambda kv: (_order(kv[0][0]), kv[0][1:])
    ):
        rows.append([
            category, CATEGORY_TITLES.get(category.split(".")[0], ""), sum(t.number for t in items),
            sum((t.value for t in items), Decimal("0")), currency, items[0].importer_name,
            "; ".join(sorted({t.technology for t in items})),
            "; ".join(sorted({f"{t.reference} ({t.kind.replace('_', ' ')})" for t in items})),
        ])  # fmt: skip
    settings = get_settings()
    cover = [
        ("State Party", settings.home_state_name),
        ("Reporting period (calendar year)", str(year)),
        ("Exports reported as", "actual exports" if basis == "actual" else "authorised exports"),
        ("Date of report", utcnow().date().isoformat()),
        ("Contents", "Exports table" + ("" if rows else "; nil report for exports")),
        ("Data withheld under Art. 13(3)", "no"),
        ("Value", "agreement value in the agreement's currency; item unit value where recorded"),
    ]
    return Report(
        f"Arms Trade Treaty annual report on exports, {year}",
        cover,
        [Sheet("Exports", EXPORT_COLUMNS, rows)],
    )
