"""The lifecycle after approval in a real headless Chromium: the officer records the signed
agreement and schedules and ships a delivery, the partner's liaison confirms receipt in the
portal, export control records an end-use check. Screenshots in test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.web.browser import ARTIFACTS, log_in, page_fixture, site_fixture  # noqa: F401
from tests.web.test_browser import banner, open_case

pytestmark = pytest.mark.browser
CASE = "Licensed production of armoured patrol vehicles"  # Alpha's, approved, 150 vehicles (amended from 120)


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"lifecycle-{name}.png"), full_page=True)


def fill_day(page: Page, name: str, day: str, month: str, year: str, scope: str = "") -> None:
    for part, value in (("day", day), ("month", month), ("year", year)):
        page.fill(f"{scope} input[name='{name}-{part}']".strip(), value)


def log_out(page: Page) -> None:
    page.click("button:has-text('Log out')")
    page.wait_for_url(lambda url: "/login" in url)


def test_agreement_delivery_receipt_and_end_use_check_in_pages(
    page: Page, site: str, tmp_path: Path
) -> None:
    log_in(page, site, "officer")
    case_url = open_case(page, site, CASE)
    page.click("#lifecycle-links a:has-text('Agreement')")
    fill_day(page, "signed_on", "10", "1", "2027")
    page.fill("#governing_law", "Public international law")
    page.fill("#parties", "supplier; Home State Directorate; XH\nrecipient; Republic of Alpha; XA")
    page.fill("#signatories", "A. Signer; Minister; Republic of Alpha; 2027-01-10")
    signed = tmp_path / "signed-agreement.txt"
    signed.write_text("Agreement signed by both parties")
    page.set_input_files("#file", str(signed))
    shot(page, "1-agreement-form")
    page.click("button:has-text('Record agreement')")
    assert "Agreement recorded" in banner(page)
    assert "A. Signer" in page.inner_text("#agreement")
    assert "signed-agreement.txt" in page.inner_text("#signed-copy")

    page.goto(case_url)
    page.click("button:has-text('Record signed agreement')")
    assert "Agreement signed" in page.inner_text("#state")
    page.click("button:has-text('Start delivery')")
    assert "In delivery" in page.inner_text("#state")

    page.click("#lifecycle-links a:has-text('deliveries')")
    page.fill("#description", "First 40 vehicles")
    page.fill("#quantity", "160")
    fill_day(page, "scheduled_on", "1", "3", "2027", "#schedule")
    page.click("button:has-text('Schedule delivery')")
    assert "160 units would exceed the quantity authorised" in page.inner_text(
        ".govuk-error-summary"
    )
    page.fill("#quantity", "40")
    page.click("button:has-text('Schedule delivery')")
    assert "Delivery scheduled" in banner(page)
    fill_day(page, "shipped_on", "2", "3", "2027", ".ship-form")
    page.fill(".ship-form textarea[name=serials]", "APV-001, APV-002")
    page.click(".ship-form button:has-text('Record shipment')")
    assert "Shipment recorded" in banner(page)
    usage = page.inner_text("#usage")
    assert "40" in usage and "110" in usage  # shipped, remaining
    shot(page, "2-deliveries")
    log_out(page)

    log_in(page, site, "alpha")
    page.goto(case_url)
    page.click("#lifecycle-links a:has-text('Deliveries and receipt')")
    fill_day(page, "received_on", "9", "3", "2027", ".receipt-form")
    page.click(".receipt-form button:has-text('Confirm receipt')")
    assert "Receipt confirmed" in banner(page)
    assert "Delivered" in page.inner_text(".delivery-status")
    shot(page, "3-partner-receipt")
    log_out(page)

    log_in(page, site, "export")
    page.goto(case_url.rstrip("/") + "/monitoring")
    fill_day(page, "checked_on", "15", "6", "2027")
    page.fill("#place", "Alpha Land Systems depot")
    page.fill("#inspector", "Eman Export-Control")
    page.fill("#serials_sighted", "APV-001\nAPV-002")
    page.check("#finding")  # the first finding: compliant
    page.click("button:has-text('Record check')")
    assert "End-use check recorded: Compliant" in banner(page)
    assert "Alpha Land Systems depot" in page.inner_text("#checks")
    shot(page, "4-end-use-check")
