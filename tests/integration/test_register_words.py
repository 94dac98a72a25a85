"""The transfer register's words in Arabic (issue 19): for an Arabic reader its CSV gives the
recipient's name, the technology's kind, the status and the transfer kind in Arabic; its JSON
keeps the English words."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import Engine

from amanah.db.engine import transaction
from amanah.i18n import current_language
from amanah.reports.register import transfer_register
from amanah.reports.tables import render
from tests.integration.test_storage import load_demo

ENGLISH_STATUS = {"delivered", "in delivery", "ordered"}


def test_the_register_reads_in_arabic_and_its_json_stays_english(engine: Engine) -> None:
    load_demo(engine)
    token = current_language.set("ar")
    try:
        with transaction(engine) as session:
            register = transfer_register(session)
        rows = list(csv.reader(io.StringIO(render(register, "csv").decode())))[1:]
        listed = json.loads(render(register, "json"))["sheets"][0]["rows"]
    finally:
        current_language.reset(token)
    assert rows and len(rows) == len(listed)
    for row, english in zip(rows, listed, strict=True):
        assert row[8] in {"سُلِّم", "قيد التسليم", "مطلوب"} and english["status"] in ENGLISH_STATUS
        assert row[5] != english["description"]  # the kind's label in Arabic
        assert "؛ " in row[9] and row[9].split("؛ ")[0] == english["comments"].split("; ")[0]
        assert all(ord(c) < 0x600 for c in english["status"] + english["description"])
