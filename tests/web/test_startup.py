"""`amanah serve --demo` answers before the demo is loaded: the login page says it is loading
and refuses to log anyone in until it is, then works; importing the web application does not
load the matcher (nomenklatura, scikit-learn), which costs a second of every start."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from amanah import demo
from amanah.web.app import create_app
from tests.web.pages import hidden, log_in


def test_login_waits_for_the_demo_loaded_after_the_socket_opened(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    original = demo.load

    def held_load(*args: object, **kwargs: object) -> bool:
        gate.wait(timeout=60)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(demo, "load", held_load)
    app = create_app(engine, with_demo=True)
    with TestClient(app) as client:
        page = client.get("/login")
        assert page.status_code == 200 and 'id="loading"' in page.text
        refused = client.post("/login", data={"username": "officer", "password": demo.PASSWORD,
                                              "login_csrf": hidden(page.text, "login_csrf")})  # fmt: skip
        assert refused.status_code == 503 and "still loading" in refused.text
        gate.set()
        assert app.state.ready.wait(timeout=120)
        assert 'id="loading"' not in client.get("/login").text
        log_in(client, "officer")
        assert "Log in" not in client.get("/").text


def test_without_the_demo_the_login_page_never_says_it_is_loading(engine: Engine) -> None:
    with TestClient(create_app(engine)) as client:
        assert 'id="loading"' not in client.get("/login").text


def test_importing_the_web_application_does_not_load_the_matcher() -> None:
    probe = ("import sys, amanah.web.app, amanah.cli.main; "
             "print(sorted(m for m in ('sklearn', 'scipy', 'nomenklatura.matching') if m in sys.modules))")  # fmt: skip
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True).stdout.strip()  # fmt: skip
    assert loaded == "[]"
