"""The cross-customer questions as of a day (``powermap.history.portfolio``).

The first test holds the Python answers over the rebuilt portfolio to the Cypher of today on
the demo. The others build a small history by hand — three backdated change sets — and check
what each day answers, worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from powermap.analysis.context import reading_as_of
from powermap.analysis.crosscustomer import QUERIES, cross_customer, who_knows
from powermap.errors import NotFound
from powermap.graph.load import load_dataset
from powermap.history.changes import ChangeSet, delete_records
from powermap.history.portfolio import cross_customer_as_of, who_knows_as_of
from tests.support import dataset_of, noon_utc

TODAY = dt.date.today()


def _canon(value):
    """Rows as comparable text: lists that are sets in meaning sorted, dates as text."""
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_canon(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def test_as_of_today_the_python_answers_equal_the_cypher_on_the_demo(demo_graph):
    graph = demo_graph
    for question in QUERIES:
        now = cross_customer(graph, question)["rows"]
        rebuilt = cross_customer_as_of(graph, question, TODAY)["rows"]
        assert now, f"the demo has no {question}: the comparison would prove nothing"
        assert _canon(rebuilt) == _canon(now), question
    for row in graph.run_auto("MATCH (c:Organization) WHERE c.kind <> 'own' "
                              "RETURN c.id AS id ORDER BY id"):
        assert _canon(who_knows_as_of(graph, row["id"], TODAY)) == \
            _canon(who_knows(graph, row["id"])), row["id"]


BASE = dict(
    organizations=[{"id": "us", "name": "Us", "kind": "own"},
                   {"id": "acme", "name": "Acme", "kind": "customer"},
                   {"id": "beta", "name": "Beta", "kind": "customer"},
                   {"id": "rival", "name": "Rival", "kind": "competitor"},
                   {"id": "cons", "name": "Consult", "kind": "partner"}],
    people=[{"id": "s1", "name": "Sam", "team_role": "AR"},
            {"id": "p1", "name": "Pat"}, {"id": "p2", "name": "Quinn"},
            {"id": "p3", "name": "Rene"}, {"id": "p4", "name": "Vera"}],
    employment=[{"person_id": "s1", "organization_id": "us"},
                {"person_id": "p1", "organization_id": "rival"},
                {"person_id": "p2", "organization_id": "acme"},
                {"person_id": "p3", "organization_id": "beta"},
                {"person_id": "p4", "organization_id": "cons"}],
    opportunities=[{"id": "d1", "name": "Deal one", "customer_id": "acme"},
                   {"id": "d2", "name": "Deal two", "customer_id": "beta"}],
    decision_chain=[{"person_id": "p2", "opportunity_id": "d1", "roles": ["user"],
                     "stance": "supporter"},
                    {"person_id": "p2", "opportunity_id": "d2", "roles": ["influencer"],
                     "stance": "neutral"}],
    relationships=[{"staff_id": "s1", "person_id": "p2", "strength": 3},
                   {"staff_id": "s1", "person_id": "p3", "strength": 3}],
    influence=[{"from_id": "p4", "to_id": "p2", "strength": 4},
               {"from_id": "p4", "to_id": "p3", "strength": 2}],
)


@pytest.fixture
def history(graph):
    """January: the base. March: Pat leaves Rival for Acme; Quinn turns opponent in deal two.
    May: Sam's tie to Rene and Vera's influence on Rene are deleted."""
    load_dataset(graph, dataset_of(**BASE),
                 changeset=ChangeSet("ann", "import", "base", at=noon_utc("2026-01-10")))
    march = dataset_of(
        employment=[{"person_id": "p1", "organization_id": "rival", "until": "2026-03-01"},
                    {"person_id": "p1", "organization_id": "acme", "since": "2026-03-02"}],
        decision_chain=[{"person_id": "p2", "opportunity_id": "d2", "roles": ["influencer"],
                         "stance": "opponent"}])
    load_dataset(graph, march, changeset=ChangeSet("bob", "web", "march",
                                                   at=noon_utc("2026-03-05")))
    may = ChangeSet("ann", "web", "remove ties", at=noon_utc("2026-05-02"))
    graph.write_tx(lambda tx: (delete_records(tx, may, "relationships", [("s1", "p3")]),
                               delete_records(tx, may, "influence", [("p4", "p3")]),
                               may.close(tx)))
    return graph


def _ask(graph, question, day):
    with reading_as_of(day):
        return cross_customer(graph, question)["rows"]


def test_each_day_answers_with_what_had_been_recorded_by_its_end(history):
    graph = history
    january, march, june = dt.date(2026, 1, 31), dt.date(2026, 3, 5), dt.date(2026, 6, 1)

    assert _ask(graph, "movers", january) == []
    movers = _ask(graph, "movers", march)                       # the day itself counts
    assert [(m["person"]["id"], m["from_org"]["id"], m["to_org"]["id"], m["current"],
             m["competitor_to_customer"], m["left_on"], m["joined_on"]) for m in movers] == [
        ("p1", "rival", "acme", True, True, dt.date(2026, 3, 1), dt.date(2026, 3, 2))]

    assert _ask(graph, "contradictions", january) == []
    [c] = _ask(graph, "contradictions", march)
    assert (c["person"]["id"], c["supports_in"]["id"], c["opposes_in"]["id"], c["strong"]) == \
        ("p2", "d1", "d2", False)

    [s] = _ask(graph, "spanners", march)
    assert s["staff"]["id"] == "s1" and s["account_count"] == 2
    assert s["accounts"] == [{"id": "acme", "name": "Acme", "people": 1},
                             {"id": "beta", "name": "Beta", "people": 1}]
    assert _ask(graph, "spanners", june) == []                  # the tie to Rene was deleted

    [a] = _ask(graph, "advisors", january)
    assert a["advisor"]["id"] == "p4" and a["employers"] == ["Consult"]
    assert [(c["id"], [p["id"] for p in c["people"]]) for c in a["customers"]] == \
        [("acme", ["p2"]), ("beta", ["p3"])]
    assert _ask(graph, "advisors", june) == []


def test_who_knows_follows_the_day_too(history):
    graph = history
    with reading_as_of(dt.date(2026, 1, 31)):
        beta = who_knows(graph, "beta")
    assert [(r["staff"]["id"], r["best"], [p["id"] for p in r["people"]])
            for r in beta["rows"]] == [("s1", 3, ["p3"])]
    with reading_as_of(dt.date(2026, 6, 1)):
        assert who_knows(graph, "beta")["rows"] == []
    with reading_as_of(dt.date(2025, 12, 31)), pytest.raises(NotFound, match="2025-12-31"):
        who_knows(graph, "beta")


def test_as_of_today_equals_the_cypher_on_the_hand_built_history_too(history):
    for question in QUERIES:
        assert _canon(cross_customer_as_of(history, question, TODAY)["rows"]) == \
            _canon(cross_customer(history, question)["rows"]), question


def test_the_cli_and_the_api_ask_about_any_day(history, test_settings):
    from click.testing import CliRunner

    from powermap import users
    from powermap.api import create_app
    from powermap.cli import main

    runner = CliRunner()
    march = runner.invoke(main, ["query", "movers", "--as-of", "2026-03-05", "--format", "json"],
                          obj=test_settings)
    assert march.exit_code == 0, march.output
    assert [r["person"]["id"] for r in json.loads(march.output)["rows"]] == ["p1"]
    january = runner.invoke(main, ["query", "movers", "--as-of", "2026-01-31",
                                   "--format", "json"], obj=test_settings)
    assert json.loads(january.output)["rows"] == []
    knows = runner.invoke(main, ["query", "knows", "beta", "--as-of", "2026-06-01",
                                 "--format", "json"], obj=test_settings)
    assert knows.exit_code == 0 and json.loads(knows.output)["rows"] == []

    app = create_app({"TESTING": True, "POWERMAP_GRAPH": history}, settings=test_settings)
    users.create_user(history, "ada", "viewer", "correct horse battery")
    headers = {"Authorization": f"Bearer {users.new_token(history, 'ada')}"}
    client = app.test_client()
    before = client.get("/api/v1/queries/spanners?as_of=2026-03-05", headers=headers)
    after = client.get("/api/v1/queries/spanners?as_of=2026-06-01", headers=headers)
    assert before.status_code == after.status_code == 200
    assert [r["staff"]["id"] for r in before.get_json()["rows"]] == ["s1"]
    assert after.get_json()["rows"] == []
