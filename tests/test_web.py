"""The first page: the accounts, escaped, with a strict Content-Security-Policy."""

from __future__ import annotations

import pytest

from powermap.api import create_app


@pytest.fixture
def client(graph, test_settings):
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": graph}, settings=test_settings)
    return app.test_client()


def test_the_accounts_page_lists_the_demo_customers(client, demo_graph):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name in ("Northwind Rail", "Aurora Health Group", "Pacific Grid Energy",
                 "Blue River Logistics"):
        assert name in html
    assert "Orion Networks" not in html   # competitors are not accounts
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]


def test_names_are_escaped(client, graph):
    graph.run_auto("CREATE (:Organization {id: 'x', kind: 'customer', tier: 'C', "
                   "name: '<img src=x onerror=alert(1)>'})")
    html = client.get("/").get_data(as_text=True)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_accounts_json_and_health(client, demo_graph):
    accounts = client.get("/api/v1/accounts").get_json()["accounts"]
    northwind = next(a for a in accounts if a["id"] == "org-northwind")
    assert northwind["tier"] == "S" and northwind["open_opportunities"] == 2
    assert northwind["competitors"] == 2
    assert client.get("/health").get_json() == {"status": "ok"}


def test_unknown_api_paths_answer_the_json_error_shape(client, graph):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_serve_names_a_taken_port(test_settings):
    import socket
    from click.testing import CliRunner
    from powermap.cli import main
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)], obj=test_settings)
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is taken" in result.output
