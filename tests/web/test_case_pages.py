"""The case page and its decisions over HTTP, on SQLite and PostgreSQL: only allowed actions
are offered and the others say why; irreversible decisions go through a confirmation; a double
submission is not "someone else's change"; a real conflict shows what changed; the inbox lists
each role's work; a partner gets only its projection."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from amanah.cases.models import CaseRow
from amanah.db.engine import transaction
from tests.web.pages import hidden, log_in


def case_id(engine: Engine, title_part: str) -> int:
    with transaction(engine) as session:
        return session.scalars(select(CaseRow.id).where(CaseRow.title.contains(title_part))).one()


def state(engine: Engine, case: int) -> str:
    with transaction(engine) as session:
        return session.get_one(CaseRow, case).state


def test_approval_needs_the_confirmation_step_and_a_reason(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "leader")
    case = case_id(engine, "Co-production of armoured patrol vehicles")
    page = client.get(f"/cases/{case}").text
    assert f'href="/cases/{case}/act/approve"' in page
    confirm = client.get(f"/cases/{case}/act/approve").text
    assert "cannot be undone" in confirm
    form = {"csrf": hidden(confirm, "csrf"), "version": hidden(confirm, "version"),
            "action": "approve", "confirmed": "yes", "reason": ""}  # fmt: skip
    answer = client.post(f"/cases/{case}/transition", data=form)
    assert answer.status_code == 409 and 'href="#reason"' in answer.text
    assert state(engine, case) == "awaiting_approval"
    # posting the action straight away (without `confirmed`) only shows the confirmation
    answer = client.post(f"/cases/{case}/transition", data={**form, "confirmed": "",
                                                            "reason": "benefits outweigh risks"})  # fmt: skip
    assert answer.status_code == 200 and "Confirm: Approve" in answer.text
    assert state(engine, case) == "awaiting_approval"
    answer = client.post(f"/cases/{case}/transition", data={**form, "reason": "ok"},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303 and state(engine, case) == "approved"


def test_a_prohibited_case_names_its_blocking_findings_instead_of_offering_recommend(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "export")
    case = case_id(engine, "Coastal patrol boats")  # DPRK: UN arms embargo
    page = client.get(f"/cases/{case}").text
    assert 'value="recommend"' not in page
    not_yet = page[page.index('id="not-yet"') :]
    assert "Recommend for approval" in not_yet and "unresolved blocking findings" in not_yet


def test_a_double_submission_is_not_someone_elses_change(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "officer")
    case = case_id(engine, "Patrol vehicle training courses")  # submitted
    page = client.get(f"/cases/{case}").text
    form = {"csrf": hidden(page, "csrf"), "version": hidden(page, "version"),
            "action": "start_release_review"}  # fmt: skip
    first = client.post(f"/cases/{case}/transition", data=form, follow_redirects=False)
    second = client.post(f"/cases/{case}/transition", data=form, follow_redirects=True)
    assert first.status_code == 303 and second.status_code == 200
    assert "Already done" in second.text and "someone else" not in second.text
    assert state(engine, case) == "release_review"


def test_a_real_conflict_shows_what_changed_and_the_case_as_it_is(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "export")
    case = case_id(engine, "Unmanned reconnaissance aircraft")
    stale = client.get(f"/cases/{case}/act/suspend").text
    other = TestClient(client.app)
    log_in(other, "leader")
    page = other.get(f"/cases/{case}/act/suspend").text
    other.post(f"/cases/{case}/transition", data={
        "csrf": hidden(page, "csrf"), "version": hidden(page, "version"), "action": "suspend",
        "confirmed": "yes", "reason": "pending review of the consignee"})  # fmt: skip
    assert state(engine, case) == "suspended"
    answer = client.post(f"/cases/{case}/transition", data={
        "csrf": hidden(stale, "csrf"), "version": hidden(stale, "version"),
        "action": "suspend", "confirmed": "yes", "reason": "same"})  # fmt: skip
    assert answer.status_code == 409
    assert "What changed since you opened the page" in answer.text
    assert "leader" in answer.text


@pytest.mark.parametrize(
    ("username", "queue", "title"),
    [
        ("board", "release_decision", "Composite armour"),
        ("leader", "approve", "Co-production of armoured patrol vehicles"),
        ("export", "hits", "Unmanned reconnaissance aircraft"),
        ("finance", "credits", "counter-rocket"),
        ("officer", "start_release_review", "Patrol vehicle training"),
    ],
)
def test_each_roles_inbox_lists_its_work_and_why(
    client: TestClient, engine: Engine, username: str, queue: str, title: str
) -> None:
    log_in(client, username)
    inbox = client.get("/").text
    assert f'id="queue-{queue}"' in inbox
    section = inbox[inbox.index(f'id="queue-{queue}"') :]
    section = section[: section.index("</section>")]
    assert title in section


def test_an_inbox_holds_only_work_for_its_roles(client: TestClient) -> None:
    log_in(client, "auditor")
    assert "Nothing waits for you" in client.get("/").text
    log_in(client, "finance")
    assert 'id="queue-approve"' not in client.get("/").text


def test_the_partner_sees_its_projection_never_the_internals(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "alpha")
    case = case_id(engine, "counter-rocket")
    page = client.get(f"/cases/{case}").text
    assert "What is requested" in page and "Mobile all-weather counter-rocket" in page
    for internal in ("Compliance findings", "Timeline", "Audit excerpt", 'id="findings"',
                     "officer", "board", "assessment"):  # fmt: skip
        assert internal not in page, internal
    api = client.get(f"/api/v1/cases/{case}").json()
    assert "findings" not in api and "timeline" not in api and "audit" not in api
    assert "decisions" not in api and api["status"] == "Agreement signed"


def test_export_control_records_article_7_and_sees_what_is_recorded(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "export")
    case = case_id(engine, "Unmanned reconnaissance aircraft")
    page = client.get(f"/cases/{case}/risk").text
    grounds = ("peace_and_security", "international_humanitarian_law", "human_rights_law",
               "terrorism", "organised_crime", "gender_based_violence")  # fmt: skip
    levels = dict.fromkeys(grounds, "low") | {"terrorism": "substantial"}
    answer = client.post(f"/cases/{case}/risk", data={
        "csrf": hidden(page, "csrf"), **levels, "mitigation": "monitoring visits"})  # fmt: skip
    assert answer.status_code == 200  # followed the redirect
    again = client.get(f"/cases/{case}/risk").text
    checked = re.findall(r'name="(\w+)" type="radio" value="(\w+)" checked', again)
    assert dict(checked) == levels
    assert "monitoring visits" in again


def test_a_screening_true_match_is_confirmed_before_it_is_recorded(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "export")
    case = case_id(engine, "Unmanned reconnaissance aircraft")
    page = client.get(f"/cases/{case}").text
    hit = re.search(rf"/cases/{case}/hits/(\d+)", page)
    assert hit
    url = f"/cases/{case}/hits/{hit.group(1)}"
    form = {"csrf": hidden(client.get(url).text, "csrf"), "decision": "true_match",
            "reason": "same licence number"}  # fmt: skip
    answer = client.post(url, data=form)
    assert "Confirm: true match" in answer.text and state(engine, case) == "compliance_review"
    answer = client.post(url, data={**form, "confirmed": "yes"})
    assert answer.status_code == 200 and state(engine, case) == "suspended"


def _first_link(html: str, pattern: str) -> str:
    found = re.search(pattern, html)
    assert found, pattern
    return found.group(0)


@pytest.mark.parametrize(
    ("username", "title", "form_page", "action", "data", "field", "kept"),
    [
        ("board", "Composite armour", "", "release", {"granted": "", "reason": ""}, "granted",
         ""),
        ("board", "Composite armour", "", "release", {"granted": "yes", "reason": ""}, "reason",
         ""),
        ("export", "Unmanned reconnaissance", r"/cases/\d+/hits/\d+", "", {"reason": "same"},
         "decision", "same"),
        ("export", "Unmanned reconnaissance", r"/cases/\d+/items/\d+/classify", "",
         {"control_entries": "ZZ9", "classification": "restricted", "note": "n"},
         "control_entries", "ZZ9"),
        ("export", "Unmanned reconnaissance", r"/cases/\d+/items/\d+/classify", "",
         {"control_entries": "ML10", "classification": "restricted", "note": ""}, "note",
         "ML10"),
    ],
)  # fmt: skip
def test_bad_input_on_a_decision_form_is_shown_with_what_was_typed(
    client: TestClient, engine: Engine, username: str, title: str, form_page: str, action: str,
    data: dict[str, str], field: str, kept: str,
) -> None:  # fmt: skip
    log_in(client, username)
    case = case_id(engine, title)
    page = client.get(f"/cases/{case}").text
    url = _first_link(page, form_page) if form_page else f"/cases/{case}/{action}"
    form = client.get(url).text if form_page else page
    answer = client.post(url, data={"csrf": hidden(form, "csrf"), "version": hidden(form, "version")
                                    if 'name="version"' in form else "", **data})  # fmt: skip
    assert answer.status_code == 422
    assert "There is a problem" in answer.text and f'href="#{field}"' in answer.text
    if kept:
        assert f'value="{kept}"' in answer.text or f">{kept}</textarea>" in answer.text


def test_a_new_user_with_a_short_password_is_shown_the_error_with_the_input_kept(
    client: TestClient,
) -> None:
    log_in(client, "admin")
    page = client.get("/admin/users").text
    answer = client.post("/admin/users", data={
        "csrf": hidden(page, "csrf"), "username": "shorty", "full_name": "Short Password",
        "password": "short", "roles": ["auditor"]})  # fmt: skip
    assert answer.status_code == 422 and 'href="#password"' in answer.text
    assert 'value="shorty"' in answer.text and 'value="auditor" checked' in answer.text
