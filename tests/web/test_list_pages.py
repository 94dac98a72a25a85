"""The list pages over HTTP (audit trail, catalogue, partners, alerts, screening, cases): each
has a case-insensitive search, filters that narrow, a sort that reverses, pages of 50, the
filter form kept filled, and no query string ever makes a 500. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from amanah.agreements.models import AlertRow
from amanah.audit import service as audit
from amanah.audit import verification
from amanah.audit.models import AuditEventRow
from amanah.audit.verbs import Verb
from amanah.cases.models import CaseRow, PartyRow
from amanah.catalogue.models import TechnologyRow
from amanah.db.engine import transaction
from amanah.partners.models import PartnerRow
from amanah.screening import service as screening_service
from amanah.screening.models import ScreeningHitRow
from tests.web.pages import log_in


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def count(html: str) -> int:
    found = re.search(r'id="count">([\d,]+) results?<', html)
    assert found, "the page shows no count of results"
    return int(found.group(1).replace(",", ""))


def rows(html: str, table: str) -> list[str]:
    """The body rows of the table with id `table`, as text without tags."""
    found = re.search(rf'<table[^>]*id="{table}".*?<tbody[^>]*>(.*?)</tbody>', html, re.S)
    if not found:
        return []
    cells = re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]


def get(client: TestClient, path: str, **params: str) -> str:
    answer = client.get(path, params=params)
    assert answer.status_code == 200, (path, params, answer.status_code, answer.text[:500])
    return str(answer.text)


# ---- audit trail ---------------------------------------------------------------------------


def record_events(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """120 events by 'Zara.Audited' on 3 March 2026 and 1 event by 'zoe' on 10 March 2026."""
    with transaction(engine) as session:
        monkeypatch.setattr(audit, "utcnow", lambda: datetime(2026, 3, 3, 12, tzinfo=UTC))
        audit.record_many(session, [audit.Event("Zara.Audited", Verb.PARTNER_SAVED, "partner",
                                                f"Q{i}") for i in range(120)])  # fmt: skip
        monkeypatch.setattr(audit, "utcnow", lambda: datetime(2026, 3, 10, 9, tzinfo=UTC))
        audit.record(session, "zoe", Verb.EMBARGO_SAVED, "embargo", "test-embargo")
    monkeypatch.undo()


def test_audit_filters_by_actor_case_insensitively_and_pages_through(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_events(engine, monkeypatch)
    log_in(client, "auditor")
    everything = get(client, "/audit")
    assert "chain intact" in everything
    page = get(client, "/audit", actor="zara.audited")
    assert count(page) == 120
    assert 'value="zara.audited"' in page, "the filter form is kept filled"
    first, second, third = (rows(get(client, "/audit", actor="ZARA", page=str(n)), "events")
                            for n in (1, 2, 3))  # fmt: skip
    assert len(first) == 50 and len(second) == 50 and len(third) == 20
    assert set(first).isdisjoint(second)
    oldest = rows(get(client, "/audit", actor="ZARA", sort="seq"), "events")
    assert oldest[0] != first[0] and "Q0" in oldest[0] and "Q119" in first[0]


def test_audit_filters_by_verb_and_date_range(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_events(engine, monkeypatch)
    log_in(client, "auditor")
    embargoes = get(client, "/audit", verb=Verb.EMBARGO_SAVED.value)
    assert any("test-embargo" in r for r in rows(embargoes, "events"))
    assert all("Embargo recorded" in r for r in rows(embargoes, "events"))
    assert count(get(client, "/audit", **{"from": "2026-03-01", "to": "2026-03-05"})) == 120
    tenth = get(client, "/audit", **{"from": "2026-03-10", "to": "2026-03-10"})
    assert count(tenth) == 1 and "zoe" in rows(tenth, "events")[0]
    assert count(get(client, "/audit", actor="zoe", **{"to": "2026-03-09"})) == 0


def test_audit_filters_by_case_reference_or_number(client: TestClient) -> None:
    log_in(client, "auditor")
    listing = get(client, "/cases", q="Network intrusion")
    found = re.search(r'href="/cases/(\d+)">(AMN-[\d-]+)<', listing)
    assert found
    case_id, reference = found.groups()
    by_reference = get(client, "/audit", case=reference.lower())
    assert count(by_reference) >= 1
    assert all(reference in r for r in rows(by_reference, "events") if "case" in r)
    assert count(get(client, "/audit", case=case_id)) == count(by_reference)


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999", "2.5", ""])
def test_bad_page_numbers_show_a_page_not_an_error(client: TestClient, page: str) -> None:
    log_in(client, "admin")
    for path in ("/audit", "/cases", "/catalogue", "/partners", "/alerts", "/screening"):
        answer = client.get(path, params={"page": page})
        assert answer.status_code == 200, (path, page, answer.status_code)


# ---- cases ---------------------------------------------------------------------------------


def store_cases(engine: Engine, n: int, title: str, partner: str = "XD", **fields: object) -> None:
    """`n` cases straight into the table (the list reads rows; no lifecycle is needed)."""
    with transaction(engine) as session:
        first = (session.scalar(select(func.max(CaseRow.id))) or 0) + 1
        for i in range(first, first + n):
            values = {"state": "draft", **fields}
            session.add(CaseRow(reference=f"AMN-2026-{i:06d}", title=f"{title} {i}",
                                partner_code=partner, **values))  # fmt: skip


def test_case_search_finds_title_reference_and_party_name_ignoring_case(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "officer")
    by_title = get(client, "/cases", q="NETWORK INTRUSION")
    assert count(by_title) == 1 and "Network intrusion" in rows(by_title, "cases")[0]
    reference = re.search(r">(AMN-\d{4}-\d{6})<", by_title)
    assert reference
    assert count(get(client, "/cases", q=reference.group(1).lower())) == 1
    with transaction(engine) as session:
        case = session.scalars(select(CaseRow).where(CaseRow.title.contains("intrusion"))).one()
        session.add(PartyRow(case_id=case.id, role="end_user", name="Gamma Cyber Command",
                             country="XC", party_type="organisation"))  # fmt: skip
    by_party = get(client, "/cases", q="gamma cyber")
    assert count(by_party) == 1 and "Network intrusion" in rows(by_party, "cases")[0]
    assert 'value="gamma cyber"' in by_party, "the search box keeps what was typed"
    assert count(get(client, "/cases", q="50%_off")) == 0, "% and _ are not wildcards"


def test_case_filters_narrow_and_sort_reverses(client: TestClient, engine: Engine) -> None:
    store_cases(engine, 3, "Delta refused study", state="refused", outcome="prohibited")
    log_in(client, "officer")
    everything = count(get(client, "/cases"))
    refused = get(client, "/cases", state="refused")
    assert 3 <= count(refused) < everything
    assert all("Refused" in r for r in rows(refused, "cases"))
    assert '<option value="refused" selected>' in refused
    prohibited = count(get(client, "/cases", outcome="prohibited"))
    assert 3 <= prohibited < everything
    assert count(get(client, "/cases", partner="XD", state="refused", q="study")) == 3
    assert count(get(client, "/cases", partner="XA")) < everything
    up = rows(get(client, "/cases", sort="reference"), "cases")
    down = rows(get(client, "/cases", sort="-reference"), "cases")
    assert up == sorted(up) and down == list(reversed(up))
    page = get(client, "/cases", sort="reference")
    assert 'aria-sort="ascending"' in page and 'href="/cases?sort=-reference"' in page


def test_case_pages_differ_and_a_bad_filter_is_named_not_a_500(
    client: TestClient, engine: Engine
) -> None:
    store_cases(engine, 60, "Bulk training request")
    log_in(client, "officer")
    first = get(client, "/cases", q="bulk training")
    second = get(client, "/cases", q="bulk training", page="2")
    assert count(first) == 60 and len(rows(first, "cases")) == 50
    assert len(rows(second, "cases")) == 10 and set(rows(first, "cases")).isdisjoint(
        rows(second, "cases")
    )
    assert "govuk-pagination" in first and 'href="/cases?q=bulk+training&amp;page=2"' in first
    assert rows(get(client, "/cases", q="bulk training", page="99"), "cases") == rows(
        second, "cases"
    ), "a page past the end shows the last page"
    unknown = client.get("/cases", params={"state": "no_such_state"})
    assert unknown.status_code == 200 and "There is a problem" in unknown.text
    assert count(unknown.text) == count(get(client, "/cases")), "the bad filter is reset"


# ---- screening -----------------------------------------------------------------------------


def store_hits(engine: Engine, n: int, party: str, list_name: str = "UN", **fields: object) -> None:
    """`n` hits, scored 0.50 up to 0.99, each on a new party named `party` of one new case."""
    store_cases(engine, 1, f"Screened {party}")
    with transaction(engine) as session:
        case_id = session.scalar(select(func.max(CaseRow.id)))
        assert case_id is not None
        for i in range(n):
            person = PartyRow(case_id=case_id, role="end_user", name=f"{party} {i}", country="XD",
                              party_type="organisation")  # fmt: skip
            session.add(person)
            session.flush()
            session.add(ScreeningHitRow(party_id=person.id, list_name=list_name,
                                        entity_id=f"{list_name}-{i}", entity_name=f"Listed {i}",
                                        score=0.5 + (i % 50) / 100, **fields))  # fmt: skip


def test_screening_hits_name_the_party_and_link_the_case(client: TestClient) -> None:
    log_in(client, "export")
    page = get(client, "/screening")
    hits = rows(page, "hits")
    assert any("Gulf Freight Logistics FZE" in r and "AMN-" in r for r in hits)
    assert "party " not in " ".join(hits)
    assert re.search(r'href="/cases/\d+#screening">AMN-\d{4}-\d{6}<', page)
    review = re.search(r'href="(/cases/\d+/hits/\d+)">Review<', page)
    assert review and "Gulf Freight Logistics FZE" in get(client, review.group(1))


def test_screening_hits_filter_sort_and_page(client: TestClient, engine: Engine) -> None:
    store_hits(engine, 60, "Orient Shipping", "UN")
    store_hits(engine, 3, "Settled Trading", "OFAC", status="false_positive")
    log_in(client, "export")
    assert count(get(client, "/screening", q="ORIENT shipping")) == 60
    assert count(get(client, "/screening", list="OFAC")) == 0, "open is the default status"
    reviewed = get(client, "/screening", status="false_positive")
    assert count(reviewed) == 3 and all("Settled Trading" in r for r in rows(reviewed, "hits"))
    assert '<option value="false_positive" selected>' in reviewed
    best = rows(get(client, "/screening", q="orient"), "hits")
    worst = rows(get(client, "/screening", q="orient", sort="score"), "hits")
    assert "0.99" in best[0] and "0.50" in worst[0]
    second = rows(get(client, "/screening", q="orient", page="2"), "hits")
    assert len(best) == 50 and len(second) == 10 and set(best).isdisjoint(second)


def test_screening_says_it_is_warming_instead_of_waiting(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_in(client, "export")
    monkeypatch.setattr(screening_service, "_warming", {"lists"})
    page = get(client, "/screening", name="Gulf Freight Logistics")
    assert 'id="warming"' in page and "still loading" in page
    assert 'id="results"' not in page and 'value="Gulf Freight Logistics"' in page
    monkeypatch.setattr(screening_service, "_warming", set())
    page = get(client, "/screening", name="Gulf Freight Logistics")
    assert 'id="warming"' not in page and "Gulf Freight Logistics FZE" in rows(page, "results")[0]


def test_screening_a_name_with_a_bad_country_names_the_field(client: TestClient) -> None:
    log_in(client, "export")
    page = get(client, "/screening", name="Gulf Freight", country="Atlantis")
    assert "There is a problem" in page and 'href="#country"' in page


# ---- catalogue -----------------------------------------------------------------------------


def test_catalogue_search_filters_and_sort(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        for i in range(55):
            session.add(TechnologyRow(name=f"Spare part kit {i:02d}", kind="component",
                                      control_entries=["ML22"], classification=0))  # fmt: skip
    log_in(client, "officer")
    everything = count(get(client, "/catalogue"))
    assert count(get(client, "/catalogue", q="ml6")) >= 1, "a control entry, any case"
    assert count(get(client, "/catalogue", q="ARMOURED PATROL")) == 1
    assert count(get(client, "/catalogue", q="spare PART")) == 55
    systems = get(client, "/catalogue", kind="system")
    assert 1 <= count(systems) < everything and all(
        "System" in r for r in rows(systems, "technologies")
    )
    secret = get(client, "/catalogue", classification="secret")
    assert 1 <= count(secret) < everything
    assert all("Secret" in r for r in rows(secret, "technologies"))
    up = rows(get(client, "/catalogue", q="spare"), "technologies")
    down = rows(get(client, "/catalogue", q="spare", sort="-name"), "technologies")
    assert up[0].startswith("Spare part kit 00") and down[0].startswith("Spare part kit 54")
    second = rows(get(client, "/catalogue", q="spare", page="2"), "technologies")
    assert len(up) == 50 and len(second) == 5 and set(up).isdisjoint(second)
    by_level = rows(get(client, "/catalogue", sort="-classification"), "technologies")
    assert "Secret" in by_level[0] or "Top secret" in by_level[0]


def test_catalogue_hides_what_the_reader_is_not_cleared_for(client: TestClient) -> None:
    log_in(client, "finance")  # cleared to confidential
    assert count(get(client, "/catalogue", classification="secret")) == 0


# ---- partners ------------------------------------------------------------------------------


def test_partner_search_filters_and_sort(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        for i in range(55):
            code = f"{chr(ord('A') + i // 10)}{i % 10}"  # A0…F4: no real state has a digit
            session.add(PartnerRow(code=code, name=f"Isle of Test {i:02d}", region="Oceania",
                                   memberships=["PIF"]))  # fmt: skip
    log_in(client, "officer")
    everything = count(get(client, "/partners"))
    assert count(get(client, "/partners", q="republic OF alpha")) == 1
    assert count(get(client, "/partners", q="xa")) == 1, "the code, any case"
    oceania = get(client, "/partners", region="Oceania")
    assert count(oceania) == 55 and '<option value="Oceania" selected>' in oceania
    assert count(get(client, "/partners", membership="OIC")) < everything
    embargoed = get(client, "/partners", embargo="yes")
    assert 1 <= count(embargoed) < everything and "North Korea" in embargoed
    assert "North Korea" not in get(client, "/partners", embargo="no")
    up = rows(get(client, "/partners", q="isle of test"), "partners")
    down = rows(get(client, "/partners", q="isle of test", sort="-name"), "partners")
    assert "Test 00" in up[0] and "Test 54" in down[0]
    second = rows(get(client, "/partners", q="isle of test", page="2"), "partners")
    assert len(up) == 50 and len(second) == 5 and set(up).isdisjoint(second)


def test_partner_page_shows_memberships_agreements_and_embargoes(client: TestClient) -> None:
    log_in(client, "officer")
    korea = get(client, "/partners/KP")
    assert "S/RES/1718" in korea and 'id="embargoes"' in korea
    alpha = get(client, "/partners/XA")
    assert "OIC" in alpha and 'id="agreements"' in alpha
    log_in(client, "beta")
    assert client.get("/partners/XA").status_code == 404, "a partner sees its own state only"
    assert client.get("/partners/XB").status_code == 200
    assert "Risk notes" not in client.get("/partners/XB").text


# ---- alerts --------------------------------------------------------------------------------


def store_alerts(engine: Engine, n: int, kind: str, message: str, read: bool = False) -> None:
    with transaction(engine) as session:
        for i in range(n):
            session.add(AlertRow(user_id=None, case_id=None, kind=kind, read=read,
                                 message=f"{message} {i:02d}",
                                 raised_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=i)))  # fmt: skip


def test_alerts_filter_sort_page_and_mark_read_with_a_banner(
    client: TestClient, engine: Engine
) -> None:
    store_alerts(engine, 55, "delivery_due", "Delivery due for lot")
    store_alerts(engine, 2, "newly_prohibited", "Old warning", read=True)
    log_in(client, "leader")
    assert count(get(client, "/alerts", q="DELIVERY DUE")) == 55
    assert count(get(client, "/alerts", kind="newly_prohibited")) == 2
    read = get(client, "/alerts", status="read")
    assert count(read) == 2 and "Mark read" not in read
    unread = get(client, "/alerts", status="unread", kind="delivery_due")
    assert count(unread) == 55
    newest, oldest = rows(unread, "alerts")[0], rows(get(client, "/alerts", status="unread",
                                                         kind="delivery_due", sort="raised"), "alerts")[0]  # fmt: skip
    assert "lot 54" in newest and "lot 00" in oldest
    second = rows(get(client, "/alerts", status="unread", kind="delivery_due", page="2"), "alerts")
    assert len(second) == 5 and set(second).isdisjoint(rows(unread, "alerts"))

    alert_id = re.search(r'action="/alerts/(\d+)/read"', unread)
    assert alert_id
    back = "/alerts?status=unread&kind=delivery_due"
    answer = client.post(f"/alerts/{alert_id.group(1)}/read",
                         data={"csrf": csrf(unread), "back": back}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303 and answer.headers["location"] == back
    after = client.get(back).text
    assert "Alert marked as read" in after and count(after) == 54
    assert "Alert marked as read" not in client.get(back).text, "the banner shows once"


def test_a_partner_cannot_mark_someone_elses_alert_read(client: TestClient, engine: Engine) -> None:
    store_alerts(engine, 1, "delivery_due", "Internal only")
    log_in(client, "leader")
    alert_id = re.search(r'action="/alerts/(\d+)/read"', get(client, "/alerts"))
    assert alert_id
    log_in(client, "alpha")
    page = get(client, "/alerts")
    assert "Internal only" not in page
    answer = client.post(f"/alerts/{alert_id.group(1)}/read", data={"csrf": csrf(page)})
    assert answer.status_code == 404


# ---- no query string makes a 500 -----------------------------------------------------------

PARAMETERS = ("q", "state", "partner", "outcome", "sort", "page", "page_no", "actor", "case",
              "verb", "from", "to", "kind", "classification", "region", "membership", "embargo",
              "status", "list", "name", "country")  # fmt: skip
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=25)
ODD = st.sampled_from(["0", "-1", "1e9", "99999999999999999999", "%", "_", "\\", "'", "--",
                       "9999-12-31", "0001-01-01", "31/02/2026", "-name", "--seq", "\x00"])  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.dictionaries(st.sampled_from(PARAMETERS), TEXT | ODD, max_size=6))
def test_no_query_string_makes_a_500(client: TestClient, query: dict[str, str]) -> None:
    log_in(client, "admin")
    for path in ("/audit", "/cases", "/catalogue", "/partners", "/alerts", "/screening"):
        answer = client.get(path, params=query)
        assert answer.status_code < 500, (path, query, answer.text[-800:])
        if answer.status_code == 200:
            assert re.search(r'id="count">[\d,]+ results?<', answer.text), (path, query)


@pytest.mark.parametrize("path", ["/partners/%00", "/partners/ABC", "/partners/Z9"])
def test_an_unknown_partner_is_a_404_page(client: TestClient, path: str) -> None:
    log_in(client, "officer")
    assert client.get(path).status_code == 404


# ---- the chain's verification on the audit page --------------------------------------------


def test_a_long_chain_is_verified_on_demand_then_only_its_new_events_on_each_view(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verification, "WHOLE_ON_VIEW", 5)  # the demo's chain is longer
    log_in(client, "auditor")
    first = get(client, "/audit")
    assert "Not verified yet" in first and "chain intact" not in first
    answer = client.post("/audit/verify", data={"csrf": csrf(first)}, follow_redirects=False)
    assert answer.status_code == 303
    verified = client.get("/audit").text
    assert "The whole chain was verified" in verified and "chain intact" in verified
    with transaction(engine) as session:
        audit.record(session, "zoe", Verb.EMBARGO_SAVED, "embargo", "new-one")
    assert "1 event added since then was checked" in get(client, "/audit")
    with transaction(engine) as session:
        newest = session.scalars(select(AuditEventRow).order_by(AuditEventRow.seq.desc())).first()
        assert newest is not None
        newest.actor = "mallory"  # an event appended after the verification, then changed
    broken = get(client, "/audit")
    assert "chain broken" in broken and "changed after it was written" in broken
    with transaction(engine) as session:
        audit.record_many(session, [audit.Event("bulk", Verb.USER_LOGGED_IN, "user", n)
                                    for n in range(6)])  # fmt: skip
    assert "Not verified recently" in get(client, "/audit"), "too many new events to check"


def test_links_keep_the_valid_filters_and_drop_the_bad_one(client: TestClient) -> None:
    log_in(client, "officer")
    page = get(client, "/cases", q="patrol", state="nonsense")
    assert 'href="#state"' in page and 'value="patrol"' in page
    assert 'href="/cases?q=patrol&amp;sort=reference"' in page
