"""English left inside Arabic pages (issue 19), found by reading every page of the inbox flow in
Arabic: the party form's countries are named in the reader's language (CLDR), a user-assigned
partner code keeps its registered name; English pages are unchanged."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.pages import log_in
from tests.web.test_request_pages import open_draft


def test_the_party_forms_countries_are_named_in_the_readers_language(client: TestClient) -> None:
    log_in(client, "officer")
    case_id = open_draft(client)
    english = client.get(f"/cases/{case_id}/request/parties/add").text
    arabic = client.get(f"/cases/{case_id}/request/parties/add",
                        headers={"accept-language": "ar"}).text  # fmt: skip
    assert "Saint Vincent and the Grenadines (VC)" in english and "Iraq (IQ)" in english
    assert "Saint Vincent and the Grenadines" not in arabic and "Iraq (IQ)" not in arabic
    assert "العراق (IQ)" in arabic and "Republic of Alpha (XA)" in arabic


def test_a_routing_conditions_words_and_values_read_in_the_readers_language() -> None:
    from amanah.i18n import current_language
    from amanah.routing.rules import CONDITIONS
    from amanah.web.routes.routing import _condition

    kinds = CONDITIONS[("item", "kind_in")][0]
    offsets = CONDITIONS[("case", "has_offsets")][0]
    assert _condition(kinds, ["know_how", "ip_licence"]) == (
        "the kind of transfer is one of Know-how transfer, IP licence"
    )
    assert _condition(offsets, False) == "not: the case has offset obligations"
    token = current_language.set("ar")
    try:
        words = [_condition(kinds, ["know_how", "ip_licence"]), _condition(offsets, False)]
    finally:
        current_language.reset(token)
    assert words[0].startswith("نوع النقل أحد ") and "know_how" not in words[0] and "، " in words[0]
    assert words[1] == "ليس: على القضية التزامات توازن اقتصادي"


def test_the_dashboards_name_their_charts_in_the_readers_language(client: TestClient) -> None:
    log_in(client, "leader")
    english = client.get("/analytics").text
    arabic = client.get("/analytics", headers={"accept-language": "ar"}).text
    assert 'aria-label="Chart: Agreement value by year (USD)"' in english
    assert "قيمة الاتفاقيات حسب السنة (بالدولار الأمريكي)" in arabic
    assert "value by year" not in arabic and "Agreement value" not in arabic
