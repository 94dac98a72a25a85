"""Helpers for page tests over HTTP: log in through the login form, read a form's hidden fields."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from amanah.demo import PASSWORD


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"the page has no hidden field {name!r}"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Log in as a browser does: with the CSRF token of the login form it was given."""
    token = hidden(client.get("/login").text, "login_csrf")
    answer = client.post("/login", data={"username": username, "password": password,
                                         "login_csrf": token}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
