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
