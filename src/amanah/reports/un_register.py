"""The UN Register of Conventional Arms standardized form: exports in categories I-VII
(columns A-E and remarks) and the small arms / light weapons form."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from amanah.config import get_settings
from amanah.reports import transfers
from amanah.reports.tables import Report, Sheet

COLUMNS = [
    "A. Category (I-VII)", "B. Final importer State(s)", "C. Number of items",
    "D. State of origin (if not exporter)", "E. Intermediate location (if any)",
    "Remarks: description of item", "Remarks: comments on the transfer",
]  # fmt: skip
SALW_COLUMNS = ["Category (small arms / light weapons)", "Final importer State", "Number of items",
                "State of origin (if not exporter)", "Intermediate location (if any)",
                "Description of item", "Comments on the transfer"]  # fmt: skip


def unroca_report(session: Session, year: int) -> Report:
    groups: dict[tuple[str, str], list[transfers.Transfer]] = defaultdict(list)
    salw: dict[str, list[transfers.Transfer]] = defaultdict(list)
    for t in transfers.actual(session, year):
        if t.un_register_category:
            groups[(t.un_register_category, t.importer)].append(t)
        elif t.att_category and t.att_category.startswith("VIII"):
            salw[t.importer].append(t)

    def row(category: str, items: list[transfers.Transfer]) -> list[object]:
        return [category, items[0].importer_name, sum(t.number for t in items), "", "",
                "; ".join(sorted({t.technology for t in items})),
                "; ".join(sorted({t.reference for t in items}))]  # fmt: skip

    settings = get_settings()
    return Report(
        f"UN Register of Conventional Arms: exports, calendar year {year}",
        [
            ("Reporting State", settings.home_state_name),
            ("Calendar year", str(year)),
            ("Nil report", "yes" if not groups else "no"),
        ],  # fmt: skip
        [
            Sheet(
                "Exports I-VII",
                COLUMNS,
                [row(c, items) for (c, _), items in sorted(groups.items())],
            ),
            Sheet(
                "SALW exports",
                SALW_COLUMNS,
                [row("small arms / light weapons", items) for _, items in sorted(salw.items())],
            ),
        ],
    )
