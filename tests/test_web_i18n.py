"""The web app in two languages: which language a page is in (the user's own setting, else the
``powermap_lang`` cookie, else ``Accept-Language``, else English), the header's switch, and
numbers and dates written per locale — on a small hand-built portfolio."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from powermap import users
from powermap.api import create_app
from powermap.graph.load import load_dataset
from powermap.errors import ValidationError
from tests.support import dataset_of

PASSWORD = "correct horse battery"


@pytest.fixture
def client(graph, test_settings):
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": graph}, settings=test_settings)
    return app.test_client()


@pytest.fixture
def portfolio(graph):
    """One customer with one open deal of 1,234,567.5 EUR closing on 2026-11-26."""
    load_dataset(graph, dataset_of(
        organizations=[dict(id="us", name="Us", kind="own"),
                       dict(id="acme", name="Acme", kind="customer", tier="S")],
        opportunities=[dict(id="deal", name="The Deal", customer_id="acme", stage="proposal",
                            amount=1234567.5, currency="EUR", close_date="2026-11-26")]))
    return graph


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def sign_in(client, graph, username="lin", lang=None):
    users.create_user(graph, username, "admin", PASSWORD)
    if lang is not None:
        users.set_lang(graph, username, lang)
    token = csrf_of(client.get("/login").get_data(as_text=True))
    answer = client.post("/login", data={"username": username, "password": PASSWORD,
                                         "csrf_token": token})
    assert answer.status_code == 302


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html)[1]


# --- which language ---------------------------------------------------------------------------

def test_a_visitor_gets_english_unless_the_browser_or_the_cookie_asks_for_chinese(client, graph):
    assert html_lang(client.get("/login").get_data(as_text=True)) == "en"
    # Accept-Language: the first language we speak, by quality
    page = client.get("/login", headers={"Accept-Language": "fr-FR,zh-CN;q=0.8,en;q=0.5"})
    html = page.get_data(as_text=True)
    assert html_lang(html) == "zh-CN" and "<h1>登录</h1>" in html
    # Traditional Chinese is not what we have: English
    page = client.get("/login", headers={"Accept-Language": "zh-TW"})
    assert html_lang(page.get_data(as_text=True)) == "en"
    # the cookie beats the browser
    client.set_cookie("powermap_lang", "en")
    page = client.get("/login", headers={"Accept-Language": "zh-CN"})
    assert html_lang(page.get_data(as_text=True)) == "en"


def test_the_users_own_setting_beats_the_cookie_and_the_browser(client, portfolio):
    sign_in(client, portfolio, lang="zh-CN")
    client.set_cookie("powermap_lang", "en")
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert html_lang(html) == "zh-CN" and "<h1>客户</h1>" in html
    # "" follows the browser again (the cookie first)
    users.set_lang(portfolio, "lin", "")
    html = client.get("/", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert html_lang(html) == "en" and "<h1>Accounts</h1>" in html


def test_set_lang_accepts_our_languages_only(graph):
    users.create_user(graph, "lin", "viewer", PASSWORD)
    assert users.set_lang(graph, "lin", "zh") == "zh-CN"
    assert users.find_user(graph, "lin")["lang"] == "zh-CN"
    assert users.set_lang(graph, "lin", "") == ""
    with pytest.raises(ValidationError, match="'fr' is not a language Powermap speaks"):
        users.set_lang(graph, "lin", "fr")


# --- the switch -------------------------------------------------------------------------------

def test_the_switch_sets_cookie_and_setting_and_returns_to_the_same_page(client, portfolio):
    sign_in(client, portfolio)
    page = client.get("/opportunities?status=open").get_data(as_text=True)
    assert html_lang(page) == "en"
    form = re.search(r'<form method="post" action="/language".*?</form>', page, re.S)[0]
    assert 'name="next" value="/opportunities?status=open"' in form
    assert 'value="zh-CN"' in form and ">中文</button>" in form
    answer = client.post("/language", data={"lang": "zh-CN", "next": "/opportunities?status=open",
                                            "csrf_token": csrf_of(page)})
    assert answer.status_code == 303 and answer.location == "/opportunities?status=open"
    assert "powermap_lang=zh-CN" in answer.headers["Set-Cookie"]
    assert users.find_user(portfolio, "lin")["lang"] == "zh-CN"
    html = client.get("/opportunities?status=open").get_data(as_text=True)
    assert html_lang(html) == "zh-CN" and "<h1>项目</h1>" in html


def test_the_switch_on_the_login_page_needs_no_login_but_the_csrf_token(client, graph):
    page = client.get("/login").get_data(as_text=True)
    assert 'action="/language"' in page
    refused = client.post("/language", data={"lang": "zh-CN", "next": "/login"})
    assert refused.status_code == 400
    answer = client.post("/language", data={"lang": "zh-CN", "next": "/login",
                                            "csrf_token": csrf_of(page)})
    assert answer.status_code == 303 and answer.location == "/login"
    assert html_lang(client.get("/login").get_data(as_text=True)) == "zh-CN"
    # never back to another host
    away = client.post("/language", data={"lang": "en", "next": "//evil.example/",
                                          "csrf_token": csrf_of(page)})
    assert away.location == "/"


def test_the_switch_refuses_a_language_we_do_not_speak(client, graph):
    page = client.get("/login").get_data(as_text=True)
    answer = client.post("/language", data={"lang": "fr", "csrf_token": csrf_of(page)})
    assert answer.status_code == 400 and "fr is not a language Powermap speaks" in \
        answer.get_data(as_text=True)


# --- numbers and dates ------------------------------------------------------------------------

def test_numbers_and_dates_are_written_per_locale(client, portfolio):
    sign_in(client, portfolio)
    html = client.get("/opportunities").get_data(as_text=True)
    # the amount rounds to whole units, grouped by thousands in both languages
    assert "1,234,568 EUR" in html and "Nov 26, 2026" in html
    users.set_lang(portfolio, "lin", "zh-CN")
    html = client.get("/opportunities").get_data(as_text=True)
    assert "1,234,568 EUR" in html and "2026年11月26日" in html
    assert "进行中" in html  # the status "open" in words
    assert "1 个项目符合条件。" in html  # the count sentence, plural-aware


def test_a_page_error_speaks_the_language_of_the_user(client, portfolio):
    sign_in(client, portfolio, lang="zh-CN")
    page = client.get("/no-such-page")
    html = page.get_data(as_text=True)
    assert page.status_code == 404 and html_lang(html) == "zh-CN"
    assert "出错了（404）" in html and "没有这个页面" in html
    # a page of ours that finds nothing says what in the user's language
    html = client.get("/accounts/nope").get_data(as_text=True)
    assert "没有 id 为 &#39;nope&#39; 的组织" in html


# --- the catalog ------------------------------------------------------------------------------

API = Path(__file__).resolve().parent.parent / "powermap" / "api"
#: the files whose sentences the web pages own (the map's templates are translated with the map)
PAGE_SOURCES = [*(API / name for name in ("auth.py", "errors.py", "history_pages.py", "i18n.py",
                                          "pages.py", "uploads.py", "v1.py")),
                API.parent / "users.py",
                *(p for p in sorted((API / "templates").glob("*.html"))
                  if not p.name.startswith("map") and p.name != "standalone.html")]


def page_sentences() -> set[str]:
    """Every sentence of the pages' sources, found as ``pybabel extract`` finds them."""
    from babel.messages.extract import extract
    found = set()
    for path in PAGE_SOURCES:
        method = "jinja2" if path.suffix == ".html" else "python"
        options = {"extensions": "jinja2.ext.i18n"} if method == "jinja2" else {}
        with path.open("rb") as handle:
            for _line, message, _comments, _context in extract(
                    method, handle, keywords={"_": None, "N_": None, "ngettext": (1, 2)},
                    options=options):
                found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_sentence_of_the_pages_has_a_chinese_translation_with_its_placeholders():
    from babel.messages.pofile import read_po
    from powermap.i18n import CATALOG_DIR, placeholders
    with (CATALOG_DIR / "zh_CN" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    sentences = page_sentences()
    assert len(sentences) > 400  # the extraction found the templates, not nothing
    untranslated, broken = [], []
    for sentence in sorted(sentences):
        entry = catalog.get(sentence)
        text = (entry.string[0] if isinstance(entry.string, (list, tuple)) else entry.string) \
            if entry is not None else ""
        if not text:
            untranslated.append(sentence)
        elif placeholders(text) != placeholders(sentence):
            broken.append((sentence, text))
    assert not untranslated, f"no zh-CN translation: {untranslated}"
    assert not broken, f"placeholders differ: {broken}"
