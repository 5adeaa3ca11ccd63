"""The demo portfolio holds what it promises."""

from __future__ import annotations

import pytest

from powermap.errors import Refused
from powermap.importers.demo import load_demo


def one(graph, query, **params):
    return graph.run_auto(query, **params)[0]


def test_the_demo_has_the_promised_counts(demo_graph):
    g = demo_graph
    tiers = one(g, "MATCH (o:Organization {kind: 'customer'}) "
                   "RETURN count(o) AS n, collect(DISTINCT o.tier) AS tiers")
    assert tiers["n"] >= 3 and len(tiers["tiers"]) >= 3
    kinds = {r["kind"]: r["n"] for r in g.run_auto(
        "MATCH (o:Organization) RETURN o.kind AS kind, count(*) AS n")}
    assert kinds["competitor"] == 2 and kinds["partner"] >= 1 and kinds["own"] == 1
    staff = one(g, "MATCH (s:Staff)-[w:WORKS_FOR]->(:Organization {kind: 'own'}) "
                   "WHERE w.until IS NULL "
                   "RETURN count(DISTINCT s) AS n, collect(DISTINCT s.team_role) AS roles")
    assert staff["n"] >= 8 and {"AR", "SR", "FR"} <= set(staff["roles"])
    people = one(g, "MATCH (p:Person)-[w:WORKS_FOR]->(:Organization {kind: 'customer'}) "
                    "WHERE w.until IS NULL AND NOT p:Staff "
                    "OPTIONAL MATCH (p)-[m:MEMBER_OF]->(u:Unit) WHERE m.until IS NULL "
                    "RETURN count(DISTINCT p) AS n, count(DISTINCT u) AS units, "
                    "count(u) AS with_unit")
    assert people["n"] >= 60 and people["units"] >= 12 and people["with_unit"] == people["n"]
    assert one(g, "MATCH ()-[r:REPORTS_TO]->() RETURN count(r) AS n")["n"] >= 50


def test_informal_influence_crosses_the_org_chart(demo_graph):
    crossing = one(demo_graph, """
        MATCH (a:Person)-[i:INFLUENCES {kind: 'informal'}]->(b:Person),
              (a)-[:MEMBER_OF]->(ua:Unit), (b)-[:MEMBER_OF]->(ub:Unit)
        WHERE ua <> ub AND NOT (a)-[:REPORTS_TO]->(b)
        RETURN count(*) AS n""")["n"]
    assert crossing >= 3


def test_opportunities_chains_and_a_year_of_activities(demo_graph):
    chains = demo_graph.run_auto("""
        MATCH (o:Opportunity)<-[m:IN_DECISION_CHAIN]-()
        RETURN o.id AS id, count(m) AS members""")
    assert len(chains) >= 4 and all(c["members"] >= 3 for c in chains)
    span = one(demo_graph, "MATCH (a:Activity) RETURN min(a.date) AS first, max(a.date) AS last, "
                           "count(a) AS n")
    assert span["n"] >= 12
    assert (span["last"].to_native() - span["first"].to_native()).days >= 300


def test_a_mover_from_a_competitor_and_an_advisor_at_two_customers(demo_graph):
    mover = demo_graph.run_auto("""
        MATCH (:Organization {kind: 'competitor'})<-[old:WORKS_FOR]-(p:Person)
              -[now:WORKS_FOR]->(:Organization {kind: 'customer'})
        WHERE old.until IS NOT NULL AND now.until IS NULL
        RETURN p.name AS name""")
    assert [m["name"] for m in mover] == ["Marcus Feld"]
    advisor = demo_graph.run_auto("""
        MATCH (a:Person)-[:INFLUENCES {kind: 'advisor'}]->(p:Person)-[w:WORKS_FOR]->
              (c:Organization {kind: 'customer'})
        WHERE w.until IS NULL
        WITH a, count(DISTINCT c) AS customers WHERE customers >= 2
        RETURN a.name AS name""")
    assert [a["name"] for a in advisor] == ["Dr. Helen Park"]


def test_a_non_empty_graph_is_refused_and_force_does_not_duplicate(demo_graph):
    before = demo_graph.read("count_graph")
    with pytest.raises(Refused, match="not empty"):
        load_demo(demo_graph)
    load_demo(demo_graph, force=True)
    assert demo_graph.read("count_graph") == before
