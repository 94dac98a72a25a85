"""The Jobs page and /api/v1/jobs: jobs started from a page, a list file uploaded and imported
as a job, their state and results shown; bad input named by field. (Tests run jobs in the
process that starts them; tests/integration/test_workers.py runs them on real workers.)"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from amanah.config import get_settings
from amanah.jobs import runner, tasks
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


def _case_of(engine: Engine, partner: str = "XA") -> int:
    from sqlalchemy import select

    from amanah.cases.models import CaseRow
    from amanah.db.engine import transaction

    with transaction(engine) as session:
        found = session.scalar(select(CaseRow.id).where(CaseRow.partner_code == partner)
                               .order_by(CaseRow.id).limit(1))  # fmt: skip
        assert found is not None
        return found


def test_a_report_made_from_its_page_is_a_job_whose_file_only_its_starter_downloads(
    client: TestClient,
) -> None:
    log_in(client, "export")
    page = client.get("/reports")
    assert page.status_code == 200 and 'id="report-start"' in page.text
    answer = client.post("/reports", data={"csrf": hidden(page.text, "csrf"), "report": "att",
                                           "year": "2026", "basis": "actual", "format": "csv"},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303 and answer.headers["location"] == "/jobs"
    job = client.get("/api/v1/jobs").json()[0]
    assert job["kind"] == "report" and job["state"] == "succeeded"
    assert job["result"]["file"] == "att-exports-2026.csv"
    assert job["done"] == job["total"] and job["total"] > 0
    assert f'href="/jobs/{job["id"]}/file"' in client.get("/jobs").text
    made = client.get(f"/jobs/{job['id']}/file")
    assert made.status_code == 200 and made.headers["content-type"].startswith("text/csv")
    assert "att-exports-2026.csv" in made.headers["content-disposition"]
    direct = client.get("/api/v1/reports/att", params={"year": 2026, "format": "csv"})
    assert made.content == direct.content
    client.post("/logout", data={"csrf": hidden(client.get("/jobs").text, "csrf")})
    log_in(client, "leader")  # may make reports, but this file is export's
    assert client.get(f"/jobs/{job['id']}/file").status_code == 404
    assert f'href="/jobs/{job["id"]}/file"' not in client.get("/jobs").text


def test_bad_report_requests_are_named_by_field(client: TestClient) -> None:
    log_in(client, "export")
    csrf = hidden(client.get("/reports").text, "csrf")
    for data, field in (({"report": "att", "year": "next", "format": "csv"}, "year"),
                        ({"report": "nope", "year": "2026", "format": "csv"}, "report"),
                        ({"report": "unroca", "year": "2026", "format": "pdf"}, "format")):  # fmt: skip
        answer = client.post("/reports", data={"csrf": csrf, **data})
        assert answer.status_code == 422 and f'href="#{field}"' in answer.text, field
    api = client.post("/api/v1/jobs", json={"kind": "report", "report": "att", "year": 1066},
                      headers={"x-csrf-token": csrf})  # fmt: skip
    assert api.status_code == 422 and api.json()["field"] == "year"
    assert client.get("/api/v1/jobs").json() == []  # nothing was started


def test_a_dossier_made_from_the_case_page_is_a_pdf_in_the_pages_language(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "officer")
    case_id = _case_of(engine)
    page = client.get(f"/cases/{case_id}")
    assert 'id="dossier-job"' in page.text
    answer = client.post(f"/cases/{case_id}/dossier", data={"csrf": hidden(page.text, "csrf")},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    job = client.get("/api/v1/jobs").json()[0]
    assert job["kind"] == "dossier" and job["state"] == "succeeded", job
    assert job["args"] == {"case_id": case_id, "language": "en"}
    made = client.get(f"/jobs/{job['id']}/file")
    assert made.status_code == 200 and made.content.startswith(b"%PDF")
    assert made.headers["content-type"] == "application/pdf"


def test_partners_make_no_dossier_job_and_nobody_one_of_a_case_they_cannot_see(
    client: TestClient, engine: Engine
) -> None:
    other, own = _case_of(engine, "XB"), _case_of(engine, "XA")
    log_in(client, "alpha")
    page = client.get(f"/cases/{own}")
    assert 'id="dossier-job"' not in page.text
    csrf = hidden(page.text, "csrf")
    assert client.post(f"/cases/{own}/dossier", data={"csrf": csrf}).status_code == 403
    report = {"csrf": csrf, "report": "register", "format": "csv"}
    assert client.post("/reports", data=report).status_code == 403
    answer = client.post("/api/v1/jobs", json={"kind": "dossier", "case_id": other},
                         headers={"x-csrf-token": csrf})  # fmt: skip
    assert answer.status_code == 403


def test_the_same_report_asked_for_again_while_it_waits_is_the_same_job(engine: Engine) -> None:
    from amanah.db.engine import transaction
    from amanah.jobs import service as jobs
    from amanah.users.roles import SYSTEM

    args = {"report": "register", "format": "json"}
    with transaction(engine) as session:
        first = jobs.start(session, SYSTEM, "report", args)
        again = jobs.start(session, SYSTEM, "report", dict(args))
        other = jobs.start(session, SYSTEM, "report", {**args, "format": "csv"})
        assert again.id == first.id and other.id != first.id
        session.rollback()


def test_on_sqlite_a_job_runs_in_the_servers_thread_and_its_page_shows_progress_meanwhile(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The web server (create_app) runs jobs in its background thread: the request that starts
    one answers at once, and the Jobs page shows the job running with its progress."""
    if engine.dialect.name != "sqlite":
        pytest.skip("on PostgreSQL the workers run the jobs (tests/integration/test_workers.py)")
    reached, release = threading.Event(), threading.Event()

    def slow(
        session: object, job: object, actor: object, report: Callable[..., None]
    ) -> dict[str, int]:
        report("counting the days", 3, 10)
        reached.set()
        assert release.wait(60)
        return {"counted": 10}

    monkeypatch.setitem(tasks.TASKS, "calendar_check", slow)
    monkeypatch.setenv("AMANAH_JOBS_RUNNER", "auto")  # as `amanah serve` runs on SQLite
    get_settings.cache_clear()
    try:
        log_in(client, "export")
        csrf = hidden(client.get("/jobs").text, "csrf")
        answer = client.post("/jobs", data={"csrf": csrf, "kind": "calendar_check"},
                             follow_redirects=False)  # fmt: skip
        assert answer.status_code == 303
        assert reached.wait(60)
        page = client.get("/jobs").text
        assert "Running" in page and "<bdi>3</bdi> of <bdi>10</bdi>" in page  # numbers isolated
        assert "counting the days" in page
        assert 'http-equiv="refresh"' in page  # it refreshes while a job runs
        shown = client.get("/api/v1/jobs").json()[0]
        assert (shown["state"], shown["done"], shown["total"]) == ("running", 3, 10)
    finally:
        release.set()
        runner.wait_for_background_jobs()
    shown = client.get("/api/v1/jobs").json()[0]
    assert shown["state"] == "succeeded" and shown["result"] == {"counted": 10}


def test_a_server_starting_on_sqlite_resumes_the_jobs_a_stopped_one_left(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("on PostgreSQL the queue keeps the jobs")
    from amanah.db.engine import transaction
    from amanah.jobs.models import JobRow

    with transaction(engine) as session:  # as a killed server leaves them: no event, no thread
        for state in ("queued", "running", "succeeded"):
            session.add(JobRow(kind="calendar_check", args={"on": "2026-12-01"}, state=state,
                               stage="", done=0, total=0, attempts=0, started_by="export",
                               worker="", error=""))  # fmt: skip
    monkeypatch.setenv("AMANAH_JOBS_RUNNER", "auto")
    get_settings.cache_clear()
    runner.run_in_background(engine)
    runner.wait_for_background_jobs()
    with transaction(engine) as session:
        rows = session.scalars(select(JobRow).order_by(JobRow.id)).all()
        assert [r.state for r in rows] == ["succeeded"] * 3
        assert [r.attempts for r in rows] == [1, 1, 0]  # the finished one was not run again


def test_in_a_web_server_on_sqlite_an_embargo_change_reassesses_as_a_job_of_its_thread(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not forked from the server's request thread: a `reassess` job, with its progress, whose
    suspension of the newly prohibited case is what the at-once run did."""
    if engine.dialect.name != "sqlite":
        pytest.skip("on PostgreSQL the workers run the jobs (tests/integration/test_workers.py)")
    from datetime import date

    from amanah.cases.models import CaseRow
    from amanah.db.engine import transaction
    from amanah.partners import service as partners
    from amanah.partners.schemas import EmbargoIn
    from amanah.users.roles import SYSTEM

    monkeypatch.setenv("AMANAH_JOBS_RUNNER", "auto")
    get_settings.cache_clear()
    with transaction(engine) as session:
        partners.save_embargo(session, SYSTEM, EmbargoIn(
            id="UN-XA", regime="UN", target="XA", target_name="Republic of Alpha", scope="all",
            instrument="S/RES/9999 (2026)", start=date(2026, 11, 1)))  # fmt: skip
    runner.wait_for_background_jobs()
    log_in(client, "export")
    job = client.get("/api/v1/jobs").json()[0]
    assert (job["kind"], job["state"], job["args"]) == ("reassess", "succeeded", {"partner": "XA"})
    assert job["done"] == job["total"] > 0 and job["result"]["counts"]["prohibited"] >= 1
    with transaction(engine) as session:
        seed = session.scalars(
            select(CaseRow).where(CaseRow.title.contains("counter-rocket"))
        ).one()
        assert seed.state == "suspended"


def test_a_report_job_keeps_only_the_arguments_its_report_reads() -> None:
    from amanah.jobs.service import checked_args

    assert checked_args("report", {"report": "register", "year": "x", "basis": "y"}) == {
        "report": "register", "format": "xlsx"}  # fmt: skip
    assert checked_args("report", {"report": "unroca", "year": " 2026 ", "basis": "actual"}) == {
        "report": "unroca", "format": "xlsx", "year": 2026}  # fmt: skip
    assert checked_args("report", {"report": "att", "year": 2026, "format": "csv"}) == {
        "report": "att", "format": "csv", "year": 2026, "basis": "actual"}  # fmt: skip
