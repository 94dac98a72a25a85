"""An alert's words are a catalogue message with its values (issue 19): the stored English text
is the one alerts always had, and each reader sees the alert in their language; an alert
raised before its message was kept shows its stored text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amanah.i18n import current_language
from amanah.monitoring import alerts
from amanah.monitoring.alerts import AlertMessage
from amanah.present import alert_text


@pytest.fixture
def arabic() -> Iterator[None]:
    token = current_language.set("ar")
    yield
    current_language.reset(token)


def row(said: AlertMessage) -> SimpleNamespace:
    return SimpleNamespace(**said.columns())


def test_the_english_text_is_the_one_alerts_always_had() -> None:
    assert str(alerts.reassessment("AMN-2026-000007", "needs_approval")) == (
        "AMN-2026-000007: new information changed the assessment of this authorised case (now "
        "needs approval); reassess the authorisation (ATT Art. 7(7))")  # fmt: skip
    assert str(alerts.renewal_overdue("UN-SS", date(2026, 5, 31), "S/RES/2731 (2024)")) == (
        "UN-SS: the renewal date 2026-05-31 of S/RES/2731 (2024) has passed and no renewal is "
        "recorded; record the renewal or the end of the measure (it is still applied)")  # fmt: skip
    assert str(alerts.end_use_finding("violation", "AMN-3", date(2026, 2, 3), "Aden", "")) == (
        "end-use violation on AMN-3 (2026-02-03, Aden): see the check"
    )
    assert str(alerts.screening_hit("AMN-3", ["ACME TRADING", "ACME LLC"])) == (
        "AMN-3: a party resembles a listed entry (ACME TRADING, ACME LLC); review it before "
        "approval")  # fmt: skip
    assert str(alerts.newly_prohibited("AMN-3", "UN embargo on XA")) == (
        "AMN-3 is now prohibited: UN embargo on XA"
    )


def test_the_columns_keep_the_message_its_values_and_the_english() -> None:
    said = alerts.end_use_finding("discrepancy", "AMN-3", date(2026, 2, 3), "Aden", "2 missing")
    assert said.columns() == {
        "message": "end-use discrepancy on AMN-3 (2026-02-03, Aden): 2 missing",
        "message_id": "end-use %(finding)s on %(case)s (%(date)s, %(place)s): %(note)s",
        "message_values": {"finding": {"code": "discrepancy"}, "case": "AMN-3",
                           "date": {"date": "2026-02-03"}, "place": "Aden",
                           "note": "2 missing"},
    }  # fmt: skip
    assert alerts.words("plain words").columns()["message_values"] is None


@pytest.mark.usefixtures("arabic")
def test_a_reader_in_arabic_sees_arabic_words_codes_and_nested_reasons() -> None:
    text = alert_text(row(alerts.reassessment("AMN-3", "needs_approval")))
    assert text.startswith("AMN-3: غيّرت معلومات جديدة")
    assert "needs" not in text and "reassess" not in text
    violation = alert_text(row(alerts.end_use_finding("violation", "AMN-3", date(2026, 2, 3),
                                                      "Aden", "")))  # fmt: skip
    assert "انظر الفحص" in violation and "violation" not in violation and "Aden" in violation
    mine = (
        "%(item)s is marked anti personnel mine and the home state is party to the %(convention)s"
    )
    reasons = [AlertMessage(mine, {"item": "M16", "convention": "Ottawa Convention"})]
    prohibited = alert_text(row(alerts.newly_prohibited("AMN-3", reasons)))
    # the finding's words are a catalogue message of their own, in Arabic too
    assert prohibited == ("أصبحت القضية AMN-3 محظورة: M16 مُعلَّم بأنه لغم مضاد للأفراد، والدولة "
                          "طرف في Ottawa Convention")  # fmt: skip


def test_a_prohibited_cases_reasons_follow_one_another_in_either_language() -> None:
    # a finding's values as stored (Finding.values): a date, a state are dicts
    stored = {"on": {"date": "2026-02-03"}, "state": {"country": "IQ", "name": "Iraq"}}
    reasons = [AlertMessage("see the check"), AlertMessage("%(state)s from %(on)s", stored),
               AlertMessage("x")]  # fmt: skip
    said = alerts.newly_prohibited("AMN-3", reasons)
    assert str(said) == "AMN-3 is now prohibited: see the check; Iraq from 2026-02-03; x"
    token = current_language.set("ar")
    try:
        text = alert_text(row(said))
    finally:
        current_language.reset(token)
    assert text.startswith("أصبحت القضية AMN-3 محظورة: انظر الفحص؛ ")
    assert "العراق from " in text and text.endswith("؛ x")


@pytest.mark.usefixtures("arabic")
def test_an_older_alert_and_an_english_reader_see_the_stored_text() -> None:
    older = SimpleNamespace(message="AMN-3 is now prohibited: x", message_id=None,
                            message_values=None)  # fmt: skip
    assert alert_text(older) == "AMN-3 is now prohibited: x"
    said = row(alerts.screening_hit("AMN-3", ["ACME"]))
    token = current_language.set("en")
    try:
        assert (
            alert_text(said) == "AMN-3: a party resembles a listed entry (ACME); review it "
            "before approval"
        )
    finally:
        current_language.reset(token)


data = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
               max_size=30).filter(lambda s: "%" not in s)  # fmt: skip


@given(reference=data, place=data, note=data, day=st.dates())
def test_values_read_as_they_are_in_either_language(
    reference: str, place: str, note: str, day: date
) -> None:
    said = alerts.end_use_finding("discrepancy", reference, day, place, note)
    english = str(said)
    assert reference in english and place in english and english.endswith(note)
    token = current_language.set("ar")
    try:
        arabic = alert_text(row(said))
    finally:
        current_language.reset(token)
    assert reference in arabic and place in arabic and arabic.endswith(note)
    assert "end-use" not in arabic
