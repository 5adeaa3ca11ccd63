"""The gap report, one kind of finding per test, on hand-built worlds (tests/fixtures.py).

Each expected finding below was worked out by hand from the world the test builds.
"""

from __future__ import annotations

import datetime as dt

import pytest

from powermap.analysis.gaps import gap_report
from powermap.errors import NotFound
from tests.fixtures import TODAY, World


def report(graph, world, **kw):
    world.load(graph)
    return gap_report(graph, "deal", today=TODAY, **kw)


def found(rep):
    """The findings as (kind, people, severity), per-person blocks opened up into their points."""
    return sorted((f.kind, tuple(p["id"] for p in f.people), f.severity) for f in rep.points())


def test_a_healthy_chain_has_no_findings(graph):
    rep = report(graph, World().healthy())
    assert found(rep) == []
    assert [r["status"] for r in rep.summary["roles"]] == ["covered"] * 6
    assert rep.summary["power_share"]["supports"] == 1.0


def test_missing_roles_name_the_role_and_the_key_ones_are_critical(graph):
    w = World()
    w.chain("p-dm", "decision_maker", "champion")
    w.knows("s-ar", "p-dm", 4)
    w.knows("s-ex", "p-dm", 4)
    rep = report(graph, w)
    assert found(rep) == [("missing_role", (), "critical"),
                          *[("missing_role", (), "high")] * 4]
    missing = {f.role for f in rep.findings}
    assert missing == {"approver", "technical_evaluator", "commercial_evaluator", "user", "coach"}
    assert rep.findings[0].role == "approver"   # the critical one comes first


def test_uncovered_member_gets_the_strongest_introduction(graph):
    w = World().healthy(skip=["p-te"])
    w.chain("p-te", "technical_evaluator", "supporter")
    w.influence("p-te", "p-dm", 3)
    w.knows("s-jr", "p-te", 2)                 # a thread, but not trusted
    w.influence("p-co", "p-te", 4)             # the coach has Tim's ear
    rep = report(graph, w)
    assert found(rep) == [("uncovered", ("p-te",), "high")]
    # Ann knows Cora (4) who influences Tim (4): 0.8 · 0.8 = 0.64 beats Jo → Tim (0.4);
    # Eve knows Cora (4) too, same score: Ann and Eve tie, the query breaks ties by length.
    action = rep.findings[0].action
    assert action in ("Ask Cora Coach to introduce Ann Account to Tim Tech.",
                      "Ask Cora Coach to introduce Eve Exec to Tim Tech.")


def test_single_threaded_member_and_a_second_thread_is_suggested(graph):
    w = World().healthy(skip=["p-ce"])
    w.chain("p-ce", "commercial_evaluator", "supporter")
    w.influence("p-ce", "p-dm", 3)
    w.knows("s-sr", "p-ce", 4)
    rep = report(graph, w)
    assert found(rep) == [("single_threaded", ("p-ce",), "medium")]
    # the most senior colleague who already covers the chain is Eve (vp)
    assert rep.findings[0].action == ("Add a second thread: ask Sam Solution to introduce "
                                      "Eve Exec (executive) to Cleo Commerce.")


def test_a_single_threaded_decision_maker_is_high(graph):
    w = World().healthy(skip=["p-dm"])
    w.chain("p-dm", "decision_maker", "champion")
    w.knows("s-ar", "p-dm", 5)
    assert found(report(graph, w)) == [("single_threaded", ("p-dm",), "high")]


def test_hostile_members(graph):
    w = World().healthy(skip=["p-te", "p-ap"])
    for pid, role, stance in (("p-te", "technical_evaluator", "skeptic"),
                              ("p-ap", "approver", "opponent")):
        w.chain(pid, role, stance)
        w.knows("s-ar", pid, 4)
        w.knows("s-ex", pid, 4)
        w.influence(pid, "p-dm", 3)
    assert found(report(graph, w)) == [("hostile", ("p-ap",), "critical"),
                                       ("hostile", ("p-te",), "medium")]


def test_competitor_held_explicitly_and_through_influence(graph):
    w = World().healthy()
    w.favors("p-te", "rival", 4)             # Tim favors Rival, not us
    w.influence("p-te", "p-us", 3)           # … and Uma listens to Tim
    rep = report(graph, w)
    # Dora, the decision maker, listens to Tim too (strength 3 in the healthy world), but also
    # to Abe, Cleo, Cora and Uma, who support us (3 each): 12 for us against 3, our side
    # carries and she is not held. Uma hears only Tim: against 3, for 0, held.
    assert found(rep) == [("competitor_held", ("p-te",), "high"),
                          ("competitor_held", ("p-us",), "high")]
    uma = next(f for f in rep.findings if f.people[0]["id"] == "p-us")
    assert "Influenced by Tim Tech (strength 3), who favors Rival (4/5) over us (0/5)" in uma.evidence[0]


def test_former_employees_of_a_competitor_are_held_unless_they_favor_us(graph):
    w = World().healthy()
    w.employ("p-ce", "rival", since="2015-01-01", until="2020-12-31")
    w.employ("p-co", "rival", since="2015-01-01", until="2020-12-31")
    w.favors("p-co", "us", 3)                # Cora has come round to us
    rep = report(graph, w)
    assert found(rep) == [("competitor_held", ("p-ce",), "high")]
    assert rep.findings[0].evidence == ["Worked for Rival until 2020-12-31"]


def test_no_champion_and_no_coach(graph):
    w = World().healthy(skip=["p-dm", "p-co"])
    w.chain("p-dm", "decision_maker", "supporter")
    w.knows("s-ar", "p-dm", 4)
    w.knows("s-ex", "p-dm", 4)
    templates = {"standard": ["decision_maker", "approver", "technical_evaluator",
                              "commercial_evaluator", "user"]}
    assert found(report(graph, w, templates=templates)) == [
        ("no_champion_or_coach", (), "high")]


def test_an_executive_covered_only_by_junior_staff(graph):
    w = World().healthy(skip=["p-ap"])
    w.chain("p-ap", "approver", "supporter")
    w.influence("p-ap", "p-dm", 3)
    w.knows("s-jr", "p-ap", 4)     # individual
    w.knows("s-sr", "p-ap", 3)     # manager: still junior next to a CFO
    assert found(report(graph, w)) == [("seniority_mismatch", ("p-ap",), "medium")]


def test_a_supporter_who_does_not_reach_the_decision_maker(graph):
    w = World().healthy(skip=["p-us"])
    w.chain("p-us", "user", "supporter")
    w.knows("s-ar", "p-us", 4)
    w.knows("s-ex", "p-us", 4)
    w.influence("p-us", "p-xx", 3)           # Uma only reaches Xavier, who reaches nobody
    assert found(report(graph, w)) == [
        ("supporter_cannot_reach_decision_maker", ("p-us", "p-dm"), "medium")]


def _knows_since(w, staff, pid, strength, entered_days_ago, met_days_ago=None):
    """A relationship entered or confirmed ``entered_days_ago`` (its as_of), with a shared
    activity ``met_days_ago`` if given."""
    w.data.add("relationships", dict(staff_id=staff, person_id=pid, strength=strength,
                                     source="test", as_of=TODAY - dt.timedelta(entered_days_ago)))
    if met_days_ago is not None:
        w.meet(met_days_ago, staff, pid)


def test_stale_relationships(graph):
    w = World().healthy()
    _knows_since(w, "s-sr", "p-ce", 3, entered_days_ago=200)                  # never met
    _knows_since(w, "s-jr", "p-us", 3, entered_days_ago=200, met_days_ago=120)  # met 4 months ago
    _knows_since(w, "s-sr", "p-te", 3, entered_days_ago=200, met_days_ago=30)   # met lately
    _knows_since(w, "s-jr", "p-co", 3, entered_days_ago=0)                    # entered today
    _knows_since(w, "s-sr", "p-co", 3, entered_days_ago=89, met_days_ago=300)   # confirmed lately
    rep = report(graph, w)
    assert found(rep) == [("stale_relationship", ("p-ce",), "low"),
                          ("stale_relationship", ("p-us",), "low")]
    ce = next(f for f in rep.points() if f.people[0]["id"] == "p-ce")
    assert ce.evidence == ["Sam Solution's relationship with Cleo Commerce has strength 3 "
                           "(trusted). No activity with them is recorded. The relationship was "
                           "last entered or confirmed on 2025-11-13."]
    assert report(graph, World(), stale_days=200) is not None   # the threshold is a parameter


def test_a_relationship_entered_today_is_not_stale(graph):
    w = World().healthy(skip=["p-te"])
    w.chain("p-te", "technical_evaluator", "supporter")
    w.influence("p-te", "p-dm", 3)
    w.knows("s-ar", "p-te", 4, met_days_ago=None)   # entered today, no activity yet
    w.knows("s-ex", "p-te", 4, met_days_ago=None)
    assert found(report(graph, w)) == []
    # the same relationships with a 0-day window: entered today is still within it
    assert found(report(graph, w, stale_days=0)) == []


def test_unknown_stance_is_inferred_and_labelled_as_an_estimate(graph):
    w = World().healthy(skip=["p-us"])
    w.chain("p-us", "user", None)
    w.knows("s-ar", "p-us", 4)
    w.knows("s-ex", "p-us", 4)
    w.influence("p-us", "p-dm", 3)
    w.influence("p-co", "p-us", 5)   # Cora (supporter, +1) is all that reaches Uma:
    # f = 5·1/(5+1) = 0.8333, r = 5·1/(5+1) = 0.8333, score = f/r = 1.0,
    # confidence = r·|score|/2 = 0.4167
    rep = report(graph, w)
    assert found(rep) == [("stance_unknown", ("p-us",), "low")]
    assert rep.findings[0].evidence == [
        "Estimated supporter (score +1.00, confidence 0.42) from the stances that reach Uma User "
        "through the influence network, driven most by Cora Coach; an estimate, not a fact."]
    uma = next(m for m in rep.members if m["id"] == "p-us")
    assert uma["stance"] is None
    assert uma["inferred_stance"] == {"stance": "supporter", "score": 1.0, "confidence": 0.4167,
                                      "inferred": True,
                                      "drivers": [{"id": "p-co", "name": "Cora Coach"}]}


def test_a_member_who_left_the_customer_no_longer_fills_the_role(graph):
    w = World().healthy(skip=["p-ce"])
    w.person("p-gone", "Gina Gone", "acme", since="2018-01-01", until="2026-01-31")
    w.employ("p-gone", "elsewhere", since="2026-02-01")
    w.chain("p-gone", "commercial_evaluator", "supporter")
    w.knows("s-ar", "p-gone", 5)
    w.knows("s-ex", "p-gone", 5)
    rep = report(graph, w)
    assert found(rep) == [("left_customer", ("p-gone",), "high"),
                          ("missing_role", (), "high")]
    assert next(r for r in rep.summary["roles"]
                if r["role"] == "commercial_evaluator")["status"] == "missing"


# --- awkward cases ------------------------------------------------------------------------

def test_an_empty_decision_chain(graph):
    rep = report(graph, World())
    assert found(rep) == sorted([("missing_role", (), "critical")] * 2
                                + [("missing_role", (), "high")] * 4
                                + [("no_champion_or_coach", (), "high")])
    assert rep.summary["power_share"] == {"supports": 0.0, "neutral": 0.0, "opposes": 0.0,
                                          "competitor_held": 0.0}


def test_one_person_in_two_roles(graph):
    w = World().healthy(skip=["p-ce"])
    w.data.records["decision_chain"] = [m for m in w.data.records["decision_chain"]
                                        if m.person_id != "p-te"]
    w.data.origins["decision_chain"] = [""] * len(w.data.records["decision_chain"])
    w.chain("p-te", ["technical_evaluator", "commercial_evaluator"], "supporter")
    rep = report(graph, w)
    assert found(rep) == []
    roles = {r["role"]: [p["id"] for p in r["people"]] for r in rep.summary["roles"]}
    assert roles["technical_evaluator"] == roles["commercial_evaluator"] == ["p-te"]
    assert [m["id"] for m in rep.members].count("p-te") == 1


def test_influence_cycles_do_not_loop(graph):
    w = World().healthy()
    w.influence("p-dm", "p-ap", 4)           # p-ap → p-dm exists: a two-cycle
    w.influence("p-te", "p-co", 2)
    w.influence("p-co", "p-te", 2)           # and another
    rep = report(graph, w)
    assert found(rep) == []


def test_staff_who_used_to_work_at_the_customer_still_count_as_ours(graph):
    w = World().healthy()
    w.employ("s-sr", "acme", since="2010-01-01", until="2019-12-31")
    w.knows("s-sr", "p-ce", 4)
    rep = report(graph, w)
    assert found(rep) == []
    cleo = next(m for m in rep.members if m["id"] == "p-ce")
    assert cleo["threads"] == 3


def test_two_staff_with_different_strengths(graph):
    w = World().healthy(skip=["p-co"])
    w.chain("p-co", "coach", "supporter")
    w.influence("p-co", "p-dm", 3)
    w.knows("s-ar", "p-co", 4)
    w.knows("s-jr", "p-co", 1)               # "aware" is not a thread
    rep = report(graph, w)
    assert found(rep) == [("single_threaded", ("p-co",), "medium")]
    cora = next(m for m in rep.members if m["id"] == "p-co")
    assert cora["threads"] == 1 and len(cora["coverage"]) == 2


def test_power_shares_worked_out_by_hand(graph):
    w = World()
    w.chain("p-dm", "decision_maker", "supporter")   # 100·(0.4·1 + 0.35·1 + 0) = 75
    w.chain("p-te", "technical_evaluator", "opponent")  # 100·(0.4·0.6 + 0.35·0.7) = 48.5
    w.favors("p-te", "rival", 2)                     # … and held by Rival
    rep = report(graph, w)
    powers = {m["id"]: m["power"] for m in rep.members}
    assert powers == {"p-dm": 75.0, "p-te": 48.5}
    # Tim is a declared opponent and held: the declared stance wins, he opposes us.
    assert rep.summary["power_share"] == {"supports": round(75 / 123.5, 3), "neutral": 0.0,
                                          "opposes": round(48.5 / 123.5, 3),
                                          "competitor_held": 0.0}


def test_an_unknown_opportunity(graph):
    with pytest.raises(NotFound, match="no opportunity with id 'nope'"):
        gap_report(graph, "nope")


def test_the_printed_report_speaks_in_words(graph):
    """No internal code reaches a reader: buying roles, seniority and team roles in words, staff
    names where the graph holds ids (the source of a relationship), no "None" for a missing
    date or source, and the right article."""
    w = World().healthy(skip=["p-ap", "p-te"])
    w.chain("p-te", "technical_evaluator", "skeptic")
    w.influence("p-te", "p-dm", 3)
    # Tim's only thread was entered by Jo (source = her staff id) without a date
    w.data.add("relationships", dict(staff_id="s-jr", person_id="p-te", strength=3,
                                     source="s-jr"))
    rep = report(graph, w).as_dict()
    from powermap.viz.text import gap_report_markdown, gap_report_table
    for text in (gap_report_markdown(rep), gap_report_table(rep)):
        text = " ".join(text.replace("   ", " ").split())   # the table wraps its lines
        assert "Nobody in the decision chain is known as an approver" in text
        assert "a approver" not in text
        assert "recorded by Jo Junior" in text                  # the source id, as a name
        assert "Jo Junior (account lead) at strength 3 (trusted)" in text
        for code in ("decision_maker", "decision\\_maker", "technical_evaluator", "c_level",
                     "None", "s-jr", "s-ar", "(AR)", "as of"):
            assert code not in text, code
