"""The local Neo4j: start, reuse, status, stop, and the errors a user may meet."""

from __future__ import annotations

import shutil
import socket

import pytest
from click.testing import CliRunner

from powermap.cli import main
from powermap.config import load_settings
from powermap.errors import LocalServerError
from powermap.graph import local_server
from powermap.graph.connection import open_graph
from tests.support import listening_sockets


def _settings(tmp_path, **overrides):
    values = {"data_dir": str(tmp_path / "data"), "neo4j_port": 0, "neo4j_uri": None,
              "neo4j_heap": "512m", "neo4j_pagecache": "64m", **overrides}
    return load_settings(values, environ={})


def test_the_server_listens_on_loopback_bolt_only(neo4j_server):
    sockets = listening_sockets(neo4j_server.pid)
    assert sockets == [("127.0.0.1", neo4j_server.port)]


def test_the_usage_report_is_off(session_graph):
    rows = session_graph.run_auto(
        "SHOW SETTINGS YIELD name, value WHERE name = 'dbms.usage_report.enabled' "
        "RETURN value")
    assert rows == [{"value": "false"}]


def test_auth_is_on_and_the_password_is_private(test_settings, neo4j_server):
    import neo4j
    path = test_settings.data_dir / "neo4j-password"
    assert path.stat().st_mode & 0o777 == 0o600
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=("neo4j", "wrong")) as driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            driver.verify_connectivity()


def test_a_second_start_reuses_the_running_server(test_settings, neo4j_server):
    again = local_server.start(test_settings)
    assert (again.pid, again.port) == (neo4j_server.pid, neo4j_server.port)
    assert local_server.status(test_settings) == neo4j_server


def test_start_stop_status_and_data_survives_a_restart(tmp_path):
    settings = _settings(tmp_path)
    assert local_server.status(settings) is None
    state = local_server.start(settings)
    try:
        assert local_server.status(settings) == state
        with open_graph(settings, start_local=False) as graph:
            graph.run_auto("CREATE (:Organization {id: 'kept', name: 'Kept'})")
    finally:
        stopped = local_server.stop(settings)
    assert stopped.pid == state.pid
    assert local_server.status(settings) is None
    assert not (settings.data_dir / "server.json").exists()
    with open_graph(settings, start_local=True) as graph:   # starts it again
        assert graph.run_auto("MATCH (o:Organization) RETURN o.id AS id") == [{"id": "kept"}]
    local_server.stop(settings)


def test_missing_java_is_named(tmp_path):
    settings = _settings(tmp_path, java="no-such-java-binary")
    with pytest.raises(LocalServerError, match="Java 17 or newer is needed.*no-such-java-binary"):
        local_server.start(settings)


def test_missing_maven_is_named_when_the_launcher_must_be_built(tmp_path):
    module = tmp_path / "launcher"
    shutil.copytree(load_settings(environ={}).launcher_dir, module,
                    ignore=shutil.ignore_patterns("target"))
    settings = _settings(tmp_path, launcher_dir=str(module), mvn="no-such-mvn")
    with pytest.raises(LocalServerError, match="Maven is needed"):
        local_server.start(settings)


def test_a_taken_port_is_named(tmp_path):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        settings = _settings(tmp_path, neo4j_port=port)
        with pytest.raises(LocalServerError, match=f"port {port} on 127.0.0.1 is taken"):
            local_server.start(settings)


def test_a_server_that_dies_during_start_up_shows_its_log(tmp_path):
    settings = _settings(tmp_path, neo4j_pagecache="plenty")
    with pytest.raises(LocalServerError) as caught:
        local_server.start(settings)
    message = str(caught.value)
    assert "stopped during start-up" in message
    assert "server.memory.pagecache.size" in message   # the tail of the log says why
    assert local_server.status(settings) is None


def test_cli_status_exit_code_and_json(tmp_path, test_settings, neo4j_server):
    runner = CliRunner()
    stopped = runner.invoke(main, ["neo4j", "status"], obj=_settings(tmp_path))
    assert stopped.exit_code == 3 and "not running" in stopped.output
    running = runner.invoke(main, ["neo4j", "status", "--json"], obj=test_settings)
    assert running.exit_code == 0
    assert f'"uri": "{neo4j_server.uri}"' in running.output


def test_neo4j_uri_is_used_and_no_local_server_is_started(tmp_path, test_settings, neo4j_server,
                                                          session_graph):
    password = local_server.password(test_settings)
    for scheme in ("bolt", "neo4j"):   # neo4j:// is the routing scheme clusters and Aura use
        settings = _settings(tmp_path, neo4j_uri=f"{scheme}://127.0.0.1:{neo4j_server.port}",
                             neo4j_password=password)
        result = CliRunner().invoke(main, ["schema", "init"], obj=settings)
        assert result.exit_code == 0, result.output
        assert "schema is up to date" in result.output
        assert not (settings.data_dir / "server.json").exists()
        refused = CliRunner().invoke(main, ["neo4j", "start"], obj=settings)
        assert refused.exit_code == 1 and "NEO4J_URI is set" in refused.output


def test_an_unreachable_neo4j_uri_says_so(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = _settings(tmp_path, neo4j_uri=f"bolt://127.0.0.1:{port}", neo4j_password="x")
    result = CliRunner().invoke(main, ["schema", "init"], obj=settings)
    assert result.exit_code == 1
    assert f"cannot reach Neo4j at bolt://127.0.0.1:{port}" in result.output


def test_the_launcher_build_is_cached(test_settings, neo4j_server):
    # The session's server needed the launcher; asking again must not need Maven at all.
    settings = test_settings.with_overrides(mvn="no-such-mvn")
    assert local_server.ensure_launcher(settings).name == local_server.JAR_NAME


def test_the_wipe_refuses_anything_but_the_test_server(tmp_path, test_settings, session_graph):
    from powermap.errors import Refused
    from tests.support import wipe_test_graph
    session_graph.run_auto("CREATE (:Organization {id: 'keep-me', name: 'Keep', kind: 'own'})")
    unmarked = _settings(tmp_path)                       # no marker file in its data dir
    with pytest.raises(Refused, match="not a test server's data directory"):
        wipe_test_graph(session_graph, unmarked)
    remote = test_settings.with_overrides(neo4j_uri=session_graph.uri)   # NEO4J_URI set
    with pytest.raises(Refused):
        wipe_test_graph(session_graph, remote)
    assert session_graph.run_auto("MATCH (o:Organization {id: 'keep-me'}) RETURN count(o) AS n") == [{"n": 1}]
    wipe_test_graph(session_graph, test_settings)        # the real test server: wiped
    assert session_graph.run_auto("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_a_port_left_in_time_wait_is_free(tmp_path):
    # A server that just stopped leaves its accepted connections in TIME_WAIT.
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = server.accept()
        accepted.close()          # the server side closes first: it holds the TIME_WAIT
        client.close()
        assert not local_server.port_free("127.0.0.1", port)   # still listening
    assert local_server.port_free("127.0.0.1", port)           # only TIME_WAIT left
