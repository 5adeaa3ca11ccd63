"""Map node ids cannot be chosen by a user: a person whose id imitates a staff member's map
node stays a person beside the real staff member (issue 13, item 3)."""

from __future__ import annotations

from powermap.analysis.context import load_account, load_opportunity
from powermap.viz import powermap as maps
from tests.fixtures import World


def _impostor_world(graph):
    w = World()
    # Ann Account (s-ar) knows the decision maker; an editor adds a customer person whose id
    # is what the map used to call Ann's node.
    w.chain("p-dm", "decision_maker", "supporter")
    w.knows("s-ar", "p-dm", 4)
    w.person("staff:s-ar", "Mallory Impostor", "acme", title="Intern", seniority="individual")
    w.chain("staff:s-ar", "user", "opponent")
    w.knows("s-sr", "staff:s-ar", 2)
    return w.load(graph)


def _check(data):
    nodes = {n["id"]: n for n in data["nodes"]}
    # both are drawn, each with its own details
    person = data["details"]["staff:s-ar"]
    assert nodes["staff:s-ar"]["category"] == "person"
    assert person["kind"] == "person" and person["name"] == "Mallory Impostor"
    assert person["stance"] == "opponent"
    staff_ids = [n["id"] for n in data["nodes"] if n["category"] == "staff"]
    ann = [sid for sid in staff_ids if data["details"][sid]["name"] == "Ann Account"]
    assert len(ann) == 1 and ann[0] != "staff:s-ar"
    assert data["details"][ann[0]] == {"id": "s-ar", "kind": "staff", "name": "Ann Account",
                                       "team_role": "AR",
                                       "relationships": [{"person": "Dora Decider",
                                                          "strength": 4}]}
    # Ann's relationship edge starts at her own node, and the impostor's only thread is Sam's
    assert {(e["from"], e["to"]) for e in data["edges"] if e["kind"] == "relationship"} == {
        (ann[0], "p-dm"), (maps.staff_node_id("s-sr"), "staff:s-ar")}
    # no two nodes share an id
    assert len(nodes) == len(data["nodes"])


def test_a_person_named_like_a_staff_node_does_not_replace_it_on_the_account_map(graph):
    _impostor_world(graph)
    _check(maps.account_map(load_account(graph, "acme")))


def test_a_person_named_like_a_staff_node_does_not_replace_it_on_the_opportunity_map(graph):
    _impostor_world(graph)
    _check(maps.opportunity_map(load_opportunity(graph, "deal")))


def test_department_nodes_cannot_collide_with_people(graph):
    w = World()
    w.chain("p-dm", "decision_maker", "supporter")
    w.data.add("units", dict(id="acme-fin", name="Finance", organization_id="acme"))
    w.data.add("people", dict(id="unit:Finance", name="Uri Unit"))
    w.data.add("employment", dict(person_id="unit:Finance", organization_id="acme",
                                  unit_id="acme-fin"))
    w.data.add("people", dict(id="p-clerk", name="Carl Clerk"))
    w.data.add("employment", dict(person_id="p-clerk", organization_id="acme",
                                  unit_id="acme-fin"))
    w.chain("unit:Finance", "user", "neutral")
    w.load(graph)
    data = maps.account_map(load_account(graph, "acme"), max_people=3)
    assert data["grouped"]
    ids = [n["id"] for n in data["nodes"]]
    assert len(ids) == len(set(ids))
    assert data["details"]["unit:Finance"]["name"] == "Uri Unit"
    assert data["details"][maps.unit_node_id("Finance")] == {
        "id": maps.unit_node_id("Finance"), "kind": "department", "name": "Finance", "people": 1}
