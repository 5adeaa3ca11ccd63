"""Names as our users write them (issue 11, item 7): CJK names family name first with or
without a space, full-width characters, Chinese/Japanese/Korean legal forms, and Salesforce
exports with custom contact roles mapped by --role-map."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from powermap.cli import main
from powermap.errors import ValidationError
from powermap.importers import ics, salesforce
from powermap.importers.linkedin import parse_linkedin
from powermap.importers.matching import name_spellings, normalize_name, same_company
from powermap.importers.native import parse_native
from powermap.importers.plan import apply_plan
from tests.test_import_native import PEOPLE_HEADER, write_tables
from tests.test_import_salesforce import EXPORT, OWN, own_org

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def test_names_and_companies_fold_the_way_cjk_users_write_them():
    assert normalize_name("李 明") == normalize_name("李明") == normalize_name("李　明")
    assert normalize_name("ＬＩ　Ｍｉｎｇ") == normalize_name("li ming")
    assert name_spellings("明", "李") == ["李明", "明李"]
    assert name_spellings("Ming", "Li") == ["Ming Li"]
    assert same_company("北京华为数字技术有限公司", "北京华为数字技术")
    assert same_company("中国移动通信集团有限公司", "中国移动通信")
    assert same_company("深圳市腾讯计算机系统股份有限公司", "深圳市腾讯计算机系统有限公司")
    assert same_company("株式会社日立製作所", "日立製作所")
    assert same_company("삼성전자 주식회사", "삼성전자")
    assert same_company("ＡＣＭＥ Ｒａｉｌ", "Acme Rail Co., Ltd.")
    assert not same_company("华为技术有限公司", "华为数字技术有限公司")
    assert not same_company("有限公司", "公司")  # nothing left but the legal form


@pytest.fixture
def cjk_world(graph, tmp_path):
    folder = write_tables(
        tmp_path / "world",
        organizations="id,name,kind\nus,Helix,own\nhw,北京华为数字技术有限公司,customer\n"
                      "acme,ACME Rail GmbH,customer\nsam,삼성전자 주식회사,customer\n"
                      "other,上海其他科技有限公司,customer\n",
        people=PEOPLE_HEADER + "\n"
        "s1,Anna Berg,,,anna@helix.example,,AR,\n"
        "p-liming,李明,,,,,,\n"
        "p-wang,王 小红,,,,,,\n"
        "p-kim,김민준,,,,,,\n"
        "p-lina,李娜,,,lina@hw.example,,,\n"
        "p-ouyang,欧阳 娜娜,,,,,,\n"
        "p-liming2,李明,,,,,,\n",
        employment="person_id,organization_id,since,until\ns1,us,,\np-liming,hw,,\n"
                   "p-wang,acme,,\np-kim,sam,,\np-lina,hw,,\np-ouyang,hw,,\np-liming2,other,,\n")
    apply_plan(graph, parse_native(folder))
    return graph


def test_linkedin_rows_match_cjk_names_in_either_order_and_full_width(cjk_world, tmp_path):
    """Line numbers: 1 is the header. Expected, by hand:
    2  明 / 李 at 北京华为数字技术 → 李明 (p-liming): family name first, legal form dropped
       (the other 李明 works at 上海其他科技, a different company);
    3  小红 / 王 at ＡＣＭＥ　Ｒａｉｌ → 王 小红 (p-wang): full-width company, stored with a space;
    4  민준 / 김 at 삼성전자 → 김민준 (p-kim): Korean, legal form 주식회사 dropped;
    5  full-width email ＬＩＮＡ＠ＨＷ．ＥＸＡＭＰＬＥ → p-lina;
    6  欧阳 / 娜娜 typed family name first in "First Name" → 欧阳 娜娜 (p-ouyang), second spelling;
    7  明 / 李 at a company nobody works for → skipped."""
    path = tmp_path / "Connections.csv"
    path.write_text(HEADER +
                    "明,李,,,北京华为数字技术,工程师,12 Mar 2024\n"
                    "小红,王,,,ＡＣＭＥ　Ｒａｉｌ,CTO,12 Mar 2024\n"
                    "민준,김,,,삼성전자,,\n"
                    ",,,ＬＩＮＡ＠ＨＷ．ＥＸＡＭＰＬＥ,,,\n"
                    "欧阳,娜娜,,,北京华为数字技术股份有限公司,,\n"
                    "明,李,,,Nowhere Ltd,,\n", encoding="utf-8")
    plan = parse_linkedin(cjk_world, path, "s1")
    matched = {(r.person_id, r.note) for r in plan.dataset.records["relationships"]}
    assert matched == {("p-liming", "LinkedIn connection, matched by name and company"),
                       ("p-wang", "LinkedIn connection, matched by name and company"),
                       ("p-kim", "LinkedIn connection, matched by name and company"),
                       ("p-lina", "LinkedIn connection, matched by email"),
                       ("p-ouyang", "LinkedIn connection, matched by name and company")}
    assert [str(s) for s in plan.skipped] == [
        "Connections.csv line 7: 李明 (Nowhere Ltd): no person with this email, profile URL, "
        "or name at this company"]


def test_calendar_and_salesforce_names_are_written_the_cjk_way():
    assert ics._email("mailto:ＬＩＮＡ＠ＨＷ．ＥＸＡＭＰＬＥ") == "lina@hw.example"
    assert salesforce._name({"FirstName": "明", "LastName": "李"}) == "李明"
    assert salesforce._name({"FirstName": "Zoë", "LastName": "Ångström"}) == "Zoë Ångström"


def _custom_export(tmp_path) -> Path:
    export = tmp_path / "export"
    shutil.copytree(EXPORT, export)
    roles = export / "OpportunityContactRole.csv"
    roles.write_text(roles.read_text(encoding="utf-8").replace('"Technical Buyer"', '"技术决策人"'),
                     encoding="utf-8")
    return export


def test_custom_salesforce_roles_need_a_role_map_and_import_with_one(graph, tmp_path,
                                                                     test_settings):
    own_org(graph)
    export = _custom_export(tmp_path)
    with pytest.raises(ValidationError) as caught:
        salesforce.parse_salesforce(export, OWN)
    assert str(caught.value).startswith(
        "OpportunityContactRole.csv line 2: field 'Role': '技术决策人' is not a Salesforce "
        "contact role Powermap knows; expected one of Business User")
    assert str(caught.value).endswith("or map it to a buying role in a file given with --role-map")

    role_map = tmp_path / "roles.toml"
    role_map.write_text('# our picklist\n"技术决策人" = "technical_evaluator"\n'
                        '"Evaluator" = { role = "commercial_evaluator", confidence = 0.6 }\n',
                        encoding="utf-8")
    roles = salesforce.load_role_map(role_map)
    assert roles == {"技术决策人": ("technical_evaluator", 1.0),
                     "Evaluator": ("commercial_evaluator", 0.6)}
    plan = salesforce.parse_salesforce(export, OWN, roles)
    zoe = [r for r in plan.dataset.records["decision_chain"]
           if r.person_id == "0035g00000ZoeAAA" and r.opportunity_id == "0065g00000CoreAAA"]
    assert [sorted(r.roles) for r in zoe] == [["decision_maker", "technical_evaluator"]]

    result = CliRunner().invoke(main, ["import", "salesforce", str(export), "--role-map",
                                       str(role_map), "--check"], obj=test_settings)
    assert result.exit_code == 0, result.output
    assert "records are valid" in result.output
    result = CliRunner().invoke(main, ["import", "salesforce", str(export), "--check"],
                                obj=test_settings)
    assert result.exit_code == 1 and "--role-map" in result.output


def test_a_bad_role_map_names_the_file_line_and_value(tmp_path):
    role_map = tmp_path / "roles.toml"
    role_map.write_text('"Champion" = "coach"\n"Budget Holder" = "cfo"\n'
                        '"Sponsor" = { role = "approver", confidence = 3 }\n', encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        salesforce.load_role_map(role_map)
    assert str(caught.value).splitlines() == [
        f"{role_map} line 2: field 'Budget Holder': 'cfo' is not a buying role; expected one "
        "of decision_maker, approver, technical_evaluator, commercial_evaluator, user, "
        "influencer, coach, gatekeeper",
        f"{role_map} line 3: field 'Sponsor': confidence 3 is not a number above 0 and at "
        "most 1"]
    role_map.write_text('"Champion" = \n', encoding="utf-8")
    with pytest.raises(ValidationError, match=r"cannot read the role map: .*line 1"):
        salesforce.load_role_map(role_map)
