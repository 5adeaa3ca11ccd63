"""The command line in Simplified Chinese: ``--lang zh-CN`` and the ``POWERMAP_LANG`` setting.

The world is the small hand-built one of tests/fixtures.py with one Chinese name: 王丽, the
decision maker, known to Ann Account alone; nobody holds the approver role. By hand, its gap
report therefore has (among the stale-relationship findings that the real "today" adds) the
critical "nobody is known as an approver" and the high "王丽 is reached through Ann alone".
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from powermap import i18n
from powermap.cli import main
from powermap.config import load_settings
from powermap.errors import ConfigError
from powermap.viz.text import display_width
from tests.support import graph_counts
from tests.test_pack import world  # 王丽 known to Ann alone, no approver


def run(settings, *args, env=None):
    result = CliRunner().invoke(main, list(args), obj=settings, env=env)
    assert i18n.language() == "en"   # the command's language ends with the command
    return result


def test_the_gap_report_table_in_chinese_with_lang(graph, test_settings):
    world().load(graph)
    result = run(test_settings, "--lang", "zh-CN", "report", "gaps", "deal")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("差距报告：The Deal\n")
    assert "严重：决策链中尚无已知的审批者" in out
    assert "高：王丽 仅通过 Ann Account 一人联系（单线联系）" in out
    assert "下一步：增加第二条关系线：请 Ann Account 将 Eve Exec（高管）引荐给 王丽。" in out
    # the role table: Chinese role words and a Chinese name, columns aligned by display width
    table = out.split("\n\n")[1].splitlines()
    assert table[0].split() == ["角色", "状态", "联系人"]
    rows = {line.split()[0]: line for line in table[2:]}
    assert rows["决策者"].split()[1:] == ["已覆盖", "王丽"]
    assert rows["审批者"].split()[1:] == ["尚无人选", "—"]
    starts = {display_width(line[:line.index(words)]) for line, words in
              ((rows["决策者"], "已覆盖"), (rows["审批者"], "尚无人选"), (table[0], "状态"))}
    assert len(starts) == 1
    # nothing English of ours is left in the report's own words
    for english in ("Gap report", "Next step", "Evidence", "critical", "nobody known"):
        assert english not in out


def test_the_gap_report_markdown_in_chinese_through_the_setting(graph, test_settings):
    world().load(graph)
    # POWERMAP_LANG as load_settings reads it, then the command with those settings
    settings = load_settings({"data_dir": str(test_settings.data_dir), "neo4j_uri": None},
                             environ={"POWERMAP_LANG": "zh-CN"})
    assert settings.language == "zh-CN"
    result = run(settings, "report", "gaps", "deal", "--format", "md")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("# 差距报告：The Deal\n")
    assert "## 摘要" in out and "### 角色" in out and "## 问题" in out
    assert "| 角色 | 联系人 | 状态 |" in out
    assert "| 决策者 | 王丽 | 已覆盖 |" in out
    assert "### 决策权力占比" in out and "| 支持我方 | 中立或未知 | 反对我方 | 被竞争对手控制 |" in out
    # --lang wins over the setting
    english = run(settings, "--lang", "en", "report", "gaps", "deal", "--format", "md")
    assert english.output.startswith("# Gap report: The Deal\n")


def test_the_environment_variable_reaches_the_command(graph, test_settings, monkeypatch):
    world().load(graph)
    # no settings object: the command reads its settings from the environment itself
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("POWERMAP_CONFIG", raising=False)
    result = CliRunner().invoke(main, ["report", "gaps", "deal"],
                                env={"POWERMAP_DATA_DIR": str(test_settings.data_dir),
                                     "POWERMAP_LANG": "zh_CN"})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("差距报告：The Deal")


def test_json_keeps_english_keys_and_codes(graph, test_settings):
    world().load(graph)
    result = run(test_settings, "--lang", "zh-CN", "report", "gaps", "deal", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"opportunity", "customer", "summary", "members", "findings"} <= set(report)
    missing = next(f for f in report["findings"] if f["kind"] == "missing_role")
    assert (missing["severity"], missing["role"]) == ("critical", "approver")
    assert missing["title"] == "决策链中尚无已知的审批者"        # the sentence follows --lang
    # 王丽's relationship is also stale by the real today: her findings are one block of points
    points = [p for f in report["findings"] for p in (f.get("points") or [f])]
    single = next(f for f in points if f["kind"] == "single_threaded")
    assert single["severity"] == "high" and single["people"][0]["name"] == "王丽"
    roles = {r["role"]: r["status"] for r in report["summary"]["roles"]}
    assert roles["approver"] == "missing" and roles["decision_maker"] == "covered"
    members = {m["id"]: m for m in report["members"]}
    assert members["p-wl"]["stance"] == "champion" and members["p-wl"]["seniority"] == "c_level"


def test_a_broken_import_reports_in_chinese_with_file_line_and_field(graph, test_settings,
                                                                    tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        "id,name,kind\nacme,Acme,customer\nfoo,Foo,nonsense\n", encoding="utf-8")
    (folder / "people.csv").write_text("id,name,email\np1,李明,not-an-email\n",
                                       encoding="utf-8")
    before = graph_counts(graph)
    result = run(test_settings, "--lang", "zh-CN", "import", "native", str(folder))
    assert result.exit_code == 1
    text = result.output
    assert "错误：" in text
    assert ("organizations.csv 第 3 行 (id foo)：字段“kind”：不允许 'nonsense'；应为以下之一："
            "customer, competitor, partner, own") in text
    assert ("people.csv 第 2 行 (id p1)：字段“email”：应为形如 name@example.com 的邮箱地址"
            "（实际为 'not-an-email'）") in text
    assert graph_counts(graph) == before      # nothing was written


def test_a_bad_language_is_refused(test_settings):
    result = run(test_settings, "--lang", "fr", "neo4j", "status")
    assert result.exit_code == 2 and "--lang" in result.output
    with pytest.raises(ConfigError, match="POWERMAP_LANG"):
        load_settings(environ={"POWERMAP_LANG": "fr"})
    assert load_settings(environ={"POWERMAP_LANG": "zh-Hans-CN"}).language == "zh-CN"


def test_users_set_lang_sets_what_the_web_app_reads(graph, test_settings):
    from powermap import users
    users.create_user(graph, "lin", "viewer", "correct horse battery")
    runner = CliRunner()
    done = runner.invoke(main, ["users", "set-lang", "lin", "zh"], obj=test_settings)
    assert done.exit_code == 0, done.output
    assert "中文" in done.output and users.find_user(graph, "lin")["lang"] == "zh-CN"
    back = runner.invoke(main, ["users", "set-lang", "lin", ""], obj=test_settings)
    assert back.exit_code == 0 and users.find_user(graph, "lin")["lang"] == ""
    bad = runner.invoke(main, ["users", "set-lang", "lin", "fr"], obj=test_settings)
    assert bad.exit_code != 0 and "'fr'" in bad.output
