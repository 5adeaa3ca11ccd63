"""The report pages and the search box in a real browser (Debian's Chromium, headless, through
Playwright, as in tests/test_browser.py, whose fixtures this module shares): search from the
header, follow a result to a person and their introduction paths, then walk every page of the
header's navigation and the links under an account's header. The demo's CFO is named
<img src=x onerror=alert(1)>: no page may run it, and every page must show it as text."""

from __future__ import annotations

import tests.test_browser as shared
from tests.test_browser import XSS, browser, page, server  # noqa: F401 (pytest fixtures)

if hasattr(shared, "pytestmark"):   # chromium missing outside CI: skipped like the others
    pytestmark = shared.pytestmark


def search_from_the_header(page, text: str) -> None:
    page.fill("header form.search input[name=q]", text)
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_selector("main h1:text('Search')")


def test_search_a_person_and_see_who_can_introduce_us(page, server):
    search_from_the_header(page, "gao")
    assert "Gao Ming" in page.inner_text("main section.results")
    page.click("main section.results a:text('Gao Ming')")
    page.wait_for_selector("#introductions")
    assert page.inner_text("main h1").startswith("Gao Ming")
    assert "Who can introduce us to Gao Ming" in page.inner_text("#introductions")
    assert page.locator("#introductions ol.paths li").count() >= 1
    page.click("text=What if Gao Ming leaves?")
    page.wait_for_selector("main h1:text('What if Gao Ming leaves?')")
    search_from_the_header(page, "李")
    assert "李娜 (Li Na)" in page.inner_text("main section.results")
    search_from_the_header(page, "a+b (c")
    assert "Nothing matches" in page.inner_text("main") or page.locator("main table").count()
    search_from_the_header(page, XSS)
    search_from_the_header(page, "larsen")   # the CFO's e-mail address still names him
    assert page.locator("main img").count() == 0


def test_walk_the_report_pages_from_the_navigation(page, server):
    page.click("header nav >> text=Single points of contact")
    page.wait_for_selector("main table.overview")
    assert "Northwind Rail" in page.inner_text("main table.overview")
    page.click("#account-org-northwind >> text=this account only")
    page.wait_for_selector("main h1 small")
    main = page.inner_text("main")
    assert "Key people with no thread at all" in main and XSS in main

    page.click("header nav >> text=Competitors")
    page.wait_for_selector("main h2:text('By competitor')")
    assert "Orion Networks" in page.inner_text("main")

    page.click("header nav >> text=What if")
    page.select_option("main select[name=person_id]", "st-wang-li")
    page.click("text=Show what we would lose")
    page.wait_for_selector("main h2:text('Coverage lost with Wang Li')")
    assert "New risks" in page.inner_text("main")

    page.click("header nav >> text=Who knows")
    page.select_option("main select[name=organization_id]", "org-northwind")
    page.click("main form button[type=submit]")
    page.wait_for_selector("main table.grid")
    assert "Wang Li" in page.inner_text("main table.grid")

    page.click("header nav >> text=Opportunities")
    page.select_option("main select[name=status]", "won")
    page.click("main form button[type=submit]")
    page.wait_for_selector("main table.grid")
    statuses = page.locator("main table.grid tbody .status").all_inner_texts()
    assert statuses and set(statuses) == {"won"}

    # the account page links to the account's reports under the header
    page.goto(server + "/accounts/org-northwind")
    page.click("nav.related >> text=Single points of contact at the account")
    page.wait_for_selector("main h1 small:text('Northwind Rail')")
    # printing leaves out the header, the links and the forms, and keeps the tables
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert page.locator("main p.no-print").count() == 1
    assert not page.locator("main p.no-print").is_visible()
    assert page.locator("main table.grid").first.is_visible()
    page.emulate_media(media="screen")
    assert page.locator("main img").count() == 0
