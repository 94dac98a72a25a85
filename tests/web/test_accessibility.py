"""Every page, as every demo role, in Debian's headless Chromium: axe-core finds no serious or
critical violation, the page fits a 390 px phone screen, the browser asks no other host for
anything and logs no error. The pages are found, not listed: each role starts at its inbox and
follows the links of the header, the navigation and the page (one page per kind of address:
one `/cases/{id}`, one `/partners/{code}`), and a writer opens a draft at /cases/new and adds a party to
reach the request pages (each form is sent empty first: its error summary is checked too).
Screenshots (desktop and 390 px) and each role's findings (JSON) go to test-artifacts/pages/."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, Request

from amanah.demo import USERS
from amanah.web.app import create_app
from tests.web.browser import ARTIFACTS, DESKTOP, chromium, demo_engine, log_in, serving

pytestmark = pytest.mark.browser

ROLES = [username for username, *_ in USERS]
PHONE = {"width": 390, "height": 844}
SERIOUS = {"serious", "critical"}
MAX_DEPTH = 3  # inbox → navigation → a case → its request pages
MAX_PAGES = 40
NOT_PAGES = re.compile(
    r"^/(static|api|docs|redoc|openapi\.json|logout)\b|\.(pdf|csv|xlsx|json|zip)$"
)
SCREENSHOTS = ARTIFACTS / "pages"

# The page checks expected to fail until the page's template is rewritten, per check ("axe",
# "width", "foreign", "console"): page kind -> the template to blame, e.g.
# {"width": {"/cases/{id}": "case.html: a table without a scrolling box"}}. Each such page is
# a test of its own, xfail(strict=False); its line goes when the new template lands. None now:
# every page of every role passes every check.
BEING_REWRITTEN: dict[str, dict[str, str]] = {}


@dataclass
class Visit:
    """What one page did, as one role."""

    role: str
    kind: str  # the address with every number replaced: /cases/{id}
    url: str
    violations: list[str] = field(default_factory=list)  # "rule (impact): target"
    width: int = 0  # the document's width at 390 px
    foreign: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


def kind_of(path: str) -> str:
    """The page's kind: its address with numbers as {id} and country codes as {code}."""
    return re.sub(r"/[A-Z]{2}(?=/|$)", "/{code}", re.sub(r"/\d+(?=/|$)", "/{id}", path))


def slug(kind: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-") or "inbox"


class Crawler:
    """One role's walk through the site in one browser page; every request and console error is
    recorded against the page being visited."""

    def __init__(self, browser: Browser, site: str, role: str) -> None:
        self.site, self.role, self.host = site, role, urlsplit(site).netloc
        self.page = browser.new_context(viewport=DESKTOP).new_page()  # type: ignore[arg-type]
        self.visits: list[Visit] = []
        self.seen: set[str] = set()
        self.current = Visit(role, "/login", f"{site}/login")
        self.page.on("request", self.request)
        self.page.on("console", lambda m: m.type == "error" and self.current.console.append(m.text))
        self.page.on("pageerror", lambda e: self.current.console.append(str(e)))

    def request(self, request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme not in ("data", "blob") and url.netloc != self.host:
            self.current.foreign.append(request.url)

    def links(self) -> list[str]:
        hrefs: list[str] = self.page.eval_on_selector_all(
            "header a[href], nav a[href], main a[href]",
            "links => links.filter(a => !a.hasAttribute('download')).map(a => a.href)",
        )
        paths = []
        for href in hrefs:
            url = urlsplit(href)
            if url.netloc == self.host and not NOT_PAGES.search(url.path):
                paths.append(url.path)
        return paths

    def visit(self, path: str) -> bool:
        """Check the page at `path` unless a page of its kind was checked; False if it is none."""
        kind = kind_of(path)
        if kind in self.seen or len(self.visits) >= MAX_PAGES:
            return False
        self.seen.add(kind)
        self.current = Visit(self.role, kind, self.site + path)
        self.page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
        response = self.page.goto(self.site + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return False
        self.check()
        self.visits.append(self.current)
        return True

    def check(self, reload: bool = True) -> None:
        page, visit = self.page, self.current
        page.wait_for_load_state("networkidle")
        results = Axe().run(page).response
        visit.violations = [
            f"{v['id']} ({v['impact']}): {', '.join(str(t) for t in node['target'])}"
            for v in results["violations"]
            if v["impact"] in SERIOUS
            for node in v["nodes"]
        ]
        name = f"{self.role}-{slug(visit.kind)}"
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        page.set_viewport_size(PHONE)  # type: ignore[arg-type]
        if reload:  # afresh at phone width, as a phone loads it: charts size themselves then
            page.reload(wait_until="networkidle")
        visit.width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-390.png"), full_page=True)

    def post(self, path: str, fill: Callable[[Page], None] | None = None) -> str:
        """Submit the form of the page at `path`, filled by `fill`; left empty, the page that
        answers (the form with its error summary) is checked too. The path it answers at."""
        page = self.page
        page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
        page.goto(self.site + path)
        kind = f"{kind_of(path)} (errors)"
        self.current = Visit(self.role, kind, self.site + path)
        if fill:
            fill(page)
        with page.expect_navigation():
            page.locator("main form[method=post] button.govuk-button").first.click()
        if fill is None and kind not in self.seen:
            self.seen.add(kind)
            # the form comes back as 422 by design: Chromium logs the status as an error
            self.current.console = [m for m in self.current.console if "status of 422" not in m]
            self.check(reload=False)  # a reload would post the form again
            self.visits.append(self.current)
        return urlsplit(page.url).path

    def walk(self, start: str) -> None:
        queue = deque([(start, 0)])
        while queue:
            path, depth = queue.popleft()
            if self.visit(path) and depth < MAX_DEPTH:
                queue.extend((link, depth + 1) for link in self.links())

    def open_draft(self) -> None:
        """A writer's draft, opened and given a party through the forms (each first sent empty):
        the request pages are a draft's, and their error summaries are pages too."""
        self.post("/cases/new")
        draft = self.post("/cases/new", fill_new_case)
        if not draft.endswith("/request"):
            return
        self.post(f"{draft}/parties/add")
        self.post(f"{draft}/parties/add", fill_party)
        self.walk(draft)


def fill_new_case(page: Page) -> None:
    if page.locator("select#partner").count():  # a partner liaison's is its own state
        page.select_option("select#partner", index=1)
    page.fill("input#title", "Harness draft: 2 training simulators")


def fill_party(page: Page) -> None:
    page.select_option("select#role", index=1)
    page.fill("input#name", "Harness Training Centre")
    page.select_option("select#country", index=1)
    page.locator("input[name=type]").first.check()


def crawl(browser: Browser, site: str, role: str) -> list[Visit]:
    crawler = Crawler(browser, site, role)
    log_in(crawler.page, site, role)
    crawler.walk("/")
    if "/cases/new" in crawler.seen:
        crawler.open_draft()
    crawler.page.context.close()
    return crawler.visits


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as launched:
        yield launched


Walk = Callable[[str], list[Visit]]


@pytest.fixture(scope="module")
def walk(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Walk:
    """A role's walk, done once on its own fresh demo site and shared by the checks below."""
    done: dict[str, list[Visit]] = {}

    def walked(role: str) -> list[Visit]:
        if role not in done:
            with serving(demo_engine(tmp_path_factory.mktemp(role))) as site:
                if role == "anonymous":
                    crawler = Crawler(browser, site, role)
                    crawler.visit("/login")
                    done[role] = crawler.visits
                else:
                    done[role] = crawl(browser, site, role)
            findings = json.dumps([asdict(v) for v in done[role]], indent=1)
            (SCREENSHOTS / f"{role}.json").write_text(findings, encoding="utf-8")
        return done[role]

    return walked


def pages_of(visits: list[Visit], check: str, kind: str | None) -> list[Visit]:
    """The visits of one page kind whose `check` is expected to fail, or (None) of every other."""
    if kind is None:
        return [v for v in visits if v.kind not in BEING_REWRITTEN.get(check, {})]
    pages = [v for v in visits if v.kind == kind]
    if not pages:
        pytest.skip(f"this role does not reach {kind}")
    return pages


def page_groups(check: str) -> pytest.MarkDecorator:
    """Every page as one test, except the pages expected to fail `check`: a test each, xfail."""
    groups = [pytest.param(None, id="pages")] + [
        pytest.param(kind, id=kind, marks=pytest.mark.xfail(strict=False, reason=reason))
        for kind, reason in BEING_REWRITTEN.get(check, {}).items()
    ]
    return pytest.mark.parametrize("kind", groups)


WHO = pytest.mark.parametrize("role", ["anonymous", *ROLES])


@WHO
def test_every_role_reaches_its_pages(walk: Walk, role: str) -> None:
    kinds = {v.kind for v in walk(role)}
    assert "/login" in kinds if role == "anonymous" else {"/", "/cases"} <= kinds


@WHO
@page_groups("axe")
def test_axe_finds_no_serious_or_critical_violation(
    walk: Walk, role: str, kind: str | None
) -> None:
    found = {v.url: v.violations for v in pages_of(walk(role), "axe", kind) if v.violations}
    assert not found


@WHO
@page_groups("width")
def test_no_page_is_wider_than_a_phone(walk: Walk, role: str, kind: str | None) -> None:
    wide = {v.url: v.width for v in pages_of(walk(role), "width", kind) if v.width > PHONE["width"]}
    assert not wide


@WHO
@page_groups("foreign")
def test_the_browser_asks_no_other_host(walk: Walk, role: str, kind: str | None) -> None:
    foreign = {v.url: v.foreign for v in pages_of(walk(role), "foreign", kind) if v.foreign}
    assert not foreign


@WHO
@page_groups("console")
def test_the_browser_logs_no_error(walk: Walk, role: str, kind: str | None) -> None:
    errors = {v.url: v.console for v in pages_of(walk(role), "console", kind) if v.console}
    assert not errors


def same_origin_assets(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)


def test_the_api_docs_load_every_asset_from_amanah(data_dir: Path) -> None:
    client = TestClient(create_app(demo_engine(data_dir)))
    html = client.get("/docs").text
    assets = same_origin_assets(html)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    for asset in [*assets, "/openapi.json"]:
        assert client.get(asset).status_code == 200, asset
    assert client.get("/redoc").status_code == 404  # ReDoc would load Redocly's logo from its CDN


def test_the_api_docs_ask_no_other_host_in_a_browser(browser: Browser, data_dir: Path) -> None:
    docs = "/docs"
    with serving(demo_engine(data_dir)) as site:
        crawler = Crawler(browser, site, "docs")
        page: Page = crawler.page
        crawler.current = Visit("docs", docs, site + docs)
        page.goto(site + docs)
        page.wait_for_selector(".swagger-ui .opblock")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENSHOTS / f"api-{slug(docs)}.png"))
        assert not crawler.current.foreign
        assert not crawler.current.console
