"""Alerts in the reader's language (issue 19): an alert keeps its catalogue message and values,
so the alerts page, the API (`text` beside the English `message`) and `amanah casework alerts`
say it in Arabic to an Arabic reader and in English otherwise; an alert raised before the
message was kept shows its stored English text."""

from __future__ import annotations

import json
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from amanah.agreements.models import AlertRow
from amanah.agreements.service import raise_alert
from amanah.cli.main import app
from amanah.db.engine import transaction
from amanah.i18n import current_language
from amanah.monitoring import alerts
from tests.web.pages import log_in

ARABIC = {"accept-language": "ar"}
ENGLISH = "UN-SS: the renewal date 2026-05-31 of S/RES/2731 (2024) has passed and no renewal"
IN_ARABIC = "UN-SS: انقضى تاريخ تجديد S/RES/2731 (2024)"


def raise_two(engine: Engine) -> None:
    with transaction(engine) as session:
        raise_alert(session, user_id=None, case_id=None, kind="embargo_renewal_overdue",
                    message=alerts.renewal_overdue("UN-SS", date(2026, 5, 31),
                                                   "S/RES/2731 (2024)"))  # fmt: skip
        session.add(AlertRow(user_id=None, case_id=None, kind="newly_prohibited", read=False,
                             message="AMN-OLD is now prohibited: older words"))  # fmt: skip


def test_the_alerts_page_and_the_api_in_both_languages(client: TestClient, engine: Engine) -> None:
    raise_two(engine)
    log_in(client, "export")
    english = client.get("/alerts", params={"q": "UN-SS"}).text
    assert ENGLISH in english and IN_ARABIC not in english
    arabic = client.get("/alerts", params={"q": "UN-SS"}, headers=ARABIC).text
    # on a page each name inside the Arabic keeps its own direction (an isolate)
    assert "\u2068UN-SS\u2069: انقضى تاريخ تجديد \u2068S/RES/2731 (2024)\u2069" in arabic
    assert ENGLISH not in arabic
    assert "AMN-OLD is now prohibited: older words" in client.get(
        "/alerts", params={"q": "AMN-OLD"}, headers=ARABIC).text  # fmt: skip
    listed = {a["kind"]: a for a in client.get("/api/v1/alerts", headers=ARABIC).json()}
    renewal, older = listed["embargo_renewal_overdue"], listed["newly_prohibited"]
    assert renewal["message"].startswith(ENGLISH) and renewal["text"].startswith(IN_ARABIC)
    assert renewal["message_id"].startswith("%(measure)s: the renewal date %(date)s")
    assert renewal["values"] == {"measure": "UN-SS", "date": {"date": "2026-05-31"},
                                 "instrument": "S/RES/2731 (2024)"}  # fmt: skip
    assert older["text"] == older["message"] and older["message_id"] is None
    in_english = client.get("/api/v1/alerts").json()
    assert [a["text"] for a in in_english] == [a["message"] for a in in_english]


def test_the_command_line_lists_alerts_in_its_language(client: TestClient, engine: Engine) -> None:
    raise_two(engine)
    runner = CliRunner()
    english = runner.invoke(app, ["casework", "alerts", "--as", "export", "--json"])
    assert english.exit_code == 0, english.output
    texts = [a["text"] for a in json.loads(english.output)]
    assert any(t.startswith(ENGLISH) for t in texts)
    token = current_language.set("ar")  # as AMANAH_LANGUAGE=ar sets it at start
    try:
        table = runner.invoke(app, ["casework", "alerts", "--as", "export", "--unread"],
                              env={"COLUMNS": "400"})  # fmt: skip
    finally:
        current_language.reset(token)
    assert table.exit_code == 0, table.output
    assert "انقضى تاريخ تجديد" in table.output and "غير مقروء" in table.output
    assert "has passed" not in table.output
    unknown = runner.invoke(app, ["casework", "alerts", "--as", "nobody"])
    assert unknown.exit_code == 2 and "nobody" in unknown.output
