"""Relationship KPIs over time, on a small history built by hand (three backdated months).

The history (no influence edges, so everyone's reach is 0 and power is
``100 · (0.40 · seniority + 0.35 · role)``; the deal is of the standard kind, whose template
has six roles: decision maker, approver, technical and commercial evaluator, user, coach):

- Pat (c_level 1.0, decision maker 1.0): 75.0; Quinn (director 0.6, approver 0.9): 55.5;
  Lee (manager 0.4, coach 0.3): 26.5.
- 10 Jan: Pat (no stance) and Quinn (supporter) in the chain; Sam → Pat 3, Sam → Quinn 2;
  a company visit on 20 Jan (Sam, Pat).
- 14 Feb: Kim → Pat 4, Kim → Quinn 3; Lee joins as coach, no stance, and favors Rival 4 (held);
  Rival bids; a meal on 3 Feb (Kim, Pat) and a reference visit on 10 Feb (Sam, Quinn).
- 10 Mar: Pat turns champion; Sam → Lee 2; Sam → Quinn deleted; a framework agreement
  Acme → Us since 1 Mar; a technical exchange on 12 Mar (Sam, Lee) and an on-site meeting on
  15 Mar (Kim, Pat, Quinn).
"""

from __future__ import annotations

import datetime as dt

import pytest

from powermap.graph.load import load_dataset
from powermap.history.changes import ChangeSet, delete_records
from powermap.history.kpi import direction, kpi_trend, period_ends, portfolio_kpis
from tests.support import dataset_of, noon_utc

SCRIPT = "<script>alert(1)</script>"




def _activity(aid, kind, day, *attendees):
    return {"id": aid, "kind": kind, "date": day, "subject": f"{kind} {day}",
            "opportunity_id": "deal", "attendee_ids": list(attendees)}


def build_history(graph) -> None:
    january = dataset_of(
        organizations=[{"id": "us", "name": "Us", "kind": "own"},
                       {"id": "acme", "name": "Acme", "kind": "customer", "tier": "A"},
                       {"id": "evil", "name": SCRIPT, "kind": "customer", "tier": "S"},
                       {"id": "rival", "name": "Rival", "kind": "competitor"}],
        people=[{"id": "s1", "name": "Sam", "team_role": "AR"},
                {"id": "s2", "name": "Kim", "team_role": "SR"},
                {"id": "p1", "name": "Pat", "seniority": "c_level"},
                {"id": "p2", "name": "Quinn", "seniority": "director"},
                {"id": "p3", "name": "Lee", "seniority": "manager"}],
        employment=[{"person_id": "s1", "organization_id": "us"},
                    {"person_id": "s2", "organization_id": "us"},
                    {"person_id": "p1", "organization_id": "acme"},
                    {"person_id": "p2", "organization_id": "acme"},
                    {"person_id": "p3", "organization_id": "acme"}],
        opportunities=[{"id": "deal", "name": "Deal", "customer_id": "acme"}],
        decision_chain=[{"person_id": "p1", "opportunity_id": "deal",
                         "roles": ["decision_maker"]},
                        {"person_id": "p2", "opportunity_id": "deal", "roles": ["approver"],
                         "stance": "supporter"}],
        relationships=[{"staff_id": "s1", "person_id": "p1", "strength": 3},
                       {"staff_id": "s1", "person_id": "p2", "strength": 2}],
        activities=[_activity("a1", "company_visit", "2026-01-20", "s1", "p1")])
    load_dataset(graph, january, changeset=ChangeSet("ann", "import", "january",
                                                     at=noon_utc("2026-01-10")))
    february = dataset_of(
        relationships=[{"staff_id": "s2", "person_id": "p1", "strength": 4},
                       {"staff_id": "s2", "person_id": "p2", "strength": 3}],
        decision_chain=[{"person_id": "p3", "opportunity_id": "deal", "roles": ["coach"]}],
        favors=[{"person_id": "p3", "organization_id": "rival", "strength": 4}],
        bids=[{"competitor_id": "rival", "opportunity_id": "deal"}],
        activities=[_activity("a2", "meal", "2026-02-03", "s2", "p1"),
                    _activity("a3", "reference_visit", "2026-02-10", "s1", "p2")])
    load_dataset(graph, february, changeset=ChangeSet("bob", "web", "february",
                                                      at=noon_utc("2026-02-14")))
    march = dataset_of(
        decision_chain=[{"person_id": "p1", "opportunity_id": "deal",
                         "roles": ["decision_maker"], "stance": "champion"}],
        relationships=[{"staff_id": "s1", "person_id": "p3", "strength": 2}],
        org_ties=[{"from_id": "acme", "to_id": "us", "kind": "framework_agreement",
                   "since": "2026-03-01"}],
        activities=[_activity("a4", "technical_exchange", "2026-03-12", "s1", "p3"),
                    _activity("a5", "onsite_meeting", "2026-03-15", "s2", "p1", "p2")])
    load_dataset(graph, march, changeset=ChangeSet("bob", "web", "march",
                                                   at=noon_utc("2026-03-10")))
    cut = ChangeSet("bob", "web", "Sam hands Quinn over", at=noon_utc("2026-03-10"))
    graph.write_tx(lambda tx: (delete_records(tx, cut, "relationships", [("s1", "p2")]),
                               cut.close(tx)))


@pytest.fixture
def history(graph):
    build_history(graph)
    return graph


#: the headline figures of each month end, worked out by hand from the module docstring
EXPECTED = {
    # key people Pat and Quinn; Pat covered (Sam 3), Quinn not (Sam 2 only): 1/2; threads
    # 1 + 1 over 2 = 1.0; both single-threaded; roles 2 of 6; power 75.0 neutral, 55.5
    # supports: 55.5 / 130.5 = 0.425; one company visit; threads to key people 2
    dt.date(2026, 1, 31): dict(
        key_people=2, key_covered=1, key_coverage=0.5, threads_per_key_person=1.0,
        single_points=2, chain_completeness=0.333,
        power_share={"supports": 0.425, "neutral": 0.575, "opposes": 0.0,
                     "competitor_held": 0.0},
        five_means=1, key_relationships=2, universal_relationships=0,
        organizational_relationships=0),
    # both covered (Kim 4, Kim 3); threads 2 + 2 over 2 = 2.0; nobody single-threaded (Lee
    # has none); roles 3 of 6; total 157.0: supports 55.5 → 0.354, neutral 75 → 0.478, Lee
    # held by Rival 26.5 → 0.169; a meal (not one of the five means) and a reference visit
    dt.date(2026, 2, 28): dict(
        key_people=2, key_covered=2, key_coverage=1.0, threads_per_key_person=2.0,
        single_points=0, chain_completeness=0.5,
        power_share={"supports": 0.354, "neutral": 0.478, "opposes": 0.0,
                     "competitor_held": 0.169},
        five_means=1, key_relationships=4, universal_relationships=0,
        organizational_relationships=0),
    # Quinn keeps only Kim: threads 2 + 1 over 2 = 1.5; Quinn and Lee single-threaded;
    # supports (75 + 55.5) / 157 = 0.831; a technical exchange and an on-site meeting; Sam's
    # thread to Lee is universal; the framework agreement is in force
    dt.date(2026, 3, 31): dict(
        key_people=2, key_covered=2, key_coverage=1.0, threads_per_key_person=1.5,
        single_points=2, chain_completeness=0.5,
        power_share={"supports": 0.831, "neutral": 0.0, "opposes": 0.0,
                     "competitor_held": 0.169},
        five_means=2, key_relationships=3, universal_relationships=1,
        organizational_relationships=1),
}


def _headline(kpis: dict) -> dict:
    return {k: kpis[k] for k in EXPECTED[dt.date(2026, 1, 31)]}


def test_the_opportunity_kpis_of_each_month_are_those_worked_out_by_hand(history):
    trend = kpi_trend(history, dt.date(2025, 12, 15), dt.date(2026, 3, 31), "month",
                      opportunity_id="deal")
    assert trend["subject"]["account"]["id"] == "acme"
    points = {p["date"]: p["kpis"] for p in trend["points"]}
    assert list(points) == [dt.date(2025, 12, 31), *EXPECTED]
    assert points[dt.date(2025, 12, 31)] is None          # nothing recorded yet
    for day, expected in EXPECTED.items():
        assert _headline(points[day]) == expected, day
    feb, mar = points[dt.date(2026, 2, 28)], points[dt.date(2026, 3, 31)]
    assert feb["activities"]["reference_visit"] == 1 and feb["activities"]["meal"] == 1
    assert list(feb["activities"])[:5] == ["company_visit", "reference_visit", "onsite_meeting",
                                          "technical_exchange", "management_research"]
    # per competitor: the power it holds next to the power on our side
    assert feb["competitors"] == [{"id": "rival", "name": "Rival", "held": 0.169,
                                   "supports": 0.354}]
    assert mar["competitors"][0]["supports"] == 0.831


def test_the_account_trend_agrees_with_its_only_deal(history):
    """Acme has one open deal, so the chain figures are that deal's; Lee is not key, so the
    account's single points (spof's key people: chain members and executives) match."""
    trend = kpi_trend(history, dt.date(2026, 1, 1), dt.date(2026, 3, 31), "month",
                      account_id="acme")
    assert trend["subject"] == {"kind": "account", "id": "acme", "name": "Acme", "tier": "A"}
    for point in trend["points"]:
        assert _headline(point["kpis"]) == EXPECTED[point["date"]], point["date"]
    # the count is spof's, taken without its departure analysis
    from powermap.analysis.spof import account_spof
    from powermap.history.asof import account_context, read_account_history
    from powermap.history.kpi import single_threaded
    past = read_account_history(history, "acme", dt.date(2026, 1, 31))
    for day in EXPECTED:
        ctx = account_context(past.at(day), "acme", day)
        assert single_threaded(ctx) == len(account_spof(ctx)["single_threaded"])


def test_a_quarter_is_one_point_and_its_activities_cover_the_quarter(history):
    trend = kpi_trend(history, dt.date(2026, 1, 1), dt.date(2026, 3, 31), "quarter",
                      account_id="acme")
    [point] = trend["points"]
    assert point["after"] == dt.date(2025, 12, 31)
    # company visit, reference visit, technical exchange, on-site meeting (the meal is not)
    assert point["kpis"]["five_means"] == 4


def test_period_ends_and_arrows():
    assert period_ends(dt.date(2026, 2, 1), dt.date(2026, 7, 15), "quarter") == [
        dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 7, 15)]
    assert [direction(2, 1), direction(1, 2), direction(1.0, 1), direction(1, None)] == \
        ["↑", "↓", "→", "—"]


def test_the_portfolio_compares_this_month_with_the_last_by_tier(history):
    result = portfolio_kpis(history, dt.date(2026, 3, 31), "month")
    assert result["previous"] == dt.date(2026, 2, 28)
    assert [t["tier"] for t in result["tiers"]] == ["S", "A"]
    [acme] = result["tiers"][1]["accounts"]
    changes = acme["changes"]
    # February → March: threads 2.0 → 1.5, single points 0 → 2, supports 0.354 → 0.831,
    # coverage 1.0 → 1.0, org ties 0 → 1
    assert changes["threads_per_key_person"] == {"now": 1.5, "before": 2.0, "arrow": "↓",
                                                 "better": True}
    assert changes["single_points"]["arrow"] == "↑" and not changes["single_points"]["better"]
    assert changes["supports"]["arrow"] == "↑"
    assert changes["key_coverage"]["arrow"] == "→"
    assert changes["organizational_relationships"]["arrow"] == "↑"
    [evil] = result["tiers"][0]["accounts"]
    assert evil["account"]["name"] == SCRIPT and evil["kpis"]["key_people"] == 0


def test_a_bad_period_is_a_clear_error():
    from powermap.errors import ValidationError
    with pytest.raises(ValidationError, match="expected month or quarter"):
        period_ends(dt.date(2026, 1, 1), dt.date(2026, 2, 1), "week")
    with pytest.raises(ValidationError, match="before"):
        period_ends(dt.date(2026, 2, 1), dt.date(2026, 1, 1), "month")
