"""Issue 13 item 5: a read that runs longer than ``query_timeout`` is stopped by Neo4j and
answered with a clear error (503 in the API), not a hang; a dense account beside an ordinary
one does not slow the ordinary one's reports."""

from __future__ import annotations

import time

import pytest

from powermap.errors import QueryTimeout
from powermap.graph.store import Graph

SLOW = "UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n"


def test_a_read_that_runs_too_long_is_stopped_with_a_clear_error(graph):
    limited = Graph(graph.driver, graph.database, graph.uri, query_timeout=0.5)
    started = time.perf_counter()
    with pytest.raises(QueryTimeout, match=r"ran longer than the 0.5-second limit "
                                           r"\(setting query_timeout\)") as caught:
        limited.read_tx(lambda tx: tx._tx.run(SLOW).single())
    # stopped by the server and not retried by the driver
    assert time.perf_counter() - started < 10
    assert caught.value.status == 503 and caught.value.code == "query_timeout"


def test_the_api_answers_a_timed_out_read_with_a_503_and_the_page_is_readable(graph,
                                                                               test_settings):
    from powermap.api import create_app
    from tests.test_web import login
    limited = Graph(graph.driver, graph.database, graph.uri, query_timeout=0.5)
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": limited}, settings=test_settings)

    def slow():
        return {"n": limited.read_tx(lambda tx: tx._tx.run(SLOW).single()["n"])}
    app.add_url_rule("/api/v1/test-slow", "test_slow_api", slow)
    app.add_url_rule("/test-slow", "test_slow_page", slow)
    client = app.test_client()
    login(client, graph)
    answer = client.get("/api/v1/test-slow")
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "30"
    error = answer.get_json()["error"]
    assert error["code"] == "query_timeout"
    assert "ran longer than the 0.5-second limit" in error["message"]
    page = client.get("/test-slow")
    assert page.status_code == 503
    assert "ran longer than the 0.5-second limit" in page.get_data(as_text=True)
