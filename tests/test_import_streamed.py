"""A native import written while its parser still runs: each kind of record goes into the
transaction as soon as it is validated, and the whole is still all or nothing."""

from __future__ import annotations

import threading

import pytest

from powermap.errors import ValidationError
from powermap.graph.load import load_dataset
from powermap.importers.plan import Arrivals
from powermap.model import RECORD_KINDS, Dataset
from tests.support import graph_counts


def test_arrivals_yield_kinds_in_order_then_nothing_and_pass_on_the_parsers_error():
    arrivals = Arrivals(lambda ready: [ready(kind) for kind in ("a", "b")])
    assert list(arrivals) == ["a", "b"]
    assert list(arrivals) == [] and arrivals.done and arrivals.seconds is not None

    def broken(ready):
        ready("a")
        raise RuntimeError("the parser broke")
    failing = Arrivals(broken)
    seen = []
    with pytest.raises(RuntimeError, match="the parser broke"):
        for kind in failing:
            seen.append(kind)
    assert seen == ["a"]
    with pytest.raises(RuntimeError, match="the parser broke"):   # and again, not a hang
        failing.wait()


def _records(people: list[str]) -> dict[str, list[dict]]:
    return {"organizations": [{"id": "acme", "name": "Acme", "kind": "customer"}],
            "people": [{"id": p, "name": p.upper()} for p in people],
            "employment": [{"person_id": p, "organization_id": "acme"} for p in people]}


def _parser(dataset: Dataset, records: dict[str, list[dict]], first_written: threading.Event):
    """A parser that completes organizations, then waits until the load has written them
    before it validates the rest: the load must write a kind while the parser runs."""
    def fill(ready):
        for kind in RECORD_KINDS:
            for data in records.get(kind, []):
                dataset.try_add(kind, data, f"{kind} row")
            ready(kind)
            if kind == "organizations":
                assert first_written.wait(10), "nothing was written while the parser ran"
    return fill


def test_a_kind_is_written_while_the_parser_is_still_validating_the_next(graph):
    dataset, written = Dataset(), threading.Event()
    arriving = Arrivals(_parser(dataset, _records(["p1", "p2"]), written))
    order = []

    def progress(kind, n):
        order.append((kind, n, arriving.done))
        written.set()

    summary = load_dataset(graph, dataset, progress, arriving=arriving)
    assert order[0] == ("organizations", 1, False)       # written before the parser finished
    assert summary.totals()["created"] == 5
    assert graph.run_auto("MATCH (p:Person)-[:WORKS_FOR]->(:Organization {id: 'acme'}) "
                          "RETURN p.id AS id ORDER BY id") == [{"id": "p1"}, {"id": "p2"}]


@pytest.mark.parametrize("bad, expected", [
    ({"employment": [{"person_id": "p9", "organization_id": "acme"}]},
     "employment row: field 'person_id': 'p9' names no person"),
    ({"people": [{"id": "p1", "name": "Again"}]},
     "people row: field 'id': duplicate id 'p1' (first at people row)"),
    ({"people": [{"id": "p3", "name": "Bad", "seniority": "boss"}]},
     "people row: field 'seniority': 'boss' is not allowed; expected one of c_level, vp, "
     "director, manager, individual"),
])
def test_a_problem_found_after_kinds_were_written_commits_nothing(graph, bad, expected):
    """The organizations are in the transaction before the parser meets the bad row: the
    check at the end refuses the whole, and nothing of it is committed."""
    before = graph_counts(graph, history=True)
    records = _records(["p1", "p2"])
    for kind, rows in bad.items():
        records[kind] = records[kind] + rows
    dataset, written = Dataset(), threading.Event()
    arriving = Arrivals(_parser(dataset, records, written))
    with pytest.raises(ValidationError) as caught:
        load_dataset(graph, dataset, lambda kind, n: written.set(), arriving=arriving)
    assert expected in str(caught.value).splitlines()
    assert written.is_set()                               # the organizations had been written
    assert graph_counts(graph, history=True) == before
