"""A report as a table (title, columns, rows, notes), written as CSV, XLSX or JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx", "json")


@dataclass
class Sheet:
    name: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class Report:
    title: str
    cover: list[tuple[str, str]]
    sheets: list[Sheet]

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "cover": dict(self.cover),
            "sheets": [
                {
                    "name": s.name,
                    "rows": [dict(zip(s.columns, _plain(r), strict=True)) for r in s.rows],
                }
                for s in self.sheets
            ],
        }


def _plain(row: list[Any]) -> list[Any]:
    return [str(v) if isinstance(v, Decimal) else v for v in row]


def render(report: Report, fmt: str) -> bytes:
    from amanah.errors import InvalidInput
    from amanah.i18n import N_

    if fmt == "json":
        return json.dumps(report.as_json(), indent=2, ensure_ascii=False, default=str).encode()
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for sheet in report.sheets:
            if len(report.sheets) > 1:
                writer.writerow([f"# {sheet.name}"])
            writer.writerow(sheet.columns)
            writer.writerows(_plain(r) for r in sheet.rows)
        return out.getvalue().encode()
    if fmt == "xlsx":
        return _xlsx(report)
    raise InvalidInput(
        N_("unknown format %(format)s; use one of %(choices)s"),
        field="format",
        values={"format": repr(fmt), "choices": ", ".join(FORMATS)},
    )


def _xlsx(report: Report) -> bytes:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover.append([report.title])
    cover["A1"].font = Font(bold=True, size=14)
    for label, value in report.cover:
        cover.append([label, value])
    cover.column_dimensions["A"].width = 48
    cover.column_dimensions["B"].width = 60
    for sheet in report.sheets:
        ws = book.create_sheet(sheet.name[:31])
        ws.append(sheet.columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for n, _ in enumerate(sheet.columns, start=1):
            ws.column_dimensions[ws.cell(1, n).column_letter].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
