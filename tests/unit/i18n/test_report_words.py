"""A report's cells that are words (`reports.tables.Words`: a status, a category, a state's
name) read in the reader's language in the CSV and XLSX of Amanah's own reports, and stay
English in JSON and in an official template (issue 19)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from functools import partial

import pytest
from openpyxl import load_workbook

from amanah.i18n import N_, current_language, gettext
from amanah.labels import label
from amanah.present import country
from amanah.reports.tables import Report, Sheet, Words, render

ROW = [
    Words("Egypt", partial(country, "EG", "Egypt")),
    Words("technical data", partial(label, "technical_data")),
    Words("in delivery", partial(gettext, N_("in delivery"))),
    3,
]


def report(translated: bool) -> Report:
    sheet = Sheet(N_("Register"), ["recipient", "description", "status", "number"], [ROW])
    return Report(N_("Register"), [], [sheet], translated=translated)


@pytest.fixture
def arabic() -> Iterator[None]:
    token = current_language.set("ar")
    yield
    current_language.reset(token)


@pytest.mark.usefixtures("arabic")
def test_words_read_in_arabic_in_csv_and_xlsx_of_an_own_report() -> None:
    rows = list(csv.reader(io.StringIO(render(report(True), "csv").decode())))
    assert rows[1] == ["مصر", gettext(N_("Technical data")), "قيد التسليم", "3"]
    book = load_workbook(io.BytesIO(render(report(True), "xlsx")))
    cells = [c.value for c in book[gettext(N_("Register"))][2]]
    assert cells == ["مصر", gettext(N_("Technical data")), "قيد التسليم", 3]


@pytest.mark.usefixtures("arabic")
def test_json_and_an_official_template_keep_the_english_words() -> None:
    row = json.loads(render(report(True), "json"))["sheets"][0]["rows"][0]
    assert row == {"recipient": "Egypt", "description": "technical data",
                   "status": "in delivery", "number": 3}  # fmt: skip
    rows = list(csv.reader(io.StringIO(render(report(False), "csv").decode())))
    assert rows[1] == ["Egypt", "technical data", "in delivery", "3"]


def test_in_english_the_words_are_english() -> None:
    rows = list(csv.reader(io.StringIO(render(report(True), "csv").decode())))
    assert rows[1][2] == "in delivery" and rows[1][0] == "Egypt"
