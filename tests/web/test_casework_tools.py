"""The casework tools over HTTP: RFIs pause the clock, routing as versioned data with four
eyes, amendments and modifications, notifications, release validity."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.web.pages import hidden, log_in
from tests.web.test_api import case_id, token


def test_an_rfi_pauses_the_clock_until_the_partner_answers_it(client: TestClient) -> None:
    officer, beta, alpha = token(client, "officer"), token(client, "beta"), token(client, "alpha")
    case = case_id(client, officer, "Co-production of armoured patrol vehicles")  # XB
    before = client.get(f"/api/v1/cases/{case}/clock", headers=officer).json()["clock"]
    assert before["paused"] is False and before["target_working_days"] == 40
    sent = client.post(f"/api/v1/cases/{case}/rfis", headers=officer, json={
        "addressee": "partner", "question": "Who maintains the vehicles after delivery?"})  # fmt: skip
    assert sent.status_code == 201, sent.text
    rfi = sent.json()["id"]
    paused = client.get(f"/api/v1/cases/{case}/clock", headers=officer).json()["clock"]
    assert paused["paused"] is True and paused["standing"] == "paused"
    # the partner sees the question (not who asked), another state's liaison does not
    seen = client.get(f"/api/v1/cases/{case}/rfis", headers=beta).json()["rfis"]
    assert seen[-1]["question"].startswith("Who maintains") and seen[-1]["asked_by"] is None
    assert client.get(f"/api/v1/cases/{case}/rfis", headers=alpha).status_code == 404
    # an empty answer names the field; an answer with an attachment closes the RFI
    empty = client.post(f"/api/v1/cases/{case}/rfis/{rfi}/answer", headers=beta,
                        data={"answer": ""})  # fmt: skip
    assert empty.status_code == 422 and empty.json()["field"] == "answer"
    answered = client.post(f"/api/v1/cases/{case}/rfis/{rfi}/answer", headers=beta,
                           data={"answer": "The Royal Beta Land Forces depot."},
                           files={"file": ("plan.txt", b"maintenance plan", "text/plain")})  # fmt: skip
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "answered" and answered.json()["documents"]
    after = client.get(f"/api/v1/cases/{case}/clock", headers=officer).json()["clock"]
    assert after["paused"] is False
    again = client.post(f"/api/v1/cases/{case}/rfis/{rfi}/answer", headers=beta,
                        data={"answer": "twice"})  # fmt: skip
    assert again.status_code == 409 and again.json()["field"] == "rfi_id"


def test_rfi_input_is_checked_and_roles_enforced(client: TestClient) -> None:
    officer, beta = token(client, "officer"), token(client, "beta")
    case = case_id(client, officer, "Co-production of armoured patrol vehicles")
    late = (date.today() - timedelta(days=1)).isoformat()
    bad = client.post(f"/api/v1/cases/{case}/rfis", headers=officer,
                      json={"addressee": "partner", "question": "x", "due_on": late})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "due_on"
    who = client.post(f"/api/v1/cases/{case}/rfis", headers=officer,
                      json={"addressee": "someone", "question": "x"})  # fmt: skip
    assert who.status_code == 422 and who.json()["field"] == "addressee"
    partner = client.post(f"/api/v1/cases/{case}/rfis", headers=beta,
                          json={"addressee": "partner", "question": "x"})  # fmt: skip
    assert partner.status_code == 403
    draft = case_id(client, officer, "Network intrusion detection")
    refused = client.post(f"/api/v1/cases/{draft}/rfis", headers=officer,
                          json={"addressee": "applicant", "question": "x"})  # fmt: skip
    assert refused.status_code == 409 and refused.json()["field"] == "state"


def test_rfi_pages_ask_and_answer(client: TestClient) -> None:
    case = case_id(client, token(client, "officer"), "Co-production of armoured patrol vehicles")
    log_in(client, "officer")
    page = client.get(f"/cases/{case}/rfis")
    officer = hidden(page.text, "csrf")
    assert page.status_code == 200 and "Send a request for information" in page.text
    empty = client.post(f"/cases/{case}/rfis", data={"csrf": officer, "addressee": "partner",
                                                     "question": ""})  # fmt: skip
    assert empty.status_code == 422 and 'href="#question"' in empty.text
    sent = client.post(f"/cases/{case}/rfis", data={"csrf": officer, "addressee": "partner",
                                                    "question": "Spare parts plan?"},
                       follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    log_in(client, "beta")
    assert "Request for information to answer" in client.get("/").text
    portal = client.get(f"/cases/{case}/rfis")
    beta = hidden(portal.text, "csrf")
    assert "Spare parts plan?" in portal.text and "Send a request" not in portal.text
    rfi = client.get(f"/api/v1/cases/{case}/rfis", headers=token(client, "beta")).json()["rfis"][-1]
    answered = client.post(f"/cases/{case}/rfis/{rfi['id']}/answer",
                           data={"csrf": beta, "answer": "Attached"}, follow_redirects=False)  # fmt: skip
    assert answered.status_code == 303


def test_routing_versions_need_a_second_administrator(client: TestClient) -> None:
    admin, export, officer = (
        token(client, "admin"),
        token(client, "export"),
        token(client, "officer"),
    )
    table = client.get("/api/v1/routing/table", headers=officer).json()
    assert table["number"] == 1 and table["always"] == ["export_control"]
    bad = client.post("/api/v1/routing/versions", headers=admin,
                      json={"yaml": "rules: [{id: x, applies_to: item, when: {colour: red}}]",
                            "reason": "test"})  # fmt: skip
    assert bad.status_code == 422 and "colour" in bad.json()["message"]
    assert (
        client.post(
            "/api/v1/routing/versions",
            headers=export,
            json={"yaml": table["yaml"] + "\n", "reason": "x"},
        ).status_code
        == 403
    )
    changed = table["yaml"].replace("value_usd_at_least: 50000000", "value_usd_at_least: 20000000")
    proposed = client.post("/api/v1/routing/versions", headers=admin,
                           json={"yaml": changed, "reason": "leadership sees USD 20 M cases"})  # fmt: skip
    assert proposed.status_code == 202 and proposed.json()["number"] == 2
    own = client.post("/api/v1/routing/versions/2/confirm", headers=admin)
    assert own.status_code == 409 and "four eyes" in own.json()["message"]
    # a second administrator: make one
    made = client.post("/api/v1/users", headers=admin, json={
        "username": "admin2", "password": "long-enough-pw", "full_name": "Second admin",
        "roles": ["administrator"]})  # fmt: skip
    assert made.status_code == 201, made.text
    second = {"Authorization": "Bearer " + client.post("/api/v1/auth/token", data={
        "username": "admin2", "password": "long-enough-pw"}).json()["token"]}  # fmt: skip
    confirmed = client.post("/api/v1/routing/versions/2/confirm", headers=second)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "active"
    assert client.get("/api/v1/routing/table", headers=officer).json()["number"] == 2
    # a case of USD 24.6 M now goes to leadership when routed again
    case = case_id(client, officer, "Armoured patrol vehicles and secure radios")
    routed = client.post(f"/api/v1/cases/{case}/routing", headers=officer).json()
    assert "leadership" in {q["queue"] for q in routed["queues"]}
    assert "high_value" in {f["flag"] for f in routed["flags"]}


def test_submitting_a_case_routes_it(client: TestClient) -> None:
    officer = token(client, "officer")
    draft = case_id(client, officer, "Network intrusion detection")
    answer = client.post(f"/api/v1/cases/{draft}/transitions", headers=officer,
                         json={"action": "submit"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    routed = client.get(f"/api/v1/cases/{draft}/routing", headers=officer).json()
    queues = {q["queue"]: q["because"] for q in routed["queues"]}
    assert queues["export_control"] == ["always"] and "know_how" in queues["release_board"]
    assert client.get("/api/v1/routing/queues/release_board", headers=officer).status_code == 200
    assert client.get("/api/v1/routing/queues/nowhere", headers=officer).status_code == 404


def test_a_modification_keeps_the_state_and_an_amendment_re_enters_review(
    client: TestClient,
) -> None:
    officer, alpha = token(client, "officer"), token(client, "alpha")
    case = case_id(client, officer, "Licensed production of armoured patrol vehicles")  # approved
    detail = client.get(f"/api/v1/cases/{case}", headers=officer).json()
    item = detail["items"][0]
    moved = client.post(f"/api/v1/cases/{case}/changes", headers=officer, json={
        "reason": "partner asked for a later start", "transfer_date": "2027-12-01",
        "value": "155000000", "contacts": {"email": "apv@alpha.example"}})  # fmt: skip
    assert moved.status_code == 201, moved.text
    assert moved.json()["kind"] == "modification"
    assert client.get(f"/api/v1/cases/{case}", headers=officer).json()["state"] == "approved"
    more = {
        "reason": "more vehicles",
        "items": [{"item_id": item["id"], "quantity": item["quantity"] + 10}],
    }
    preview = client.post(f"/api/v1/cases/{case}/changes/preview", headers=alpha, json=more).json()
    assert preview["kind"] == "amendment" and preview["changes"][0]["why"] == "quantity up"
    amended = client.post(f"/api/v1/cases/{case}/changes", headers=alpha, json=more)
    assert amended.status_code == 201 and amended.json()["kind"] == "amendment"
    assert client.get(f"/api/v1/cases/{case}", headers=officer).json()["state"] == "release_review"
    compared = client.get(f"/api/v1/cases/{case}/versions", headers=officer).json()
    assert compared["before"]["kind"] == "approved" and compared["kind"] == "amendment"
    assert {c["why"] for c in compared["changes"]} >= {"quantity up", "a date", "a contact"}
    kinds = [v["kind"] for v in compared["versions"]]
    assert kinds[0] == "approved" and kinds[-2:] == ["modification", "amendment"]
    page = client.get(f"/api/v1/cases/{case}/routing", headers=officer).json()
    assert page["queues"], "an amended case is routed again"


def test_an_amendment_is_refused_where_the_lifecycle_does_not_allow_it(client: TestClient) -> None:
    officer = token(client, "officer")
    case = case_id(client, officer, "Secure tactical radios for the royal guard")  # in delivery
    detail = client.get(f"/api/v1/cases/{case}", headers=officer).json()
    item = detail["items"][0]
    more = client.post(f"/api/v1/cases/{case}/changes", headers=officer, json={
        "reason": "more radios", "items": [{"item_id": item["id"], "quantity": 999}]})  # fmt: skip
    assert more.status_code == 409 and "amendment" in more.json()["message"]
    after = client.get(f"/api/v1/cases/{case}", headers=officer).json()
    assert after["items"][0]["quantity"] == item["quantity"] and after["state"] == "in_delivery"
    nothing = client.post(f"/api/v1/cases/{case}/changes", headers=officer,
                          json={"reason": "nothing"})  # fmt: skip
    assert nothing.status_code == 422 and nothing.json()["field"] == "reason"
    wrong = client.post(f"/api/v1/cases/{case}/changes", headers=officer, json={
        "reason": "x", "items": [{"item_id": 999999, "quantity": 1}]})  # fmt: skip
    assert wrong.status_code == 404 and wrong.json()["field"] == "items"


def test_the_change_pages_preview_then_confirm(client: TestClient) -> None:
    case = case_id(client, token(client, "officer"), "Licensed production of armoured patrol")
    log_in(client, "officer")
    form = client.get(f"/cases/{case}/change")
    assert form.status_code == 200
    csrf, version = hidden(form.text, "csrf"), hidden(form.text, "version")
    values = {"csrf": csrf, "version": version, "transfer_date-day": "1",
              "transfer_date-month": "12", "transfer_date-year": "2027", "reason": "later"}  # fmt: skip
    preview = client.post(f"/cases/{case}/change", data=values)
    assert preview.status_code == 200 and "This is a modification" in preview.text
    done = client.post(f"/cases/{case}/change", data={**values, "confirmed": "yes"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    side = client.get(f"/cases/{case}/versions")
    assert side.status_code == 200 and "Versions side by side" in side.text


def test_signature_waits_for_the_notification_and_a_valid_release(client: TestClient) -> None:
    officer, board, export = (
        token(client, "officer"),
        token(client, "board"),
        token(client, "export"),
    )
    case = case_id(client, officer, "Licensed production of armoured patrol")  # approved, USD 180 M
    notice = client.get(f"/api/v1/cases/{case}/notification", headers=officer).json()
    assert {t["threshold"] for t in notice["thresholds"]} == {"major_defence_equipment", "total"}
    assert notice["blocks_signature"] is None  # the demo notified it 45 days ago
    # notified again today (say the amended scope was notified anew): the wait starts again
    again = client.post(f"/api/v1/cases/{case}/notification", headers=export,
                        json={"notified_on": date.today().isoformat()})  # fmt: skip
    assert again.status_code == 201, again.text
    notice = client.get(f"/api/v1/cases/{case}/notification", headers=officer).json()
    assert "waiting period runs until" in notice["blocks_signature"]
    sign = client.post(f"/api/v1/cases/{case}/transitions", headers=officer,
                       json={"action": "sign_agreement"})  # fmt: skip
    assert sign.status_code == 409 and "waiting period runs until" in sign.json()["message"]
    expired = client.put(f"/api/v1/cases/{case}/release/validity", headers=board,
                         json={"months": 24, "valid_from": "2020-01-01"})  # fmt: skip
    assert expired.status_code == 200 and "expired on 2022-01-01" in expired.json()["problem"]
    sign = client.post(f"/api/v1/cases/{case}/transitions", headers=officer,
                       json={"action": "sign_agreement"})  # fmt: skip
    assert "the release board must renew it" in sign.json()["message"]
    assert client.put(f"/api/v1/cases/{case}/release/validity", headers=officer,
                      json={"months": 24}).status_code == 403  # fmt: skip
    renewed = client.post(f"/api/v1/cases/{case}/release/renewal", headers=board,
                          json={"months": 48, "reason": "recipient unchanged; renewed"})  # fmt: skip
    assert renewed.status_code == 201 and renewed.json()["problem"] is None
    assert renewed.json()["months"] == 48 and renewed.json()["set_by_board"] is True
    # another case reaches the priority tier's total threshold: export control records it
    other = case_id(client, officer, "Co-production of armoured patrol vehicles")
    future = (date.today() + timedelta(days=2)).isoformat()
    early = client.post(f"/api/v1/cases/{other}/notification", headers=export,
                        json={"notified_on": future})  # fmt: skip
    assert early.status_code == 422 and early.json()["field"] == "notified_on"
    assert client.post(f"/api/v1/cases/{other}/notification", headers=officer,
                       json={"notified_on": date.today().isoformat()}).status_code == 403  # fmt: skip
    noted = client.post(f"/api/v1/cases/{other}/notification", headers=export,
                        json={"notified_on": date.today().isoformat()})  # fmt: skip
    assert noted.status_code == 201
    assert noted.json()[0]["waiting_until"] == (date.today() + timedelta(days=30)).isoformat()
    small = case_id(client, officer, "Patrol vehicle training courses")  # USD 0.3 M
    refused = client.post(f"/api/v1/cases/{small}/notification", headers=export,
                          json={"notified_on": date.today().isoformat()})  # fmt: skip
    assert refused.status_code == 409
    assert client.get(f"/api/v1/cases/{other}/notification",
                      headers=token(client, "beta")).status_code == 403  # fmt: skip


def test_the_casework_pages_answer_for_staff(client: TestClient) -> None:
    case = case_id(client, token(client, "officer"), "Licensed production of armoured patrol")
    log_in(client, "board")
    for path in ("", "/rfis", "/routing", "/versions", "/clearances"):
        answer = client.get(f"/cases/{case}{path}")
        assert answer.status_code == 200, path
    assert 'id="clock"' in client.get(f"/cases/{case}").text  # the service level on the case
    clear = client.get(f"/cases/{case}/clearances")
    csrf = hidden(clear.text, "csrf")
    bad = client.post(f"/cases/{case}/clearances/release", data={"csrf": csrf, "months": "7"})
    assert bad.status_code == 422 and 'href="#months"' in bad.text
    good = client.post(f"/cases/{case}/clearances/release", data={"csrf": csrf, "months": "24"},
                       follow_redirects=False)  # fmt: skip
    assert good.status_code == 303
    assert client.get("/routing").status_code == 200


def test_the_inbox_shows_each_case_clock_and_sorts_by_it(
    client: TestClient, engine: Engine
) -> None:
    from sqlalchemy import select, update

    from amanah.cases.models import CaseEventRow
    from amanah.db.engine import transaction

    officer = token(client, "officer")
    young = case_id(client, officer, "Coastal patrol boats")  # both in compliance review
    old = case_id(client, officer, "Unmanned reconnaissance aircraft")
    with transaction(engine) as session:  # submitted long ago: the older one waits 40 days more
        session.execute(update(CaseEventRow).where(CaseEventRow.case_id == old,
                        CaseEventRow.action == "submit").values(at=datetime(2026, 1, 5, tzinfo=UTC)))  # fmt: skip
        session.execute(update(CaseEventRow).where(CaseEventRow.case_id == young,
                        CaseEventRow.action == "submit").values(at=datetime(2026, 3, 2, tzinfo=UTC)))  # fmt: skip
        assert session.scalar(select(CaseEventRow.id).where(CaseEventRow.case_id == old))
    log_in(client, "export")
    inbox = client.get("/").text
    assert "working days" in inbox
    assert inbox.index(f"/cases/{old}") < inbox.index(f"/cases/{young}")


def test_a_re_approved_case_is_kept_as_approved_before_its_next_change(client: TestClient) -> None:
    officer = token(client, "officer")
    case = case_id(
        client, officer, "Licensed production of armoured patrol"
    )  # re-approved in the demo
    before = client.get(f"/api/v1/cases/{case}/versions", headers=officer).json()["versions"]
    assert [v["kind"] for v in before] == ["approved", "modification", "amendment"]
    moved = client.post(f"/api/v1/cases/{case}/changes", headers=officer,
                        json={"reason": "a later date", "transfer_date": "2028-01-10"})  # fmt: skip
    assert moved.status_code == 201
    after = client.get(f"/api/v1/cases/{case}/versions", headers=officer).json()
    assert [v["kind"] for v in after["versions"]] == ["approved", "modification", "amendment",
                                                      "approved", "modification"]  # fmt: skip
    assert after["before"]["number"] == 4 and [c["why"] for c in after["changes"]] == ["a date"]
