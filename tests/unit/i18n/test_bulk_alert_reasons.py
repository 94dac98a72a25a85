"""An alert raised by a bulk re-assessment (issue 19) carries the prohibiting findings'
messages and values, read from the stored finding rows, not their rendered English: a reader of
Arabic reads the reasons in Arabic too; the stored English text is the one it always was."""

from __future__ import annotations

from types import SimpleNamespace

from amanah.compliance.rule import Code, Finding, Outcome, stored_values
from amanah.i18n import N_, current_language
from amanah.labels import label
from amanah.monitoring import alerts
from amanah.present import alert_text

MTCR = N_("%(item)s (%(entry)s) is Category I production equipment or "
          "production technology (%(kind)s): not to be authorised")  # fmt: skip


def rows() -> list[dict[str, object]]:
    prohibited = Finding("mtcr", 1, Outcome.PROHIBITED, MTCR, "MTCR", True, "",
                         stored_values({"item": "Rotor", "entry": "MTCR-I-1.B.1",
                                        "kind": Code("technical_data")}))  # fmt: skip
    constant = Finding("att.6.1", 1, Outcome.PROHIBITED, N_("the request has no line items"), "x")
    warning = Finding("att.7", 1, Outcome.WARNING, N_("the request names no end user"), "x")
    return [f.as_dict() for f in (prohibited, warning, constant)]


def test_the_prohibiting_findings_are_messages_with_their_values() -> None:
    said = alerts.prohibiting(rows())
    assert [m.message for m in said] == [MTCR, "the request has no line items"]
    english = "; ".join(str(m) for m in said)
    alert = alerts.newly_prohibited("AMN-1", said)
    assert str(alert) == f"AMN-1 is now prohibited: {english}"
    assert "(technical data)" in english  # as the alert of one re-assessed case reads it
    token = current_language.set("ar")
    try:
        text = alert_text(SimpleNamespace(**alert.columns()))
        word = label("technical_data")
    finally:
        current_language.reset(token)
    assert "not to be authorised" not in text and "no line items" not in text, text
    assert word in text and "technical_data" not in text and "MTCR-I-1.B.1" in text
