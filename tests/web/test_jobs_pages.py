"""The Jobs page and /api/v1/jobs: jobs started from a page, a list file uploaded and imported
as a job, their state and results shown; bad input named by field. (Tests run jobs in the
process that starts them; tests/integration/test_workers.py runs them on real workers.)"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.pages import hidden, log_in

UK_SAMPLE = Path(__file__).resolve().parents[1] / "data" / "uk_conlist_sample.csv"


def test_a_job_started_from_the_page_runs_and_shows_its_result(client: TestClient) -> None:
    log_in(client, "export")
    page = client.get("/jobs")
    assert page.status_code == 200 and "No job has run yet." in page.text
    answer = client.post("/jobs", data={"csrf": hidden(page.text, "csrf"), "kind": "calendar_check"},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    page = client.get("/jobs")
    assert (
        'id="job-1"' in page.text and "Succeeded" in page.text and "calendar" in page.text.lower()
    )


def test_a_list_uploaded_on_the_page_is_imported_once(client: TestClient) -> None:
    log_in(client, "export")
    csrf = hidden(client.get("/jobs").text, "csrf")
    for _ in range(2):
        answer = client.post("/jobs/list-import", data={"csrf": csrf, "format": "uk-csv"},
                             files={"file": (UK_SAMPLE.name, UK_SAMPLE.read_bytes(), "text/csv")},
                             follow_redirects=False)  # fmt: skip
        assert answer.status_code == 303
    found = client.get("/api/v1/jobs").json()
    assert [j["kind"] for j in found] == ["list_import", "list_import"]
    assert all(j["state"] == "succeeded" for j in found)
    assert found[1]["result"]["added"] == 3 and found[0]["result"]["unchanged"] is True


def test_bad_input_is_named_by_field(client: TestClient) -> None:
    log_in(client, "export")
    csrf = hidden(client.get("/jobs").text, "csrf")
    answer = client.post("/jobs/list-import", data={"csrf": csrf, "format": "nope"},
                         files={"file": (UK_SAMPLE.name, UK_SAMPLE.read_bytes(), "text/csv")})  # fmt: skip
    assert answer.status_code == 422 and "format is one of" in answer.text
    api = client.post("/api/v1/jobs", json={"kind": "calendar_check", "on": "31/12/2026"},
                      headers={"x-csrf-token": csrf})  # fmt: skip
    assert api.status_code == 422 and api.json()["field"] == "on"
    api = client.post("/api/v1/jobs", json={"kind": "list_import"}, headers={"x-csrf-token": csrf})
    assert api.status_code == 422 and api.json()["field"] == "kind"


def test_partners_see_no_jobs(client: TestClient) -> None:
    log_in(client, "alpha")
    assert client.get("/jobs").status_code == 403
    assert client.get("/api/v1/jobs").status_code == 403
