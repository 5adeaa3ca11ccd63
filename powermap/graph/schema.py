"""Constraints and indexes: ``powermap schema init``."""

from __future__ import annotations

from powermap import cypher
from powermap.graph.store import Graph


def init_schema(graph: Graph) -> list[str]:
    """Create every constraint and index of ``create_schema.cypher`` that is missing and wait
    until the indexes are online. Idempotent; returns the names of what it created."""
    before = {row["name"] for row in graph.read("find_schema")}
    for statement in cypher.statements("create_schema"):
        graph.run_auto(statement)
    graph.run_auto("CALL db.awaitIndexes(300)")
    after = {row["name"] for row in graph.read("find_schema")}
    return sorted(after - before)


def find_schema(graph: Graph) -> list[dict]:
    """Every index, with whether it backs a uniqueness constraint."""
    return graph.read("find_schema")
