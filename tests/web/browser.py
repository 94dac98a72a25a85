"""What the browser tests share: a demo site served by uvicorn in a thread, Debian's headless
Chromium (launched without the network services Chromium calls home with), and logging in.
A test module imports `page_fixture` and `site_fixture`, which pytest knows as `page` and
`site`."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlalchemy import Engine

from amanah.db.engine import make_engine, migrate, transaction
from amanah.demo import PASSWORD, load
from amanah.partners.service import load_reference_embargoes
from amanah.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
DESKTOP = {"width": 1280, "height": 900}


def demo_engine(data_dir: Path) -> Engine:
    """A SQLite database in `data_dir` with the reference embargoes and the demo loaded."""
    engine = make_engine(f"sqlite:///{data_dir / 'amanah.db'}")
    migrate(engine)
    with transaction(engine) as session:
        load_reference_embargoes(session)
        load(session)
    return engine


@contextmanager
def serving(engine: Engine) -> Iterator[str]:
    """The application over `engine` on a free local port, for as long as the block runs. It
    is warm when the block begins: the screening warm-up, which starts after the first answer,
    would otherwise take the CPU from the pages under test for seconds."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(engine)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(f"{url}/healthz", timeout=30):
        app.state.warm.wait(timeout=120)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (.ci/run installs it)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(name="site")
def site_fixture(data_dir: Path) -> Iterator[str]:
    with serving(demo_engine(data_dir)) as url:
        yield url


@pytest.fixture(name="page")
def page_fixture() -> Iterator[Page]:
    with chromium() as browser:
        yield browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]


def log_in(page: Page, site: str, username: str) -> None:
    """Log in and wait for the inbox: a `goto` straight after the click would abort the login
    post before its cookie arrives (Playwright's click does not wait for the navigation)."""
    page.goto(f"{site}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    try:
        page.wait_for_url(lambda url: "/login" not in url)
    except PlaywrightTimeoutError:
        pytest.fail(f"{username} not logged in, still at {page.url}: {page.inner_text('main')}")
