"""One real Neo4j per test run, started by the suite itself; every test gets a clean graph."""

from __future__ import annotations

import pytest

from powermap.config import load_settings
from powermap.graph import local_server
from powermap.graph.connection import open_graph
from powermap.graph.schema import init_schema
from tests.support import mark_as_test_server, wipe_test_graph


@pytest.fixture(scope="session")
def test_settings(tmp_path_factory):
    """Settings of the test server: its own data directory and a free port, never NEO4J_URI."""
    data_dir = tmp_path_factory.mktemp("neo4j")
    settings = load_settings({"data_dir": str(data_dir), "neo4j_port": 0, "neo4j_uri": None,
                              "neo4j_heap": "768m", "neo4j_pagecache": "128m"},
                             environ={})
    mark_as_test_server(settings)
    return settings


@pytest.fixture(scope="session")
def neo4j_server(test_settings):
    state = local_server.start(test_settings)
    yield state
    local_server.stop(test_settings)


@pytest.fixture(scope="session")
def session_graph(test_settings, neo4j_server):
    graph = open_graph(test_settings, start_local=False)
    init_schema(graph)
    yield graph
    graph.close()


@pytest.fixture
def graph(session_graph, test_settings):
    """A clean graph (schema kept) for one test."""
    wipe_test_graph(session_graph, test_settings)
    return session_graph


@pytest.fixture
def demo_graph(graph):
    from powermap.importers.demo import load_demo
    load_demo(graph)
    return graph
