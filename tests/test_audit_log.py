"""The audit log: change sets filtered by user, dates and account, paged; a change set's page
with every change by name, escaped; undo from the page; the upload's preview and its
confirmation step."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest

from powermap import editing
from powermap.api import create_app
from powermap.graph.load import load_dataset
from powermap.history.audit import Filters, change_set, change_sets, parse_filters
from powermap.history.changes import ChangeSet, record_creations
from powermap.importers.native import export_native, parse_native
from powermap.importers.plan import apply_plan
from powermap.model import Dataset
from tests.support import graph_counts
from tests.test_import_native import small_world
from tests.test_web import csrf_of, login

SCRIPT = "<script>alert(1)</script>"


def dataset(**kinds: list[dict]) -> Dataset:
    data = Dataset()
    for kind, rows in kinds.items():
        for i, row in enumerate(rows, start=1):
            data.add(kind, row, f"{kind} {i}")
    return data


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day + "T10:00:00+00:00")


def load(graph, who: str, day: str, what: str, data: Dataset) -> str:
    cs = ChangeSet(who=who, via="import", what=what, at=at(day))
    load_dataset(graph, data, changeset=cs)
    return cs.id


@pytest.fixture
def history(graph, tmp_path):
    """Five change sets on five days, by three users, about two accounts (worked out below)."""
    cs1 = ChangeSet(who="ada", via="import", what="native import of in", at=at("2026-01-10"))
    load_dataset(graph, parse_native(small_world(tmp_path / "in")).dataset, changeset=cs1)
    cs2 = load(graph, "bea", "2026-02-05", "beta", dataset(
        organizations=[{"id": "beta", "name": "Beta", "kind": "customer"}],
        people=[{"id": "q1", "name": SCRIPT}],
        employment=[{"person_id": "q1", "organization_id": "beta", "title": "CTO"}],
        opportunities=[{"id": "op2", "name": "Beta cloud", "customer_id": "beta"}]))
    cs3 = load(graph, "bea", "2026-03-01", "p1 title", dataset(
        people=[{"id": "p1", "name": "Zoë Ångström, CIO", "title": "CEO",
                 "seniority": "c_level", "email": "zoe@acme.example",
                 "notes": "line one\nline two"}]))
    cs4 = load(graph, "carl", "2026-03-02", "q1 title", dataset(
        people=[{"id": "q1", "name": SCRIPT, "title": "Chief Technology Officer"}]))
    cs5 = load(graph, "carl", "2026-03-03", "s1 knows q1", dataset(
        relationships=[{"staff_id": "s1", "person_id": "q1", "strength": 2}]))
    return graph, [cs1.id, cs2, cs3, cs4, cs5]


def ids(graph, filters: Filters, per_page: int = 50) -> list[str]:
    return [cs["id"] for cs in change_sets(graph, filters, per_page)["change_sets"]]


def test_the_filters_and_paging_return_what_was_worked_out_by_hand(history):
    graph, (cs1, cs2, cs3, cs4, cs5) = history
    assert ids(graph, Filters()) == [cs5, cs4, cs3, cs2, cs1]
    assert ids(graph, Filters(user="bea")) == [cs3, cs2]
    # from and to are whole days, both inclusive
    assert ids(graph, Filters(start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 1))) == [cs3, cs2]
    # acme: its people p1 and p2, its opportunity op1; s1 works for us, not for acme
    assert ids(graph, Filters(account="acme")) == [cs3, cs1]
    # beta: created in cs2, q1's title in cs4, a relationship to q1 in cs5
    assert ids(graph, Filters(account="beta")) == [cs5, cs4, cs2]
    assert ids(graph, Filters(account="beta", user="carl")) == [cs5, cs4]
    assert ids(graph, Filters(account="nobody")) == []
    [bea] = [cs for cs in change_sets(graph, Filters(user="bea"))["change_sets"]
             if cs["id"] == cs3]
    assert (bea["records"], bea["more"]) == ([{"kind": "people", "op": "update",
                                               "fields": ["title"], "record": [
                                                   {"id": "p1", "name": "Zoë Ångström, CIO"}]}],
                                             0)
    first = change_sets(graph, Filters(page=1), per_page=2)
    assert (first["total"], first["pages"], ids(graph, Filters(page=3), 2)) == (5, 3, [cs1])


def test_bad_filters_name_the_parameter():
    from powermap.errors import ValidationError
    with pytest.raises(ValidationError) as e:
        parse_filters({"from": "25.11.2026", "page": "0"})
    text = str(e.value)
    assert "field 'from'" in text and "2026-11-25" in text and "field 'page'" in text


def test_a_change_set_lists_each_change_by_name_with_before_and_after(history):
    graph, (cs1, cs2, cs3, cs4, cs5) = history
    data = change_set(graph, cs3)
    assert data["change_set"]["who"] == "bea" and data["total"] == 1
    [change] = data["changes"]
    assert change["op"] == "update" and change["kind"] == "people"
    assert change["record"] == [{"id": "p1", "name": "Zoë Ångström, CIO"}]
    assert change["fields"] == [{"field": "title", "before": "CIO", "after": "CEO"}]
    created = change_set(graph, cs2)["changes"]
    # creations, then by kind (alphabetical): a stable order for paging
    assert [(c["kind"], c["count"]) for c in created] == [
        ("employment", 1), ("opportunities", 1), ("organizations", 1), ("people", 1)]
    assert created[3]["created"][0]["record"] == [{"id": "q1", "name": SCRIPT}]


@pytest.fixture
def app(graph, test_settings):
    return create_app({"TESTING": True, "POWERMAP_GRAPH": graph}, settings=test_settings)


def test_the_pages_escape_names_and_filter(history, app):
    graph, (cs1, cs2, cs3, cs4, cs5) = history
    client = app.test_client()
    login(client, graph, "vera", "viewer")
    page = client.get(f"/admin/changes/{cs4}").get_data(as_text=True)
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Chief Technology Officer" in page and "Undo this change set" not in page
    log = client.get("/admin/audit?account=beta&user=carl").get_data(as_text=True)
    assert "2 change sets match" in log and "s1 knows q1" in log and "p1 title" not in log
    bad = client.get("/admin/audit?from=yesterday")
    assert bad.status_code == 400 and "expected a date like 2026-11-25" in bad.get_data(True)
    assert client.get("/admin/audit?tab=events").get_data(as_text=True).count("Logins,") == 0
    api = client.get("/api/v1/changes?account=beta&from=2026-03-02").get_json()
    assert [cs["id"] for cs in api["change_sets"]] == [cs5, cs4]
    one = client.get(f"/api/v1/changes/{cs3}").get_json()
    assert one["changes"][0]["fields"] == [{"field": "title", "before": "CIO", "after": "CEO"}]
    assert client.get("/api/v1/changes/nope").status_code == 404
    assert client.post(f"/admin/changes/{cs3}/undo",
                       data={"csrf_token": csrf_of(client)}).status_code == 403


def test_an_editor_undoes_from_the_page_and_a_later_change_asks_first(history, app):
    graph, (cs1, cs2, cs3, cs4, cs5) = history
    client = app.test_client()
    token = login(client, graph, "eddie", "editor")
    assert "Undo this change set" in client.get(f"/admin/changes/{cs3}").get_data(True)
    assert client.post(f"/admin/changes/{cs3}/undo").status_code == 400   # no CSRF token
    done = client.post(f"/admin/changes/{cs3}/undo", data={"csrf_token": token})
    assert done.status_code == 302
    assert graph.run_auto("MATCH (p:Person {id: 'p1'}) RETURN p.title AS t")[0]["t"] == "CIO"
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "undo of " + cs3 in page and "eddie" in page
    blocked = client.post(f"/admin/changes/{cs2}/undo", data={"csrf_token": token})
    text = blocked.get_data(as_text=True)
    assert blocked.status_code == 409 and "q1 title" in text and "Undo anyway" in text


def test_the_upload_previews_and_asks_before_overwriting_newer_values(graph, app, tmp_path):
    apply_plan(graph, parse_native(small_world(tmp_path / "in")))
    export_native(graph, tmp_path / "old.json")
    editing.set_chain_member(graph, "op1", "p2", {"roles": ["user"], "stance": "skeptic",
                             "expected": {"roles": ["user"], "stance": None}}, "bea")
    client = app.test_client()
    token = login(client, graph, "ada", "admin")
    old = (tmp_path / "old.json").read_bytes()

    def upload(**form):
        return client.post("/import", data={"csrf_token": token, "source": "native", **form},
                           content_type="multipart/form-data")

    preview = upload(file=(io.BytesIO(old), "old.json"), check="1").get_data(as_text=True)
    assert "<td>stance</td><td><del>skeptic</del></td><td><ins>(empty)</ins></td>" in preview
    assert "Conflicts (" in preview
    counts = graph_counts(graph, history=True)
    asked = upload(file=(io.BytesIO(old), "old.json")).get_data(as_text=True)
    assert "Import anyway and overwrite these" in asked and "bea" in asked
    assert graph_counts(graph, history=True) == counts
    confirm = re.search(r'name="confirm" value="([^"]+)"', asked)[1]
    done = client.post("/import", data={"csrf_token": token, "confirm": confirm})
    assert done.status_code == 200 and "change set" in done.get_data(as_text=True)
    assert graph.run_auto("MATCH (:Person {id: 'p2'})-[r:IN_DECISION_CHAIN]->() "
                          "RETURN r.stance AS s")[0]["s"] is None
    again = client.post("/import", data={"csrf_token": token, "confirm": confirm})
    assert again.status_code == 404
    api = client.post("/api/v1/imports/native", data={"file": (io.BytesIO(old), "old.json")},
                      headers={"X-CSRFToken": token}, content_type="multipart/form-data")
    assert api.status_code == 200      # nothing newer any more: the file's values are the graph's
    assert json.loads(api.get_data())["totals"]["updated"] == 0


def test_a_change_set_used_again_after_a_rolled_back_attempt_starts_afresh(graph):
    """``write_tx`` retries a unit of work after a transient error with the same ChangeSet
    object: the second attempt must create the change set again (the first attempt's was
    rolled back) and count from zero. Before this was fixed the second attempt skipped the
    change set, and its change records pointed at nothing."""
    cs = ChangeSet(who="ada", via="cli", what="retried")
    row = {"id": "p9", "name": "Retry Person"}

    class Transient(Exception):
        pass

    def failing(tx):
        record_creations(tx, cs, "people", [row])
        raise Transient()

    def succeeding(tx):
        record_creations(tx, cs, "people", [row])
        cs.close(tx)

    with pytest.raises(Transient):
        graph.write_once(failing)
    graph.write_once(succeeding)
    assert graph.run_auto("MATCH (s:ChangeSet {id: $id}) RETURN s.created AS n",
                          id=cs.id) == [{"n": 1}]
    assert graph.run_auto("MATCH (c:Change {set: $id}) RETURN c.ids AS ids",
                          id=cs.id) == [{"ids": ["p9"]}]
