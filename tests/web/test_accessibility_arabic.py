"""The whole site in Arabic, as the officer and the partner liaison find it: the crawl of
`test_accessibility.py` (every page kind reachable from the inbox, the request pages of a draft,
each form also sent empty) in a browser that asks for Arabic. Every page is `lang="ar"
dir="rtl"`, axe-core finds no serious or critical violation, no page is wider than a 390 px
phone, and none asks another host. Screenshots: test-artifacts/pages/ar-<role>-<page>.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from tests.web.browser import DESKTOP, chromium, demo_engine, log_in, serving
from tests.web.test_accessibility import PHONE, SCREENSHOTS, Crawler, Visit

pytestmark = pytest.mark.browser


class ArabicCrawler(Crawler):
    """The same walk in an Arabic browser (Accept-Language ar-SA), noting each page's html
    `lang` and `dir`."""

    def __init__(self, browser: Browser, site: str, role: str) -> None:
        super().__init__(browser, site, f"ar-{role}")
        self.page.context.close()
        self.page = browser.new_context(viewport=DESKTOP, locale="ar-SA").new_page()  # type: ignore[arg-type]
        self.page.on("request", self.request)
        self.page.on("console", lambda m: m.type == "error" and self.current.console.append(m.text))
        self.page.on("pageerror", lambda e: self.current.console.append(str(e)))
        self.directions: dict[str, tuple[str | None, str | None]] = {}

    def check(self, reload: bool = True) -> None:
        html = (self.page.get_attribute("html", "lang"), self.page.get_attribute("html", "dir"))
        self.directions[self.current.kind] = html
        super().check(reload)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("role", ["officer", "alpha"])
def test_every_page_in_arabic_is_right_to_left_accessible_and_fits_a_phone(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory, role: str
) -> None:
    with serving(demo_engine(tmp_path_factory.mktemp(f"ar-{role}"))) as site:
        crawler = ArabicCrawler(browser, site, role)
        log_in(crawler.page, site, role)
        crawler.walk("/")
        if "/cases/new" in crawler.seen:
            crawler.open_draft()
        crawler.page.context.close()
    visits: list[Visit] = crawler.visits
    assert len(visits) >= 8 and {"/", "/cases", "/preferences"} <= {v.kind for v in visits}
    assert {k: d for k, d in crawler.directions.items() if d != ("ar", "rtl")} == {}
    assert {v.url: v.violations for v in visits if v.violations} == {}
    assert {v.url: v.width for v in visits if v.width > PHONE["width"]} == {}
    assert {v.url: v.foreign for v in visits if v.foreign} == {}
