"""History: the graph "as of" a day, rebuilt from the records and their change log.

The first test holds the Python rebuild (``powermap.history.asof``) to the Cypher reading of
``powermap.analysis.context`` on the demo: as of today both must give the same contexts. The
others build a small history by hand — three backdated change sets — and check what each day
shows, worked out by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from powermap.analysis.context import load_account, load_opportunity
from powermap.graph.load import load_dataset
from powermap.history.asof import load_account_as_of, load_opportunity_as_of, parse_day
from powermap.history.changes import ChangeSet, delete_records
from powermap.errors import ValidationError
from tests.support import dataset_of, noon_utc

TODAY = dt.date.today()


def _plain(context) -> dict:
    """A context as comparable values: lists that are sets in meaning sorted."""
    def rows(items):
        return sorted(repr(sorted(item.items())) for item in items)

    def person(p):
        return (p.id, p.name, p.title, p.seniority, rows(p.employment), rows(p.favors),
                rows(p.coverage))
    out = {"people": sorted(person(p) for p in context.people.values()),
           "network": sorted(map(repr, context.network))}
    if hasattr(context, "members"):
        out |= {"opportunity": context.opportunity, "customer": context.customer,
                "competitors": context.competitors,
                "members": [(m.id, m.roles, m.stance, m.recorded, m.works_at_customer,
                             m.worked_at_customer) for m in context.members],
                "around": sorted(person(p) for p in context.around.values()),
                "structure": context.structure}
    else:
        out |= {"account": context.account, "open": context.open_opportunities,
                "insiders": context.insiders, "units": context.units,
                "chains": {k: rows(v) for k, v in context.chains.items()}}
    return out


def test_as_of_today_the_rebuild_equals_the_cypher_reading_for_every_demo_deal(demo_graph):
    graph = demo_graph
    opportunities = graph.run_auto("MATCH (o:Opportunity) RETURN o.id AS id ORDER BY id")
    accounts = graph.run_auto("MATCH (c:Organization {kind: 'customer'}) RETURN c.id AS id "
                              "ORDER BY id")
    assert opportunities and accounts
    for row in opportunities:
        now = load_opportunity(graph, row["id"], TODAY)
        rebuilt = load_opportunity_as_of(graph, row["id"], TODAY, TODAY)
        assert _plain(rebuilt) == _plain(now), row["id"]
    for row in accounts:
        now = load_account(graph, row["id"], TODAY)
        rebuilt = load_account_as_of(graph, row["id"], TODAY, TODAY)
        assert _plain(rebuilt) == _plain(now), row["id"]




BASE = dict(
    organizations=[{"id": "us", "name": "Us", "kind": "own"},
                   {"id": "acme", "name": "Acme", "kind": "customer", "tier": "A"},
                   {"id": "rival", "name": "Rival", "kind": "competitor"}],
    people=[{"id": "s1", "name": "Sam", "team_role": "AR"},
            {"id": "p1", "name": "Pat", "seniority": "c_level"},
            {"id": "p2", "name": "Quinn", "seniority": "director"}],
    employment=[{"person_id": "s1", "organization_id": "us"},
                {"person_id": "p1", "organization_id": "acme"},
                {"person_id": "p2", "organization_id": "acme"}],
    opportunities=[{"id": "deal", "name": "Deal", "customer_id": "acme"}],
    decision_chain=[{"person_id": "p1", "opportunity_id": "deal", "roles": ["decision_maker"],
                     "stance": "skeptic"}],
    relationships=[{"staff_id": "s1", "person_id": "p2", "strength": 3}],
    influence=[{"from_id": "p2", "to_id": "p1", "strength": 4}],
)


@pytest.fixture
def history(graph):
    """January: the base. March: Pat turns supporter, Sam meets Pat (strength 4), Rival bids.
    May: Quinn leaves Acme and Sam's tie to Quinn is deleted."""
    load_dataset(graph, dataset_of(**BASE), changeset=ChangeSet("ann", "import", "base",
                                                           at=noon_utc("2026-01-10")))
    march = dataset_of(
        decision_chain=[{"person_id": "p1", "opportunity_id": "deal",
                         "roles": ["decision_maker"], "stance": "supporter"}],
        relationships=[{"staff_id": "s1", "person_id": "p1", "strength": 4}],
        bids=[{"competitor_id": "rival", "opportunity_id": "deal"}])
    load_dataset(graph, march, changeset=ChangeSet("bob", "web", "march",
                                                   at=noon_utc("2026-03-05")))
    load_dataset(graph, dataset_of(employment=[{"person_id": "p2", "organization_id": "acme",
                                           "until": "2026-05-01"}]),
                 changeset=ChangeSet("ann", "import", "may", at=noon_utc("2026-05-02")))
    may = ChangeSet("ann", "web", "remove tie", at=noon_utc("2026-05-02"))
    graph.write_tx(lambda tx: (delete_records(tx, may, "relationships", [("s1", "p2")]),
                               may.close(tx)))
    return graph


def test_each_day_shows_what_had_been_recorded_by_its_end(history):
    graph = history
    january = load_opportunity_as_of(graph, "deal", dt.date(2026, 1, 31))
    assert [(m.id, m.stance) for m in january.members] == [("p1", "skeptic")]
    assert january.competitors == []
    assert january.people["p1"].coverage == []
    assert [(c["staff_id"], c["strength"]) for c in january.people["p2"].coverage] == [("s1", 3)]
    assert [s["id"] for s in january.structure] == ["p1", "p2"]

    march = load_opportunity_as_of(graph, "deal", dt.date(2026, 3, 5))  # the day itself counts
    assert [(m.id, m.stance) for m in march.members] == [("p1", "supporter")]
    assert march.competitors == [{"id": "rival", "name": "Rival"}]
    assert [(c["staff_id"], c["strength"]) for c in march.people["p1"].coverage] == [("s1", 4)]

    june = load_opportunity_as_of(graph, "deal", dt.date(2026, 6, 1))
    assert [s["id"] for s in june.structure] == ["p1"]          # Quinn left
    # her influence on Pat stays (it is Pat's network), but Sam's tie to her was deleted
    assert [(e.from_id, e.to_id) for e in june.network] == [("p2", "p1")]
    assert june.people["p2"].coverage == []
    assert [c["strength"] for c in march.people["p2"].coverage] == [3]
    account = load_account_as_of(graph, "acme", dt.date(2026, 6, 1))
    assert account.insiders == ["p1"]
    assert load_account_as_of(graph, "acme", dt.date(2026, 2, 1)).insiders == ["p1", "p2"]


def test_before_anything_was_recorded_the_deal_does_not_exist(history):
    from powermap.errors import NotFound
    with pytest.raises(NotFound, match="on that day"):
        load_opportunity_as_of(history, "deal", dt.date(2025, 12, 31))


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(ValidationError, match="expected YYYY-MM-DD"):
        parse_day("31/12/2026")
    assert parse_day("2026-12-31") == dt.date(2026, 12, 31)


def test_the_cli_and_the_api_read_any_day(history, test_settings):
    import json

    from click.testing import CliRunner

    from powermap import users
    from powermap.api import create_app
    from powermap.cli import main

    runner = CliRunner()
    january = runner.invoke(main, ["report", "gaps", "deal", "--as-of", "2026-01-31",
                                   "--format", "json"], obj=test_settings)
    assert january.exit_code == 0, january.output
    now = runner.invoke(main, ["report", "gaps", "deal", "--format", "json"], obj=test_settings)
    assert "skeptic" in january.output and "skeptic" not in now.output
    spof = runner.invoke(main, ["report", "spof", "--as-of", "2025-06-30", "--format", "json"],
                         obj=test_settings)
    assert spof.exit_code == 0 and json.loads(spof.output)["accounts"] == []  # nothing yet
    bad = runner.invoke(main, ["report", "gaps", "deal", "--as-of", "yesterday"],
                        obj=test_settings)
    assert bad.exit_code == 2 and "'yesterday' does not match the format" in bad.output

    app = create_app({"TESTING": True, "POWERMAP_GRAPH": history}, settings=test_settings)
    users.create_user(history, "ada", "viewer", "correct horse battery")
    token = users.new_token(history, "ada")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    old = client.get("/api/v1/opportunities/deal/gaps?as_of=2026-01-31", headers=headers)
    assert old.status_code == 200 and "skeptic" in old.get_data(as_text=True)
    assert "skeptic" not in client.get("/api/v1/opportunities/deal/gaps",
                                       headers=headers).get_data(as_text=True)
    wrong = client.get("/api/v1/opportunities/deal/gaps?as_of=31.01.2026", headers=headers)
    assert wrong.status_code == 400 and "YYYY-MM-DD" in wrong.get_json()["error"]["message"]


def test_diff_lists_what_moved_between_two_days(history):
    """January 31 → June 1, worked out from the fixture: Quinn left Acme; Pat skeptic →
    supporter (up); Pat gained Sam's thread (0 → 1; strength 4); Rival's bid is new but holds
    nobody; power share: Pat (the only member) moved from opposes to supports."""
    from powermap.history.diff import diff
    result = diff(history, opportunity_id="deal", since=dt.date(2026, 1, 31),
                  until=dt.date(2026, 6, 1))
    assert result["people"] == [{"person": {"id": "p2", "name": "Quinn"}, "change": "left"}]
    (deal,) = result["opportunities"]
    assert deal["stances"] == [{"person": {"id": "p1", "name": "Pat"}, "before": "skeptic",
                                "after": "supporter", "direction": "up"}]
    assert deal["threads"] == [{"person": {"id": "p1", "name": "Pat"}, "before": 0, "after": 1,
                                "gained": ["Sam"], "lost": []}]
    assert deal["chain"] == [] and deal["holds"] == []
    share = {row["bucket"]: (row["before"], row["after"]) for row in deal["power_share"]}
    assert share["opposes"] == (1.0, 0.0) and share["supports"] == (0.0, 1.0)
    assert any(f["change"] == "resolved" for f in deal["findings"])
    from powermap.history.diff import marks
    assert {k: [m["kind"] for m in v] for k, v in marks(result).items()} == {
        "p2": ["left"], "p1": ["stance_up", "thread_gained"]}
    nothing = diff(history, account_id="acme", since=dt.date(2026, 6, 1),
                   until=dt.date(2026, 6, 2))
    assert nothing["people"] == [] and all(
        not o["stances"] and not o["threads"] and not o["findings"]
        for o in nothing["opportunities"])
    with pytest.raises(ValidationError, match="before"):
        diff(history, account_id="acme", since=dt.date(2026, 6, 2), until=dt.date(2026, 6, 1))


def test_a_map_compared_with_a_day_marks_what_changed(history, test_settings):
    from powermap import users
    from powermap.api import create_app
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": history}, settings=test_settings)
    users.create_user(history, "ada", "viewer", "correct horse battery")
    headers = {"Authorization": "Bearer " + users.new_token(history, "ada")}
    client = app.test_client()
    plain = client.get("/api/v1/opportunities/deal/map", headers=headers).get_json()
    assert "changes" not in plain
    compared = client.get("/api/v1/opportunities/deal/map?compare=2026-01-31",
                          headers=headers).get_json()["changes"]
    assert compared["from"] == "2026-01-31"
    assert [m["kind"] for m in compared["marks"]["p1"]] == ["stance_up", "thread_gained"]
    assert "went from skeptic to supporter" in compared["marks"]["p1"][0]["text"]
    back = client.get("/api/v1/accounts/acme/map?compare=2026-01-31&as_of=2026-03-01",
                      headers=headers).get_json()["changes"]
    assert back["to"] == "2026-03-01" and back["marks"] == {}


def test_two_edits_of_one_field_one_wins_the_other_is_refused_and_history_agrees(history):
    """Both editors saw Pat as a supporter; Ann saves champion first, Cyd's save of opponent
    is refused with the current value — and the history holds Ann's change only."""
    from powermap import editing
    seen = {"roles": ["decision_maker"], "stance": "supporter"}
    editing.set_chain_member(history, "deal", "p1", {"roles": ["decision_maker"],
                                                     "stance": "champion", "expected": seen}, "ann")
    with pytest.raises(editing.Conflict) as refused:
        editing.set_chain_member(history, "deal", "p1", {"roles": ["decision_maker"],
                                                         "stance": "opponent", "expected": seen},
                                 "cyd")
    assert refused.value.current["stance"] == "champion"
    rows = history.run_auto(
        "MATCH (c:Change {kind: 'decision_chain', a: 'p1', op: 'update'}) "
        "MATCH (cs:ChangeSet {id: c.set}) RETURN cs.who AS who, c.before AS before, "
        "c.after AS after ORDER BY c.at")
    import json
    last = rows[-1]
    assert last["who"] == "ann"
    assert json.loads(last["before"])["stance"] == "supporter"
    # the web edit also records who judged it and when (source, as_of)
    assert json.loads(last["after"]) == {"stance": "champion", "source": "web:ann",
                                         "as_of": dt.date.today().isoformat()}
    assert not any(r["who"] == "cyd" for r in rows)


def test_the_map_page_reads_a_past_day_and_compares(history, test_settings):
    """The page passes as_of and compare on to the map, the report and the chart, says which
    day it shows, and offers no edit forms on a past day."""
    import re

    from powermap import users
    from powermap.api import create_app
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": history}, settings=test_settings)
    users.create_user(history, "ed", "editor", "correct horse battery")
    client = app.test_client()
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))[1]
    client.post("/login", data={"username": "ed", "password": "correct horse battery",
                                "csrf_token": token})
    html = client.get("/opportunities/deal?as_of=2026-02-01&compare=2026-01-15"
                      ).get_data(as_text=True)
    assert 'data-map-url="/api/v1/opportunities/deal/map?as_of=2026-02-01&amp;compare=2026-01-15"' \
        in html
    assert 'data-report-url="/api/v1/opportunities/deal/gaps?as_of=2026-02-01"' in html
    assert "quadrants.svg?as_of=2026-02-01" in html
    assert "recorded it by the end of 2026-02-01" in html and 'id="add-person"' not in html
    today = client.get("/opportunities/deal").get_data(as_text=True)
    assert "as-of-banner" not in today and 'id="add-person"' in today
    assert client.get("/opportunities/deal?compare=soon").status_code == 400
