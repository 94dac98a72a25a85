"""Security properties over HTTP: redirects, downloads, sessions, tokens, login throttling,
headers and uploads (issue 15)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from amanah.db.engine import transaction
from amanah.demo import PASSWORD, load
from amanah.partners.service import load_reference_embargoes
from amanah.web.app import create_app

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    with transaction(engine) as session:
        load_reference_embargoes(session)
        load(session)
    with TestClient(create_app(engine)) as test_client:
        yield test_client


def token(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def log_in(client: TestClient, username: str, next: str = "/") -> object:
    form = client.get("/login", params={"next": next})
    found = re.search(r'name="login_csrf" value="([^"]*)"', form.text)
    data = {"username": username, "password": PASSWORD, "next": next}
    if found:
        data["login_csrf"] = found.group(1)
    return client.post("/login", data=data, follow_redirects=False)


def draft_case(client: TestClient, headers: dict[str, str]) -> int:
    found = client.get("/api/v1/cases", params={"q": "Network intrusion"}, headers=headers)
    return int(found.json()["cases"][0]["id"])


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "/\\evil.example", "https://evil.example/", "/\t/evil.example",
     "http:/evil.example", "evil.example"],
)  # fmt: skip
def test_login_redirects_only_to_paths_on_this_site(client: TestClient, target: str) -> None:
    answer = log_in(client, "officer", next=target)
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert answer.headers["location"] == "/"  # type: ignore[attr-defined]


def test_login_keeps_a_same_site_next_path(client: TestClient) -> None:
    answer = log_in(client, "officer", next="/cases?state=draft")
    assert answer.headers["location"] == "/cases?state=draft"  # type: ignore[attr-defined]


def test_document_with_an_arabic_file_name_downloads_under_its_own_name(
    client: TestClient,
) -> None:
    officer = token(client, "officer")
    case = draft_case(client, officer)
    name = "عقد التوريد.pdf"
    sent = client.post(f"/api/v1/cases/{case}/documents", headers=officer, data={"kind": "other"},
                       files={"file": (name, PDF, "application/pdf")})  # fmt: skip
    assert sent.status_code == 201, sent.text
    got = client.get(f"/api/v1/cases/{case}/documents/{sent.json()['id']}", headers=officer)
    assert got.status_code == 200 and got.content == PDF
    disposition = got.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=")
    encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition)
    assert encoded and unquote(encoded.group(1)) == name


def token_answer(client: TestClient, username: str, password: str) -> int:
    answer = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    return answer.status_code


def test_api_login_failures_are_counted_and_hold_back_the_right_password(
    client: TestClient,
) -> None:
    codes = [token_answer(client, "finance", "wrong-password") for _ in range(50)]
    assert set(codes) <= {403, 429} and codes.count(403) >= 3
    assert token_answer(client, "finance", PASSWORD) == 429


def test_the_wait_after_failures_ends(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    from amanah.db.base import utcnow
    from amanah.users import throttle

    for _ in range(50):
        token_answer(client, "finance", "wrong-password")
    assert token_answer(client, "finance", PASSWORD) == 429
    later = utcnow() + timedelta(minutes=16)
    monkeypatch.setattr(throttle, "utcnow", lambda: later)
    assert token_answer(client, "finance", PASSWORD) == 200


def test_a_flood_of_failures_from_one_address_does_not_lock_the_named_user_out(
    client: TestClient,
) -> None:
    attacker = TestClient(client.app, client=("203.0.113.66", 4000))
    for _ in range(50):
        assert token_answer(attacker, "admin", "wrong-password") in {403, 429}
        attacker.post("/login", data={"username": "admin", "password": "x", "login_csrf": "x"})
    owner = TestClient(client.app, client=("198.51.100.7", 4001))
    assert token_answer(owner, "admin", PASSWORD) == 200


def test_unknown_users_take_as_long_to_refuse_as_known_ones(engine: Engine) -> None:
    import statistics
    import time

    from amanah.errors import Forbidden
    from amanah.users import service as users
    from amanah.users.roles import SYSTEM

    with transaction(engine) as session:
        users.create_user(session, SYSTEM, username="known", password="right-password",
                          full_name="K", roles=["auditor"])  # fmt: skip

    def refusal_time(username: str, n: int) -> float:
        started = time.perf_counter()
        with pytest.raises(Forbidden), transaction(engine) as session:
            users.authenticate(session, username, "wrong-password", address=f"192.0.2.{n}")
        return time.perf_counter() - started

    known = statistics.median(refusal_time("known", n) for n in range(5))
    unknown = statistics.median(refusal_time("nobody-by-this-name", n) for n in range(5, 10))
    assert 0.5 < unknown / known < 2, (known, unknown)


def test_the_login_form_needs_its_csrf_token(client: TestClient) -> None:
    forged = client.post("/login", data={"username": "officer", "password": PASSWORD},
                         follow_redirects=False)  # fmt: skip
    assert forged.status_code == 403 and "amanah_session" not in forged.cookies
    assert log_in(client, "officer").status_code == 303  # type: ignore[attr-defined]


def test_a_deactivated_users_session_and_token_end_at_once(client: TestClient) -> None:
    officer = token(client, "officer")
    log_in(client, "officer")
    assert client.get("/cases", follow_redirects=False).status_code == 200
    admin = token(client, "admin")
    users = client.get("/api/v1/users", headers=admin).json()
    officer_id = next(u["id"] for u in users if u["username"] == "officer")
    answer = client.post(f"/api/v1/users/{officer_id}/deactivate", headers=admin)
    assert answer.status_code == 200 and answer.json()["active"] is False
    assert client.get("/cases", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/cases", headers=officer).status_code == 403
    assert token_answer(client, "officer", PASSWORD) == 403


def test_removing_a_role_ends_the_users_sessions_and_tokens(client: TestClient) -> None:
    officer, admin = token(client, "officer"), token(client, "admin")
    users = client.get("/api/v1/users", headers=admin).json()
    officer_id = next(u["id"] for u in users if u["username"] == "officer")
    changed = client.put(f"/api/v1/users/{officer_id}/roles", headers=admin,
                         json={"roles": ["auditor"]})  # fmt: skip
    assert changed.status_code == 200 and changed.json()["roles"] == ["auditor"]
    assert client.get("/api/v1/cases", headers=officer).status_code == 403


def test_a_token_ends_when_its_holder_revokes_it_or_it_expires(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from amanah.db.base import utcnow
    from amanah.users import sessions

    held = token(client, "auditor")
    assert client.delete("/api/v1/auth/token", headers=held).status_code == 204
    assert client.get("/api/v1/cases", headers=held).status_code == 403
    fresh = token(client, "auditor")
    assert client.get("/api/v1/cases", headers=fresh).status_code == 200
    later = utcnow() + timedelta(days=31)
    monkeypatch.setattr(sessions, "utcnow", lambda: later)
    assert client.get("/api/v1/cases", headers=fresh).status_code == 403


def test_sessions_are_shared_by_server_processes_and_survive_a_restart(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "officer")
    cookie = client.cookies.get("amanah_session")
    assert cookie
    with TestClient(create_app(engine), cookies={"amanah_session": cookie}) as other:
        assert other.get("/cases", follow_redirects=False).status_code == 200


def test_a_failed_commit_is_never_answered_with_success(client: TestClient) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    officer = token(client, "officer")
    case = draft_case(client, officer)
    party = {"role": "consignee", "name": "Harbour Freight", "country": "XA"}

    def disk_full(session: Session) -> None:
        raise RuntimeError("disk full")

    event.listen(Session, "before_commit", disk_full)
    try:
        unlucky = TestClient(client.app, raise_server_exceptions=False)
        answer = unlucky.post(f"/api/v1/cases/{case}/parties", headers=officer, json=party)
    finally:
        event.remove(Session, "before_commit", disk_full)
    assert answer.status_code >= 500
    detail = client.get(f"/api/v1/cases/{case}", headers=officer).json()
    assert "Harbour Freight" not in {p["name"] for p in detail["parties"]}


@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [("GET", "/api/v1/cases/99999999999999999999", None, "case_id"),
     ("GET", "/api/v1/catalogue/-99999999999999999999", None, "technology_id"),
     ("GET", "/api/v1/audit?entity_id=1&limit=99999999999999999999", None, "limit"),
     ("POST", "/api/v1/cases/{case}/items",
      {"technology_id": 99999999999999999999, "quantity": 1, "kind": "sale"}, "technology_id")],
)  # fmt: skip
def test_integers_beyond_64_bits_are_refused_naming_the_field(
    client: TestClient, method: str, url: str, body: object, field: str
) -> None:
    admin = token(client, "admin")
    officer = token(client, "officer")
    url = url.replace("{case}", str(draft_case(client, officer)))
    answer = client.request(method, url, headers=officer if body else admin, json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for url in ("/login", "/api/v1/cases", "/static/govuk/govuk-frontend.min.css", "/nowhere"):
        headers = client.get(url).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], url
        assert "script-src 'self'" in headers["content-security-policy"], url
        assert headers["x-content-type-options"] == "nosniff", url
        assert headers["x-frame-options"] == "DENY", url
        assert headers["referrer-policy"] == "same-origin", url
        assert "strict-transport-security" not in headers, url


def test_over_https_the_session_cookie_is_secure_and_hsts_is_sent(client: TestClient) -> None:
    secure = TestClient(client.app, base_url="https://amanah.example")
    answer = log_in(secure, "officer")
    cookie = answer.headers["set-cookie"]  # type: ignore[attr-defined]
    assert "amanah_session=" in cookie and "secure" in cookie.lower()
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert answer.headers["strict-transport-security"].startswith("max-age=")  # type: ignore[attr-defined]


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [("invoice.pdf", EXE, "application/pdf"), ("note.txt", EXE, "text/plain"),
     ("photo.png", PDF, "image/png"), ("data.xml", b"plain words", "application/xml")],
)  # fmt: skip
def test_an_upload_is_judged_by_its_content_not_its_declared_type(
    client: TestClient, name: str, content: bytes, declared: str
) -> None:
    officer = token(client, "officer")
    case = draft_case(client, officer)
    answer = client.post(f"/api/v1/cases/{case}/documents", headers=officer, data={"kind": "other"},
                         files={"file": (name, content, declared)})  # fmt: skip
    assert answer.status_code == 422 and answer.json()["field"] == "file", answer.text


def test_an_upload_over_the_limit_is_refused_while_it_is_read(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from amanah.config import get_settings

    monkeypatch.setenv("AMANAH_MAX_DOCUMENT_BYTES", "100000")
    get_settings.cache_clear()
    officer = token(client, "officer")
    case = draft_case(client, officer)
    big = PDF + b"%" * 200_000
    answer = client.post(f"/api/v1/cases/{case}/documents", headers=officer, data={"kind": "other"},
                         files={"file": ("big.pdf", big, "application/pdf")})  # fmt: skip
    assert answer.status_code == 422 and answer.json()["field"] == "file"
    assert "100000" in answer.json()["message"]
