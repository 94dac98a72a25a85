"""The lifecycle after approval over HTTP: agreement, authorisation usage, deliveries, receipt
by the partner, end-use checks; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from amanah.db.engine import transaction
from amanah.partners.models import PartnerRow
from tests.web.pages import hidden, log_in
from tests.web.test_api import case_id, token

APPROVED = "Licensed production of armoured patrol vehicles"  # XA, 120 vehicles, approved
MONITORED = "Simulator training for Alpha air force instructors"  # XA, end-use monitoring


def _agreement(client: TestClient, officer: dict[str, str], case: int) -> dict[str, object]:
    upload = client.post(f"/api/v1/cases/{case}/documents", headers=officer,
                         files={"file": ("signed.txt", b"Signed agreement", "text/plain")},
                         data={"kind": "agreement"})  # fmt: skip
    assert upload.status_code == 201, upload.text
    return {
        "kind": "licensed_production", "value": "150000000.00", "currency": "USD",
        "signed_on": "2027-01-10", "valid_until": "2028-12-31",
        "parties": [{"name": "Home State Directorate", "role": "supplier", "country": "XH"},
                    {"name": "Republic of Alpha", "role": "recipient", "country": "XA"}],
        "payment_schedule": [{"due_on": "2027-01-10", "amount": "50000000.00", "milestone": "signature"},
                             {"due_on": "2028-06-30", "amount": "100000000.00", "milestone": "final"}],
        "governing_law": "Public international law", "retransfer_undertakings": "none without consent",
        "signatories": [{"name": "A. Signer", "on_behalf_of": "Republic of Alpha", "signed_on": "2027-01-10"}],
        "document_id": upload.json()["id"],
    }  # fmt: skip


def test_agreement_to_receipt_with_usage_and_refusals(client: TestClient) -> None:
    officer, alpha, beta = (token(client, u) for u in ("officer", "alpha", "beta"))
    case = case_id(client, officer, APPROVED)
    body = _agreement(client, officer, case)
    bad = client.post(f"/api/v1/cases/{case}/agreement", headers=officer,
                      json={**body, "value": "1.00"})  # fmt: skip
    assert bad.status_code == 422 and "payment schedule totals" in bad.json()["message"]
    assert (
        client.post(f"/api/v1/cases/{case}/agreement", headers=alpha, json=body).status_code == 403
    )
    recorded = client.post(f"/api/v1/cases/{case}/agreement", headers=officer, json=body)
    assert recorded.status_code == 201, recorded.text
    assert client.get(f"/api/v1/cases/{case}/agreement", headers=alpha).json()["governing_law"]
    signed = client.post(f"/api/v1/cases/{case}/transitions", headers=alpha,
                         json={"action": "sign_agreement", "reason": "signed"})  # fmt: skip
    assert signed.status_code == 200 and signed.json()["state"] == "agreement_signed"

    usage = client.get(f"/api/v1/cases/{case}/deliveries", headers=officer).json()["usage"]
    (item,) = usage
    assert (item["authorised_quantity"], item["authorised_value"]) == (120, "150000000.00")
    item_id = item["line_item_id"]
    first = client.post(f"/api/v1/cases/{case}/deliveries", headers=officer, json={
        "description": "first batch", "quantity": 100, "scheduled_on": "2027-03-01",
        "line_item_id": item_id})  # fmt: skip
    assert first.status_code == 201, first.text
    too_many = client.post(f"/api/v1/cases/{case}/deliveries", headers=officer, json={
        "description": "second batch", "quantity": 21, "scheduled_on": "2027-06-01"})  # fmt: skip
    assert too_many.status_code == 409
    assert "21 units would exceed the quantity authorised" in too_many.json()["message"]
    second = client.post(f"/api/v1/cases/{case}/deliveries", headers=officer, json={
        "description": "second batch", "quantity": 20, "scheduled_on": "2027-06-01"}).json()  # fmt: skip

    delivery = first.json()["id"]
    url = f"/api/v1/cases/{case}/deliveries/{delivery}"
    over = client.post(f"{url}/shipment", headers=officer,
                       json={"shipped_on": "2027-03-02", "quantity": 121})  # fmt: skip
    assert over.status_code == 409 and "121 units would exceed" in over.json()["message"]
    late = client.post(f"{url}/shipment", headers=officer, json={"shipped_on": "2029-01-01"})
    assert late.status_code == 409 and "expired on 2028-12-31" in late.json()["message"]
    shipped = client.post(f"{url}/shipment", headers=officer, json={
        "shipped_on": "2027-03-02", "carrier": "Freight", "serials": ["V-1", "V-2"]})  # fmt: skip
    assert shipped.status_code == 200 and shipped.json()["status"] == "shipped"
    assert client.post(f"{url}/shipment", headers=officer,
                       json={"shipped_on": "2027-03-02"}).status_code == 409  # fmt: skip
    (item,) = client.get(f"/api/v1/cases/{case}/deliveries", headers=officer).json()["usage"]
    assert (item["shipped_quantity"], item["remaining_quantity"]) == (100, 20)
    assert item["shipped_value"] == "125000000.00" and item["remaining_value"] == "25000000.00"

    tracked = client.post(f"{url}/transit", headers=officer,
                          json={"state": "at_customs", "on": "2027-03-05"})  # fmt: skip
    assert tracked.json()["transit_state"] == "at_customs"
    assert client.post(f"{url}/receipt", headers=officer,
                       json={"received_on": "2027-03-09"}).status_code == 403  # fmt: skip
    assert client.post(f"{url}/receipt", headers=beta,
                       json={"received_on": "2027-03-09"}).status_code == 404  # fmt: skip
    early = client.post(f"{url}/receipt", headers=alpha, json={"received_on": "2027-03-01"})
    assert early.status_code == 422 and early.json()["field"] == "received_on"
    received = client.post(f"{url}/receipt", headers=alpha, json={"received_on": "2027-03-09"})
    assert received.status_code == 200 and received.json()["status"] == "delivered"
    seen = client.get(f"/api/v1/cases/{case}/deliveries", headers=alpha).json()["deliveries"]
    assert all("by" not in e for d in seen for e in d["transit_log"])

    lowered = client.put(f"/api/v1/cases/{case}/items/{item_id}/authorisation",
                         headers=token(client, "export"), json={"quantity": 99, "value": "1",
                         "valid_from": "2027-01-01", "valid_until": "2028-12-31"})  # fmt: skip
    assert lowered.status_code == 409
    assert second["status"] == "scheduled"


def test_an_end_use_violation_suspends_alerts_and_enters_the_risk_record(
    client: TestClient, engine: Engine
) -> None:
    officer, export = token(client, "officer"), token(client, "export")
    case = case_id(client, officer, MONITORED)
    view = client.get(f"/api/v1/cases/{case}/monitoring", headers=officer).json()
    assert view["plan"]["level"] == "enhanced" and view["checks"][0]["finding"] == "compliant"
    overdue = client.get("/api/v1/monitoring/overdue", headers=officer).json()["overdue"]
    assert case in [o["case_id"] for o in overdue]
    assert (
        client.get(f"/api/v1/cases/{case}/monitoring", headers=token(client, "alpha")).status_code
        == 403
    )
    bad = client.post(f"/api/v1/cases/{case}/monitoring/checks", headers=officer, json={
        "checked_on": "2026-11-30", "place": "", "inspector": "x", "finding": "violation"})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "place"
    checked = client.post(f"/api/v1/cases/{case}/monitoring/checks", headers=officer, json={
        "checked_on": "2026-11-30", "place": "Academy", "inspector": "Omar",
        "serials_sighted": [], "finding": "violation", "note": "simulators moved to a third state"})  # fmt: skip
    assert checked.status_code == 201, checked.text
    after = checked.json()
    assert after["partner_record"]["violation"] == 1 and after["not_sighted_at_last_check"]
    detail = client.get(f"/api/v1/cases/{case}", headers=export).json()
    assert detail["state"] == "suspended"
    alerts = client.get("/api/v1/alerts", headers=export).json()
    assert any(a["kind"] == "end_use_violation" and a["case_id"] == case for a in alerts)
    record = client.get("/api/v1/partners/xa/end-use", headers=export).json()
    assert (record["violation"], record["last_adverse"]) == (1, "2026-11-30")
    log_in(client, "export")
    partner_page = client.get("/partners/XA").text
    assert "End-use record" in partner_page and "1 violations" in partner_page
    with transaction(engine) as session:  # the record is the checks: no re-assessment of XA
        assert (
            session.get_one(PartnerRow, "XA").risk_notes
            == "Stable democracy; no reported IHL concerns."
        )


def test_lifecycle_pages_show_their_data(client: TestClient) -> None:
    log_in(client, "officer")
    case = case_id(client, token(client, "officer"), MONITORED)
    for path, text in ((f"/cases/{case}/agreement", "Signatories"),
                       (f"/cases/{case}/deliveries", "Remaining"),
                       (f"/cases/{case}/monitoring", "Record an end-use check"),
                       ("/", "End-use check overdue")):  # fmt: skip
        answer = client.get(path)
        assert answer.status_code == 200 and text in answer.text, path


def _day(name: str, iso: str) -> dict[str, str]:
    year, month, day = iso.split("-")
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def test_lifecycle_forms_keep_what_was_typed_and_name_the_problem(client: TestClient) -> None:
    log_in(client, "officer")
    case = case_id(client, token(client, "officer"), APPROVED)
    form = client.get(f"/cases/{case}/agreement").text
    csrf = hidden(form, "csrf")
    bad = client.post(f"/cases/{case}/agreement", data={
        "csrf": csrf, "kind": "sale", "value": "150000000", "currency": "USD",
        **_day("signed_on", "2027-01-10"), "parties": "recipient only",
        "governing_law": "Law of the sea"})  # fmt: skip
    assert bad.status_code == 422
    assert "Line 1: write it as supplier; name; country code" in bad.text
    assert 'value="Law of the sea"' in bad.text  # what was typed is kept
    recorded = client.post(f"/cases/{case}/agreement", follow_redirects=False, data={
        "csrf": csrf, "kind": "licensed_production", "value": "150000000", "currency": "USD",
        **_day("signed_on", "2027-01-10"), "retransfer_clause": "yes",
        "payment_schedule": "2027-01-10; 150000000; on signature"},
        files={"file": ("agreement.txt", b"signed", "text/plain")})  # fmt: skip
    assert recorded.status_code == 303, recorded.text
    page = client.get(f"/cases/{case}/agreement").text
    assert "agreement.txt" in page and "on signature" in page
    assert client.post(f"/api/v1/cases/{case}/transitions", headers=token(client, "officer"),
                       json={"action": "sign_agreement", "reason": "-"}).status_code == 200  # fmt: skip

    over = client.post(f"/cases/{case}/deliveries", data={
        "csrf": csrf, "description": "all and more", "quantity": "121",
        **_day("scheduled_on", "2027-02-01")})  # fmt: skip
    assert over.status_code == 409
    assert "121 units would exceed the quantity authorised: 120 authorised" in over.text
    assert 'value="all and more"' in over.text
    made = client.post(f"/cases/{case}/deliveries", follow_redirects=False, data={
        "csrf": csrf, "description": "all", "quantity": "120", **_day("scheduled_on", "2027-02-01")})  # fmt: skip
    assert made.status_code == 303
    view = client.get(f"/api/v1/cases/{case}/deliveries", headers=token(client, "officer")).json()
    delivery = view["deliveries"][0]["id"]
    early = client.post(f"/cases/{case}/deliveries/{delivery}/shipment", data={
        "csrf": csrf, **_day("shipped_on", "2026-12-31")})  # fmt: skip
    assert early.status_code == 409 and "valid from 2027-01-10" in early.text
    shipped = client.post(f"/cases/{case}/deliveries/{delivery}/shipment", follow_redirects=False,
                          data={"csrf": csrf, **_day("shipped_on", "2027-02-02")})  # fmt: skip
    assert shipped.status_code == 303
    tracked = client.post(f"/cases/{case}/deliveries/{delivery}/transit", follow_redirects=False,
                          data={"csrf": csrf, "state": "arrived", **_day("on", "2027-02-20")})  # fmt: skip
    assert tracked.status_code == 303
    (item,) = client.get(
        f"/api/v1/cases/{case}/deliveries", headers=token(client, "officer")
    ).json()["usage"]
    assert (item["remaining_quantity"], item["remaining_value"]) == (0, "0.00")


def test_a_discrepancy_by_page_alerts_without_suspending(client: TestClient) -> None:
    log_in(client, "export")
    case = case_id(client, token(client, "export"), MONITORED)
    csrf = hidden(client.get(f"/cases/{case}/monitoring").text, "csrf")
    empty = client.post(f"/cases/{case}/monitoring/checks", data={"csrf": csrf})
    assert empty.status_code == 422 and "Enter the date of the check" in empty.text
    recorded = client.post(f"/cases/{case}/monitoring/checks", follow_redirects=False, data={
        "csrf": csrf, **_day("checked_on", "2026-11-28"), "place": "Academy", "inspector": "Eman",
        "finding": "discrepancy", "note": "one unit at another base"})  # fmt: skip
    assert recorded.status_code == 303
    detail = client.get(f"/api/v1/cases/{case}", headers=token(client, "export")).json()
    assert detail["state"] == "end_use_monitoring"
    alerts = client.get("/api/v1/alerts", headers=token(client, "export")).json()
    assert any(a["kind"] == "end_use_discrepancy" for a in alerts)


def test_agreement_form_names_the_bad_line_of_each_list(client: TestClient) -> None:
    log_in(client, "finance")
    case = case_id(client, token(client, "finance"), APPROVED)
    csrf = hidden(client.get(f"/cases/{case}/agreement").text, "csrf")
    base = {"csrf": csrf, "kind": "sale", "value": "150000000", **_day("signed_on", "2027-01-10")}
    for field, text, expected in (
        ("payment_schedule", "2027-01-10; lots; at signature", "Lots is not an amount"),
        ("payment_schedule", "10 Jan; 5; at signature", "10 Jan is not a date"),
        ("parties", "recipient; Alpha; XAX", "Line 1: country"),
        ("signatories", "x; y; z", "Line 1: write it as name; title; on behalf of"),
    ):
        answer = client.post(f"/cases/{case}/agreement", data={**base, field: text})
        assert answer.status_code == 422 and expected in answer.text, (field, text)
    assert client.post(f"/cases/{case}/deliveries", data={
        "csrf": csrf, "description": "x", "quantity": "²"}).status_code in (409, 422)  # fmt: skip


def test_an_expired_release_refuses_agreements_and_deliveries_over_the_api(
    client: TestClient,
) -> None:
    officer, board = token(client, "officer"), token(client, "board")
    approved = case_id(client, officer, APPROVED)
    signed = case_id(client, officer, "Two counter-rocket air-defence units")  # deliveries planned
    for case in (approved, signed):
        expired = client.put(f"/api/v1/cases/{case}/release/validity", headers=board,
                             json={"months": 24, "valid_from": "2020-01-01"})  # fmt: skip
        assert expired.status_code == 200 and expired.json()["valid_until"] == "2022-01-01"
    decision = client.get(f"/api/v1/cases/{approved}/release", headers=officer).json()
    body = _agreement(client, officer, approved)
    refused = client.post(f"/api/v1/cases/{approved}/agreement", headers=officer, json=body)
    assert refused.status_code == 409 and refused.json()["field"] == "release"
    message = refused.json()["message"]
    assert f"technology release decision {decision['decision_id']}" in message
    assert "expired on 2022-01-01" in message and "renew" in message
    assert client.get(f"/api/v1/cases/{approved}/agreement", headers=officer).status_code == 404
    log_in(client, "officer")  # the page says the same
    csrf = hidden(client.get(f"/cases/{approved}/agreement").text, "csrf")
    today = date.today().isoformat()
    form = client.post(f"/cases/{approved}/agreement", data={
        "csrf": csrf, "kind": "licensed_production", "value": "150000000", "currency": "USD",
        **_day("signed_on", today), "payment_schedule": f"{today}; 150000000; on signature"},
        files={"file": ("agreement.txt", b"signed", "text/plain")})  # fmt: skip
    assert form.status_code == 422 and "expired on 2022-01-01" in form.text  # the form re-shown
    deliveries = client.get(f"/api/v1/cases/{signed}/deliveries", headers=officer).json()
    item = deliveries["usage"][0]["line_item_id"]
    plan = client.post(f"/api/v1/cases/{signed}/deliveries", headers=officer, json={
        "description": "spares", "quantity": 1, "scheduled_on": "2030-01-01",
        "line_item_id": item})  # fmt: skip
    assert plan.status_code == 409 and "expired on 2022-01-01" in plan.json()["message"]
    waiting = next(d["id"] for d in deliveries["deliveries"] if d["status"] == "scheduled")
    ship = client.post(f"/api/v1/cases/{signed}/deliveries/{waiting}/shipment", headers=officer,
                       json={"shipped_on": date.today().isoformat()})  # fmt: skip
    assert ship.status_code == 409 and ship.json()["field"] == "release"
    renewed = client.post(f"/api/v1/cases/{approved}/release/renewal", headers=board,
                          json={"months": 48, "reason": "recipient unchanged; renewed"})  # fmt: skip
    assert renewed.status_code == 201
    again = client.post(f"/api/v1/cases/{approved}/agreement", headers=officer, json=body)
    assert again.status_code == 201, again.text
