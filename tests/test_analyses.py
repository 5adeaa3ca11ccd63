"""Single points of contact, competitors, paths, what-if and cross-customer queries, on
hand-built worlds whose answers were worked out by hand."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from powermap.analysis.competitors import competitors_report
from powermap.analysis.crosscustomer import cross_customer, who_knows
from powermap.analysis.paths import paths_report
from powermap.analysis.spof import spof_report
from powermap.analysis.whatif import whatif
from powermap.cli import main
from powermap.errors import NotFound
from tests.fixtures import TODAY, World


def spof_world() -> World:
    """Dora (decision maker) is known only to Ann; Cora (coach) is known to Ann and Eve and
    influences nobody; Tim is known to Sam alone and influences Dora."""
    w = World()
    w.chain("p-dm", "decision_maker", "champion")
    w.chain("p-co", "coach", "supporter")
    w.chain("p-te", "technical_evaluator", "neutral")
    w.knows("s-ar", "p-dm", 4)
    w.knows("s-ar", "p-co", 3)
    w.knows("s-ex", "p-co", 4)
    w.knows("s-sr", "p-te", 3)
    return w


def test_spof_single_threads_and_the_departure_that_cuts(graph):
    spof_world().load(graph)
    acme = spof_report(graph, "acme", today=TODAY)["accounts"][0]
    assert [(p["id"], p["staff"]["id"]) for p in acme["single_threaded"]] == [
        ("p-dm", "s-ar"), ("p-te", "s-sr")]
    # Without Ann nobody reaches Dora: Sam reaches Tim, but Tim does not influence Dora yet.
    assert acme["departures_that_cut"] == [
        {"staff": {"id": "s-ar", "name": "Ann Account"},
         "decision_makers": [{"id": "p-dm", "name": "Dora Decider"}]}]
    # Executives count as key even without a role: Abe (CFO) has no thread at all.
    assert [p["id"] for p in acme["no_thread"]] == ["p-ap"]


def test_an_influence_path_removes_the_cut(graph):
    w = spof_world()
    w.influence("p-te", "p-dm", 3)            # now Sam → Tim → Dora
    w.load(graph)
    acme = spof_report(graph, "acme", today=TODAY)["accounts"][0]
    assert acme["departures_that_cut"] == []


def test_whatif_a_staff_member_leaves(graph):
    spof_world().load(graph)
    result = whatif(graph, "s-ar", opportunity_id="deal", today=TODAY)
    acme = result["accounts"][0]
    assert [p["id"] for p in acme["newly_unreachable_decision_makers"]] == ["p-dm"]
    assert [p["id"] for p in acme["newly_without_thread"]] == ["p-dm"]
    assert [p["id"] for p in acme["newly_single_threaded"]] == ["p-co"]   # Eve alone now
    deal = result["opportunities"][0]
    assert {"role": "decision_maker", "before": "covered", "after": "uncovered"} in deal["roles_changed"]
    assert any(f["kind"] == "uncovered" and f["people"][0]["id"] == "p-dm"
               for f in deal["new_findings"])


def test_whatif_a_customer_person_leaves(graph):
    spof_world().load(graph)
    result = whatif(graph, "p-te", today=TODAY)   # finds the deal by itself
    deal = result["opportunities"][0]
    assert deal["opportunity"]["id"] == "deal"
    assert {"role": "technical_evaluator", "before": "covered", "after": "missing"} in deal["roles_changed"]


def test_competitor_share_worked_out_by_hand(graph):
    w = World()
    w.chain("p-dm", "decision_maker", "supporter")   # power 75
    w.chain("p-te", "technical_evaluator", "neutral")   # power 48.5
    w.favors("p-te", "rival", 3)
    w.load(graph)
    result = competitors_report(graph, opportunity_id="deal", today=TODAY)
    scope = result["scopes"][0]
    assert [(h["person"]["id"], h["reason"], h["power"]) for h in scope["held"]] == [
        ("p-te", "favors", 48.5)]
    assert scope["share"] == {"rival": round(48.5 / 123.5, 3)}
    assert result["by_competitor"][0]["people"] == 1


def test_a_competitor_with_no_supporters(graph):
    World().healthy().load(graph)
    result = competitors_report(graph, competitor_id="rival", today=TODAY)
    assert all(scope["held"] == [] for scope in result["scopes"])
    assert result["by_competitor"] == []


def test_paths_strongest_first_and_from_one_staff_member(graph):
    w = World()
    w.knows("s-ar", "p-co", 5, met_days_ago=None)
    w.influence("p-co", "p-te", 5)
    w.influence("p-te", "p-ap", 4)             # Ann → Cora → Tim → Abe: 1 · 1 · 0.8 = 0.8
    w.knows("s-jr", "p-ap", 2, met_days_ago=None)   # Jo → Abe: 0.4
    w.load(graph)
    result = paths_report(graph, "p-ap")
    assert [[p["id"] for p in path["people"]] for path in result["paths"]] == [
        ["s-ar", "p-co", "p-te", "p-ap"], ["s-jr", "p-ap"]]
    assert result["paths"][0]["score"] == 0.8
    assert result["paths"][0]["introduction"] == (
        "Ask Cora Coach to introduce Ann Account to Abe Approver through Tim Tech.")
    only_jo = paths_report(graph, "p-ap", from_staff="s-jr")
    assert len(only_jo["paths"]) == 1
    with pytest.raises(NotFound):
        paths_report(graph, "p-ap", from_staff="p-dm")   # not a staff member


def test_cross_customer_questions(graph):
    w = World()
    w.person("p-mover", "Max Mover", "rival", since="2015-01-01", until="2023-12-31")
    w.employ("p-mover", "acme", since="2024-01-01")
    w.person("p-beta", "Bea Beta", "beta")
    w.person("p-adv", "Ada Advisor", "elsewhere")
    w.influence("p-adv", "p-dm", 4, kind="advisor")
    w.influence("p-adv", "p-beta", 3, kind="advisor")
    w.knows("s-ar", "p-dm", 3)
    w.knows("s-ar", "p-beta", 2)
    w.knows("s-jr", "p-beta", 1)               # too weak to span
    w.data.add("opportunities", dict(id="deal2", name="Deal Two", customer_id="acme"))
    w.chain("p-co", "coach", "champion")
    w.chain("p-co", "user", "opponent", opportunity="deal2")
    w.load(graph)
    movers = cross_customer(graph, "movers")["rows"]
    assert [(m["person"]["id"], m["from_org"]["id"], m["to_org"]["id"],
             m["competitor_to_customer"]) for m in movers] == [("p-mover", "rival", "acme", True)]
    spanners = cross_customer(graph, "spanners")["rows"]
    assert [(s["staff"]["id"], s["account_count"]) for s in spanners] == [("s-ar", 2)]
    advisors = cross_customer(graph, "advisors")["rows"]
    assert [a["advisor"]["id"] for a in advisors] == ["p-adv"]
    assert advisors[0]["employers"] == ["Elsewhere"]
    contradictions = cross_customer(graph, "contradictions")["rows"]
    assert [(c["person"]["id"], c["supports_in"]["id"], c["opposes_in"]["id"], c["strong"])
            for c in contradictions] == [("p-co", "deal", "deal2", True)]
    knows = who_knows(graph, "beta")["rows"]
    assert [(k["staff"]["id"], k["best"]) for k in knows] == [("s-ar", 2), ("s-jr", 1)]


@pytest.mark.parametrize("args", [
    ["report", "gaps", "nope"], ["report", "spof", "--account", "nope"],
    ["report", "competitors", "--competitor", "nope"], ["paths", "nope"],
    ["whatif", "--remove", "nope"], ["query", "knows", "nope"],
])
def test_unknown_ids_exit_non_zero_with_a_clear_error(graph, test_settings, args):
    result = CliRunner().invoke(main, args, obj=test_settings)
    assert result.exit_code == 1
    assert "Error: no " in result.output and "'nope'" in result.output


@pytest.mark.parametrize("fmt", ["json", "md", "table"])
def test_every_report_in_every_format(demo_graph, test_settings, fmt):
    runner = CliRunner()
    for args in (["report", "gaps", "opp-nw-signalling"], ["report", "spof"],
                 ["report", "competitors"], ["paths", "nw-cfo"],
                 ["whatif", "--remove", "st-wang-li"], ["query", "movers"],
                 ["query", "spanners"], ["query", "advisors"], ["query", "contradictions"],
                 ["query", "knows", "org-aurora"]):
        result = runner.invoke(main, [*args, "--format", fmt], obj=test_settings)
        assert result.exit_code == 0, (args, result.output)
        assert len(result.output) > 50


def test_the_demo_gap_report_finds_what_the_demo_was_built_to_show(demo_graph):
    from powermap.analysis.gaps import gap_report
    kinds = {f.kind for f in gap_report(demo_graph, "opp-nw-signalling").points()}
    assert {"uncovered", "single_threaded", "competitor_held", "hostile",
            "supporter_cannot_reach_decision_maker", "stale_relationship"} <= kinds
    dc = {f.kind for f in gap_report(demo_graph, "opp-nw-datacenter").points()}
    assert {"missing_role", "no_champion_or_coach"} <= dc
    au = {f.kind for f in gap_report(demo_graph, "opp-au-cloud").points()}
    assert "seniority_mismatch" in au


def test_an_opportunity_context_holds_the_account_reporting_lines(demo_graph):
    # the opportunity map draws its org chart from these instead of a query of its own
    from powermap.analysis.context import load_opportunity
    context = load_opportunity(demo_graph, "opp-nw-signalling")
    expected = demo_graph.read("find_account_reporting_lines", account_id="org-northwind")
    assert expected and sorted(context.reporting_lines(), key=lambda r: tuple(r.values())) == \
        sorted(expected, key=lambda r: tuple(r.values()))


def test_opportunities_read_together_are_the_opportunities_read_one_by_one(demo_graph):
    """An account map reads the reports of all the account's open opportunities at once,
    sharing one read of the account's network, structure and people: the contexts must be
    exactly those read one by one (two Northwind Rail deals, one Aurora deal)."""
    from powermap.analysis.context import load_opportunities, load_opportunity
    ids = ["opp-nw-signalling", "opp-nw-datacenter", "opp-au-cloud"]
    together = load_opportunities(demo_graph, ids)
    assert [c.opportunity["id"] for c in together] == ids
    assert together == [load_opportunity(demo_graph, oid) for oid in ids]
    with pytest.raises(NotFound):
        load_opportunities(demo_graph, ["opp-nw-signalling", "no-such-deal"])


def test_an_account_map_reads_what_the_separate_loaders_read(demo_graph):
    """``load_account_map`` shares the reads of the account, its open opportunities and its
    reporting lines in one transaction: what it returns must equal the three read apart
    (Northwind Rail: two open deals, people who are in both chains)."""
    from powermap.analysis.context import load_account, load_account_map, load_opportunities
    account, opportunities, lines = load_account_map(demo_graph, "org-northwind")
    assert len(account.open_opportunities) >= 2
    assert account == load_account(demo_graph, "org-northwind")
    assert opportunities == load_opportunities(demo_graph, account.open_opportunities)
    expected = demo_graph.read("find_account_reporting_lines", account_id="org-northwind")
    assert expected and sorted(lines, key=lambda r: tuple(r.values())) == \
        sorted(expected, key=lambda r: tuple(r.values()))
    with pytest.raises(NotFound):
        load_account_map(demo_graph, "no-such-account")


def test_shared_reads_ask_neo4j_only_for_people_not_read_yet():
    from powermap.analysis.context import SharedReads
    asked = []

    def read(name, **params):
        asked.append((name, params))
        if name == "find_people_details":
            return [{"people": [{"id": pid} for pid in params["person_ids"] if pid != "ghost"]}]
        return [{"answer": len(asked)}]
    shared = SharedReads(read)
    assert shared("find_people_details", person_ids=["a", "b", "ghost"]) == [
        {"people": [{"id": "a"}, {"id": "b"}]}]
    assert shared("find_people_details", person_ids=["b", "c", "ghost"]) == [
        {"people": [{"id": "b"}, {"id": "c"}]}]
    assert shared("find_account_network", account_id="x") == [{"answer": 3}]
    assert shared("find_account_network", account_id="x") == [{"answer": 3}]
    assert shared("find_account_network", account_id="y") == [{"answer": 4}]
    assert asked == [("find_people_details", {"person_ids": ["a", "b", "ghost"]}),
                     ("find_people_details", {"person_ids": ["c"]}),
                     ("find_account_network", {"account_id": "x"}),
                     ("find_account_network", {"account_id": "y"})]