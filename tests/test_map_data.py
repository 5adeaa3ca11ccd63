"""What the power map's JSON says about each person (powermap/viz/powermap.py), on a small
hand-built account read from the real Neo4j.

The world (worked out by hand):

- Acme has two open opportunities: "The Deal" (no amount) and "Big Deal" (amount 900,000),
  so an account map shows the stances of Big Deal first.
- Dora Decider (CEO) is the decision maker of both: champion in The Deal, opponent in Big Deal.
  Across the deals she is *mixed*, never the worse of the two.
- Abe Approver (CFO) approves The Deal; nobody of ours knows him: coverage "none".
- Tim Tech (Head of IT, reports to Dora) is a skeptic technical evaluator who favors Rival
  (4/5) over us (0/5): held by Rival, and his fill stays the skeptic's.
- Cleo Commerce is known by Ann (4) and Sam (3): two threads, "multi"; Uma User by Ann (2)
  only: "single" (a strength of 1 is no thread).
- Olga Outside, a partner at Elsewhere, advises Dora (influence 4): an outsider, drawn in the
  band below the customer's org chart (Dora level 0, Tim level 1, outsiders level 2, our staff
  level 3).
- Cora Coach has no recorded stance; her only influencer is Cleo, a supporter (+1), with
  strength 4. The gap report's estimate (docs/analyses.md, λ = 1): f = 4·1/(4+1) = 0.8,
  r = 4/(4+1) = 0.8, score = f/r = 1.0 → supporter, confidence = 0.8·1.0/2 = 0.4. Abe has no
  influencer: no evidence reaches him (confidence 0), so no estimate.
"""

from __future__ import annotations

import pytest

from powermap.analysis.context import load_account, load_opportunity
from powermap.analysis.gaps import gap_report
from powermap.viz import powermap as maps
from tests.fixtures import TODAY, World


def _world(graph):
    w = World()
    w.data.add("opportunities", dict(id="big", name="Big Deal", customer_id="acme",
                                     amount=900_000, currency="EUR"))
    w.chain("p-dm", "decision_maker", "champion")
    w.chain("p-dm", "decision_maker", "opponent", opportunity="big")
    w.chain("p-ap", "approver", None)
    w.chain("p-te", "technical_evaluator", "skeptic")
    w.favors("p-te", "rival", 4)
    w.chain("p-ce", "commercial_evaluator", "supporter")
    w.knows("s-ar", "p-ce", 4)
    w.knows("s-sr", "p-ce", 3)
    w.chain("p-us", "user", "neutral")
    w.knows("s-ar", "p-us", 2)
    w.knows("s-sr", "p-us", 1)
    w.knows("s-ar", "p-dm", 4)
    w.data.add("reports_to", dict(person_id="p-te", manager_id="p-dm"))
    w.person("p-out", "Olga Outside", "elsewhere", title="Partner")
    w.influence("p-out", "p-dm", 4, kind="advisor")
    w.chain("p-co", "coach", None)
    w.influence("p-ce", "p-co", 4)
    return w.load(graph)


def _nodes(data):
    return {n["id"]: n for n in data["nodes"]}


def test_an_account_map_keeps_the_stance_per_deal_and_shows_the_most_important_deal(graph):
    _world(graph)
    data = maps.account_map(load_account(graph, "acme"),
                            opportunities=[{"id": "deal", "name": "The Deal", "amount": None},
                                           {"id": "big", "name": "Big Deal", "amount": 900_000}])
    dora = _nodes(data)["p-dm"]
    assert data["stance_in"] == "big"
    # in the order of their ids, named from what the caller passed
    assert [o["name"] for o in data["opportunities"]] == ["Big Deal", "The Deal"]
    assert dora["stances"] == {"deal": "champion", "big": "opponent"}
    assert dora["stance"] == "opponent"
    assert dora["stance_across"] == "mixed"
    assert dora["color"]["background"] == maps.STANCES["opponent"]["fill"]
    # Tim is in The Deal only: unknown in Big Deal, skeptic across deals
    tim = _nodes(data)["p-te"]
    assert (tim["stance"], tim["stance_across"]) == ("unknown", "skeptic")


def test_held_keeps_the_stance_and_names_the_competitor_in_its_colour(graph):
    _world(graph)
    tim = _nodes(maps.opportunity_map(load_opportunity(graph, "deal")))["p-te"]
    assert tim["stance"] == "skeptic"
    assert tim["color"]["background"] == maps.STANCES["skeptic"]["fill"]
    assert tim["held"] is True
    assert tim["holds"] == [{"competitor": "Rival", "color": maps.COMPETITOR_COLORS[0],
                             "evidence": tim["holds"][0]["evidence"]}]
    assert tim["holds"][0]["evidence"].startswith("favors Rival (4/5) over us (0/5)")


def test_coverage_levels_and_role_badges(graph):
    _world(graph)
    nodes = _nodes(maps.opportunity_map(load_opportunity(graph, "deal")))
    assert {pid: nodes[pid]["coverage"] for pid in ("p-ap", "p-us", "p-ce", "p-dm")} == {
        "p-ap": "none", "p-us": "single", "p-ce": "multi", "p-dm": "single"}
    assert [nodes[pid]["threads"] for pid in ("p-ap", "p-us", "p-ce")] == [0, 1, 2]
    assert {pid: nodes[pid]["badge"] for pid in ("p-dm", "p-ap", "p-te", "p-ce", "p-us")} == {
        "p-dm": "DM", "p-ap": "AP", "p-te": "TE", "p-ce": "CE", "p-us": "U"}
    assert nodes["p-ap"]["stance"] == "unknown"


def test_outsiders_sit_in_a_band_below_the_customer_and_staff_below_them(graph):
    _world(graph)
    for data in (maps.opportunity_map(load_opportunity(graph, "deal"),
                                      reporting=[{"person_id": "p-te", "manager_id": "p-dm"}]),
                 maps.account_map(load_account(graph, "acme"),
                                  reporting=[{"person_id": "p-te", "manager_id": "p-dm"}])):
        nodes = _nodes(data)
        assert nodes["p-out"]["band"] == "outside" and nodes["p-dm"]["band"] == "customer"
        assert (nodes["p-dm"]["level"], nodes["p-te"]["level"]) == (0, 1)
        assert nodes["p-out"]["level"] == 2 == data["bands"]["outside"]
        staff = [n for n in data["nodes"] if n["category"] == "staff"]
        assert staff and all(n["level"] == 3 and n["band"] == "staff" for n in staff)


def test_the_legend_is_drawn_from_the_style_table(graph):
    _world(graph)
    data = maps.opportunity_map(load_opportunity(graph, "deal"))
    legend, style = data["legend"], data["style"]
    # six stances on an opportunity map, each its own fill or pattern and its own sign
    six = [s for s in legend["stances"] if s != "mixed"]
    assert six == ["champion", "supporter", "neutral", "skeptic", "opponent", "unknown"]
    assert len({(style["stances"][s]["fill"], style["stances"][s].get("hatch"))
                for s in six}) == 6
    assert len({style["stances"][s]["glyph"] for s in legend["stances"]}) == 7
    assert all(style["roles"][r]["badge"] for r in legend["roles"] if r != "none")
    assert set(legend["coverage"]) == {"none", "single", "multi"}
    assert style["coverage"]["none"]["tag"] == "no contact"


def test_an_estimated_stance_stays_unknown_and_says_what_it_estimates(graph):
    _world(graph)
    report = gap_report(graph, "deal", today=TODAY).as_dict()
    nodes = _nodes(maps.opportunity_map(load_opportunity(graph, "deal"), report))
    cora = nodes["p-co"]
    assert cora["stance"] == "unknown"      # an estimate is never shown as a fact
    assert cora["estimate"]["stance"] == "supporter"
    assert cora["estimate"]["confidence"] == pytest.approx(0.4, abs=0.001)
    assert nodes["p-ap"]["estimate"] is None
    assert nodes["p-ce"]["estimate"] is None   # recorded: nothing to estimate
