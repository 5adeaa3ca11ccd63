"""Which Neo4j to use: NEO4J_URI when it is set, otherwise the local server."""

from __future__ import annotations

from typing import Callable

from powermap.config import Settings
from powermap.errors import LocalServerError
from powermap.graph import local_server
from powermap.graph.store import Graph
from powermap.i18n import _


def open_graph(settings: Settings, start_local: bool = True,
               say: Callable[[str], None] = lambda _: None) -> Graph:
    """Connect to the configured Neo4j.

    With ``NEO4J_URI`` set, that server is used (``neo4j://`` routing URIs included, so a
    cluster or Aura works) and no local server is ever started. Otherwise the local server is
    used, started first when ``start_local`` is true.
    """
    if settings.neo4j_uri:
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        return Graph.connect(settings.neo4j_uri, auth, settings.neo4j_database,
                             settings.query_timeout)
    state = local_server.status(settings)
    if state is None:
        if not start_local:
            raise LocalServerError(_("the local Neo4j is not running; start it with "
                                     "`powermap neo4j start`, or set NEO4J_URI"))
        state = local_server.start(settings, say)
    return Graph.connect(state.uri, ("neo4j", local_server.password(settings)),
                         settings.neo4j_database, settings.query_timeout)
