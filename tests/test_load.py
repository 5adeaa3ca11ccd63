"""The one write path: references checked first, then all or nothing."""

from __future__ import annotations

import pytest

from powermap.errors import ValidationError
from powermap.graph.load import load_dataset
from powermap.model import Dataset


def test_duplicates_and_dangling_references_are_named_and_nothing_is_written(graph):
    d = Dataset()
    d.add("organizations", {"id": "o1", "name": "A", "kind": "customer"}, "orgs.csv line 2")
    d.add("organizations", {"id": "o1", "name": "B", "kind": "customer"}, "orgs.csv line 3")
    d.add("people", {"id": "p1", "name": "P"}, "people.csv line 2")
    d.add("relationships", {"staff_id": "p1", "person_id": "nobody", "strength": 3},
          "rel.csv line 2")
    with pytest.raises(ValidationError) as caught:
        load_dataset(graph, d)
    assert str(caught.value).splitlines() == [
        "orgs.csv line 3: field 'id': duplicate id 'o1' (first at orgs.csv line 2)",
        "rel.csv line 2: field 'staff_id': 'p1' names no staff member (a person with a team_role)",
        "rel.csv line 2: field 'person_id': 'nobody' names no person",
    ]
    assert graph.read("count_graph")[0]["nodes"] == 0


def test_references_to_what_the_graph_already_holds_are_fine(graph):
    first = Dataset()
    first.add("organizations", {"id": "o1", "name": "A", "kind": "customer"})
    load_dataset(graph, first)
    second = Dataset()
    second.add("people", {"id": "p1", "name": "P"})
    second.add("employment", {"person_id": "p1", "organization_id": "o1"})
    summary = load_dataset(graph, second)
    assert summary.by_kind() == {
        "people": {"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "kept": 0},
        "employment": {"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "kept": 0}}
    assert graph.run_auto("MATCH (:Person {id: 'p1'})-[:WORKS_FOR]->(:Organization {id: 'o1'}) "
                          "RETURN count(*) AS n") == [{"n": 1}]
