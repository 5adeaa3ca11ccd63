"""Undo of a change set: updates set back, deletions brought back, creations removed (nodes only
when nothing refers to them), later changes and a second undo refused."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from powermap import editing
from powermap.errors import NotFound, Refused
from powermap.history.changes import ChangeSet, delete_records
from powermap.history.undo import UndoBlocked, undo_change_set
from powermap.importers.native import parse_native
from powermap.importers.plan import apply_plan
from tests.support import graph_dump
from tests.test_import_native import PEOPLE_HEADER, small_world

P1 = {"roles": ["decision_maker", "approver"]}


def stance(graph, person: str = "p1") -> str | None:
    return graph.run_auto("MATCH (:Person {id: $p})-[r:IN_DECISION_CHAIN]->(:Opportunity "
                          "{id: 'op1'}) RETURN r.stance AS s", p=person)[0]["s"]


def set_stance(graph, value: str, seen: str | None, who: str = "bea") -> str:
    editing.set_chain_member(graph, "op1", "p1", {**P1, "stance": value,
                                                  "expected": {**P1, "stance": seen}}, who)
    return newest_set(graph)


def newest_set(graph) -> str:
    return graph.run_auto("MATCH (cs:ChangeSet) RETURN cs.id AS id ORDER BY cs.at DESC "
                          "LIMIT 1")[0]["id"]


@pytest.fixture
def world(graph, tmp_path):
    apply_plan(graph, parse_native(small_world(tmp_path / "in")), who="ada")
    return graph


def test_undo_of_an_update_sets_the_values_back_as_a_new_change_set(world):
    before = graph_dump(world)
    edit = set_stance(world, "opponent", "supporter")
    result = undo_change_set(world, edit, "carl")
    assert stance(world) == "supporter"
    assert graph_dump(world) == before
    assert (result.updated, result.created, result.deleted) == (1, 0, 0)
    row = world.run_auto("MATCH (cs:ChangeSet {id: $id}) RETURN cs.who AS who, cs.via AS via, "
                         "cs.what AS what, cs.undoes AS undoes", id=result.change_set)[0]
    assert row == {"who": "carl", "via": "undo", "what": f"undo of {edit}", "undoes": edit}
    with pytest.raises(Refused, match="undone already, by carl"):
        undo_change_set(world, edit, "carl")


def test_undo_of_a_deletion_brings_the_record_back(world):
    before = graph_dump(world)
    cs = ChangeSet(who="bea", via="web", what="remove relationship")

    def work(tx):
        delete_records(tx, cs, "relationships", [("s1", "p1")])
        cs.close(tx)
    world.write_tx(work)
    assert graph_dump(world) != before
    result = undo_change_set(world, cs.id, "carl")
    assert result.created == 1
    assert graph_dump(world) == before


def test_undo_of_an_edge_creation_deletes_the_edge(world):
    before = graph_dump(world)
    editing.set_influence(world, "p1", "p2", {"strength": 4}, "bea")
    undo_change_set(world, newest_set(world), "carl")
    assert graph_dump(world) == before


def test_undo_of_a_node_creation_deletes_it_unless_something_refers_to_it(world):
    before = graph_dump(world)
    editing.add_person(world, {"id": "px", "name": "Pat New", "organization_id": "acme"}, "bea")
    added = newest_set(world)
    result = undo_change_set(world, added, "carl")
    assert (result.deleted, graph_dump(world)) == (2, before)   # the person and the employment

    undo_change_set(world, result.change_set, "carl")           # redo: the person is back
    assert world.run_auto("MATCH (p:Person {id: 'px'}) RETURN p.name AS n")[0]["n"] == "Pat New"
    world2 = world
    editing.add_person(world2, {"id": "py", "name": "Pia Later", "organization_id": "acme"}, "bea")
    again = newest_set(world2)
    editing.set_relationship(world2, "s1", "py", {"strength": 3}, "bea")
    counts = graph_dump(world2, history=True)
    with pytest.raises(Refused) as e:
        undo_change_set(world2, again, "carl")
    assert "py (people) is referred to by Sam Staff (s1) through" in str(e.value)
    assert graph_dump(world2, history=True) == counts


def test_a_later_change_blocks_the_undo_unless_forced(world):
    first = set_stance(world, "opponent", "supporter")
    second = set_stance(world, "champion", "opponent", who="dora")
    with pytest.raises(UndoBlocked) as e:
        undo_change_set(world, first, "carl")
    assert [(c["set"], c["who"], c["fields"]) for c in e.value.later] == [
        (second, "dora", ["source", "stance"])]     # web:bea → web:dora, opponent → champion
    assert f"change set {second} (set role and stance) by dora" in str(e.value)
    assert stance(world) == "champion"
    undo_change_set(world, first, "carl", force=True)
    assert stance(world) == "supporter"


def test_a_later_change_of_other_fields_does_not_block_but_one_to_a_created_record_does(
        world, tmp_path):
    def people(title: str, seniority: str) -> str:
        return (PEOPLE_HEADER + "\ns1,Sam Staff,AR lead,manager,sam@helix.example,,AR,\n"
                "p1,\"Zoë Ångström, CIO\",CIO,c_level,zoe@acme.example,,,\"line one\nline two\"\n"
                f"p2,李娜,{title},{seniority},,,,\n")
    first = apply_plan(world, parse_native(small_world(tmp_path / "a", people=people(
        "Head of Ops", "vp")))).load.changeset
    apply_plan(world, parse_native(small_world(tmp_path / "b", people=people(
        "Head of Ops", "director"))))
    undo_change_set(world, first, "carl")          # the title only; the seniority stays
    assert world.run_auto("MATCH (p:Person {id: 'p2'}) RETURN p.title AS t, p.seniority AS s"
                          )[0] == {"t": 'Head of "Ops"', "s": "director"}
    the_import = world.run_auto("MATCH (cs:ChangeSet) RETURN cs.id AS id ORDER BY cs.at "
                                "LIMIT 1")[0]["id"]
    with pytest.raises(UndoBlocked) as e:       # p2 was created by the first import
        undo_change_set(world, the_import, "carl")
    assert ("update", "people", ["p2"]) in [(c["op"], c["kind"], c["key"]) for c in e.value.later]


def test_unknown_change_set_and_the_cli(world, test_settings):
    with pytest.raises(NotFound):
        undo_change_set(world, "nope", "carl")
    from powermap.cli import main
    edit = set_stance(world, "opponent", "supporter")
    out = CliRunner().invoke(main, ["undo", edit], obj=test_settings)
    assert out.exit_code == 0, out.output
    assert f"Undid change set {edit} as change set" in out.output
    assert stance(world) == "supporter"
    again = CliRunner().invoke(main, ["undo", edit], obj=test_settings)
    assert again.exit_code == 1 and "undone already" in again.output
