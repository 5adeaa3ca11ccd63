"""Imports never silently undo newer work: export stamps, the field-level preview, conflicts,
--overwrite, and who and which file every import is recorded as."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from powermap import editing
from powermap.errors import ImportConflict
from powermap.history.undo import undo_change_set
from powermap.importers.native import export_native, parse_native
from powermap.importers.plan import apply_plan, preview_lines, preview_plan
from tests.support import graph_counts, graph_dump
from tests.test_import_native import PEOPLE_HEADER, small_world


def chain(graph) -> dict[str, str | None]:
    rows = graph.run_auto("MATCH (p:Person)-[r:IN_DECISION_CHAIN]->(:Opportunity {id: 'op1'}) "
                          "RETURN p.id AS id, r.stance AS stance ORDER BY id")
    return {r["id"]: r["stance"] for r in rows}


def change_sets(graph) -> list[dict]:
    return graph.run_auto("MATCH (cs:ChangeSet) RETURN cs.id AS id, cs.who AS who, cs.via AS via, "
                          "cs.what AS what, cs.file AS file, cs.updated AS updated "
                          "ORDER BY cs.at")


@pytest.mark.parametrize("target", ["export.json", "export", "export.xlsx"])
def test_every_export_form_carries_a_stamp_the_parser_reads(graph, tmp_path, target):
    summary = apply_plan(graph, parse_native(small_world(tmp_path / "in")), who="ada")
    before = dt.datetime.now(dt.timezone.utc)
    export_native(graph, tmp_path / target)
    after = dt.datetime.now(dt.timezone.utc)
    stamp = parse_native(tmp_path / target).stamp
    assert stamp.change_set == summary.load.changeset
    assert before <= stamp.at <= after and stamp.at.tzinfo is not None
    if target == "export":
        assert (tmp_path / target / "export_stamp.csv").exists()


def test_a_file_without_a_stamp_has_none_and_a_broken_stamp_is_refused(graph, tmp_path):
    folder = small_world(tmp_path / "in")
    assert parse_native(folder).stamp is None
    (folder / "export_stamp.csv").write_text("exported_at,change_set\nyesterday,abc\n")
    from powermap.errors import ValidationError
    with pytest.raises(ValidationError) as e:
        parse_native(folder)
    assert "export_stamp.csv line 2" in str(e.value) and "exported_at" in str(e.value)


def test_the_preview_lists_exact_field_changes_and_writes_nothing(graph, tmp_path):
    apply_plan(graph, parse_native(small_world(tmp_path / "in")))
    changed = small_world(tmp_path / "changed", people=PEOPLE_HEADER + "\n"
                          "s1,Sam Staff,AR lead,manager,sam@helix.example,,AR,\n"
                          "p1,\"Zoë Ångström, CIO\",CIO,c_level,zoe@acme.example,,,\"line one\nline two\"\n"
                          "p2,李娜,Head of Operations,director,,,,\n"
                          "p3,New Person,,,,,,\n")
    counts = graph_counts(graph, history=True)
    preview = preview_plan(graph, parse_native(changed))
    assert graph_counts(graph, history=True) == counts
    assert [(u.kind, u.key, u.before, u.after) for u in preview.load.updates] == [
        ("people", ("p2",), {"title": 'Head of "Ops"', "seniority": "vp"},
         {"title": "Head of Operations", "seniority": "director"})]
    assert preview.load.totals()["created"] == 1
    lines = preview_lines(preview)
    assert "  people: 1 would be created" in lines
    assert "  update people p2:" in lines
    assert '    title: Head of "Ops" → Head of Operations' in lines
    assert "    seniority: vp → director" in lines


def test_the_stale_reimport_story(graph, tmp_path):
    """Export; two stances change in the web app; the old export comes back."""
    apply_plan(graph, parse_native(small_world(tmp_path / "in")), who="ada", file="in")
    export_native(graph, tmp_path / "old.json")
    editing.set_chain_member(graph, "op1", "p1", {"roles": ["decision_maker", "approver"],
                             "stance": "opponent", "expected": {"roles": ["decision_maker",
                                                                          "approver"],
                                                                "stance": "supporter"}}, "bea")
    editing.set_chain_member(graph, "op1", "p2", {"roles": ["user"], "stance": "skeptic",
                             "expected": {"roles": ["user"], "stance": None}}, "bea")
    web_values = chain(graph)
    assert web_values == {"p1": "opponent", "p2": "skeptic"}
    counts = graph_counts(graph, history=True)

    with pytest.raises(ImportConflict) as e:
        apply_plan(graph, parse_native(tmp_path / "old.json"), who="carl", file="old.json")
    conflicts = e.value.conflicts
    stances = [c for c in conflicts if c["field"] == "stance"]
    assert [(c["key"], c["file_value"], c["graph_value"], c["changed_by"]) for c in stances] == [
        (["p1", "op1"], "supporter", "opponent", "bea"), (["p2", "op1"], None, "skeptic", "bea")]
    assert all(c["where"].startswith("old.json decision_chain item ") for c in conflicts)
    # the web edit also stamped source and as_of (its confidence, 1.0, is the file's too)
    assert {c["field"] for c in conflicts} == {"stance", "source", "as_of"}
    assert "changed by bea on" in str(e.value)
    assert graph_counts(graph, history=True) == counts      # nothing written, nothing recorded
    assert chain(graph) == web_values

    summary = apply_plan(graph, parse_native(tmp_path / "old.json"), who="carl",
                         file="old.json", overwrite=True)
    assert chain(graph) == {"p1": "supporter", "p2": None}
    last = change_sets(graph)[-1]
    assert (last["id"], last["who"], last["via"], last["what"], last["file"], last["updated"]) \
        == (summary.load.changeset, "carl", "import", "native import of old.json", "old.json", 2)

    undo_change_set(graph, summary.load.changeset, "ada")
    assert chain(graph) == web_values


def test_a_change_before_the_stamp_is_no_conflict(graph, tmp_path):
    apply_plan(graph, parse_native(small_world(tmp_path / "in")))
    editing.set_chain_member(graph, "op1", "p2", {"roles": ["user"], "stance": "skeptic",
                             "expected": {"roles": ["user"], "stance": None}}, "bea")
    export_native(graph, tmp_path / "new.json")
    document = json.loads((tmp_path / "new.json").read_text("utf-8"))
    for row in document["decision_chain"]:
        if row["person_id"] == "p2":
            row["stance"] = "champion"
    (tmp_path / "new.json").write_text(json.dumps(document), "utf-8")
    plan = parse_native(tmp_path / "new.json")
    assert preview_plan(graph, plan).load.conflicts == []
    apply_plan(graph, plan, who="ada")
    assert chain(graph)["p2"] == "champion"


def test_cli_import_check_previews_and_overwrite_is_needed(graph, test_settings, tmp_path):
    from powermap.cli import main
    apply_plan(graph, parse_native(small_world(tmp_path / "in")))
    export_native(graph, tmp_path / "old.json")
    editing.set_chain_member(graph, "op1", "p2", {"roles": ["user"], "stance": "skeptic",
                             "expected": {"roles": ["user"], "stance": None}}, "bea")
    runner = CliRunner()
    check = runner.invoke(main, ["import", "native", str(tmp_path / "old.json"), "--check"],
                          obj=test_settings)
    assert check.exit_code == 0, check.output
    assert "    stance: skeptic → (empty)" in check.output
    assert "conflict(s)" in check.output and "changed by bea" in check.output
    before = graph_dump(graph, history=True)
    refused = runner.invoke(main, ["import", "native", str(tmp_path / "old.json")],
                            obj=test_settings)
    assert refused.exit_code == 1 and "--overwrite" in refused.output
    assert graph_dump(graph, history=True) == before
    done = runner.invoke(main, ["import", "native", str(tmp_path / "old.json"), "--overwrite"],
                         obj=test_settings)
    assert done.exit_code == 0, done.output
    assert chain(graph)["p2"] is None
    last = change_sets(graph)[-1]
    assert last["who"].startswith("(cli) ") and last["file"] == "old.json"
