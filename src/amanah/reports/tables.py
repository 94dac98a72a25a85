"""A report as a table (title, columns, rows, notes), written as CSV, XLSX or JSON.

Amanah's own reports (`Report.translated`) read in the reader's language in CSV and XLSX: the
title, the cover's labels, the sheets' names and the column headings are catalogue messages,
translated when the file is written, and so are the cells that are words (`Words`: a status,
a category, a state's name). An official template's words stay as published (the ATT
reporting template and the UN Register's standardized form: their headings are what the
secretariats expect). JSON keeps the English words of every report: its keys are field names.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

FORMATS = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class Words:
    """A cell that is words: `english` in JSON and in an official template, `shown()` (the
    words in the reader's language, made when the file is written) in the CSV and XLSX of a
    translated report."""

    english: str
    shown: Callable[[], str] = field(compare=False)

    def __str__(self) -> str:
        return self.english


@dataclass
class Sheet:
    name: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    #: the columns' headings in CSV and XLSX (catalogue messages), when not the columns' names
    headings: list[str] | None = None


@dataclass
class Report:
    title: str  # with `values` filling its %(name)s places
    cover: list[tuple[str, str]]
    sheets: list[Sheet]
    #: Amanah's own report, its words in the reader's language (False: an official template)
    translated: bool = False
    values: dict[str, str] = field(default_factory=dict)

    @property
    def english_title(self) -> str:
        return self.title % self.values if self.values else self.title

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.english_title,
            "cover": dict(self.cover),
            "sheets": [
                {
                    "name": s.name,
                    "rows": [dict(zip(s.columns, _plain(r), strict=True)) for r in s.rows],
                }
                for s in self.sheets
            ],
        }


def _plain(row: list[Any], translated: bool = False) -> list[Any]:
    """A row's cells as written: a decimal as its text, words in English or (`translated`) in
    the reader's language."""
    return [_cell(v, translated) for v in row]


def _cell(value: Any, translated: bool) -> Any:
    if isinstance(value, Words):
        return value.shown() if translated else value.english
    return str(value) if isinstance(value, Decimal) else value


def render(report: Report, fmt: str) -> bytes:
    from amanah.errors import InvalidInput
    from amanah.i18n import N_

    if fmt == "json":
        return json.dumps(report.as_json(), indent=2, ensure_ascii=False, default=str).encode()
    words = _words(report)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for sheet in report.sheets:
            if len(report.sheets) > 1:
                writer.writerow([f"# {words(sheet.name)}"])
            writer.writerow(_headings(sheet, words))
            writer.writerows(_plain(r, report.translated) for r in sheet.rows)
        return out.getvalue().encode()
    if fmt == "xlsx":
        return _xlsx(report, words)
    raise InvalidInput(
        N_("unknown format %(format)s; use one of %(choices)s"),
        field="format",
        values={"format": repr(fmt), "choices": ", ".join(FORMATS)},
    )


def _words(report: Report) -> Callable[[str], str]:
    """How the report's words are written: translated (Amanah's own) or as they are."""
    if not report.translated:
        return _as_is
    from amanah.i18n import gettext

    return gettext


def _as_is(text: str) -> str:
    return text


def _headings(sheet: Sheet, words: Callable[[str], str]) -> list[str]:
    return [words(h) for h in (sheet.headings or sheet.columns)]


def _xlsx(report: Report, words: Callable[[str], str]) -> bytes:
    from openpyxl import Workbook  # only when a workbook is asked for
    from openpyxl.styles import Font

    from amanah.i18n import N_, direction

    book = Workbook()
    cover = book.active
    assert cover is not None
    title = words(report.title)
    cover.title = words(N_("Cover"))
    cover.append([title % report.values if report.values else title])
    cover["A1"].font = Font(bold=True, size=14)
    for label, value in report.cover:
        cover.append([words(label), value])
    cover.column_dimensions["A"].width = 48
    cover.column_dimensions["B"].width = 60
    right_to_left = report.translated and direction() == "rtl"
    cover.sheet_view.rightToLeft = right_to_left
    for sheet in report.sheets:
        ws = book.create_sheet(words(sheet.name)[:31])
        ws.sheet_view.rightToLeft = right_to_left
        ws.append(_headings(sheet, words))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([float(v) if isinstance(v, Decimal) else _cell(v, report.translated)
                       for v in row])  # fmt: skip
        for n, _ in enumerate(sheet.columns, start=1):
            ws.column_dimensions[ws.cell(1, n).column_letter].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
