"""Amanah in Arabic over HTTP: the browser's Accept-Language decides until the person chooses;
the choice (language, digits, Hijri dates) is saved on the user and comes back at the next
login; pages are `lang="ar" dir="rtl"` with the mirrored stylesheet; the API keeps its English
field names and codes but says its `message` in Arabic; an Arabic name finds its case."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from amanah.cases.models import CaseRow, PartyRow
from amanah.db.engine import transaction
from amanah.users.models import UserRow
from tests.web.pages import hidden, log_in

ARABIC = {"accept-language": "ar-SA,ar;q=0.9,en;q=0.5"}


def test_the_browser_language_decides_until_the_person_chooses(client: TestClient) -> None:
    page = client.get("/login", headers=ARABIC)
    assert '<html lang="ar" dir="rtl"' in page.text
    assert "govuk-frontend-rtl.min.css" in page.text and "تسجيل الدخول إلى أمانة" in page.text
    english = client.get("/login", headers={"accept-language": "en-GB"})
    assert '<html lang="en" dir="ltr"' in english.text
    assert "govuk-frontend.min.css" in english.text and "Log in to Amanah" in english.text
    # the switch on the login page: no session yet, so only the browser keeps the choice
    client.post("/language", data={"language": "en", "next": "/login"}, headers=ARABIC)
    assert '<html lang="en"' in client.get("/login", headers=ARABIC).text


def test_the_switch_is_on_every_page_and_saved_on_the_user(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "officer")
    inbox = client.get("/cases")
    assert 'action="/language"' in inbox.text and 'lang="ar"' in inbox.text  # "العربية"
    answer = client.post("/language", data={"language": "ar", "next": "/cases?q=x",
                                            "csrf": hidden(inbox.text, "csrf")},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303 and answer.headers["location"] == "/cases?q=x"
    page = client.get("/cases")
    assert '<html lang="ar" dir="rtl"' in page.text and "قضايا النقل" in page.text
    with transaction(engine) as session:
        user = session.scalars(select(UserRow).where(UserRow.username == "officer")).one()
        assert user.language == "ar"


def test_a_forged_switch_of_a_logged_in_user_is_refused(client: TestClient) -> None:
    log_in(client, "officer")
    answer = client.post("/language", data={"language": "ar", "csrf": "forged"})
    assert answer.status_code == 403


def test_preferences_are_saved_and_come_back_at_the_next_login(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "export")
    form = client.get("/preferences")
    assert form.status_code == 200
    saved = client.post("/preferences", data={"csrf": hidden(form.text, "csrf"), "language": "ar",
                                              "digits": "arab", "hijri": "yes"})  # fmt: skip
    assert "حُفظت تفضيلاتك" in saved.text and 'dir="rtl"' in saved.text
    with transaction(engine) as session:
        user = session.scalars(select(UserRow).where(UserRow.username == "export")).one()
        assert (user.language, user.digits, user.hijri) == ("ar", "arab", True)
    client.cookies.clear()
    log_in(client, "export")  # a new browser: the saved choice, not Accept-Language
    case = client.get("/cases", headers={"accept-language": "en"})
    assert '<html lang="ar"' in case.text
    assert re.search(r"[٠-٩]{4}", case.text), "dates and numbers in Arabic-Indic digits"
    assert " هـ)" in case.text, "the Hijri date beside the Gregorian one"


def test_bad_preferences_name_the_field(client: TestClient) -> None:
    log_in(client, "export")
    form = client.get("/preferences")
    answer = client.post("/preferences", data={"csrf": hidden(form.text, "csrf"),
                                               "language": "fr", "digits": "latn"})  # fmt: skip
    assert answer.status_code == 422
    assert "Choose English or Arabic" in answer.text


def test_the_api_says_its_message_in_the_language_asked(client: TestClient) -> None:
    arabic = client.get("/api/v1/cases", headers={"accept-language": "ar"})
    english = client.get("/api/v1/cases")
    assert arabic.status_code == english.status_code == 403
    assert english.json() == {"code": "forbidden", "message": "log in first", "field": None}
    assert arabic.json() == {"code": "forbidden", "message": "سجّل الدخول أولاً", "field": None}


def test_an_arabic_name_finds_the_case_of_its_party(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        case = session.scalars(select(CaseRow).order_by(CaseRow.id)).first()
        assert case is not None
        session.add(PartyRow(case_id=case.id, role="agent", name="Mohammed Al-Hassan",
                             country="XA", party_type="person"))  # fmt: skip
        reference = case.reference
    log_in(client, "officer")
    for query in ("محمد", "مُحَمَّد الحسن", "Mohammed"):
        found = client.get("/cases", params={"q": query})
        assert reference in found.text, query
    assert reference not in client.get("/cases", params={"q": "خالد"}).text


def test_a_findings_reason_reads_in_arabic_on_the_case_page(
    client: TestClient, engine: Engine
) -> None:
    """The reason is a catalogue message with values: Arabic words around the item's name and
    control entry as typed (each isolated in its own direction); the stored reason stays
    English (issue 19)."""
    with transaction(engine) as session:
        case = session.scalars(
            select(CaseRow).where(CaseRow.title.like("Unmanned reconnaissance aircraft%"))
        ).one()
        case_id = case.id
    log_in(client, "export")
    page = client.get(f"/cases/{case_id}", headers=ARABIC)
    assert (
        "\u2068Unmanned reconnaissance aircraft\u2069 (\u2068MTCR-II-19.A.1\u2069) من الفئة الثانية"
        in page.text
    )
    assert "يوجد تطابق في الفحص لم يُراجَع بعد بشأن المرسَل إليه" in page.text
    assert "is MTCR Category II" not in page.text
    english = client.get(f"/cases/{case_id}", headers={"accept-language": "en"}).text
    assert "Unmanned reconnaissance aircraft (MTCR-II-19.A.1) is MTCR Category II" in english
    # the API: the reason localised, its message and values beside it
    answer = client.get(f"/api/v1/cases/{case_id}", headers=ARABIC).json()
    (mtcr,) = [f for f in answer["findings"] if f["rule_id"] == "mtcr"]
    assert mtcr["reason"].startswith("Unmanned reconnaissance aircraft (MTCR-II-19.A.1) من")
    assert mtcr["values"]["entry"] == "MTCR-II-19.A.1"
