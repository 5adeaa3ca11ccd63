"""Brokers: the Medici check on Padgett's Florentine families, and a hand-built account whose
finance and network sides meet in two people (issue 11, item 4)."""

from __future__ import annotations

import networkx as nx
import pytest

from powermap.analysis import brokers
from powermap.analysis.context import load_account
from powermap.analysis.gaps import gap_report
from powermap.graph.load import load_dataset
from powermap.model import Dataset
from powermap.viz import powermap as maps
from powermap.viz.text import gap_report_markdown
from tests.fixtures import TODAY, World


def test_the_medici_broker_florence_pure():
    found = brokers.find_brokers(nx.florentine_families_graph().edges, limit=None)
    assert found[0]["node"] == "Medici"
    assert found[0]["betweenness"] == pytest.approx(0.522, abs=0.001)
    assert found[0]["constraint"] == pytest.approx(0.210, abs=0.001)
    # the lowest constraint of every family with a tie
    florence = nx.florentine_families_graph()
    every = brokers.brokerage(brokers.tie_graph(florence.edges))
    tied = {k: v["constraint"] for k, v in every.items() if v["constraint"] is not None}
    assert min(tied, key=tied.get) == "Medici"


def test_the_medici_broker_florence_as_an_account(graph):
    """The families as the people of one customer, every marriage an influence edge both ways."""
    g = nx.florentine_families_graph()
    data = Dataset()
    data.add("organizations", dict(id="florence", name="Florence", kind="customer"))
    for family in sorted(g):
        data.add("people", dict(id=family.lower(), name=family))
        data.add("employment", dict(person_id=family.lower(), organization_id="florence"))
    for a, b in g.edges:
        for x, y in ((a, b), (b, a)):
            data.add("influence", dict(from_id=x.lower(), to_id=y.lower(), strength=3,
                                       kind="informal"))
    load_dataset(graph, data)
    context = load_account(graph, "florence")
    found = brokers.account_brokers(context)
    top = found[0]
    assert (top["id"], top["name"]) == ("medici", "Medici")
    assert top["betweenness"] == pytest.approx(0.522, abs=0.001)
    assert top["constraint"] == pytest.approx(0.210, abs=0.001)
    assert top["constraint"] == min(b["constraint"] for b in found)
    assert [b["name"] for b in found][:3] == ["Medici", "Guadagni", "Albizzi"]
    assert top["text"].startswith("Medici connects the people around ")
    # on the account map the Medici carry the broker marker, and their panel says why
    data = maps.account_map(context)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["medici"]["broker"] is True and nodes["pazzi"]["broker"] is False
    assert data["details"]["medici"]["broker"]["text"] == top["text"]


def _place(world: World, pid: str, unit: str) -> None:
    records = world.data.records["employment"]
    for i, record in enumerate(records):
        if record.person_id == pid:
            records[i] = record.model_copy(update={"unit_id": unit})


def finance_and_network(graph):
    """Finance: Abe Approver (CFO) with Fay, Fred and Cleo Commerce reporting to him, Fay and
    Fred influencing each other, Fred influencing Cleo. Network: Tim Tech (Head of IT) with
    Nia, Ned and Noor reporting to him, Nia → Ned → Noor. The only tie between the sides:
    Cleo influences Tim.

    By hand: 8 people have a tie; betweenness is normalised over the C(7,2) = 21 pairs of
    *other* people. Tim lies on every shortest path between the 4 finance people and Nia, Ned,
    Noor (12 pairs) and on one of the two between Nia and Noor (½): 12.5 / 21 = 0.595. Cleo
    lies on the 3 × 4 paths between Abe, Fay, Fred and the network side: 12 / 21 = 0.571. Abe
    and Fred each carry half of the paths from Fay to Cleo and on: 2.5 / 21 = 0.119, but their
    neighbours stay connected without them, so they bridge nothing.
    """
    w = World()
    w.data.add("units", dict(id="acme-fin", name="Finance", organization_id="acme"))
    w.data.add("units", dict(id="acme-net", name="Network", organization_id="acme"))
    for pid, name, unit, boss in (("f-fay", "Fay Ledger", "acme-fin", "p-ap"),
                                  ("f-fred", "Fred Budget", "acme-fin", "p-ap"),
                                  ("n-nia", "Nia Router", "acme-net", "p-te"),
                                  ("n-ned", "Ned Switch", "acme-net", "p-te"),
                                  ("n-noor", "Noor Fiber", "acme-net", "p-te")):
        w.person(pid, name, "acme", seniority="individual")
        _place(w, pid, unit)
        w.data.add("reports_to", dict(person_id=pid, manager_id=boss))
    for pid, unit in (("p-ap", "acme-fin"), ("p-ce", "acme-fin"), ("p-te", "acme-net")):
        _place(w, pid, unit)
    w.data.add("reports_to", dict(person_id="p-ce", manager_id="p-ap"))
    w.influence("f-fay", "f-fred", 3)
    w.influence("f-fred", "f-fay", 3)
    w.influence("f-fred", "p-ce", 2)
    w.influence("n-nia", "n-ned", 3)
    w.influence("n-ned", "n-noor", 3)
    w.influence("p-ce", "p-te", 4)
    w.chain("p-dm", "decision_maker", "supporter")
    w.chain("p-te", "technical_evaluator", None)
    w.chain("p-ce", "commercial_evaluator", "neutral")
    return w.load(graph)


def test_the_people_between_finance_and_network_are_named_in_the_gap_report(graph):
    finance_and_network(graph)
    report = gap_report(graph, "deal", today=TODAY).as_dict()
    found = report["summary"]["brokers"]
    assert [(b["name"], b["betweenness"]) for b in found] == [("Tim Tech", 0.595),
                                                              ("Cleo Commerce", 0.571)]
    assert found[0]["text"] == "Tim Tech connects the Network side with the Finance side."
    assert found[1]["text"] == "Cleo Commerce connects the Finance side with the Network side."
    assert [g["name"] for g in found[0]["groups"]] == ["Network", "Finance"]
    assert found[0]["groups"][1]["size"] == 4
    markdown = gap_report_markdown(report)
    assert "### Brokers" in markdown
    assert "Tim Tech connects the Network side with the Finance side." in markdown


def test_brokers_follow_a_departure(graph):
    """Without Cleo the two sides are apart: nobody bridges them any more."""
    finance_and_network(graph)
    report = gap_report(graph, "deal", today=TODAY, exclude=frozenset({"p-ce"})).as_dict()
    assert report["summary"]["brokers"] == []


def test_an_account_without_bridges_has_no_brokers():
    assert brokers.find_brokers([("a", "b"), ("b", "c"), ("c", "a")]) == []
    assert brokers.find_brokers([]) == []
    assert brokers.structure_brokers([{"id": "x", "name": "X", "seniority": None, "unit": None,
                                       "managers": []}], []) == []
