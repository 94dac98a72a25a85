"""End to end in a real headless Chromium (Debian's), driven by Playwright. Screenshots of the
main pages are kept in test-artifacts/ as test artefacts."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.web.browser import ARTIFACTS, log_in, page_fixture, site_fixture  # noqa: F401

pytestmark = pytest.mark.browser


def open_case(page: Page, site: str, title: str) -> str:
    page.goto(f"{site}/cases?q={title}")
    page.click("td a")
    return page.url


def test_officer_adds_party_submits_and_sees_findings_then_leadership_approves(
    page: Page, site: str
) -> None:
    log_in(page, site, "officer")
    page.screenshot(path=str(ARTIFACTS / "inbox.png"), full_page=True)
    url = open_case(page, site, "Network intrusion")
    page.fill("#add-party input[name=name]", "Gamma Cyber Command")
    page.fill("#add-party input[name=country]", "XC")
    page.click("#add-party button")
    assert "Gamma Cyber Command" in page.inner_text("body")
    page.click("#actions form:has(input[value=submit]) button")
    assert "submitted" in page.inner_text("body")
    findings = page.inner_text("#findings")
    assert "know_how" in findings and "release-board decision" in findings
    page.screenshot(path=str(ARTIFACTS / "case.png"), full_page=True)

    log_in(page, site, "leader")
    open_case(page, site, "Co-production of armoured patrol vehicles")
    page.fill(
        "#actions form:has(input[value=approve]) input[name=reason]", "benefits outweigh risks"
    )
    page.click("#actions form:has(input[value=approve]) button")
    assert "approved" in page.inner_text("body")
    assert url.startswith(site)


def test_partner_liaison_cannot_open_another_states_case_by_url(page: Page, site: str) -> None:
    log_in(page, site, "officer")
    alpha_case = open_case(page, site, "counter-rocket")
    log_in(page, site, "beta")
    response = page.goto(alpha_case)
    assert response is not None and response.status == 404
    assert "no case" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "partner-refused.png"), full_page=True)


def test_export_officer_reviews_the_demo_screening_hit_and_screens_an_arabic_name(
    page: Page, site: str
) -> None:
    log_in(page, site, "export")
    open_case(page, site, "Unmanned reconnaissance aircraft")
    screening = page.inner_text("#screening")
    assert "Gulf Freight Logistics FZE" in screening and "FTM:amanah_demo" in screening
    assert "blocks approval" in page.inner_text("#findings")
    page.fill("#screening input[name=reason]", "same free-zone licence number as the listed entry")
    page.select_option("#screening select[name=decision]", "true_match")
    page.click("#screening button")
    assert "true match" in page.inner_text("#screening")
    assert "prohibited" in page.inner_text("#findings")
    assert "suspended" in page.inner_text("body")  # newly prohibited: suspended, owner alerted
    page.screenshot(path=str(ARTIFACTS / "screening-review.png"), full_page=True)

    page.goto(f"{site}/screening")
    page.fill("#screen-form input[name=name]", "خالد عبد الرحمن المنصوري")
    page.click("#screen-form button")
    results = page.inner_text("#results")
    assert "Khalid Abdul Rahman Al-Mansouri" in results
    page.screenshot(path=str(ARTIFACTS / "screening.png"), full_page=True)


def test_leadership_sees_the_four_objective_dashboards(page: Page, site: str) -> None:
    log_in(page, site, "leader")
    page.goto(f"{site}/analytics")
    for section in ("mutual_security", "alliances", "economy", "standing"):
        assert page.locator(f"#{section} .chart").count() >= 1
    page.wait_for_selector("#economy .chart .main-svg")  # drawn by plotly.js
    page.screenshot(path=str(ARTIFACTS / "objectives.png"), full_page=True)


def test_board_finance_and_officer_do_their_work_in_pages(
    page: Page, site: str, tmp_path: Path
) -> None:
    log_in(page, site, "board")
    open_case(page, site, "Composite armour")
    page.fill(
        "#release-form input[name=reason]", "releasable as licensed production data at confidential"
    )
    page.click("#release-form button")
    assert "release: granted" in page.inner_text("body")

    log_in(page, site, "finance")
    open_case(page, site, "counter-rocket")
    page.click("#offsets button[value=yes]")
    assert "claimed" not in page.inner_text("#offsets")

    log_in(page, site, "officer")
    open_case(page, site, "Patrol vehicle training")
    certificate = tmp_path / "euc.txt"
    certificate.write_text("End-use certificate signed by the Delta Army Training Centre")
    page.set_input_files("#upload input[type=file]", str(certificate))
    page.click("#upload button")
    assert "euc.txt" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "case-officer-upload.png"), full_page=True)


def test_admin_adds_a_user_and_the_auditor_sees_an_intact_chain(page: Page, site: str) -> None:
    log_in(page, site, "admin")
    page.goto(f"{site}/admin/users")
    page.fill("#new-user input[name=username]", "newofficer")
    page.fill("#new-user input[name=full_name]", "Nadia New-Officer")
    page.fill("#new-user input[name=password]", "a-long-password")
    page.click("#new-user button")
    assert "newofficer" in page.inner_text("body")
    page.goto(f"{site}/login")
    page.fill("input[name=username]", "newofficer")
    page.fill("input[name=password]", "a-long-password")
    page.click("button[type=submit]")
    assert "Cases awaiting your action" in page.inner_text("body")

    log_in(page, site, "auditor")
    page.goto(f"{site}/audit")
    assert "chain intact" in page.inner_text("#chain")
    assert "newofficer" not in page.inner_text("header")
    page.screenshot(path=str(ARTIFACTS / "audit.png"), full_page=True)
