"""The store's transactions: reads inside a read transaction join it; lookups (the user of
every web request) run as auto-commit reads."""

from __future__ import annotations

from tests.fixtures import World


def test_reads_inside_a_read_transaction_join_it(graph):
    World().healthy().load(graph)
    seen = []

    def page(tx):
        seen.append(tx.transaction)
        # what an analysis deep inside a page does: its own read_tx and read
        graph.read_tx(lambda inner: seen.append(inner.transaction))
        rows = graph.read("find_person", person_id="p-dm")
        return rows, graph.lookup("find_person", person_id="p-dm")
    rows, looked_up = graph.read_tx(page)
    assert rows and rows == looked_up
    assert len(seen) == 2 and seen[0] is seen[1]
    # outside, each read has a transaction of its own again
    outside = []
    graph.read_tx(lambda tx: outside.append(tx.transaction))
    assert outside[0] is not seen[0]


def test_a_write_inside_a_read_transaction_is_its_own_and_commits(graph):
    from powermap import users
    World().healthy().load(graph)

    def page(_tx):
        users.create_user(graph, "writer", "viewer", "a long enough password")
        return users.find_user(graph, "writer")
    assert graph.read_tx(page)["role"] == "viewer"
    assert users.find_user(graph, "writer")["role"] == "viewer"


def test_a_lookup_reads_like_a_read(graph):
    World().healthy().load(graph)
    assert graph.lookup("find_person", person_id="p-dm") == graph.read("find_person",
                                                                       person_id="p-dm")
    assert graph.lookup("find_person", person_id="no-such-person") == []
