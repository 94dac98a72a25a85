"""Alert search with Arabic words (issue 19): the words of an alert are stored in English with
their catalogue message, and a search typed in Arabic (or by a reader of Arabic) also finds an
alert by its Arabic words, both folded as screening folds names; English search is unchanged
and an alert raised before its message was stored is found by its English text only."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from amanah.agreements.alert_search import search_alerts
from amanah.agreements.models import AlertRow
from amanah.agreements.service import raise_alert
from amanah.db.engine import transaction
from amanah.i18n import current_language
from amanah.monitoring import alerts
from amanah.users.roles import Actor, Role

LEADER = Actor(1, "leader", frozenset({Role.LEADERSHIP}))


def found(engine: Engine, q: str, language: str = "en") -> list[str]:
    token = current_language.set(language)
    try:
        with transaction(engine) as session:
            page = search_alerts(session, LEADER, q=q)
            return sorted(listed.alert.kind for listed in page.alerts)
    finally:
        current_language.reset(token)


def test_arabic_words_find_an_alert_in_either_readers_language(engine: Engine) -> None:
    with transaction(engine) as session:
        raise_alert(session, user_id=None, case_id=None, kind="embargo_renewal_overdue",
                    message=alerts.renewal_overdue("UN-SS", date(2026, 5, 31),
                                                   "S/RES/2731 (2024)"))  # fmt: skip
        raise_alert(session, user_id=None, case_id=None, kind="end_use_violation",
                    message=alerts.end_use_finding("violation", "AMN-3", date(2026, 2, 3),
                                                   "Aden", ""))  # fmt: skip
        session.add(AlertRow(user_id=None, case_id=None, kind="newly_prohibited", read=False,
                             message="AMN-OLD is now prohibited: older words"))  # fmt: skip
    assert found(engine, "تجديد") == ["embargo_renewal_overdue"]  # typed by a reader of English
    assert found(engine, "تجـديد", "ar") == ["embargo_renewal_overdue"]  # a tatweel folds away
    assert found(engine, "مخالفة", "ar") == ["end_use_violation"]
    assert found(engine, "محظورة", "ar") == []  # the older alert has only its English
    assert found(engine, "older words", "ar") == ["newly_prohibited"]
    assert found(engine, "renewal date") == ["embargo_renewal_overdue"]
    assert found(engine, "UN-SS", "ar") == ["embargo_renewal_overdue"]
