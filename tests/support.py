"""Helpers for the tests: the guarded wipe and socket inspection."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from powermap.config import Settings
from powermap.errors import Refused
from powermap.graph import local_server
from powermap.graph.store import Graph
from powermap.model import Dataset

MARKER = "powermap-test-server"


def mark_as_test_server(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / MARKER).write_text("created by the Powermap test suite\n")


def wipe_test_graph(graph: Graph, settings: Settings) -> None:
    """Delete every node, but only on the local server the test suite started itself.

    Refuses when NEO4J_URI is set, when the data directory has no test marker, or when the
    graph is not connected to the server running in that directory.
    """
    state = local_server.status(settings)
    if settings.neo4j_uri or not (settings.data_dir / MARKER).exists():
        raise Refused(f"{settings.data_dir} is not a test server's data directory; not wiping")
    if state is None or graph.uri != state.uri:
        raise Refused(f"{graph.uri} is not the test server of {settings.data_dir}; not wiping")
    graph.run_auto("MATCH (n) DETACH DELETE n")


def listening_sockets(pid: int) -> list[tuple[str, int]]:
    """(address, port) of every TCP socket the process listens on, read from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            local, state, inode = cols[1], cols[3], cols[9]
            if state == "0A" and inode in inodes:  # 0A = LISTEN
                address, port = local.split(":")
                found.append((_address(address, width), int(port, 16)))
    return found


def _address(hex_address: str, width: int) -> str:
    if width == 8:
        return ".".join(str(int(hex_address[i:i + 2], 16)) for i in (6, 4, 2, 0))
    # IPv6 in /proc is four little-endian 32-bit words; we only need to spot v4-mapped loopback
    words = [hex_address[i:i + 8] for i in range(0, 32, 8)]
    raw = b"".join(bytes.fromhex(w)[::-1] for w in words)
    if raw[:12] == b"\0" * 10 + b"\xff\xff":
        return ".".join(str(b) for b in raw[12:])
    return ":".join(raw[i:i + 2].hex() for i in range(0, 16, 2))


def graph_dump(graph: Graph, history: bool = False) -> list[tuple]:
    """Every node and relationship with labels, type and properties, sorted: two graphs with
    equal dumps hold exactly the same data. Without ``history``, the change records and the
    ``_created`` stamps are left out (an import into an empty graph reproduces the
    data, not when it was written)."""
    nodes = graph.run_auto("MATCH (n) WHERE $history OR NOT (n:Change OR n:ChangeSet) "
                           "RETURN labels(n) AS labels, properties(n) AS props", history=history)
    rels = graph.run_auto("MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, "
                          "properties(r) AS props")
    def plain(props):
        return tuple(sorted((k, repr(v.to_native() if hasattr(v, "to_native") else v))
                            for k, v in props.items() if history or not k.startswith("_")))
    return sorted([("node", tuple(sorted(n["labels"])), plain(n["props"])) for n in nodes]
                  + [("rel", r["type"], r["a"], r["b"], plain(r["props"])) for r in rels])


def graph_counts(graph: Graph, history: bool = False) -> dict[str, int]:
    """Nodes, relationships and properties (of both) in the graph; without ``history``, the
    change records and the ``_created`` stamps are not counted."""
    return graph.run_auto(
        "CALL () { MATCH (n) WHERE $history OR NOT (n:Change OR n:ChangeSet) "
        "          RETURN count(n) AS nodes, "
        "                 sum(size([k IN keys(n) WHERE $history OR NOT k STARTS WITH '_'])) "
        "                 AS node_props } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels, "
        "          sum(size([k IN keys(r) WHERE $history OR NOT k STARTS WITH '_'])) "
        "          AS rel_props } "
        "RETURN nodes, rels, node_props + rel_props AS properties", history=history)[0]


def noon_utc(day: str) -> dt.datetime:
    """Noon UTC of a YYYY-MM-DD day: when a hand-built history's change set happened."""
    return dt.datetime.fromisoformat(day + "T12:00:00+00:00")


def dataset_of(**kinds) -> Dataset:
    """A dataset from plain rows per record kind (each row named by its kind)."""
    dataset = Dataset()
    for kind, rows in kinds.items():
        for row in rows:
            dataset.add(kind, row, kind)
    return dataset
