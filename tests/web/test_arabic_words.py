"""English left inside Arabic pages (issue 19), found by reading every page of the inbox flow in
Arabic: the party form's countries are named in the reader's language (CLDR), a user-assigned
partner code keeps its registered name; English pages are unchanged."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urljoin, urlsplit

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from amanah.db.engine import transaction
from tests.web.pages import english_words, log_in
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


def _names(engine: Engine) -> set[str]:
    """The data shown as typed: names of partners, regions, technologies, parties, users,
    cases' titles, carriers and agreements' parties (the demo's are English)."""
    from amanah.agreements.models import AgreementRow, DeliveryRow
    from amanah.cases.models import CaseRow, PartyRow
    from amanah.catalogue.models import TechnologyRow
    from amanah.partners.models import PartnerRow
    from amanah.users.models import UserRow

    columns = [PartnerRow.name, PartnerRow.region, TechnologyRow.name, PartyRow.name,
               UserRow.username, UserRow.full_name, CaseRow.title, DeliveryRow.carrier]  # fmt: skip
    with transaction(engine) as session:
        names = {str(v) for column in columns for v in session.scalars(select(column)) if v}
        for parties in session.scalars(select(AgreementRow.parties)):
            names |= {str(p.get("name")) for p in parties or [] if p.get("name")}
    return names


def test_an_officers_pages_in_arabic_show_no_english_outside_names_and_codes(
    client: TestClient, engine: Engine
) -> None:
    """Every page the case officer reaches from the inbox (one of each kind: /cases/7 stands
    for every case page), in Arabic: no run of English words outside data as typed, codes and
    official citations (issue 19: the crawl that found the audit verbs, the RFI clock, the
    date inputs' Day/Month/Year…)."""
    names = _names(engine)
    log_in(client, "officer")
    client.headers["accept-language"] = "ar"
    queue, seen, kinds, found = ["/", "/cases"], set(), set(), {}
    while queue and len(kinds) < 120:
        url = queue.pop(0)
        kind = (
            re.sub(r"\d+", "N", urlsplit(url).path)
            + "?"
            + ",".join(sorted(k for k in parse_qs(urlsplit(url).query)))
        )
        if url in seen or kind in kinds:
            continue
        seen.add(url)
        kinds.add(kind)
        answer = client.get(url)
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        assert answer.status_code < 500, url
        assert '<html lang="ar" dir="rtl"' in answer.text, url
        for words in english_words(answer.text, names):
            found.setdefault(words, url)
        for link in re.findall(r'<a [^>]*href="(/[^"#]*)', answer.text):
            link = html.unescape(link)
            if not link.startswith(
                ("/static", "/api/", "/logout", "/docs", "/redoc")
            ):  # API: English
                queue.append(urljoin(url, link))
    assert len(kinds) >= 40, sorted(kinds)  # the crawl reached the case pages and the lists
    assert found == {}


def test_the_dashboards_csv_links_answer_without_filters(client: TestClient) -> None:
    """A link of the unfiltered dashboards gave `year=` (422: not a number): the crawl's
    finding; each link now carries only the filters that are set."""
    log_in(client, "leader")
    links = re.findall(
        r'href="(/api/v1/analytics/[^"]+format=csv[^"]*)"', client.get("/analytics").text
    )
    assert len(links) >= 7
    for link in links:
        answer = client.get(html.unescape(link))
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(
            "text/csv"
        ), link


def test_a_partner_that_is_an_iso_state_is_named_in_the_readers_language(
    client: TestClient,
) -> None:
    """The new case's partner choice and the case list's partner filter name an ISO state as
    CLDR does in the reader's language (North Korea, a reference partner); a user-assigned
    code keeps its registered name."""
    log_in(client, "officer")
    for path in ("/cases/new", "/cases"):
        english = client.get(path).text
        arabic = client.get(path, headers={"accept-language": "ar"}).text
        assert "North Korea (KP)" in english and "North Korea" not in arabic, path
        assert "كوريا الشمالية (KP)" in arabic and "Republic of Alpha (XA)" in arabic, path


def test_a_partner_states_page_names_it_in_the_readers_language(client: TestClient) -> None:
    log_in(client, "officer")
    listed = client.get("/partners", headers={"accept-language": "ar"}).text
    assert "كوريا الشمالية" in listed and "North Korea" not in listed
    page = client.get("/partners/KP", headers={"accept-language": "ar"}).text
    assert "<h1" in page and "كوريا الشمالية</h1>" in page
    assert "North Korea</h1>" in client.get("/partners/KP").text
