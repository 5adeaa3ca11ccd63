"""The whole web app in Simplified Chinese, in a real browser (Debian's Chromium through
Playwright, as tests/test_browser.py): a user whose own setting is zh-CN signs in on the demo
portfolio and walks every page. Each page must say ``<html lang="zh-CN">``, have a Chinese
heading, and show no English words outside the names and data the demo holds.

Sentences written by code outside the templates (findings, evidence, importer messages, the
map's script) count too: every English word left on a page fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tests.test_browser as shared
from tests.test_browser import CHROMIUM, browser, log_in  # noqa: F401 (pytest fixture)
from powermap import users
from powermap.api import create_app

if hasattr(shared, "pytestmark"):   # chromium missing outside CI: skipped like the others
    pytestmark = shared.pytestmark

PASSWORD = "browser test password"
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")

#: words that are the same in Chinese text: brands, formats, units and the badges of roles
ALLOWED = {"Powermap", "PDF", "PNG", "CSV", "JSON", "API", "KPI", "SVG", "HTML", "Markdown",
           "UTC", "LinkedIn", "Salesforce", "EUR", "USD", "CNY", "GBP", "Cookie", "docs",
           "json", "xlsx", "csv", "ics", "Connections", "Jose", "José", "Excel", "URL",
           # each language's own name on the switch
           "English"}

ROOT = Path(__file__).resolve().parent.parent / "powermap"
@pytest.fixture(scope="module")
def zh_server(tmp_path_factory, session_graph, test_settings):
    """The app on a free port of 127.0.0.1 on the demo portfolio, with the user lin, whose own
    setting is zh-CN (module-wide: the demo loads once for the whole walk)."""
    import threading

    from werkzeug.serving import make_server

    from powermap.importers.demo import load_demo
    from tests.support import wipe_test_graph
    wipe_test_graph(session_graph, test_settings)
    load_demo(session_graph)
    users.create_user(session_graph, "lin", "admin", PASSWORD)
    users.set_lang(session_graph, "lin", "zh-CN")
    app = create_app({"POWERMAP_GRAPH": session_graph}, settings=test_settings)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", session_graph
    httpd.shutdown()
    wipe_test_graph(session_graph, test_settings)


@pytest.fixture(scope="module")
def zh_page(browser, zh_server):  # noqa: F811
    server, _graph = zh_server
    # the browser asks for English: the user's own setting must win
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en"})
    page = context.new_page()
    page.outside = []
    page.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:"))
            else page.outside.append(r.url))
    log_in(page, server, "lin", PASSWORD)
    yield page
    assert page.outside == [], "the page loaded something from another host"
    context.close()


@pytest.fixture(scope="module")
def demo_data(zh_server) -> list[str]:
    """Every name and datum the demo holds, longest first: text shown as entered, in whatever
    language it was entered (people, organizations, titles, e-mail addresses, stages, who made
    a change set and through what, the user names)."""
    _server, graph = zh_server
    keys = ["name", "title", "email", "industry", "country", "stage", "currency", "id", "who",
            "via", "file", "what", "username", "source", "note", "notes", "subject",
            "linkedin_url", "target", "detail"]
    rows = graph.run_auto(
        "CALL { MATCH (n) RETURN properties(n) AS p UNION ALL "
        "       MATCH ()-[r]->() RETURN properties(r) AS p } "
        "UNWIND [k IN $keys WHERE p[k] IS NOT NULL | p[k]] AS v "
        "RETURN DISTINCT v", keys=keys)
    values = set()
    for row in rows:
        value = row["v"] if isinstance(row, dict) else row[0]
        for v in (value if isinstance(value, list) else [value]):
            if isinstance(v, str) and v.strip():
                values.add(v.strip())
    return sorted(values, key=len, reverse=True)


def leftover_english(text: str, data: list[str]) -> list[str]:
    """The Latin words of 3+ letters left in ``text`` once the data and the allowed words are
    taken out."""
    text = re.sub(r"\bdocs/[\w.-]+\.md\b", " ", text)  # a guide's file name
    for value in data:
        if re.search(r"[A-Za-z]{3}", value):
            text = re.sub(rf"(?<![A-Za-z]){re.escape(value)}(?![A-Za-z])", " ", text)
    return sorted({w for w in LATIN_WORD.findall(text) if len(w) >= 3 and w not in ALLOWED})


def check_page(page, name: str, data: list[str], whole_page: bool = True) -> list[str]:
    """Assert the page is Chinese; returns the English words left on it."""
    assert page.get_attribute("html", "lang") == "zh-CN", name
    heading = page.inner_text("main h1") if page.locator("main h1").count() else ""
    header = page.inner_text("header.top")
    assert HAN.search(header), f"{name}: the header is not Chinese: {header!r}"
    assert "Accounts" not in header and "客户" in header, name
    assert HAN.search(heading), f"{name}: the heading is not Chinese: {heading!r}"
    text = page.evaluate("document.body.innerText") if whole_page else header + "\n" + heading
    return leftover_english(text, data)


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 500, url


def walk(page, server: str) -> list[tuple[str, str]]:
    """(name, url) of every page, in the order a user would reach them."""
    return [
        ("accounts", server + "/"),
        ("opportunities", server + "/opportunities"),
        ("report", server + "/opportunities/opp-hx-core/report"),
        ("person", server + "/people/hx-cio"),
        ("search", server + "/search?q=%E6%9D%8E"),
        ("spof", server + "/spof"),
        ("competitors", server + "/competitors"),
        ("whatif", server + "/whatif?person_id=st-wang-li"),
        ("knows", server + "/knows?organization_id=org-huaxin"),
        ("queries_movers", server + "/queries?q=movers"),
        ("queries_spanners", server + "/queries?q=spanners"),
        ("queries_advisors", server + "/queries?q=advisors"),
        ("queries_contradictions", server + "/queries?q=contradictions"),
        ("users", server + "/admin/users"),
        ("audit", server + "/admin/audit"),
        ("audit_events", server + "/admin/audit?tab=events"),
        ("trend", server + "/accounts/org-huaxin/trend"),
        ("portfolio", server + "/portfolio/kpi"),
        ("outcomes", server + "/portfolio/outcomes"),
    ]


def test_every_page_speaks_chinese(zh_page, zh_server, demo_data, tmp_path):
    server, _graph = zh_server
    page = zh_page
    found: dict[str, list[str]] = {}
    for name, url in walk(page, server):
        visit(page, url)
        found[name] = check_page(page, name, demo_data)

    # a change set, reached from the audit log
    visit(page, server + "/admin/audit")
    page.click("main table.grid tbody tr td a >> nth=0")
    page.wait_for_selector("main h2")
    found["change_set"] = check_page(page, "change_set", demo_data)

    # an import with a broken file: the rejection is Chinese too
    visit(page, server + "/import")
    found["import_form"] = check_page(page, "import_form", demo_data)
    broken = tmp_path / "people.csv"
    broken.write_text("id,name,seniority\np-1,,boss\n", encoding="utf-8")
    page.select_option("main select[name=source]", "native")
    page.set_input_files("main input[type=file]", str(broken))
    page.click("main form.stack button[type=submit]")
    page.wait_for_selector("main section.report-box")
    assert HAN.search(page.inner_text("main section.report-box h2"))
    # the file's own words stay as they are: its name, its column names and the codes a
    # column accepts (what the user must type in the file), and the value it had
    file_words = ["people.csv", "name", "seniority", "c_level", "vp", "director", "manager",
                  "individual", "boss"]
    found["import"] = check_page(page, "import", [*demo_data, *file_words])

    # the maps: the page chrome from these templates (header, the links under it) is Chinese
    # now; the map itself is mapzh's and is checked whole below
    for name, url in (("account_map", server + "/accounts/org-huaxin"),
                      ("opportunity_map", server + "/opportunities/opp-hx-core")):
        visit(page, url)
        assert page.get_attribute("html", "lang") == "zh-CN"
        related = page.inner_text("nav.related")
        assert HAN.search(related) and not leftover_english(related, demo_data), related
        header = page.inner_text("header.top")
        assert not leftover_english(header, demo_data), header
        found[name] = leftover_english(page.evaluate("document.body.innerText"), demo_data)

    left = {name: words for name, words in found.items() if words}
    assert not left, f"English left on the Chinese pages: {left}"


def test_the_switch_turns_a_page_english_and_back(zh_page, zh_server):
    server, graph = zh_server
    page = zh_page
    visit(page, server + "/spof")
    page.click("header form.language button[value=en]")
    page.wait_for_url(server + "/spof")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("main h1").startswith("Single points of contact")
    assert users.find_user(graph, "lin")["lang"] == "en"
    page.click("header form.language button[value=zh-CN]")
    page.wait_for_url(server + "/spof")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.inner_text("main h1").startswith("单点关系")
