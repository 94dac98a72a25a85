"""The officer's and the partner's journeys in Arabic, in Debian's headless Chromium with an
Arabic browser (Accept-Language ar-SA): every page is `lang="ar" dir="rtl"` and mirrored (the
service name at the right, the navigation from the right), axe-core finds no serious or
critical violation, and each page fits a 390 px phone. Screenshots (desktop and 390 px) go to
test-artifacts/arabic/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.web.browser import ARTIFACTS, DESKTOP, chromium, site_fixture  # noqa: F401
from tests.web.browser import log_in as log_in_english

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "arabic"
PHONE = {"width": 390, "height": 844}
SERIOUS = {"serious", "critical"}


@pytest.fixture(name="page")
def arabic_page() -> Iterator[Page]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        context = browser.new_context(viewport=DESKTOP, locale="ar-SA")  # type: ignore[arg-type]
        yield context.new_page()


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/login")
    check(page, "login")
    log_in_english(page, site, username)  # fills fields by name; the button is the form's


def check(page: Page, name: str) -> None:
    """The page is Arabic, right to left and mirrored, accessible, and fits a phone."""
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == "ar" and page.get_attribute("html", "dir") == "rtl"
    width = page.viewport_size["width"] if page.viewport_size else DESKTOP["width"]
    service = page.locator(".amanah-header__name").bounding_box()
    assert service is not None and service["x"] > width / 2, "the service name stands at the right"
    results = Axe().run(page).response
    serious = [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results["violations"]
               if v["impact"] in SERIOUS]  # fmt: skip
    assert serious == [], name
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]


def banner(page: Page) -> str:
    return page.inner_text(".govuk-notification-banner")


def test_officer_opens_and_submits_a_case_in_arabic(page: Page, site: str, tmp_path: Path) -> None:
    log_in(page, site, "officer")
    check(page, "officer-1-inbox")
    page.click("a:has-text('فتح قضية جديدة')")
    check(page, "officer-2-new-case")  # each form is checked (and reloaded) before it is filled
    page.select_option("#partner", "XA")
    page.fill("#title", "أجهزة لاسلكي مؤمّنة لخفر السواحل")
    page.fill("#value", "1200000")
    page.click("button:has-text('إنشاء المسودة والمتابعة')")
    assert "أُنشئت المسودة \u2068AMN-" in banner(page)  # the reference is an isolate
    check(page, "officer-3-task-list")

    page.click("a:text-is('البنود')")
    page.click("a:has-text('إضافة بند')")
    page.fill("#q", "RADIO")
    page.click("main button:text-is('بحث')")
    check(page, "officer-4-line-item")
    page.check("label:has-text('Secure tactical radio')")
    page.fill("#quantity", "20")
    page.click("button:has-text('حفظ البند')")
    assert "أُضيف بند" in banner(page)
    page.click("a:text-is('متابعة')")

    page.click("a:text-is('الأطراف')")
    page.click("a:has-text('إضافة طرف')")
    page.fill("#name", "محمد الحسن")  # an Arabic name, screened when it is saved
    page.select_option("#country", "XA")
    page.click("button:has-text('حفظ الطرف')")
    assert "محمد الحسن" in page.inner_text("#parties")
    check(page, "officer-5-parties")  # the flash banner goes with the reload
    page.click("a:text-is('متابعة')")

    page.click("a:text-is('المستندات')")
    certificate = tmp_path / "euc.txt"
    certificate.write_text("End-use certificate")
    page.set_input_files("#file", str(certificate))
    page.click("button:text-is('إرفاق')")
    page.click("a:text-is('متابعة')")

    page.click("a:has-text('راجع إجاباتك وقدّم الطلب')")
    check(page, "officer-6-check-answers")
    page.click("button:has-text('تقديم الطلب')")
    assert "للمراجعة" in banner(page) and "AMN-" in banner(page)
    assert "مقدَّمة" in page.inner_text("#state")
    check(page, "officer-7-submitted")


def test_officer_finds_a_case_by_an_arabic_name(page: Page, site: str) -> None:
    log_in(page, site, "officer")
    page.goto(f"{site}/cases")
    check(page, "officer-cases")
    page.fill("#q", "مُحَمَّد")  # no demo party is called so: the page says so, in Arabic
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "لا توجد قضية تطابق" in page.inner_text("main")


def test_partner_follows_its_case_in_arabic(page: Page, site: str) -> None:
    log_in(page, site, "alpha")
    check(page, "partner-1-inbox")
    page.goto(f"{site}/cases")
    check(page, "partner-2-cases")
    page.click("td a")
    body = page.inner_text("main")
    assert "المطلوب" in body  # "What is requested"
    for internal in ("نتائج الامتثال", "التسلسل الزمني", "مقتطف من سجل التدقيق"):
        assert internal not in body, internal
    check(page, "partner-3-case")
    page.goto(f"{site}/preferences")
    check(page, "partner-4-preferences")
