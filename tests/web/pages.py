"""Helpers for page tests over HTTP: log in through the login form, read a form's hidden fields."""

from __future__ import annotations

import re
from collections.abc import Collection

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


# What a reader's language does not cover: markup that holds code or data, a value isolated in
# its own direction (<bdi>, dir="auto", FSI…PDI), text marked as another language (the English
# switch, an official citation), and codes: words with digits, "_" or ":" (AMN-2026-000007, ML4,
# a hash, FTM:amanah_demo).
_NOT_WORDS = {"script", "style", "bdi", "code", "textarea", "pre"}
_ISOLATE = re.compile("\u2068[^\u2069]*\u2069")
_CODES = re.compile(r"\S*[\d_:]\S*")
_LATIN_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’-]*)*")


def english_words(page: str, names: Collection[str] = ()) -> list[str]:
    """The runs of Latin words an Arabic page shows outside names and codes: its text and the
    attributes a person hears or sees (title, aria-label, placeholder, alt), without the
    `names` (data as typed: partners, technologies, parties, users)."""
    import lxml.html

    document = lxml.html.fromstring(page)
    for element in list(document.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        lang = element.get("lang")
        if (element.tag in _NOT_WORDS or element.get("dir") == "auto" or (lang and lang != "ar")
                or "amanah-mono" in (element.get("class") or "")):  # fmt: skip
            element.drop_tree()
    texts: list[str] = []
    body = document.find("body")
    for element in (body if body is not None else document).iter():
        if not isinstance(element.tag, str):
            continue
        texts += [element.get(a) or "" for a in ("title", "aria-label", "placeholder", "alt")]
        texts += [element.text or "", element.tail or ""]
    by_length = sorted(names, key=len, reverse=True)
    found = []
    for text in texts:
        text = _CODES.sub(" ", _ISOLATE.sub(" ", text))
        for name in by_length:
            text = text.replace(name, " ")
        found += [w for w in _LATIN_WORDS.findall(text) if re.search("[a-z]{2}", w)]
    return found
