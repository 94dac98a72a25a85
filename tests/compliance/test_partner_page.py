"""The partner page and API show whether each embargo fact is verified, its source, its renewal
date and whether the renewal is overdue; unverified membership lists are named."""

from __future__ import annotations

from fastapi.testclient import TestClient

from amanah.demo import PASSWORD
from tests.web.pages import log_in


def test_the_partner_api_gives_each_embargo_its_provenance(client: TestClient) -> None:
    answer = client.post("/api/v1/auth/token", data={"username": "export", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {answer.json()['token']}"}
    partner = client.get("/api/v1/partners/KP", headers=headers).json()
    un = next(e for e in partner["embargoes_in_force"] if e["id"] == "UN-KP")
    assert un["status"] == "unverified" and un["note"] and un["source"].startswith("https://")
    assert "renewal_date" in un and un["renewal_overdue"] is False
    assert "ATT" not in partner["memberships"] or "ATT" in partner["unverified_memberships"]


def test_the_partner_page_marks_unverified_facts(client: TestClient) -> None:
    log_in(client, "export")
    page = client.get("/partners/KP")
    assert page.status_code == 200
    assert "Unverified" in page.text and "not checked against a stored official text" in page.text
    assert "Renewal due" in page.text
