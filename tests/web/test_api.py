"""The web application over HTTP (FastAPI's TestClient), on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from amanah.db.engine import transaction
from amanah.demo import PASSWORD


def token(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", data={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def case_id(client: TestClient, headers: dict[str, str], title: str) -> int:
    cases = client.get("/api/v1/cases", params={"q": title}, headers=headers).json()["cases"]
    return int(cases[0]["id"])


def test_openapi_documents_the_evaluate_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/compliance/evaluate" in spec["paths"]


def test_api_needs_authentication(client: TestClient) -> None:
    answer = client.get("/api/v1/cases")
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden"


def test_evaluate_malformed_request_is_422_naming_the_field(client: TestClient) -> None:
    request = {
        "recipient": "XA",
        "date": "2027-01-01",
        "items": [{"description": "x", "quantity": 0}],
    }
    answer = client.post(
        "/api/v1/compliance/evaluate", headers=token(client, "export"), json=request
    )
    assert answer.status_code == 422 and answer.json()["field"] == "items.0.quantity"


def test_evaluate_names_an_unknown_control_entry(client: TestClient) -> None:
    answer = client.post("/api/v1/compliance/evaluate", headers=token(client, "export"),
                         json={"recipient": "XA", "date": "2027-01-01",
                               "items": [{"description": "x", "control_entries": ["ML99"]}]})  # fmt: skip
    assert answer.status_code == 422 and answer.json()["field"] == "items.0.control_entries"


def test_partner_liaison_cannot_open_another_states_case(client: TestClient) -> None:
    officer = token(client, "officer")
    alpha_case = case_id(client, officer, "counter-rocket")
    answer = client.get(f"/api/v1/cases/{alpha_case}", headers=token(client, "beta"))
    assert answer.status_code == 404
    own = client.get(f"/api/v1/cases/{alpha_case}", headers=token(client, "alpha"))
    assert own.status_code == 200 and own.json()["partner"]["code"] == "XA"


def test_stale_transition_is_409_with_the_field(client: TestClient) -> None:
    officer = token(client, "officer")
    draft = case_id(client, officer, "Network intrusion")
    answer = client.post(f"/api/v1/cases/{draft}/transitions", headers=officer,
                         json={"action": "submit", "expected_version": 0})  # fmt: skip
    assert answer.status_code == 409 and answer.json()["field"] == "expected_version"


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> Response:
    """Post the login form as a browser does: with the token of the form it was given."""
    form = client.get("/login")
    found = re.search(r'name="login_csrf" value="([^"]+)"', form.text)
    assert found, "the login form carries a CSRF token"
    data = {"username": username, "password": password, "login_csrf": found.group(1)}
    return client.post("/login", data=data)


def test_pages_log_in_list_cases_and_show_findings(client: TestClient) -> None:
    assert client.get("/", follow_redirects=False).status_code == 303
    login = log_in(client, "officer")
    assert login.status_code == 200 and "Your inbox" in login.text
    listing = client.get("/cases")
    match = re.search(r'href="/cases/(\d+)"[^>]*>AMN', listing.text)
    assert match
    page = client.get(f"/cases/{match.group(1)}")
    assert (
        page.status_code == 200 and "Compliance findings" in page.text and "Timeline" in page.text
    )


def test_form_without_csrf_token_is_refused(client: TestClient) -> None:
    log_in(client, "officer")
    draft = case_id(client, token(client, "officer"), "Network intrusion")
    answer = client.post(
        f"/cases/{draft}/request/parties/add",
        data={"role": "agent", "name": "X", "country": "XC", "csrf": "forged"},
    )
    assert answer.status_code == 403


def test_repeated_failures_make_the_next_attempt_wait(client: TestClient) -> None:
    for _ in range(5):
        log_in(client, "finance", "wrong-password")
    held = client.post("/api/v1/auth/token", data={"username": "finance", "password": PASSWORD})
    assert held.status_code == 429 and "try again in" in held.json()["message"]
    assert int(held.headers["retry-after"]) >= 1


def _import_demo_list(client: TestClient, tmp_path: object) -> None:
    from pathlib import Path

    from amanah.screening import list_imports
    from amanah.users.roles import SYSTEM
    from tests.factories.screening import ftm_lines, ftm_person, write

    path = write(Path(str(tmp_path)), "list.json", ftm_lines(
        ftm_person("p1", "Muhammad Abd al-Rahman al-Husayn", birthDate=["1970-05-01"], nationality=["iq"]),
        {"id": "o1", "schema": "Company", "datasets": ["test_list"],
         "properties": {"name": ["Gulf Freight Logistics FZE"], "country": ["ae"]}}))  # fmt: skip
    with transaction(client.app.state.engine) as session:  # type: ignore[attr-defined]
        list_imports.import_list(session, SYSTEM, path, "ftm")


def test_screening_match_answers_explained_hits(client: TestClient, tmp_path: object) -> None:
    _import_demo_list(client, tmp_path)
    body = {
        "id": "q1",
        "name": "محمد عبد الرحمن الحسين",
        "country": "IQ",
        "birth_date": "1970",
        "type": "person",
    }
    answer = client.post("/api/v1/screening/match", headers=token(client, "export"), json=body)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["id"] == "q1" and result["hits"][0]["entity_id"] == "p1"
    hit = result["hits"][0]
    assert hit["score"] >= 0.7 and hit["list"] == "FTM:test_list"
    assert hit["explanation"]["fields"]["country"] == "agrees"
    assert "/api/v1/screening/match" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"name": ""}, "name"), ({"name": "x", "birth_date": "1970-13-01"}, "birth_date"),
     ({"name": "x", "country": "ZZZ"}, "country"), ({"name": "x", "type": "ship"}, "type"),
     ({"name": "x", "colour": "red"}, "colour")],
)  # fmt: skip
def test_screening_match_bad_input_is_422_naming_the_field(
    client: TestClient, body: dict[str, str], field: str
) -> None:
    answer = client.post("/api/v1/screening/match", headers=token(client, "export"), json=body)
    assert answer.status_code == 422 and answer.json()["field"] == field


def test_partner_liaison_cannot_screen(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/screening/match", headers=token(client, "alpha"), json={"name": "x"}
    )
    assert answer.status_code == 403


def test_review_a_hit_through_the_api(client: TestClient, tmp_path: object) -> None:
    _import_demo_list(client, tmp_path)
    export = token(client, "export")
    queue = client.get("/api/v1/screening/hits", headers=export).json()
    freight = [h for h in queue if h["entity_id"] == "o1"]
    assert freight and freight[0]["algorithm_version"] and freight[0]["list_import_id"]
    bad = client.post(f"/api/v1/screening/hits/{freight[0]['id']}/review", headers=export,
                      json={"decision": "maybe", "reason": "x"})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "decision"
    done = client.post(f"/api/v1/screening/hits/{freight[0]['id']}/review", headers=export,
                       json={"decision": "false_positive", "reason": "different licence number"})  # fmt: skip
    assert done.status_code == 200 and done.json()["status"] == "false_positive"
    assert all(
        h["id"] != freight[0]["id"]
        for h in client.get("/api/v1/screening/hits", headers=export).json()
    )


def test_objective_data_as_json_and_one_table_as_csv(client: TestClient) -> None:
    leader = token(client, "leader")
    answer = client.get("/api/v1/analytics/economy", headers=leader)
    assert answer.status_code == 200 and answer.json()["value_by_partner"]
    csv_answer = client.get("/api/v1/analytics/economy", params={"table": "value_by_partner", "format": "csv"},
                            headers=leader)  # fmt: skip
    assert csv_answer.status_code == 200 and csv_answer.text.startswith("partner,value")
    bad = client.get(
        "/api/v1/analytics/economy", params={"table": "nope", "format": "csv"}, headers=leader
    )
    assert bad.status_code == 422 and bad.json()["field"] == "table"
    assert (
        client.get("/api/v1/analytics/economy", headers=token(client, "alpha")).status_code == 403
    )


def test_reports_download_as_xlsx_and_bad_format_is_422(client: TestClient) -> None:
    export = token(client, "export")
    answer = client.get(
        "/api/v1/reports/att", params={"year": 2026, "format": "xlsx"}, headers=export
    )
    assert answer.status_code == 200 and answer.content[:2] == b"PK"
    bad = client.get("/api/v1/reports/att", params={"year": 2026, "format": "pdf"}, headers=export)
    assert bad.status_code == 422 and bad.json()["field"] == "format"
    assert (
        client.get(
            "/api/v1/reports/att", params={"year": 2026}, headers=token(client, "beta")
        ).status_code
        == 403
    )


def test_a_catalogue_record_is_not_overwritten_from_a_stale_version(client: TestClient) -> None:
    admin = token(client, "admin")
    tech = client.get("/api/v1/catalogue", headers=admin).json()[0]
    body = {k: tech[k] for k in ("name", "description", "kind", "control_entries", "att_category",
                                 "un_register_category", "classification", "sensitivity", "owner")}  # fmt: skip
    first = client.put(f"/api/v1/catalogue/{tech['id']}", headers=admin,
                       json={**body, "owner": "First writer", "expected_version": tech["version"]})  # fmt: skip
    assert first.status_code == 200 and first.json()["version"] == tech["version"] + 1
    stale = client.put(f"/api/v1/catalogue/{tech['id']}", headers=admin,
                       json={**body, "owner": "Second writer", "expected_version": tech["version"]})  # fmt: skip
    assert stale.status_code == 409 and stale.json()["field"] == "expected_version"
    now = client.get(f"/api/v1/catalogue/{tech['id']}", headers=admin).json()
    assert now["owner"] == "First writer"
