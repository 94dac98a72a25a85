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


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def banner(page: Page) -> str:
    return page.inner_text(".govuk-notification-banner")


def test_officer_opens_a_case_from_nothing_and_submits_it_in_pages(
    page: Page, site: str, tmp_path: Path
) -> None:
    log_in(page, site, "officer")
    shot(page, "officer-1-inbox")
    page.click("a:has-text('Open a new case')")
    page.select_option("#partner", "XA")
    page.fill("#title", "Secure radios for the Alpha coast guard")
    page.fill("#value", "1200000")
    shot(page, "officer-2-new-case")
    page.click("button:has-text('Create draft and continue')")
    assert "Draft AMN-" in banner(page)
    shot(page, "officer-3-task-list")

    page.click("a:has-text('Line items')")
    page.click("a:has-text('Add a line item')")
    page.fill("#q", "RADIO")
    page.click("button:has-text('Search')")
    page.check("label:has-text('Secure tactical radio')")
    page.fill("#quantity", "20")
    page.fill("#unit_value", "60000")
    shot(page, "officer-4-line-item")
    page.click("button:has-text('Save line item')")
    assert "Line item added" in banner(page)
    page.click("a:has-text('Continue')")

    page.click("a:has-text('Parties')")
    page.click("a:has-text('Add a party')")
    page.fill("#name", "Alpha Coast Guard")
    page.select_option("#country", "XA")
    page.click("button:has-text('Save party')")
    assert "Alpha Coast Guard" in page.inner_text("#parties")
    page.click("a:has-text('Continue')")

    page.click("a:has-text('Documents')")
    certificate = tmp_path / "euc.txt"
    certificate.write_text("End-use certificate signed by the Alpha Coast Guard")
    page.set_input_files("#file", str(certificate))
    page.click("button:has-text('Attach')")
    assert "euc.txt attached" in banner(page)
    page.click("a:has-text('Continue')")

    page.click("a:has-text('Check your answers and submit')")
    shot(page, "officer-5-check-answers")
    assert "Alpha Coast Guard" in page.inner_text("main")
    page.click("button:has-text('Submit request')")
    assert "submitted for review" in banner(page)
    assert "Submitted" in page.inner_text("#state")
    shot(page, "officer-6-submitted")


def test_export_control_reviews_a_hit_classifies_and_records_article_7_in_pages(
    page: Page, site: str
) -> None:
    log_in(page, site, "export")
    shot(page, "export-1-inbox")
    page.click("#queue-hits a.amanah-mono >> nth=0")
    page.click("a:has-text('Review this hit')")
    page.check("#decision-2")  # yes: a true match
    page.fill("#reason", "same free-zone licence number as the listed entry")
    page.click("button:has-text('Record review')")
    shot(page, "export-2-confirm-true-match")
    assert "prohibits the case" in page.inner_text("main")
    page.click("button:has-text('Confirm: true match')")
    assert "Screening hit reviewed" in banner(page)
    assert "True match" in page.inner_text("#screening")
    assert "Prohibited" in page.inner_text("#findings")
    assert "Suspended" in page.inner_text("#state")
    shot(page, "export-3-after-review")

    page.click("a:has-text('Classify') >> nth=0")
    page.fill("#control_entries", "ML10")
    page.select_option("#classification", "confidential")
    page.fill("#note", "airframe and sensor package as assessed by the licensing branch")
    page.click("button:has-text('Record classification')")
    assert "classification recorded" in banner(page)
    assert "Assessed by export" in page.inner_text("#items")

    case_url = page.url.split("#")[0]
    page.goto(case_url + "/risk")
    page.click("button:has-text('Record assessment')")
    assert "There is a problem" in page.inner_text("main"), "each ground needs an answer"
    for ground in ("peace_and_security", "international_humanitarian_law", "terrorism",
                   "organised_crime", "gender_based_violence"):  # fmt: skip
        page.check(f"#{ground}")  # low
    page.check("#human_rights_law-2")  # substantial
    page.fill("#mitigation", "two monitoring visits a year")
    page.click("button:has-text('Record assessment')")
    assert "risk assessment recorded" in banner(page)
    page.goto(case_url + "/risk")
    assert page.is_checked("#human_rights_law-2"), "the form shows what is recorded"
    assert page.input_value("#mitigation") == "two monitoring visits a year"
    shot(page, "export-4-article-7")


def test_board_decides_release_from_its_inbox_with_a_confirmation(page: Page, site: str) -> None:
    log_in(page, site, "board")
    page.click("#queue-release_decision a.amanah-mono >> nth=0")
    page.check("#granted")
    page.fill("#reason", "releasable as licensed production data at confidential")
    page.click("#release button:has-text('Continue')")
    shot(page, "board-1-confirm-release")
    page.click("button:has-text('Confirm decision')")
    assert "Release decision recorded" in banner(page)
    assert "Granted" in page.inner_text("#decisions")


def test_leadership_approves_with_a_confirmation_step(page: Page, site: str) -> None:
    log_in(page, site, "leader")
    page.click("#queue-approve a.amanah-mono >> nth=0")
    page.click("#actions a:has-text('Approve')")
    assert "cannot be undone" in page.inner_text("main")
    page.fill("#reason", "benefits outweigh risks")
    shot(page, "leader-1-confirm-approval")
    page.click("button:has-text('Confirm: Approve')")
    assert "Approved" in page.inner_text("#state")
    assert "Approve: done" in banner(page)


def test_finance_approves_a_credit_from_its_inbox(page: Page, site: str) -> None:
    log_in(page, site, "finance")
    page.click("#queue-credits a.amanah-mono >> nth=0")
    page.click("#offsets button:has-text('Approve credit')")
    assert "Offset credit approved" in banner(page)
    shot(page, "finance-1-credit-approved")


def test_partner_sees_only_the_partner_projection(page: Page, site: str) -> None:
    log_in(page, site, "alpha")
    page.goto(f"{site}/cases?q=counter-rocket")
    page.click("td a")
    body = page.inner_text("main")
    assert "What is requested" in body
    for internal in ("Compliance findings", "Timeline", "Audit excerpt", "Decisions", "officer"):
        assert internal not in body, internal
    shot(page, "partner-1-projection")


def test_partner_liaison_cannot_open_another_states_case_by_url(page: Page, site: str) -> None:
    log_in(page, site, "officer")
    alpha_case = open_case(page, site, "counter-rocket")
    log_in(page, site, "beta")
    response = page.goto(alpha_case)
    assert response is not None and response.status == 404
    assert "no case" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "partner-refused.png"), full_page=True)


def test_export_officer_screens_an_arabic_name(page: Page, site: str) -> None:
    log_in(page, site, "export")
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


def test_admin_adds_a_user_and_the_auditor_sees_an_intact_chain(page: Page, site: str) -> None:
    log_in(page, site, "admin")
    page.goto(f"{site}/admin/users")
    page.fill("#new-user input[name=username]", "newofficer")
    page.fill("#new-user input[name=full_name]", "Nadia New-Officer")
    page.fill("#new-user input[name=password]", "a-long-password")
    page.check("#new-user input[value=case_officer]")
    page.check("#new-user input[value=export_control]")
    page.click("#new-user button")
    assert "User newofficer created" in banner(page)
    assert "newofficer" in page.inner_text("body")
    page.goto(f"{site}/login")
    page.fill("input[name=username]", "newofficer")
    page.fill("input[name=password]", "a-long-password")
    page.click("button[type=submit]")
    assert "Your inbox" in page.inner_text("body")

    log_in(page, site, "auditor")
    page.goto(f"{site}/audit")
    assert "chain intact" in page.inner_text("#chain")
    page.fill("#actor", "ADMIN")  # the user name, in any case
    page.select_option("#verb", "user.saved")
    page.click("#apply-filters")
    rows = page.locator("#events tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        assert "admin" in rows.nth(i).inner_text()
    page.screenshot(path=str(ARTIFACTS / "auditor-1-filtered.png"), full_page=True)
    assert "newofficer" not in page.inner_text("header")
    page.screenshot(path=str(ARTIFACTS / "audit.png"), full_page=True)
