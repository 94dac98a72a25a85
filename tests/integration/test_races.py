"""Conflicting writes at once (issue 15): the losers get 409, never a server error; what is
stored is one writer's whole change; the audit chain holds. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from amanah.db.engine import transaction
from amanah.demo import PASSWORD, load
from amanah.partners.service import load_reference_embargoes
from amanah.web.app import create_app

WRITERS = 50


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    with transaction(engine) as session:
        load_reference_embargoes(session)
        load(session)
    with TestClient(create_app(engine), raise_server_exceptions=False) as test_client:
        yield test_client


def token(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", data={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def at_once(write: Callable[[int], httpx.Response]) -> list[httpx.Response]:
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        return list(pool.map(write, range(WRITERS)))


def assert_chain_intact(client: TestClient) -> None:
    verdict = client.get("/api/v1/audit/verify", headers=token(client, "auditor")).json()
    assert verdict["intact"], verdict


def test_parallel_writes_to_one_case_are_stored_or_refused_with_409(client: TestClient) -> None:
    officer = token(client, "officer")
    found = client.get("/api/v1/cases", params={"q": "Network intrusion"}, headers=officer)
    case = found.json()["cases"][0]["id"]
    before = len(client.get(f"/api/v1/cases/{case}", headers=officer).json()["parties"])
    answers = at_once(lambda n: client.post(
        f"/api/v1/cases/{case}/parties", headers=officer,
        json={"role": "consignee", "name": f"Writer {n} Freight", "country": "XA"}))  # fmt: skip
    codes = [a.status_code for a in answers]
    assert set(codes) <= {201, 409}, [a.text for a in answers if a.status_code not in (201, 409)][
        :3
    ]
    assert 201 in codes
    stored = client.get(f"/api/v1/cases/{case}", headers=officer).json()["parties"]
    assert len(stored) == before + codes.count(201)
    assert_chain_intact(client)


def test_parallel_edits_of_one_partner_leave_one_writers_version(client: TestClient) -> None:
    admin = token(client, "admin")
    start = client.get("/api/v1/partners/XC", headers=admin).json()

    def edit(n: int) -> httpx.Response:
        return client.put("/api/v1/partners/XC", headers=admin, json={
            "code": "XC", "name": "Federation of Gamma", "region": "Africa",
            "risk_notes": f"writer {n}", "expected_version": start["version"]})  # fmt: skip

    answers = at_once(edit)
    codes = [a.status_code for a in answers]
    assert set(codes) <= {200, 409}, [a.text for a in answers if a.status_code not in (200, 409)][
        :3
    ]
    assert codes.count(200) == 1
    winner = next(a.json() for a in answers if a.status_code == 200)
    final = client.get("/api/v1/partners/XC", headers=admin).json()
    assert final["version"] == start["version"] + 1 == winner["version"]
    assert_chain_intact(client)


def test_the_same_catalogue_name_twice_at_once_is_stored_once(client: TestClient) -> None:
    admin = token(client, "admin")
    item = {"name": "Race test radio", "kind": "component", "control_entries": ["ML11"],
            "classification": "unclassified", "sensitivity": 1, "owner": "Test"}  # fmt: skip
    answers = at_once(lambda n: client.post("/api/v1/catalogue", headers=admin, json=item))
    codes = [a.status_code for a in answers]
    assert set(codes) <= {201, 409, 422}, [a.text for a in answers if a.status_code >= 500][:3]
    assert codes.count(201) == 1
