"""The web app in a real browser: Debian's Chromium, headless, driven by Playwright (no browser
download: ``executable_path``). The app runs on 127.0.0.1 against the test Neo4j."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from powermap import users
from powermap.api import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
XSS = "<img src=x onerror=alert(1)>"
PASSWORD = "browser test password"

if not Path(CHROMIUM).exists():
    if os.environ.get("POWERMAP_REQUIRE_BROWSER"):  # set by .ci/run: never skip there
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium")
    pytestmark = pytest.mark.skip(reason="Debian's chromium is not installed "
                                         "(apt-get install chromium; .ci/run does it)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture
def server(demo_graph, test_settings):
    """The app on a free port of 127.0.0.1, with an admin whose name is an XSS attempt's
    neighbour: a customer person named <img src=x onerror=alert(1)>."""
    demo_graph.run_auto("MATCH (p:Person {id: 'nw-cfo'}) SET p.name = $name", name=XSS)
    users.create_user(demo_graph, "ada", "admin", PASSWORD)
    app = create_app({"POWERMAP_GRAPH": demo_graph}, settings=test_settings)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.outside = []
    page.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:", "file:"))
            else page.outside.append(r.url))
    log_in(page, server, "ada", PASSWORD)
    yield page
    assert page.dialogs == [], "a script ran: " + repr(page.dialogs)
    assert page.outside == [], "the page loaded something from another host"
    context.close()


def log_in(page, server: str, username: str, password: str) -> None:
    """Log in through the login form and land on the start page."""
    page.goto(server + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(server + "/")


def open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#map[data-settled=yes]", timeout=20_000)


def wait_until(page, expression: str, seconds: float = 15) -> None:
    """Poll a JavaScript expression (wait_for_function would need 'unsafe-eval', and the
    Content-Security-Policy, rightly, does not allow it)."""
    import time
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {expression}"
        page.wait_for_timeout(100)


def click_node(page, node_id: str) -> None:
    box = page.locator("#map canvas").bounding_box()
    xy = page.evaluate("""id => { const n = window.powermap.network;
        n.focus(id, {scale: 1.2}); const p = n.getPositions([id])[id];
        return n.canvasToDOM(p); }""", node_id)
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])


def test_log_in_open_a_map_click_a_node_filter_and_read_the_report(page, server):
    assert "Northwind Rail" in page.inner_text("main")
    page.click("text=Northwind Rail")
    page.wait_for_selector("#map[data-settled=yes]", timeout=20_000)
    page.click("text=Signalling network upgrade")
    page.wait_for_selector("#map[data-settled=yes]", timeout=20_000)
    drawn = page.evaluate("window.powermap.visibleNodes()")
    assert drawn > 10
    assert page.evaluate("window.powermapTiming.firstDraw") > 0
    click_node(page, "nw-coo")
    page.wait_for_selector("#panel h2")
    assert page.inner_text("#panel h2") == "Gao Ming"
    assert "decision maker" in page.inner_text("#panel")
    page.select_option("#filter-stance", "champion")
    champions = page.evaluate("window.powermap.visibleNodes()")
    assert 0 < champions < drawn
    page.select_option("#filter-stance", "")
    page.uncheck("#show-staff")
    assert page.evaluate("window.powermap.visibleNodes()") < drawn
    page.wait_for_selector("#report-body ol.findings li")
    assert "findings" in page.inner_text("#report-body")
    assert "Next step:" in page.inner_text("#report-body")


def test_edit_a_stance_and_see_the_map_change(page, server):
    open_map(page, server + "/opportunities/opp-nw-signalling")
    before = page.evaluate("window.powermap.nodes.get('nw-cpo').color.background")
    click_node(page, "nw-cpo")
    page.wait_for_selector("#panel .member-form")
    page.select_option("#panel select[name=stance]", "opponent")
    page.click("#panel .member-form button[type=submit]")
    wait_until(page, f"window.powermap.nodes.get('nw-cpo').color.background !== '{before}'")
    assert page.evaluate("window.powermap.nodes.get('nw-cpo').color.background") == "#d62728"
    assert page.evaluate("window.powermap.nodes.get('nw-cpo').stance") == "opponent"


def test_upload_a_broken_file_and_read_the_error(page, server):
    page.goto(server + "/import")
    page.select_option("select[name=source]", "native")
    page.set_input_files("input[name=file]", files=[{
        "name": "people.csv", "mimeType": "text/csv",
        "buffer": b"id,name,seniority\np1,Ann,boss\n"}])
    page.click("main form.stack button[type=submit]")
    alert = page.inner_text("[role=alert]")
    assert "nothing was written" in alert
    assert "people.csv line 2 (id p1): field 'seniority': 'boss' is not allowed" in alert


def test_a_hostile_name_is_text_everywhere_and_no_script_runs(page, server, tmp_path):
    for url in ["/", "/accounts/org-northwind", "/people/nw-cfo", "/queries",
                "/opportunities/opp-nw-signalling/report"]:
        page.goto(server + url)
        if url.startswith("/accounts/"):
            page.wait_for_selector("#map[data-settled=yes]", timeout=20_000)
        if url != "/" and url != "/queries":
            assert XSS in page.inner_text("main"), url
        # the only image is our relationship assessment chart, an SVG drawn by the server
        assert page.locator("main img:not(.chart)").count() == 0, url
    open_map(page, server + "/opportunities/opp-nw-signalling")
    page.wait_for_selector("#report-body ol.findings li")
    assert XSS in page.inner_text("#report-body")
    click_node(page, "nw-cfo")
    page.wait_for_selector("#panel h2")
    assert page.inner_text("#panel h2") == XSS
    # the tooltip vis-network shows on hover is text too
    box = page.locator("#map canvas").bounding_box()
    xy = page.evaluate("""() => { const n = window.powermap.network;
        return n.canvasToDOM(n.getPositions(['nw-cfo'])['nw-cfo']); }""")
    page.mouse.move(box["x"] + xy["x"] + 1, box["y"] + xy["y"] + 1)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert XSS in page.inner_text("div.vis-tooltip")
    assert page.locator("div.vis-tooltip img").count() == 0
    # the standalone export, opened from disk, offline
    with page.expect_download() as download:
        page.click("text=HTML file")
    saved = tmp_path / "map.html"
    download.value.save_as(saved)
    page.goto(saved.as_uri())
    page.wait_for_selector("#map[data-settled=yes]", timeout=20_000)
    assert page.locator("#map canvas").count() == 1
    assert page.locator("body img").count() == 0
