"""The power map, its legend, its export and its charts in Simplified Chinese.

A browser whose ``powermap_lang`` cookie asks for zh-CN (Debian's Chromium through Playwright,
the fixtures of test_browser.py) opens the demo's maps: Northwind Rail's "Signalling network
upgrade" (12 people; Łukasz Nowak is a skeptic technical evaluator, a director, held by Orion
Networks; Wu Jie has no contact of ours; Dr. Helen Park advises from outside) and its account.
Everything the map's own code writes must be Chinese; names, titles and other data stay as
entered. What the canvas draws is read by recording every ``fillText`` of the page (an init
script Playwright installs before the page's own scripts run).

The words expected below are the catalog's, for the terminology of docs/model.md.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from powermap import i18n
from tests.test_browser import CHROMIUM, browser, open_map, page, server  # noqa: F401

OPP = "/opportunities/opp-nw-signalling"
ACCOUNT = "/accounts/org-northwind"

if not __import__("pathlib").Path(CHROMIUM).exists():
    pytestmark = pytest.mark.skip(reason="Debian's chromium is not installed")

# every text the page draws on a canvas, in order (the map, the legend, the PNG export)
RECORD_DRAWN_TEXT = """(() => {
  const fill = CanvasRenderingContext2D.prototype.fillText;
  window.__drawn = [];
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    window.__drawn.push(String(text));
    return fill.call(this, text, ...rest);
  };
})();"""

# Latin words the map may show in Chinese: the role badges and the file formats
LATIN_KEPT = {"DM", "AP", "TE", "CE", "PNG", "HTML", "SVG", "JSON", "Markdown"}


@pytest.fixture
def zh(page, server):
    """The logged-in page, speaking Chinese from the next page on."""
    page.context.add_cookies([{"name": "powermap_lang", "value": "zh-CN", "url": server}])
    page.add_init_script(RECORD_DRAWN_TEXT)
    return page


def texts(page, selector: str) -> list[str]:
    return page.evaluate("s => Array.from(document.querySelectorAll(s)).map(e => e.textContent.trim())",
                         selector)


def data_words(page) -> list[str]:
    """Names, titles, departments, competitors and deals on the map: data, kept as entered."""
    return page.evaluate("""() => {
      const out = [];
      window.powermap.nodes.get().forEach(n => {
        out.push(n.label || '', n.job || '', n.department || '', n.team_role || '');
        (n.holds || []).forEach(h => out.push(h.competitor));
      });
      document.querySelectorAll('#stance-in option, #filter-department option, h1 small, h1')
        .forEach(o => out.push(o.textContent));
      return out.filter(x => x).sort((a, b) => b.length - a.length);
    }""")


def english_left(text: str, data: list[str]) -> set[str]:
    """The Latin words of ``text`` that are neither data nor kept Latin on purpose (a name cut
    short on its card still counts as data: its words are)."""
    for d in data:
        text = text.replace(d, " ")
    kept = LATIN_KEPT | {w for d in data for w in re.findall(r"[A-Za-z]{2,}", d)}
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in kept}


def test_the_opportunity_map_speaks_chinese(zh, server):
    open_map(zh, server + OPP)
    assert zh.evaluate("document.documentElement.lang") == "zh-CN"
    assert zh.inner_text("#map-status") == "共 12 人。"
    assert texts(zh, "#legend h3") == ["支持度（填充色和符号）", "决策角色（形状和标记；大小 = 权力）",
                                       "我方覆盖（圆环）", "标记", "连线"]
    assert texts(zh, "#legend ul:first-of-type li span") == [
        "坚定支持者", "支持者", "中立", "怀疑者", "反对者", "未知（尚不清楚）",
        "根据影响他的人估计：以该支持度的颜色画斜线，≈"]
    assert "被Orion Networks控制（旗帜；填充色仍表示支持度）" in texts(zh, "#legend li span")
    assert texts(zh, "#filter-stance option") == ["全部", "坚定支持者", "支持者", "中立", "怀疑者",
                                                  "反对者", "未知", "不一致"]
    assert texts(zh, "#layout option") == ["组织结构图", "力导向布局"]
    assert texts(zh, "#people-list thead th") == ["姓名", "职位", "决策角色", "支持度", "控制方",
                                                  "我方关系线", "部门", "区域"]
    row = texts(zh, "#people-list tr[data-id=nw-it-arch] td")
    assert row[2:5] == ["TE 技术评估者", "− 怀疑者", "Orion Networks"]
    assert texts(zh, "#people-list tr[data-id=nw-eng-spec] td")[5] == "无联系"
    assert texts(zh, "#people-list tr[data-id=md-park] td")[7] == "客户外部"

    zh.evaluate("window.powermap.select('nw-it-arch', false)")
    assert texts(zh, "#panel dt") == ["职位", "职级", "任职于", "决策角色", "支持度", "权力", "控制方",
                                      "我方关系线"]
    panel = dict(zip(texts(zh, "#panel dt"), texts(zh, "#panel dd")))
    assert panel["职级"] == "总监" and panel["支持度"] == "− 怀疑者"
    assert panel["决策角色"] == "TE 技术评估者"
    assert texts(zh, "#panel .focus-button") == ["聚焦此联系人"]
    zh.click("#panel .focus-button")
    assert zh.inner_text("#focus-text") == "显示Łukasz Nowak及两步以内的联系人。"

    # the canvas: the bands' names, the "no contact" tag, a staff member's role in words
    drawn = zh.evaluate("window.__drawn")
    assert "Northwind Rail 外部：顾问、合作伙伴和竞争对手人员" in drawn
    assert "我方人员" in drawn and "无联系" in drawn
    assert "Ravi Iyer · 高管" in drawn

    # nothing of the map's own words is left in English
    data = data_words(zh)
    seen = " ".join([zh.inner_text(".toolbar"), zh.inner_text("#legend"),
                     zh.inner_text("#people-list"), zh.inner_text("#map-status"),
                     zh.inner_text("#focus-bar"), *texts(zh, "#panel dt"),
                     *texts(zh, "#report-body h2, #report-body h3, #report-body th"),
                     *texts(zh, "#report-body td"), *drawn])
    assert english_left(seen, data) == set()


def test_the_account_map_and_its_choices_speak_chinese(zh, server):
    open_map(zh, server + ACCOUNT)
    options = texts(zh, "#stance-in option")
    assert options[-1] == "跨项目（各项目不一致时显示为不一致）"
    zh.select_option("#stance-in", "*across")
    assert texts(zh, "#people-list tr[data-id=nw-coo] td.stance") == ["± 不一致"]
    assert "不一致：各项目的支持度不同" in texts(zh, "#legend li span")
    assert zh.inner_text("#map-status") == "共 23 人。"
    zh.evaluate("window.powermap.select('nw-coo', false)")
    per_deal = dict(zip(texts(zh, "#panel dt"), texts(zh, "#panel dd")))["各项目中的支持度"]
    assert "Signalling network upgrade：坚定支持者" in per_deal
    assert "Data centre refresh：反对者" in per_deal
    seen = " ".join([zh.inner_text(".toolbar"), zh.inner_text("#legend"),
                     zh.inner_text("#people-list thead"), *texts(zh, "#panel dt"),
                     *zh.evaluate("window.__drawn")])
    assert english_left(seen, data_words(zh)) == set()


def test_the_png_export_has_a_chinese_title_date_and_legend(zh, server):
    open_map(zh, server + OPP)
    zh.evaluate("window.__drawn = []")
    zh.evaluate("window.powermap.exportPng().then(c => { window.__png = c.width; })")
    for _ in range(100):
        if zh.evaluate("window.__png > 0"):
            break
        zh.wait_for_timeout(100)
    info = zh.evaluate("window.powermapExport")
    today = dt.datetime.now(dt.timezone.utc).date()
    assert info["subtitle"] == f"项目权力地图；绘制于 {today.year}年{today.month}月{today.day}日。"
    drawn = zh.evaluate("window.__drawn")
    assert info["title"] in drawn and info["subtitle"] in drawn
    for heading in ("支持度（填充色和符号）", "决策角色（形状和标记；大小 = 权力）", "我方覆盖（圆环）",
                    "标记", "连线", "坚定支持者", "DM 决策者", "一条关系线：单点关系"):
        assert heading in drawn
    # the Chinese characters are drawn as glyphs, not as the same empty box for each
    pictures = zh.evaluate("""() => ['支持', '反对', '权力'].map(t => {
      const c = document.createElement('canvas'); c.width = 60; c.height = 30;
      const x = c.getContext('2d'); x.font = 'bold 24px sans-serif'; x.fillStyle = '#000';
      x.textBaseline = 'top'; x.fillText(t, 2, 2);
      const d = x.getImageData(0, 0, 60, 30).data; let ink = 0;
      for (let i = 3; i < d.length; i += 4) { if (d[i] > 128) { ink++; } }
      return [c.toDataURL(), ink]; })""")
    assert len({url for url, _ink in pictures}) == 3
    assert all(ink > 60 for _url, ink in pictures)


def test_a_long_chinese_job_title_wraps_between_characters(zh, server, demo_graph):
    title = "首席企业架构师兼数字化转型领导小组常务副组长"     # 23 characters, no space
    demo_graph.run_auto("MATCH (p:Person {id: 'nw-it-arch'}) SET p.title = $t", t=title)
    open_map(zh, server + OPP)
    drawn = zh.evaluate("window.__drawn")
    start = next(i for i, t in enumerate(drawn) if len(t) > 1 and title.startswith(t))
    first, second = drawn[start], drawn[start + 1]
    assert first + second == title            # two lines, nothing cut, nothing repeated
    assert 10 <= len(first) < len(title)
    # each line fits the name card (168 px less its padding) in the card's own font
    widths = zh.evaluate("""lines => { const x = document.createElement('canvas').getContext('2d');
      x.font = '11px sans-serif'; return lines.map(t => x.measureText(t).width); }""",
                         [first, second])
    assert max(widths) <= 158


def test_the_quadrant_chart_is_drawn_in_chinese(zh, server):
    open_map(zh, server + OPP)
    svg = zh.evaluate("""() => fetch('/api/v1/opportunities/opp-nw-signalling/quadrants.svg',
                                     {credentials: 'same-origin'}).then(r => r.text())""")
    assert "<title>Northwind Rail · Signalling network upgrade 的客户关系评估图</title>" in svg
    for words in ("关键支持者（", "保持紧密联系并善加运用。", "有权力的中立者（", "积极发展。",
                  "有权力的反对者（", "设法转化。", "其他人（", "保持信息同步。", "权力 (0–100) →",
                  "我方支持度 →", ">坚定支持者<", ">反对者<", ">图例<", "被竞争对手控制"):
        assert words in svg, words
    assert "Key supporters" not in svg and "Legend" not in svg


def test_the_quadrant_and_trend_svgs_of_hand_built_data_in_chinese():
    from powermap.viz import quadrants, trend
    member = {"id": "p", "name": "李明", "roles": ["decision_maker"], "stance": "supporter",
              "power": 80.0, "threads": 2, "coverage": [], "held_by": []}
    report = {"opportunity": {"id": "o", "name": "核心网络升级"},
              "customer": {"name": "华信银行"}, "members": [member]}
    with i18n.speaking("zh-CN"):
        chart = quadrants.chart_of_report(report)
        svg = quadrants.render_svg(chart)
        kpis = {key: 0.5 for key in trend.HEADLINE}
        panels = trend.trend_panels({"subject": {"name": "华信银行"},
                                     "points": [{"date": "2026-10-31", "kpis": kpis}]})
        empty = trend.trend_panels({"subject": {"name": "华信银行"}, "points": []})
    # one supporter with power 80: a key supporter, the other three regions empty
    assert [q["label"] for q in chart["quadrants"]] == ["关键支持者", "有权力的中立者",
                                                        "有权力的反对者", "其他人"]
    assert ">关键支持者（1）<" in svg and ">有权力的反对者（0）<" in svg
    assert "李明：决策者。" in svg and "已记录的支持度：支持者。" in svg
    assert "权力 80/100。" in svg and "与我方的关系线：2 条。" in svg
    assert "<title>华信银行 · 核心网络升级 的客户关系评估图</title>" in svg
    assert '<title>华信银行 的已覆盖的关键联系人</title>' in panels[0]
    assert ">已覆盖的关键联系人<" in panels[0]
    assert "此范围内没有记录。" in empty[0]


def test_every_sentence_of_the_map_script_is_translated():
    from babel.messages.extract import extract
    from babel.messages.pofile import read_po
    script = i18n.CATALOG_DIR.parent / "api" / "static" / "powermap-map.js"
    with script.open("rb") as handle:
        said = {message for _line, message, _c, _ctx in extract("javascript", handle,
                                                                 keywords={"_": None})}
    with (i18n.CATALOG_DIR / "zh_CN" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    assert len(said) > 80
    untranslated = sorted(m for m in said if not (catalog.get(m) and catalog.get(m).string))
    assert untranslated == []
    for message in said:
        assert i18n.placeholders(catalog.get(message).string) == i18n.placeholders(message)


def test_the_exported_html_map_carries_its_chinese_words(zh, server):
    open_map(zh, server + OPP)
    html = zh.evaluate("""() => fetch('/opportunities/opp-nw-signalling/map.html',
                                      {credentials: 'same-origin'}).then(r => r.text())""")
    assert '<html lang="zh-CN">' in html and 'id="pm-words"' in html
    assert "<script src" not in html   # one file: nothing loaded beside it
    offline = zh.context.new_page()
    try:
        offline.set_content(html, wait_until="load")
        offline.wait_for_selector("#map[data-settled=yes]", timeout=20_000)
        assert texts(offline, "#legend h3")[0] == "支持度（填充色和符号）"
        assert offline.inner_text("#map-status") == "共 12 人。"
        assert texts(offline, "#people-list thead th")[0] == "姓名"
    finally:
        offline.close()
