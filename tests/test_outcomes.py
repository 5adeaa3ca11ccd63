"""Win rate by KPI band: the KPIs of each closed deal as they stood at its close date.

Built by hand: Acme's Pat (decision maker) is covered by Sam (strength 3) from 10 Jan; Ray
(decision maker of three other deals) by nobody. Twelve deals with Pat as decision maker close
in February, seven won and five lost; three with Ray close in February, all lost. One deal has
no close date; one was first recorded on 1 Mar although it closed on 15 Feb.

So "every decision maker covered": 12 deals, 7 won → 58.3 %; "not covered": 3 deals, none won,
too few for a win rate. All 15 have one thread per key person: "fewer than two" 15 deals, 7 won
→ 46.7 %.
"""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from powermap.cli import main
from powermap.graph.load import load_dataset
from powermap.history.changes import ChangeSet
from powermap.history.outcomes import outcomes_report
from tests.support import dataset_of, noon_utc


def _deal(oid, status, close, dm):
    return ({"id": oid, "name": f"Deal {oid}", "customer_id": "acme", "status": status,
             "close_date": close},
            {"person_id": dm, "opportunity_id": oid, "roles": ["decision_maker"]})


def _build(graph):
    deals = [_deal(f"d{i:02d}", "won" if i < 7 else "lost", f"2026-02-{i + 1:02d}", "p1")
             for i in range(12)]
    deals += [_deal(f"e{i}", "lost", f"2026-02-2{i}", "p2") for i in range(3)]
    deals += [_deal("undated", "won", None, "p1")]
    load_dataset(graph, dataset_of(
        organizations=[{"id": "us", "name": "Us", "kind": "own"},
                       {"id": "acme", "name": "Acme", "kind": "customer", "tier": "A"}],
        people=[{"id": "s1", "name": "Sam", "team_role": "AR"},
                {"id": "p1", "name": "Pat", "seniority": "c_level"},
                {"id": "p2", "name": "Ray", "seniority": "vp"}],
        employment=[{"person_id": "s1", "organization_id": "us"},
                    {"person_id": "p1", "organization_id": "acme"},
                    {"person_id": "p2", "organization_id": "acme"}],
        relationships=[{"staff_id": "s1", "person_id": "p1", "strength": 3}],
        opportunities=[o for o, _ in deals], decision_chain=[c for _, c in deals]),
        changeset=ChangeSet("ann", "import", "base", at=noon_utc("2026-01-10")))
    late = _deal("late", "won", "2026-02-15", "p1")
    load_dataset(graph, dataset_of(opportunities=[late[0]], decision_chain=[late[1]]),
                 changeset=ChangeSet("ann", "import", "late", at=noon_utc("2026-03-01")))


def test_win_rate_by_band_with_small_groups_said_in_a_sentence(graph, test_settings):
    _build(graph)
    report = outcomes_report(graph, today=dt.date(2026, 11, 1))
    assert report["deals"] == 15
    assert (report["overall"]["won"], report["overall"]["lost"]) == (7, 8)
    bands = {b["band"]: b["groups"] for b in report["bands"]}
    covered, uncovered = bands["decision_maker_covered"]
    assert (covered["deals"], covered["won"], covered["win_rate"], covered["note"]) == \
        (12, 7, 0.583, None)
    assert (uncovered["deals"], uncovered["won"], uncovered["win_rate"]) == (3, 0, None)
    assert uncovered["note"] == ("Only 3 closed deals fall in this group: too few to read a win "
                                 "rate from (at least 10 are needed).")
    two, fewer = bands["two_threads"]
    assert two["note"] == "No closed deal falls in this group."
    assert (fewer["deals"], fewer["won"], fewer["win_rate"]) == (15, 7, 0.467)
    reasons = sorted(a["reason"] for a in report["apart"])
    assert reasons == [
        "Deal late was recorded only after it closed on 2026-02-15, so its KPIs at the close "
        "are unknown.",
        "Deal undated has no close date, so its KPIs at the close are unknown."]
    closed = {d["opportunity"]["id"]: d for d in report["closed"]}
    assert closed["d03"]["closed_on"] == dt.date(2026, 2, 4)

    out = CliRunner().invoke(main, ["report", "outcomes", "--format", "md"], obj=test_settings)
    assert out.exit_code == 0, out.output
    assert "Only 3 closed deals fall in this group" in out.output
    assert "15 closed deals: 7 won, 8 lost." in out.output
