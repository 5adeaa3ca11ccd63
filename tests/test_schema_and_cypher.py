"""Schema init is idempotent; every .cypher file loads and passes EXPLAIN."""

from __future__ import annotations

import pytest

from powermap import cypher
from powermap.errors import ValidationError
from powermap.graph.schema import find_schema, init_schema

UNIQUE_IDS = {"Organization", "Unit", "Person", "Opportunity", "Activity"}


def test_schema_init_twice_changes_nothing(session_graph):
    before = find_schema(session_graph)
    assert init_schema(session_graph) == []
    assert find_schema(session_graph) == before
    constrained = {row["labelsOrTypes"][0] for row in before if row["backs_constraint"]}
    # users of the web app: unique usernames; login throttle counters: one per key; change sets
    assert constrained == UNIQUE_IDS | {"User", "LoginThrottle", "ChangeSet"}


def test_ids_are_unique(graph):
    graph.run_auto("CREATE (:Person {id: 'p1', name: 'One'})")
    with pytest.raises(ValidationError, match="already exists"):
        graph.run_auto("CREATE (:Person {id: 'p1', name: 'Two'})")


@pytest.mark.parametrize("name", cypher.names())
def test_every_cypher_file_passes_explain(session_graph, name):
    for statement in cypher.statements(name):
        if statement.lstrip().upper().startswith(("CREATE CONSTRAINT", "CREATE INDEX")):
            continue  # schema commands cannot be EXPLAINed; test_schema_init covers them
        with session_graph.driver.session(database=session_graph.database) as session:
            summary = session.run("EXPLAIN " + statement).consume()
        deprecated = [n for n in summary.summary_notifications
                      if n.category == "DEPRECATION"]
        assert not deprecated, f"{name}: {deprecated}"


def test_every_cypher_file_says_what_it_answers():
    for name in cypher.names():
        first = cypher.load(name).lstrip().splitlines()[0]
        assert first.startswith("//") and len(first) > 12, name
