"""One Neo4j driver per process, opened on first use and closed at exit."""

from __future__ import annotations

import atexit
import threading

from flask import Flask, current_app

from powermap.graph.connection import open_graph
from powermap.graph.store import Graph

_lock = threading.Lock()


def get_graph() -> Graph:
    """The app's graph; views call this, domain code receives the graph as an argument."""
    app = current_app
    graph = app.extensions.get("powermap_graph")
    if graph is None:
        with _lock:
            graph = app.extensions.get("powermap_graph")
            if graph is None:
                graph = app.config.get("POWERMAP_GRAPH") or open_graph(
                    app.config["POWERMAP_SETTINGS"], start_local=False)
                app.extensions["powermap_graph"] = graph
                if not app.config.get("POWERMAP_GRAPH"):
                    atexit.register(graph.close)
    return graph


def init_app(app: Flask) -> None:
    app.extensions.setdefault("powermap_graph", None)
