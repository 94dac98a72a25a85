"""Authority over reference data (issue 15, item 3): embargoes, memberships and agreements in
force change only by a proposal of export control or an administrator that a second one
confirms, audited with before and after; the package's embargoes are overridden, with a reason,
never silently overwritten."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from amanah.audit.models import AuditEventRow
from amanah.config import get_settings
from amanah.db.engine import transaction
from amanah.demo import PASSWORD
from amanah.partners.models import EmbargoRow
from amanah.partners.service import load_reference_embargoes

LIFT_UN = {"id": "UN-KP", "regime": "UN", "target": "KP", "instrument": "S/RES/1718 (2006)",
           "target_name": "Democratic People's Republic of Korea", "scope": "all",
           "start": "2006-10-14", "end": "2020-01-01"}  # fmt: skip
LIFT_EU = {**LIFT_UN, "id": "EU-KP", "regime": "EU", "instrument": "Council Decision 2016/849"}


def token(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", data={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def dprk_case_outcome(client: TestClient, headers: dict[str, str]) -> str:
    found = client.get("/api/v1/cases", params={"q": "Coastal patrol"}, headers=headers).json()
    case = client.get(f"/api/v1/cases/{found['cases'][0]['id']}", headers=headers).json()
    return str(case["outcome"])


def in_force_on_kp(client: TestClient, headers: dict[str, str]) -> set[str]:
    partner = client.get("/api/v1/partners/KP", headers=headers).json()
    return {e["id"] for e in partner["embargoes_in_force"]}


def test_a_case_officer_cannot_lift_the_embargoes_on_the_dprk(client: TestClient) -> None:
    officer = token(client, "officer")
    assert dprk_case_outcome(client, officer) == "prohibited"
    for lift in (LIFT_UN, LIFT_EU):
        answer = client.post("/api/v1/embargoes", headers=officer, json=lift)
        assert answer.status_code == 403, answer.text
    assert dprk_case_outcome(client, officer) == "prohibited"
    assert {"UN-KP", "EU-KP"} <= in_force_on_kp(client, officer)


def test_an_embargo_lifted_by_one_person_stays_in_force_until_another_confirms(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a home state that applies EU measures too (the default applies the UN's only)
    monkeypatch.setenv("AMANAH_ADOPTED_REGIMES", '["UN", "EU"]')
    get_settings.cache_clear()
    export, admin = token(client, "export"), token(client, "admin")
    unexplained = client.post("/api/v1/embargoes", headers=export, json=LIFT_UN)
    assert unexplained.status_code == 422 and unexplained.json()["field"] == "reason"
    proposal = client.post("/api/v1/embargoes", headers=export,
                           json={**LIFT_UN, "reason": "Resolution 9999 lifts it"})  # fmt: skip
    assert proposal.status_code == 202 and proposal.json()["status"] == "pending"
    pid = proposal.json()["id"]
    assert "UN-KP" in in_force_on_kp(client, export)
    own = client.post(f"/api/v1/proposals/{pid}/confirm", headers=export)
    assert own.status_code == 409 and own.json()["field"] == "proposal_id"
    assert "UN-KP" in in_force_on_kp(client, export)
    officer = token(client, "officer")
    assert client.post(f"/api/v1/proposals/{pid}/confirm", headers=officer).status_code == 403
    confirmed = client.post(f"/api/v1/proposals/{pid}/confirm", headers=admin)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert "UN-KP" not in in_force_on_kp(client, export)
    assert "EU-KP" in in_force_on_kp(client, export)
    assert dprk_case_outcome(client, export) == "prohibited"
    again = client.post(f"/api/v1/proposals/{pid}/confirm", headers=admin)
    assert again.status_code == 409
    with transaction(engine) as session:
        row = session.get_one(EmbargoRow, "UN-KP")
        assert row.source == "override" and str(row.end) == "2020-01-01"
        assert load_reference_embargoes(session) == 0
        assert str(session.get_one(EmbargoRow, "UN-KP").end) == "2020-01-01"
        override = session.scalars(select(AuditEventRow).where(
            AuditEventRow.verb == "partner.embargo_overridden")).one()  # fmt: skip
        assert override.actor == "admin" and override.entity_id == "UN-KP"
        assert override.before is not None and override.before["end"] is None
        assert override.after is not None and override.after["end"] == "2020-01-01"
        assert override.after["reason"] == "Resolution 9999 lifts it"


def test_a_rejected_proposal_changes_nothing(client: TestClient) -> None:
    export, admin = token(client, "export"), token(client, "admin")
    pid = client.post("/api/v1/embargoes", headers=export,
                      json={**LIFT_EU, "reason": "lifted"}).json()["id"]  # fmt: skip
    rejected = client.post(f"/api/v1/proposals/{pid}/reject", headers=admin,
                           json={"note": "no such decision"})  # fmt: skip
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert client.post(f"/api/v1/proposals/{pid}/confirm", headers=admin).status_code == 409
    assert "EU-KP" in in_force_on_kp(client, admin)
    pending = client.get("/api/v1/proposals", headers=admin).json()
    assert pid not in {p["id"] for p in pending}


def test_memberships_change_only_by_a_confirmed_proposal(client: TestClient) -> None:
    export, admin = token(client, "export"), token(client, "admin")
    direct = client.put("/api/v1/partners/XA", headers=admin,
                        json={"code": "XA", "name": "Republic of Alpha", "memberships": ["MTCR"]})  # fmt: skip
    assert direct.status_code == 422 and direct.json()["field"] == "memberships"
    proposal = client.post("/api/v1/partners/XA/memberships", headers=admin,
                           json={"memberships": ["OIC", "MTCR"], "reason": "joined MTCR"})  # fmt: skip
    assert proposal.status_code == 202
    assert "MTCR" not in client.get("/api/v1/partners/XA", headers=admin).json()["memberships"]
    confirmed = client.post(f"/api/v1/proposals/{proposal.json()['id']}/confirm", headers=export)
    assert confirmed.status_code == 200
    assert client.get("/api/v1/partners/XA", headers=admin).json()["memberships"] == ["MTCR", "OIC"]


def test_an_agreement_in_force_needs_a_second_person(client: TestClient) -> None:
    export, admin = token(client, "export"), token(client, "admin")
    agreement = {"kind": "security_of_information", "title": "SOIA with Gamma",
                 "start": "2026-01-01"}  # fmt: skip
    officer = token(client, "officer")
    assert client.post("/api/v1/partners/XC/agreements", headers=officer,
                       json=agreement).status_code == 403  # fmt: skip
    pid = client.post("/api/v1/partners/XC/agreements", headers=export, json=agreement).json()["id"]
    titles = {
        a["title"]
        for a in client.get("/api/v1/partners/XC", headers=admin).json()["agreements_in_force"]
    }
    assert "SOIA with Gamma" not in titles
    assert client.post(f"/api/v1/proposals/{pid}/confirm", headers=admin).status_code == 200
    titles = {
        a["title"]
        for a in client.get("/api/v1/partners/XC", headers=admin).json()["agreements_in_force"]
    }
    assert "SOIA with Gamma" in titles


def test_a_proposal_made_on_a_record_changed_since_is_refused(client: TestClient) -> None:
    export, admin = token(client, "export"), token(client, "admin")
    first = client.post("/api/v1/embargoes", headers=export, json={**LIFT_EU, "reason": "a"}).json()
    second = client.post("/api/v1/embargoes", headers=export,
                         json={**LIFT_EU, "end": "2021-01-01", "reason": "b"}).json()  # fmt: skip
    assert client.post(f"/api/v1/proposals/{first['id']}/confirm", headers=admin).status_code == 200
    stale = client.post(f"/api/v1/proposals/{second['id']}/confirm", headers=admin)
    assert stale.status_code == 409 and stale.json()["field"] == "proposal_id"


def log_in(client: TestClient, username: str) -> None:
    import re

    form = client.get("/login")
    found = re.search(r'name="login_csrf" value="([^"]+)"', form.text)
    assert found
    client.post("/login", data={"username": username, "password": PASSWORD,
                                "login_csrf": found.group(1)})  # fmt: skip


def test_a_second_person_confirms_a_proposal_on_its_page(client: TestClient) -> None:
    import re

    export = token(client, "export")
    pid = client.post("/api/v1/embargoes", headers=export,
                      json={**LIFT_EU, "reason": "lifted by Council"}).json()["id"]  # fmt: skip
    own = client.get("/reference/proposals", headers=export)
    assert own.status_code == 200 and "lifted by Council" in own.text
    assert f"/reference/proposals/{pid}/confirm" not in own.text  # nobody confirms their own
    log_in(client, "admin")
    listed = client.get("/reference/proposals")
    assert f"/reference/proposals/{pid}/confirm" in listed.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', listed.text)
    assert csrf
    forged = client.post(f"/reference/proposals/{pid}/confirm", data={"csrf": "forged"})
    assert forged.status_code == 403 and "EU-KP" in in_force_on_kp(client, export)
    done = client.post(f"/reference/proposals/{pid}/confirm", data={"csrf": csrf.group(1)},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and "EU-KP" not in in_force_on_kp(client, export)
    assert "No proposals here" in client.get("/reference/proposals").text
