"""The KPI trend, portfolio and win/loss pages and their JSON, and the ``powermap kpi`` command,
on the hand-built history of ``test_kpi`` (an account named ``<script>…`` included)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from powermap import users
from powermap.api import create_app
from powermap.cli import main
from tests.test_kpi import SCRIPT, build_history


@pytest.fixture
def client(graph, test_settings):
    build_history(graph)
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": graph}, settings=test_settings)
    users.create_user(graph, "ada", "viewer", "correct horse battery")
    token = users.new_token(graph, "ada")
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_pages_json_and_command(client, graph, test_settings):
    trend = client.get("/accounts/acme/trend?from=2026-01-01&to=2026-03-31")
    html = trend.get_data(as_text=True)
    assert trend.status_code == 200
    # one chart per headline figure, and no script anywhere in the page's body
    assert html.count("<svg") == 10 and "<script" not in html.split("<main>")[1]
    # the March row: coverage 100 %, threads 1.5, two single points, chain 50 %, supports 83 %
    assert "2026-03-31" in html and "1.5" in html and "83 %" in html
    opp = client.get("/opportunities/deal/trend?from=2026-01-01&to=2026-03-31&every=quarter")
    assert opp.status_code == 200 and "Rival" in opp.get_data(as_text=True)

    # the evil account's name is escaped on its trend page (in the SVG's title too) and in
    # the portfolio table
    evil = client.get("/accounts/evil/trend?from=2026-01-01&to=2026-03-31").get_data(as_text=True)
    assert SCRIPT not in evil and "&lt;script&gt;alert(1)&lt;/script&gt;" in evil
    page = client.get("/portfolio/kpi?to=2026-03-31&sort=threads_per_key_person&order=desc")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.index("Tier S") < html.index("Tier A")
    # Acme's threads per key person fell from 2 to 1.5: a red down arrow
    assert 'class="arrow bad" title="was 2">↓' in html
    bad_sort = client.get("/portfolio/kpi?sort=nonsense")
    assert bad_sort.status_code == 400 and "expected one of name" in bad_sort.get_data(as_text=True)

    data = client.get("/api/v1/accounts/acme/kpi?from=2026-01-01&to=2026-03-31").get_json()
    assert [p["kpis"]["threads_per_key_person"] for p in data["points"]] == [1.0, 2.0, 1.5]
    portfolio = client.get("/api/v1/portfolio/kpi?to=2026-03-31").get_json()
    assert [t["tier"] for t in portfolio["tiers"]] == ["S", "A"]
    wrong = client.get("/api/v1/accounts/acme/kpi?every=week")
    assert wrong.status_code == 400 and "month or quarter" in wrong.get_json()["error"]["message"]
    assert client.get("/api/v1/accounts/nobody/kpi").status_code == 404
    assert client.get("/portfolio/outcomes").status_code == 200

    runner = CliRunner()
    out = runner.invoke(main, ["kpi", "--account", "acme", "--from", "2026-01-01", "--to",
                               "2026-03-31", "--format", "json"], obj=test_settings)
    assert out.exit_code == 0, out.output
    assert [p["kpis"]["single_points"] for p in json.loads(out.output)["points"]] == [2, 0, 2]
    table = runner.invoke(main, ["kpi", "--portfolio", "--to", "2026-03-31", "--format", "md"],
                          obj=test_settings)
    assert table.exit_code == 0 and "&lt;script&gt;" in table.output and "1.5 ↓ (was 2)" in table.output
    both = runner.invoke(main, ["kpi", "--account", "acme", "--portfolio"], obj=test_settings)
    assert both.exit_code == 2 and "exactly one of" in both.output
