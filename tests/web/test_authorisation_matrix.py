"""Every endpoint × every demo role × own state / other state → the expected status, from one
table. Roles are enforced in the services; this checks the whole stack over HTTP (SQLite)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from amanah.cases.models import CaseRow
from amanah.config import get_settings
from amanah.db.engine import default_engine, make_engine, migrate, transaction
from amanah.demo import PASSWORD, USERS, load
from amanah.partners.service import load_reference_embargoes
from amanah.web.app import create_app

ROLES = [u[0] for u in USERS]  # admin officer board export finance leader auditor alpha beta
STAFF = {"admin", "officer", "board", "export", "finance", "leader", "auditor"}
EVERYONE = STAFF | {"alpha", "beta"}
OWN_STATE = STAFF | {"alpha"}  # the probed case and partner belong to XA, alpha's state

TECH = {"name": "Matrix test radio {role}", "kind": "component", "control_entries": ["ML11"],
        "classification": "unclassified", "sensitivity": 1, "owner": "Test"}  # fmt: skip
PARTNER = {"code": "XZ", "name": "Matrix Test State", "region": "Europe"}
USER = {
    "username": "made-by-{role}",
    "password": "long-enough-pw",
    "full_name": "X",
    "roles": ["auditor"],
}
EMBARGO = {"id": "MATRIX-{role}", "regime": "UN", "target": "XA", "target_name": "Alpha",
           "instrument": "S/RES/0 (2026)", "start": "2026-01-01"}  # fmt: skip
RENEWAL = {"instrument": "S/RES/0 (2026)", "adopted": "2026-05-29", "until": "2027-05-31",
           "source": "https://press.un.org/en/2026/example.doc.htm"}  # fmt: skip
MEMBERSHIPS = {"memberships": ["OIC", "ATT"], "reason": "joined the ATT"}
AGREEMENT = {"kind": "security_of_information", "title": "SOIA {role}", "start": "2026-01-01"}
REVIEWERS = {"officer", "export", "board", "finance", "leader"}  # who sends an RFI
OWNERS = {"admin", "export"}  # of reference data: embargoes, memberships, agreements in force
ADVICE = {
    "recipient": "XA",
    "date": "2027-01-01",
    "items": [{"description": "radio", "kind": "sale"}],
}

SIGNED = {"kind": "sale", "value": "1.00", "signed_on": "2026-10-01"}
AUTHORISED = {
    "quantity": 1,
    "value": "1.00",
    "valid_from": "2026-01-01",
    "valid_until": "2027-01-01",
}
DELIVERY = {"description": "matrix", "quantity": 1, "scheduled_on": "2027-01-01"}
SHIPMENT = {"shipped_on": "2027-01-01"}
TRANSIT = {"state": "at_customs", "on": "2027-01-02"}
RECEIPT = {"received_on": "2027-01-03"}
PLAN = {"level": "routine", "first_due": "2027-06-01"}
CHECK = {"checked_on": "2027-06-01", "place": "depot", "inspector": "x", "finding": "compliant"}

# (method, path, body, roles that succeed, status on success, status for the others)
MATRIX: list[tuple[str, str, dict[str, Any] | None, set[str], int, int]] = [
    ("GET", "/api/v1/cases", None, EVERYONE, 200, 403),
    ("GET", "/api/v1/cases/{case}", None, OWN_STATE, 200, 404),
    ("GET", "/api/v1/cases/{case}/dossier.pdf", None, OWN_STATE, 200, 404),
    ("GET", "/api/v1/catalogue", None, EVERYONE, 200, 403),
    ("POST", "/api/v1/catalogue", TECH, {"admin", "officer", "board"}, 201, 403),
    ("GET", "/api/v1/partners", None, EVERYONE, 200, 403),
    ("GET", "/api/v1/partners/XA", None, OWN_STATE, 200, 403),
    ("PUT", "/api/v1/partners/XZ", PARTNER, {"admin", "officer", "export"}, 200, 403),
    ("POST", "/api/v1/compliance/evaluate", ADVICE, STAFF, 200, 403),
    ("POST", "/api/v1/screening/match", {"name": "Gulf Freight Logistics"}, STAFF, 200, 403),
    ("GET", "/api/v1/screening/hits", None, STAFF, 200, 403),
    ("GET", "/api/v1/screening/lists", None, STAFF, 200, 403),
    (
        "GET",
        "/api/v1/reports/att?year=2026",
        None,
        {"admin", "export", "finance", "leader", "auditor"},
        200,
        403,
    ),
    (
        "GET",
        "/api/v1/reports/register",
        None,
        {"admin", "export", "finance", "leader", "auditor"},
        200,
        403,
    ),
    ("GET", "/api/v1/analytics/economy", None, STAFF - {"board"}, 200, 403),
    ("GET", "/api/v1/audit?entity_id=1", None, {"admin", "leader", "auditor"}, 200, 403),
    ("GET", "/api/v1/audit/verify", None, {"admin", "leader", "auditor"}, 200, 403),
    ("GET", "/api/v1/users", None, {"admin", "auditor"}, 200, 403),
    ("POST", "/api/v1/users", USER, {"admin"}, 201, 403),
    ("GET", "/api/v1/alerts", None, EVERYONE, 200, 403),
    ("POST", "/api/v1/embargoes", EMBARGO, OWNERS, 202, 403),
    ("POST", "/api/v1/embargoes/UN-SS/renewals", RENEWAL, OWNERS, 202, 403),
    ("POST", "/api/v1/partners/XA/memberships", MEMBERSHIPS, OWNERS, 202, 403),
    ("POST", "/api/v1/partners/XA/agreements", AGREEMENT, OWNERS, 202, 403),
    ("GET", "/api/v1/proposals", None, OWNERS, 200, 403),
    # a page: the others are sent to log in as someone allowed
    ("GET", "/reference/proposals", None, OWNERS, 200, 303),
    ("GET", "/reference/embargoes/UN-SS/renewal", None, OWNERS, 200, 303),
    # each person's language, digits and calendar (the form posts are in tests/web/test_arabic.py)
    ("GET", "/preferences", None, EVERYONE, 200, 303),
    ("POST", "/api/v1/proposals/999999/confirm", None, OWNERS, 404, 403),
    ("POST", "/api/v1/proposals/999999/reject", None, OWNERS, 404, 403),
    ("POST", "/api/v1/users/999999/deactivate", None, {"admin"}, 404, 403),
    ("PUT", "/api/v1/users/999999/roles", {"roles": ["auditor"]}, {"admin"}, 404, 403),
    ("POST", "/api/v1/users/999999/revoke-sessions", None, {"admin"}, 404, 403),
    # the lifecycle after approval (issue 18): reads on the probed case, changes on a case
    # that does not exist (the roles allowed reach the 404, the others are refused first)
    ("GET", "/api/v1/cases/{case}/agreement", None, OWN_STATE, 200, 404),
    ("GET", "/cases/{case}/agreement", None, OWN_STATE, 200, 404),
    ("POST", "/api/v1/cases/999999/agreement", SIGNED, {"officer", "finance"}, 404, 403),
    ("GET", "/api/v1/cases/{case}/deliveries", None, OWN_STATE, 200, 404),
    ("GET", "/cases/{case}/deliveries", None, OWN_STATE, 200, 404),
    ("PUT", "/api/v1/cases/999999/items/1/authorisation", AUTHORISED, {"export"}, 404, 403),
    ("POST", "/api/v1/cases/999999/deliveries", DELIVERY, {"officer"}, 404, 403),
    ("POST", "/api/v1/cases/999999/deliveries/1/shipment", SHIPMENT, {"officer"}, 404, 403),
    ("POST", "/api/v1/cases/999999/deliveries/1/transit", TRANSIT, {"officer"}, 404, 403),
    ("POST", "/api/v1/cases/999999/deliveries/1/receipt", RECEIPT, {"alpha", "beta"}, 404, 403),
    ("GET", "/api/v1/cases/{case}/monitoring", None, STAFF, 200, 403),
    ("GET", "/cases/{case}/monitoring", None, STAFF, 200, 303),
    ("GET", "/api/v1/monitoring/overdue", None, STAFF, 200, 403),
    ("GET", "/api/v1/partners/XA/end-use", None, STAFF, 200, 403),
    ("PUT", "/api/v1/cases/999999/monitoring/plan", PLAN, {"officer", "export"}, 404, 403),
    ("POST", "/api/v1/cases/999999/monitoring/checks", CHECK, {"officer", "export"}, 404, 403),
    # casework tools (issue 18 part B): RFIs, routing, amendments, notification, release validity
    ("GET", "/api/v1/cases/{case}/rfis", None, OWN_STATE, 200, 404),
    ("GET", "/api/v1/cases/{case}/clock", None, OWN_STATE, 200, 404),
    (
        "POST",
        "/api/v1/cases/{case}/rfis",
        {"addressee": "partner", "question": "Matrix {role}?"},
        REVIEWERS,
        201,
        403,
    ),
    ("GET", "/api/v1/routing/table", None, STAFF, 200, 403),
    ("GET", "/api/v1/routing/versions", None, STAFF, 200, 403),
    ("POST", "/api/v1/routing/versions", {"yaml": "rules: [", "reason": "x"}, {"admin"}, 422, 403),
    ("POST", "/api/v1/routing/versions/999999/confirm", None, {"admin"}, 404, 403),
    ("POST", "/api/v1/routing/versions/999999/reject", None, {"admin"}, 404, 403),
    ("GET", "/api/v1/routing/queues/export_control", None, STAFF, 200, 403),
    ("GET", "/api/v1/cases/{case}/routing", None, STAFF, 200, 403),
    ("POST", "/api/v1/cases/{case}/routing", None, {"admin", "officer", "export"}, 200, 403),
    ("GET", "/api/v1/cases/{case}/versions", None, OWN_STATE, 200, 404),
    ("GET", "/api/v1/cases/{case}/notification", None, STAFF, 200, 403),
    (
        "POST",
        "/api/v1/cases/{case}/notification",
        {"notified_on": "2026-01-05"},
        {"export", "leader"},
        201,
        403,
    ),
    ("GET", "/api/v1/cases/{case}/release", None, STAFF, 200, 403),
    ("PUT", "/api/v1/cases/{case}/release/validity", {"months": 48}, {"board"}, 200, 403),
    (
        "POST",
        "/api/v1/cases/{case}/release/renewal",
        {"months": 48, "reason": "renewed"},
        {"board"},
        201,
        403,
    ),
    ("GET", "/routing", None, STAFF, 200, 303),
    ("GET", "/cases/{case}/rfis", None, OWN_STATE, 200, 404),
    ("GET", "/cases/{case}/routing", None, STAFF, 200, 303),
    ("GET", "/cases/{case}/versions", None, OWN_STATE, 200, 404),
    ("GET", "/cases/{case}/clearances", None, STAFF, 200, 303),
    ("GET", "/api/v1/jobs", None, STAFF, 200, 403),
    ("GET", "/api/v1/jobs/999999", None, STAFF, 404, 403),
    ("POST", "/api/v1/jobs", {"kind": "calendar_check"}, OWNERS, 202, 403),
    ("POST", "/api/v1/lists/imports", None, OWNERS, 422, 403),  # allowed, but no file sent
    ("GET", "/jobs", None, STAFF, 200, 303),
]


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]], int]]:
    data_dir: Path = tmp_path_factory.mktemp("matrix")
    with pytest.MonkeyPatch.context() as patch:
        url = f"sqlite:///{data_dir / 'amanah.db'}"
        patch.setenv("AMANAH_DATA_DIR", str(data_dir))
        patch.setenv("AMANAH_DATABASE_URL", url)
        get_settings.cache_clear()
        default_engine.cache_clear()
        engine = make_engine(url)
        migrate(engine)
        with transaction(engine) as session:
            load_reference_embargoes(session)
            load(session)
            case = session.scalars(
                select(CaseRow).where(CaseRow.partner_code == "XA").order_by(CaseRow.id)
            ).first()
            assert case is not None
            case_id = case.id
        with TestClient(create_app(engine)) as client:
            tokens = {}
            for role in ROLES:
                answer = client.post(
                    "/api/v1/auth/token", data={"username": role, "password": PASSWORD}
                )
                tokens[role] = {"Authorization": f"Bearer {answer.json()['token']}"}
            yield client, tokens, case_id
        engine.dispose()
        get_settings.cache_clear()
        default_engine.cache_clear()


def _fill(value: Any, role: str) -> Any:
    if isinstance(value, str):
        return value.replace("{role}", role)
    if isinstance(value, dict):
        return {k: _fill(v, role) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "allowed", "ok", "refused"), MATRIX,
                         ids=[f"{m} {p}" for m, p, *_ in MATRIX])  # fmt: skip
def test_matrix(
    site: tuple[TestClient, dict[str, dict[str, str]], int],
    role: str, method: str, path: str, body: dict[str, Any] | None, allowed: set[str], ok: int, refused: int,
) -> None:  # fmt: skip
    client, tokens, case_id = site
    url = path.replace("{case}", str(case_id))
    answer = client.request(method, url, headers=tokens[role],
                            json=_fill(body, role) if body else None, follow_redirects=False)  # fmt: skip
    expected = ok if role in allowed else refused
    assert answer.status_code == expected, (
        f"{role} {method} {url}: {answer.status_code} {answer.text[:200]}"
    )


@pytest.mark.parametrize("role", ROLES)
def test_nobody_gets_in_without_a_token(
    site: tuple[TestClient, dict[str, dict[str, str]], int], role: str
) -> None:
    client, _, case_id = site
    assert client.get(f"/api/v1/cases/{case_id}").status_code == 403
    assert (
        client.get(
            f"/api/v1/cases/{case_id}", headers={"Authorization": f"Bearer not-{role}"}
        ).status_code
        == 403
    )


# Writes on a case by its writers (officers, partner liaisons of its state): the other staff are
# refused (403), the other state's liaison does not see the case at all (404).
CASE_WRITES: list[tuple[str, str, dict[str, Any], int]] = [
    ("POST", "/api/v1/cases/{case}/changes/preview", {"reason": "matrix"}, 200),
    ("POST", "/api/v1/cases/{case}/changes", {"reason": "matrix: nothing changes"}, 422),
]
WRITERS = {"officer", "alpha"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "ok"), CASE_WRITES,
                         ids=[f"{m} {p}" for m, p, *_ in CASE_WRITES])  # fmt: skip
def test_case_writes(
    site: tuple[TestClient, dict[str, dict[str, str]], int],
    role: str, method: str, path: str, body: dict[str, Any], ok: int,
) -> None:  # fmt: skip
    client, tokens, case_id = site
    answer = client.request(method, path.replace("{case}", str(case_id)), headers=tokens[role],
                            json=body)  # fmt: skip
    expected = ok if role in WRITERS else 404 if role == "beta" else 403
    assert answer.status_code == expected, f"{role}: {answer.status_code} {answer.text[:200]}"


@pytest.mark.parametrize("role", ROLES)
def test_answering_an_rfi(
    site: tuple[TestClient, dict[str, dict[str, str]], int], role: str
) -> None:
    """Answers come from the partner's liaison or an officer (a form with an optional file)."""
    client, tokens, case_id = site
    answer = client.post(f"/api/v1/cases/{case_id}/rfis/999999/answer", headers=tokens[role],
                         data={"answer": "matrix"})  # fmt: skip
    expected = {"officer": 404, "alpha": 404, "beta": 404}.get(role, 403)
    assert answer.status_code == expected, f"{role}: {answer.status_code} {answer.text[:200]}"
