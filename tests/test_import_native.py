"""The native format: exact round trips, idempotent imports, and bad files that change nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from powermap.errors import ValidationError
from powermap.graph.load import check_dataset
from powermap.importers.native import export_native, parse_native, table_columns
from powermap.importers.plan import apply_plan
from tests.support import graph_counts, graph_dump, wipe_test_graph

PEOPLE_HEADER = "id,name,title,seniority,email,linkedin_url,team_role,notes"


def write_tables(folder: Path, **tables: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_bytes(text.encode("utf-8"))
    return folder


def small_world(folder: Path, **overrides: str) -> Path:
    """Two organizations, three people (one staff), an opportunity with a chain, a meeting."""
    tables = dict(
        organizations="id,name,kind,tier\nus,Helix,own,\nacme,Acme,customer,A\n",
        people=PEOPLE_HEADER + "\n"
               "s1,Sam Staff,AR lead,manager,sam@helix.example,,AR,\n"
               "p1,\"Zoë Ångström, CIO\",CIO,c_level,zoe@acme.example,,,\"line one\nline two\"\n"
               "p2,李娜,\"Head of \"\"Ops\"\"\",vp,,,,\n",
        employment="person_id,organization_id,title,since\ns1,us,AR lead,2020-01-01\n"
                   "p1,acme,CIO,2019-05-01\np2,acme,Head of Ops,\n",
        relationships="staff_id,person_id,strength\ns1,p1,3\n",
        opportunities="id,name,customer_id,amount,currency,close_date\n"
                      "op1,Core network,acme,250000,EUR,2027-03-31\n",
        decision_chain="person_id,opportunity_id,roles,stance\n"
                       "p1,op1,decision_maker;approver,supporter\np2,op1,user,\n",
        activities="id,kind,date,subject,opportunity_id\n"
                   "a1,meeting,2026-10-01,Kick-off,op1\n",
        attendees="activity_id,person_id\na1,s1\na1,p1\n",
    )
    tables.update(overrides)
    return write_tables(folder, **tables)


def import_folder(graph, folder: Path):
    return apply_plan(graph, parse_native(folder))


def test_csv_with_bom_cjk_quotes_commas_and_line_breaks_is_read_exactly(graph, tmp_path):
    folder = small_world(tmp_path / "in")
    people = folder / "people.csv"
    people.write_bytes(b"\xef\xbb\xbf" + people.read_bytes())  # Excel's BOM
    summary = import_folder(graph, folder)
    rows = graph.run_auto("MATCH (p:Person) RETURN p.id AS id, p.name AS name, p.title AS title, "
                          "p.notes AS notes ORDER BY id")
    assert rows == [
        {"id": "p1", "name": "Zoë Ångström, CIO", "title": "CIO", "notes": "line one\nline two"},
        {"id": "p2", "name": "李娜", "title": 'Head of "Ops"', "notes": None},
        {"id": "s1", "name": "Sam Staff", "title": "AR lead", "notes": None},
    ]
    assert summary.load.totals() == {"created": 13, "updated": 0, "unchanged": 0, "kept": 0}
    chain = graph.run_auto("MATCH (:Person {id: 'p1'})-[r:IN_DECISION_CHAIN]->() "
                           "RETURN r.roles AS roles")
    assert chain == [{"roles": ["decision_maker", "approver"]}]


def test_importing_twice_creates_nothing_and_a_changed_row_is_an_update(graph, tmp_path):
    folder = small_world(tmp_path / "in")
    import_folder(graph, folder)
    before = graph_dump(graph)
    again = import_folder(graph, folder)
    assert again.load.totals() == {"created": 0, "updated": 0, "unchanged": 13, "kept": 0}
    assert graph_dump(graph) == before
    small_world(folder, relationships="staff_id,person_id,strength\ns1,p1,4\n")
    changed = import_folder(graph, folder)
    assert changed.load.totals() == {"created": 0, "updated": 1, "unchanged": 12, "kept": 0}
    assert +changed.load.updated == {"relationships": 1}


@pytest.mark.parametrize("target", ["export", "export.xlsx", "export.json"])
def test_export_then_import_into_an_empty_graph_reproduces_it_exactly(demo_graph, tmp_path,
                                                                      test_settings, target):
    graph = demo_graph
    graph.write("upsert_people", created_ms=None, rows=[{  # values that need care in every format
        "id": "tricky", "name": "=HYPERLINK(\"http://x\")", "title": "'quoted", "seniority": None,
        "email": None, "linkedin_url": None, "team_role": None,
        "notes": "a, b; \"c\"\nnext line <img src=x onerror=alert(1)>"}])
    before, counts = graph_dump(graph), graph_counts(graph)
    path = tmp_path / target
    export_native(graph, path)
    wipe_test_graph(graph, test_settings)
    summary = apply_plan(graph, parse_native(path))
    assert graph_dump(graph) == before
    assert graph_counts(graph) == counts
    assert summary.load.totals()["updated"] == summary.load.totals()["unchanged"] == 0
    if target == "export.json":
        second = tmp_path / "again.json"
        export_native(graph, second)
        # the same rows; only the export stamp (when, and the newest change set) differs
        documents = [json.loads(p.read_bytes()) for p in (second, path)]
        assert documents[0].pop("export_stamp") != documents[1].pop("export_stamp")
        assert documents[0] == documents[1]


def test_csv_export_defuses_formulas_and_xlsx_stores_text(demo_graph, tmp_path):
    demo_graph.write("upsert_people", created_ms=None, rows=[{
        "id": "tricky", "name": "=1+1", "title": None, "seniority": None, "email": None,
        "linkedin_url": None, "team_role": None, "notes": None}])
    export_native(demo_graph, tmp_path / "csv")
    assert "tricky,'=1+1," in (tmp_path / "csv" / "people.csv").read_text("utf-8-sig")
    export_native(demo_graph, tmp_path / "book.xlsx")
    from openpyxl import load_workbook
    sheet = load_workbook(tmp_path / "book.xlsx")["people"]
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "tricky")
    assert (cell.value, cell.data_type) == ("=1+1", "s")


BAD_FILES = {
    "wrong encoding": (
        {"people": None},
        "people.csv line 3: byte 0xeb is not UTF-8; save the file as UTF-8 "
        "(in Excel: 'CSV UTF-8 (comma delimited)')"),
    "missing column": (
        {"organizations": "id,kind\nus,own\n"},
        "organizations.csv line 1: field 'name': required column is missing from the header; "
        "found id, kind"),
    "unknown column": (
        {"organizations": "id,name,kind,colour\nus,Helix,own,blue\n"},
        "organizations.csv line 1: field 'colour': unknown column; expected only id, name, kind, "
        "tier, industry, country"),
    "unknown value": (
        {"decision_chain": "person_id,opportunity_id,roles,stance\np1,op1,user,fan\n"},
        "decision_chain.csv line 2 (p1 → op1): field 'stance': 'fan' is not allowed; expected one of "
        "champion, supporter, neutral, skeptic, opponent"),
    "dangling reference": (
        {"relationships": "staff_id,person_id,strength\ns1,p9,3\n"},
        "relationships.csv line 2 (s1 → p9): field 'person_id': 'p9' names no person"),
    "duplicate id": (
        {"opportunities": "id,name,customer_id\nop1,Core,acme\nop1,Again,acme\n"},
        "opportunities.csv line 3 (id op1): field 'id': duplicate id 'op1' (first at "
        "opportunities.csv line 2 (id op1))"),
    "bad date": (
        {"activities": "id,kind,date,subject\na1,meeting,2026-13-01,Kick-off\n"},
        "activities.csv line 2 (id a1): field 'date': Input should be a valid date or datetime, month "
        "value is outside expected range of 1-12 (got '2026-13-01')"),
    "bad number": (
        {"relationships": "staff_id,person_id,strength\ns1,p1,three\n"},
        "relationships.csv line 2 (s1 → p1): field 'strength': Input should be a valid integer, unable to "
        "parse string as an integer (got 'three')"),
    "strength out of range": (
        {"relationships": "staff_id,person_id,strength\ns1,p1,9\n"},
        "relationships.csv line 2 (s1 → p1): field 'strength': Input should be less than or equal to 5 "
        "(got '9')"),
    "unquoted comma": (
        {"organizations": "id,name,kind\nus,Helix, Inc,own\n"},
        "organizations.csv line 2: 4 fields but the header has 3; quote fields that contain "
        "commas"),
    "unknown table": (
        {"friends": "id\nx\n"},
        "friends.csv: unknown table 'friends'; expected one of " + ", ".join(table_columns())),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_rejected_with_file_line_and_column_and_changes_nothing(graph, tmp_path,
                                                                              case):
    import_folder(graph, small_world(tmp_path / "good"))
    graph.write("upsert_people", created_ms=None, rows=[{"id": "p9x", "name": "Other", "title": None,
                                        "seniority": None, "email": None, "linkedin_url": None,
                                        "team_role": None, "notes": None}])
    before, counts = graph_dump(graph), graph_counts(graph)
    overrides, expected = BAD_FILES[case]
    folder = small_world(tmp_path / "bad", **{k: v for k, v in overrides.items() if v})
    if case == "wrong encoding":
        (folder / "people.csv").write_bytes(
            (PEOPLE_HEADER + "\ns1,Sam,,,,,AR,\np1,Zoë,,,,,,\np2,Li,,,,,,\n").encode("latin-1"))
    with pytest.raises(ValidationError) as caught:
        import_folder(graph, folder)
    assert expected in str(caught.value).splitlines()
    assert graph_dump(graph) == before and graph_counts(graph) == counts


def test_json_errors_name_the_table_and_item(graph, tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps({"organizations": [{"id": "a", "name": "A", "kind": "customer"},
                                                  {"id": "b", "name": "B", "kind": "friend"}]}))
    with pytest.raises(ValidationError) as caught:
        check_dataset(graph, parse_native(path).dataset)
    assert str(caught.value) == ("data.json organizations item 2 (id b): field 'kind': 'friend' "
                                 "is not allowed; expected one of customer, competitor, "
                                 "partner, own")
    path.write_text('{"organizations": [}')
    with pytest.raises(ValidationError, match=r"data.json line 1: not valid JSON"):
        parse_native(path)


# --- issue 14: empty tables, and every problem of a file in one pass ------------------------

def test_an_export_with_empty_tables_imports_back_in_every_form(graph, tmp_path, test_settings):
    """The graph of issue 14: no units, conflicts, activities, attendees or org ties."""
    import_folder(graph, small_world(tmp_path / "in", activities="id,kind,date,subject\n",
                                     attendees="activity_id,person_id\n"))
    before = graph_dump(graph)
    for target in ("old.json", "old.xlsx", "old"):
        export_native(graph, tmp_path / target)
    document = json.loads((tmp_path / "old.json").read_text("utf-8"))
    assert document["units"] == document["conflicts"] == document["activities"] == []
    assert (tmp_path / "old" / "units.csv").read_text("utf-8-sig").strip() == \
        ",".join(table_columns()["units"])
    for target in ("old.json", "old.xlsx", "old"):
        wipe_test_graph(graph, test_settings)
        apply_plan(graph, parse_native(tmp_path / target))
        assert graph_dump(graph) == before, target


def test_an_absent_table_an_empty_list_and_an_empty_sheet_mean_no_rows(graph, tmp_path):
    path = tmp_path / "some.json"
    path.write_text(json.dumps({"organizations": [{"id": "acme", "name": "Acme",
                                                   "kind": "customer"}],
                                "units": [], "attendees": []}))
    assert apply_plan(graph, parse_native(path)).load.totals()["created"] == 1
    from openpyxl import Workbook
    book = Workbook()
    book.active.title = "organizations"
    book.active.append(["id", "name", "kind"])
    book.active.append(["helix", "Helix", "own"])
    book.create_sheet("units")                                   # no header at all
    book.create_sheet("people").append(["id", "name"])           # a header, no rows
    book.save(tmp_path / "some.xlsx")
    assert apply_plan(graph, parse_native(tmp_path / "some.xlsx")).load.totals()["created"] == 1
    assert graph.run_auto("MATCH (n:Organization) RETURN count(n) AS n") == [{"n": 2}]


def test_field_duplicate_and_reference_problems_come_together_naming_the_row(graph, tmp_path):
    folder = small_world(
        tmp_path / "bad",
        people=PEOPLE_HEADER + "\ns1,Sam,,,,,AR,\np1,Zoë,,,zoe at acme,,,\np2,Li,,,,,,\n"
               "p2,Li again,,,,,,\n",
        relationships="staff_id,person_id,strength\ns1,p1,3\ns1,p9,2\n",
        opportunities="id,name,customer_id,currency\nop1,Core network,acme,euro\n")
    with pytest.raises(ValidationError) as caught:
        check_dataset(graph, parse_native(folder).dataset)
    assert str(caught.value).splitlines() == [
        # field problems, each row named by its line and its id, the expectation in words
        "people.csv line 3 (id p1): field 'email': expected an email address like "
        "name@example.com (got 'zoe at acme')",
        "opportunities.csv line 2 (id op1): field 'currency': expected a currency code of "
        "three capital letters, like EUR (got 'euro')",
        # duplicates and references of the same files, in the same answer
        "people.csv line 5 (id p2): field 'id': duplicate id 'p2' (first at people.csv line 4 "
        "(id p2))",
        "relationships.csv line 3 (s1 → p9): field 'person_id': 'p9' names no person",
    ]  # p1 and op1 are rejected rows, not missing: nothing is reported as naming nothing


KILLER = """
import sys
from pathlib import Path
from powermap.config import load_settings
from powermap.graph.connection import open_graph
from powermap.importers.native import parse_native
from powermap.importers.plan import apply_plan

settings = load_settings({"data_dir": sys.argv[1], "neo4j_uri": None}, environ={})
with open_graph(settings, start_local=False) as graph:
    plan = parse_native(Path(sys.argv[2]))
    def progress(kind, n):
        print(kind, n, flush=True)
        if kind == "people":
            sys.stdin.readline()  # wait here, mid-transaction, until the test kills us
    apply_plan(graph, plan, progress)
"""


def test_an_import_killed_halfway_leaves_nothing_and_a_rerun_completes_it(graph, tmp_path,
                                                                          test_settings):
    bulk = "".join(f"bulk{i},Person {i},,,,,,\n" for i in range(12_000))
    folder = small_world(tmp_path / "big", people=PEOPLE_HEADER + "\ns1,Sam,,,,,AR,\n"
                         "p1,Zoë,,,,,,\np2,Li,,,,,,\n" + bulk)
    before = graph_counts(graph, history=True)
    child = subprocess.Popen([sys.executable, "-c", KILLER, str(test_settings.data_dir),
                              str(folder)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "NEO4J_URI": ""})
    lines = [child.stdout.readline() for _ in range(2)]
    assert lines[0].startswith("organizations") and lines[1].startswith("people 5000")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert graph_counts(graph, history=True) == before  # nothing of the killed import, no history
    summary = import_folder(graph, folder)
    assert summary.load.created["people"] == 12_003
    assert graph.run_auto("MATCH (p:Person) RETURN count(p) AS n") == [{"n": 12_003}]


def test_line_breaks_are_stored_one_way_and_control_characters_are_refused(graph, tmp_path):
    folder = small_world(tmp_path / "in", people=PEOPLE_HEADER + "\ns1,Sam,,,,,AR,\n"
                         "p1,Zoë,,,,,,\"one\r\ntwo\rthree\"\np2,Li\x0bNa,,,,,,\n")
    with pytest.raises(ValidationError) as caught:
        check_dataset(graph, parse_native(folder).dataset)
    assert str(caught.value) == ("people.csv line 6 (id p2): field 'name': contains the control "
                                 "character U+000B; text may hold tabs and line breaks, no other "
                                 "control characters (got 'Li\\x0bNa')")
    small_world(folder, people=PEOPLE_HEADER + "\ns1,Sam,,,,,AR,\np1,Zoë,,,,,,\"one\r\ntwo\rthree\""
                "\np2,Li,,,,,,\n")
    import_folder(graph, folder)
    assert graph.run_auto("MATCH (p:Person {id: 'p1'}) RETURN p.notes AS notes") == \
        [{"notes": "one\ntwo\nthree"}]
