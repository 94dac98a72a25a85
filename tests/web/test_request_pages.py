"""A request in pages, over HTTP: open a draft from nothing, fill each section, change and remove
items and parties, check the answers and submit; bad input re-renders the same form with the
error summary and what was typed. On SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from amanah.cases.models import CaseRow
from amanah.catalogue.models import TechnologyRow
from amanah.db.engine import transaction
from tests.web.pages import log_in


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found
    return found.group(1)


def form_post(client: TestClient, path: str, data: dict[str, str]) -> object:
    page = client.get(path)
    assert page.status_code == 200, page.text
    fields = {"csrf": csrf(page.text), **data}
    if 'name="version"' in page.text:
        fields.setdefault("version", version(page.text))
    return client.post(path, data=fields, follow_redirects=False)


def technology_id(engine: Engine, name_part: str) -> int:
    with transaction(engine) as session:
        row = session.scalars(
            select(TechnologyRow).where(TechnologyRow.name.contains(name_part))
        ).first()
        assert row is not None
        return row.id


def open_draft(client: TestClient, title: str = "Coastal radios for the navy") -> int:
    answer = form_post(client, "/cases/new", {"partner": "XA", "title": title, "value": "250000",
                                              "currency": "USD"})  # fmt: skip
    assert answer.status_code == 303  # type: ignore[attr-defined]
    location = answer.headers["location"]  # type: ignore[attr-defined]
    found = re.fullmatch(r"/cases/(\d+)/request", location)
    assert found, location
    return int(found.group(1))


def test_officer_opens_fills_and_submits_a_request_in_pages(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "officer")
    case_id = open_draft(client)
    tasks = client.get(f"/cases/{case_id}/request").text
    assert "Draft AMN-" in tasks and "created" in tasks  # the success banner
    assert tasks.count("Not started") == 3 and "Cannot start yet" in tasks

    search = client.get(f"/cases/{case_id}/request/items/add", params={"q": "ml6"}).text
    tech = technology_id(engine, "patrol")
    assert f'value="{tech}"' in search, "the catalogue search by control entry finds the vehicle"
    answer = form_post(client, f"/cases/{case_id}/request/items/add",
                       {"technology_id": str(tech), "quantity": "4", "kind": "sale",
                        "unit_value": "125000", "declared_control_entries": "ML6"})  # fmt: skip
    assert answer.status_code == 303  # type: ignore[attr-defined]
    answer = form_post(client, f"/cases/{case_id}/request/parties/add",
                       {"role": "end_user", "name": "Alpha Coast Guard", "country": "XA",
                        "type": "organisation"})  # fmt: skip
    assert answer.status_code == 303  # type: ignore[attr-defined]

    tasks = client.get(f"/cases/{case_id}/request").text
    assert f'href="/cases/{case_id}/request/check"' in tasks
    check = client.get(f"/cases/{case_id}/request/check").text
    assert "Alpha Coast Guard" in check and "$250,000.00" in check
    answer = form_post(client, f"/cases/{case_id}/request/check", {})
    assert answer.status_code == 303  # type: ignore[attr-defined]
    case_page = client.get(answer.headers["location"]).text  # type: ignore[attr-defined]
    assert "submitted for review" in case_page
    with transaction(engine) as session:
        case = session.get_one(CaseRow, case_id)
        assert case.state == "submitted" and len(case.items) == 1 and len(case.parties) == 1


def test_items_and_parties_are_changed_and_removed_in_pages(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "alpha")
    case_id = open_draft(client, "Training for signals officers")
    tech = technology_id(engine, "patrol")
    form_post(client, f"/cases/{case_id}/request/items/add",
              {"technology_id": str(tech), "quantity": "2", "kind": "sale"})  # fmt: skip
    form_post(client, f"/cases/{case_id}/request/parties/add",
              {"role": "end_user", "name": "Alpha Army", "country": "XA", "type": "organisation"})  # fmt: skip
    with transaction(engine) as session:
        case = session.get_one(CaseRow, case_id)
        item_id, party_id = case.items[0].id, case.parties[0].id

    form_post(client, f"/cases/{case_id}/request/items/{item_id}",
              {"technology_id": str(tech), "quantity": "7", "kind": "loan_for_evaluation"})  # fmt: skip
    form_post(client, f"/cases/{case_id}/request/parties/{party_id}",
              {"role": "end_user", "name": "Alpha Land Forces", "country": "XA",
               "type": "organisation"})  # fmt: skip
    with transaction(engine) as session:
        case = session.get_one(CaseRow, case_id)
        assert (case.items[0].quantity, case.items[0].kind) == (7, "loan_for_evaluation")
        assert case.parties[0].name == "Alpha Land Forces"

    confirm = client.get(f"/cases/{case_id}/request/items/{item_id}/remove").text
    assert "Remove this from the request?" in confirm
    form_post(client, f"/cases/{case_id}/request/items/{item_id}/remove", {})
    form_post(client, f"/cases/{case_id}/request/parties/{party_id}/remove", {})
    with transaction(engine) as session:
        case = session.get_one(CaseRow, case_id)
        assert case.items == [] and case.parties == []


def test_a_partner_liaison_opens_requests_for_its_own_state_only(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "beta")
    assert 'name="partner"' not in client.get("/cases/new").text
    case_id = open_draft(client, "Not for Alpha")  # the posted partner XA is ignored
    with transaction(engine) as session:
        assert session.get_one(CaseRow, case_id).partner_code == "XB"


@pytest.mark.parametrize(
    ("path", "data", "field", "kept"),
    [
        ("/cases/new", {"partner": "", "title": "Radios"}, "partner", "Radios"),
        ("/cases/new", {"partner": "XA", "title": ""}, "title", ""),
        ("/cases/new", {"partner": "XA", "title": "Radios", "value": "12,5x"}, "value", "12,5x"),
        ("/cases/new", {"partner": "XA", "title": "Radios", "currency": "XYZ"}, "currency", "Radios"),
        ("/cases/new", {"partner": "XA", "title": "Radios", "transfer_date-day": "31",
                        "transfer_date-month": "2", "transfer_date-year": "2027"},
         "transfer_date", "Radios"),
    ],
)  # fmt: skip
def test_bad_input_on_the_new_case_form_is_shown_with_what_was_typed(
    client: TestClient, path: str, data: dict[str, str], field: str, kept: str
) -> None:
    log_in(client, "officer")
    answer = form_post(client, path, {"currency": "USD", **data})
    assert answer.status_code == 422  # type: ignore[attr-defined]
    html = answer.text  # type: ignore[attr-defined]
    assert "There is a problem" in html and f'href="#{field}"' in html
    assert 'class="govuk-error-message"' in html
    if kept:
        assert f'value="{kept}"' in html


@pytest.mark.parametrize(
    ("section", "data", "field", "kept"),
    [
        ("items/add", {"quantity": "3"}, "technology_id", "3"),
        ("items/add", {"technology_id": "{tech}", "quantity": "0"}, "quantity", "0"),
        ("items/add", {"technology_id": "{tech}", "quantity": "2",
                       "declared_control_entries": "ZZ99"}, "declared_control_entries", "ZZ99"),
        ("parties/add", {"role": "end_user", "name": "", "country": "XA"}, "name", ""),
        ("parties/add", {"role": "end_user", "name": "Alpha Navy", "country": ""}, "country",
         "Alpha Navy"),
        ("parties/add", {"role": "end_user", "name": "Alpha Navy", "country": "XA",
                         "birth_date-day": "40", "birth_date-month": "1",
                         "birth_date-year": "1980"}, "birth_date", "Alpha Navy"),
        ("details", {"title": ""}, "title", ""),
    ],
)  # fmt: skip
def test_bad_input_in_a_section_is_shown_with_what_was_typed_and_nothing_stored(
    client: TestClient, engine: Engine, section: str, data: dict[str, str], field: str, kept: str
) -> None:
    log_in(client, "officer")
    case_id = open_draft(client)
    tech = str(technology_id(engine, "patrol"))
    data = {k: v.replace("{tech}", tech) for k, v in data.items()}
    answer = form_post(client, f"/cases/{case_id}/request/{section}", data)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    html = answer.text  # type: ignore[attr-defined]
    assert "There is a problem" in html and f'href="#{field}"' in html
    if kept:
        assert f'value="{kept}"' in html
    with transaction(engine) as session:
        case = session.get_one(CaseRow, case_id)
        assert case.items == [] and case.parties == []


def test_a_document_upload_without_a_file_is_shown_as_an_error(client: TestClient) -> None:
    log_in(client, "officer")
    case_id = open_draft(client)
    page = client.get(f"/cases/{case_id}/request/documents").text
    answer = client.post(f"/cases/{case_id}/request/documents",
                         data={"csrf": csrf(page), "kind": "end_use_certificate"})  # fmt: skip
    assert answer.status_code == 422 and 'href="#file"' in answer.text
    answer = client.post(
        f"/cases/{case_id}/request/documents",
        data={"csrf": csrf(page), "kind": "end_use_certificate"},
        files={"file": ("شهادة.txt", b"End-use certificate", "text/plain")},
        follow_redirects=True,
    )
    assert answer.status_code == 200 and "شهادة.txt attached" in answer.text
