"""Findings and the bid-review pack in Simplified Chinese, on a small hand-built opportunity.

The world (tests/fixtures.py, as in test_pack.py): a healthy chain except that the decision
maker is 王丽, known to Ann Account (account lead, strength 4, recorded by "test" on
2026-06-01) alone, and nobody is known as approver. Worked out by hand, its gap report has
exactly two findings: the approver is missing (critical), and 王丽 is single-threaded (high,
a key role), whose second thread can only come from Eve Exec (the one other staff member the
chain knows). Five of the six template roles are known, all five covered by a trusted thread.
"""

from __future__ import annotations

import io
import re
import unicodedata

from powermap import i18n
from powermap.analysis.gaps import gap_report
from powermap.report.pack import pack_html, pack_of, render_pack_pdf
from tests.fixtures import TODAY
from tests.test_pack import CHROMIUM, needs_chromium, world


def findings_in(lang, graph):
    with i18n.speaking(lang):
        return {f.kind: f for f in gap_report(graph, "deal", today=TODAY).findings}


def test_findings_read_in_chinese_with_names_intact(graph):
    world().load(graph)
    found = findings_in("zh-CN", graph)
    assert set(found) == {"missing_role", "single_threaded"}

    missing = found["missing_role"]
    assert (missing.severity, missing.role, missing.people) == ("critical", "approver", [])
    assert missing.title == "决策链中尚无已知的审批者"
    assert missing.evidence == ["standard 角色模板要求有审批者；决策链当前成员中无人担任该角色。"]

    single = found["single_threaded"]
    assert single.severity == "high" and single.people[0] == {"id": "p-wl", "name": "王丽"}
    assert single.title == "王丽 仅通过 Ann Account 一人联系（单线联系）"
    assert single.evidence == ["我方与 王丽 的客户关系：Ann Account（客户负责人），强度 4（支持），"
                               "由 test 于 2026-06-01 记录。"]
    assert single.action == "增加第二条关系线：请 Ann Account 将 Eve Exec（高管）引荐给 王丽。"


def test_the_same_findings_stay_english_by_default(graph):
    world().load(graph)
    found = findings_in("en", graph)
    assert found["missing_role"].title == "Nobody in the decision chain is known as an approver"
    assert found["single_threaded"].title == "王丽 is reached through Ann Account alone"
    assert found["single_threaded"].action == ("Add a second thread: ask Ann Account to "
                                               "introduce Eve Exec (executive) to 王丽.")


def test_the_pack_html_is_chinese(graph):
    world().load(graph)
    with i18n.speaking("zh-CN"):
        pack = pack_of(graph, "deal", today=TODAY)
        page = pack_html(pack, None)
    assert '<html lang="zh-CN">' in page
    assert "font-family: 'Noto Sans CJK SC'" in page        # Simplified Chinese glyphs first
    assert pack.title == "投标评审材料：The Deal"
    assert pack.summary.startswith("对于 Acme 的 The Deal，standard 模板要求的 6 个决策角色中我方"
                                   "已知 5 个，其中 5 个有信任关系。")
    for words in ("执行摘要", "决策角色", "决策链", "按联系人列出的问题", "下一步行动", "王丽",
                  "尚无负责人和截止日期。"):
        assert words in page, words
    assert "Executive summary" not in page and "Buying roles" not in page
    with i18n.speaking("en"):
        assert '<html lang="en">' in pack_html(pack_of(graph, "deal", today=TODAY), None)


@needs_chromium
def test_the_pack_pdf_reads_back_in_chinese(graph):
    from pypdf import PdfReader
    world().load(graph)
    with i18n.speaking("zh-CN"):
        pdf = render_pack_pdf(pack_of(graph, "deal", today=TODAY), CHROMIUM)
    reader = PdfReader(io.BytesIO(pdf))
    # CJK text comes back from the PDF with spaces here and there, and some characters as
    # the look-alike radicals the font's glyphs map back to (⾏ U+2F8F for 行): compare
    # without the spaces and with the radicals folded to the characters
    pages = [re.sub(r"\s+", "", _radicals_folded(p.extract_text())) for p in reader.pages]
    text = "".join(pages)
    assert "投标评审材料：TheDeal" in text
    assert "执行摘要" in text and "王丽" in text
    # a few characters (角, 页, 户) come back as other code points of the same glyph (⻆, ⻚,
    # 戶): the PDF's text map, not the print, so those places are matched by any character
    assert re.search(r"6个决策.色中我方已知5个，其中5个有信任关系", text)
    assert re.search(rf"第1.，共{len(pages)}.", pages[0])
    assert "打印于2026-06-01" in pages[0]
    assert "决策链中尚无已知的审批者" in text


def _radicals_folded(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", ch) if "\u2e80" <= ch <= "\u2fdf" else ch
                   for ch in text)
