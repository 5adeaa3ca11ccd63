"""One Neo4j driver per process, opened on first use and closed at shutdown.

"Per process" matters under the production server: gunicorn forks its workers from a master
that has loaded the app, and a driver's sockets must never be shared across a fork. So the app
never opens the driver while it is being built; each worker opens its own on its first request
(or when the server warms it right after the fork) and closes it when the worker exits.
"""

from __future__ import annotations

import atexit
import threading

import neo4j
from flask import Flask, current_app

from powermap import cypher
from powermap.errors import PowermapError
from powermap.graph.connection import open_graph
from powermap.graph.store import Graph, translate_errors

_lock = threading.Lock()

#: seconds the health check waits for Neo4j before it reports the graph as unreachable
HEALTH_TIMEOUT = 5.0


def get_graph() -> Graph:
    """The app's graph; views call this, domain code receives the graph as an argument."""
    return graph_of(current_app)


def graph_of(app: Flask) -> Graph:
    """The graph of ``app`` in this process, opened on first use (after any fork)."""
    graph = app.extensions.get("powermap_graph")
    if graph is None:
        with _lock:
            graph = app.extensions.get("powermap_graph")
            if graph is None:
                graph = app.config.get("POWERMAP_GRAPH") or open_graph(
                    app.config["POWERMAP_SETTINGS"], start_local=False)
                app.extensions["powermap_graph"] = graph
                if not app.config.get("POWERMAP_GRAPH"):
                    atexit.register(close_graph, app)
    return graph


def close_graph(app: Flask) -> None:
    """Close the driver this process opened for ``app`` (a graph handed in by the caller is the
    caller's to close). Safe to call twice."""
    with _lock:
        graph = app.extensions.get("powermap_graph")
        app.extensions["powermap_graph"] = None
    if graph is not None and graph is not app.config.get("POWERMAP_GRAPH"):
        graph.close()


def graph_health() -> tuple[dict, int]:
    """What ``/health`` answers: the body and the HTTP status, 200 while Neo4j answers a query,
    503 when it does not.

    The query runs once, in an auto-commit transaction with a short timeout: a managed
    transaction would retry an unreachable server for half a minute, and a load balancer wants
    its answer in seconds. The reason is logged, not shown: ``/health`` needs no login, and
    the driver's message names the database's address.
    """
    try:
        graph = get_graph()
        with translate_errors(graph.uri), graph.driver.session(
                database=graph.database, default_access_mode=neo4j.READ_ACCESS) as session:
            session.run(neo4j.Query(cypher.load("count_nodes"),
                                    timeout=HEALTH_TIMEOUT)).consume()
    except PowermapError as e:
        current_app.logger.warning("health check failed: %s", e)
        return {"status": "unavailable",
                "message": "The web app is running but cannot reach its graph database."}, 503
    return {"status": "ok"}, 200


def init_app(app: Flask) -> None:
    app.extensions.setdefault("powermap_graph", None)
