"""The relationship assessment chart (issue 11, item 5): where each person falls, the SVG, the
API, the pages and the CLI."""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET

from click.testing import CliRunner

from powermap.analysis.gaps import gap_report
from powermap.cli import main
from powermap.viz import quadrants
from tests.fixtures import TODAY, World

XSS = "<script>alert(1)</script> & \"Co\""


def assessment_world(graph):
    """Powers by hand (power = 100·(0.40·seniority + 0.35·role + 0.25·reach)); the only
    influence edge is Dora → Tim, so Dora's reach is 1 and everyone else's 0:

    - Dora Decider: c_level decision maker, champion, two threads → 100, key supporter;
    - Abe Approver: c_level approver, opponent, one thread, favors Rival 4 → 71.5, powerful
      opponent, held by Rival;
    - Vic Vice: vp influencer, neutral, no thread → 100·(0.32 + 0.21) = 53, powerful neutral;
    - Tim Tech: director technical evaluator, no stance, influenced by the champion → 48.5,
      estimated as leaning our way, everyone else;
    - Uma User: individual user, no stance, nobody influences her → 18.5, unknown;
    - the name with markup: manager commercial evaluator, skeptic → 40.5, everyone else.
    """
    w = World()
    w.chain("p-dm", "decision_maker", "champion")
    w.knows("s-ar", "p-dm", 4)
    w.knows("s-ex", "p-dm", 4)
    w.chain("p-ap", "approver", "opponent")
    w.knows("s-ar", "p-ap", 2)
    w.favors("p-ap", "rival", 4)
    w.person("p-vp", "Vic Vice", "acme", title="VP Operations", seniority="vp")
    w.chain("p-vp", "influencer", "neutral")
    w.chain("p-te", "technical_evaluator")
    w.influence("p-dm", "p-te", 5)
    w.chain("p-us", "user")
    w.person("p-x", XSS, "acme", seniority="manager")
    w.chain("p-x", "commercial_evaluator", "skeptic")
    return w.load(graph)


def test_each_person_falls_in_the_quadrant_worked_out_by_hand(graph):
    assessment_world(graph)
    chart = quadrants.chart_of_report(gap_report(graph, "deal", today=TODAY).as_dict())
    people = {p["id"]: p for p in chart["people"]}
    assert {pid: (p["power"], p["quadrant"]) for pid, p in people.items()} == {
        "p-dm": (100.0, "key_supporters"), "p-ap": (71.5, "powerful_opponents"),
        "p-vp": (53.0, "powerful_neutrals"), "p-te": (48.5, "the_rest"),
        "p-us": (18.5, "the_rest"), "p-x": (40.5, "the_rest")}
    assert (people["p-dm"]["basis"], people["p-dm"]["support"], people["p-dm"]["threads"]) == \
        ("recorded", 2.0, 2)
    assert people["p-ap"]["held_by"] == ["Rival"] and people["p-ap"]["threads"] == 1
    assert people["p-te"]["basis"] == "estimated" and people["p-te"]["support"] > 0
    assert people["p-us"]["basis"] == "unknown" and people["p-us"]["support"] == 0
    assert [q["people"] for q in chart["quadrants"]] == [1, 1, 1, 3]
    # the drawing: a well-formed SVG (every name escaped), no script, nothing from elsewhere
    svg = quadrants.render_svg(chart)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<script" not in svg and "href" not in svg and "style=" not in svg
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    # a long name is shortened on the chart and whole in its tooltip
    assert XSS[:25] + "…" in texts
    assert any(XSS in t.text for t in root.iter("{http://www.w3.org/2000/svg}title"))
    assert "Key supporters (1)" in texts and "Convert them." in texts
    assert "Keep them informed." in texts and "Develop them." in texts
    assert "Keep them close and use them." in texts


def test_labels_do_not_overlap_even_when_people_crowd_one_spot():
    names = ["李明", "王小红", "Dr. Helena Papadopoulou-Smith", "佐藤 健太郎", "김민준",
             "Jean-Baptiste Beaumont", "Zoë Ångström", "Łukasz Nowak", "Ana", "Bo",
             "Priya Raman", "Tan Wei Ming", "Olga Ivanova", "María López"]
    members = [{"id": f"p{i}", "name": n, "roles": ["user"], "stance": "neutral",
                "power": 60.0, "threads": 1, "coverage": [], "held_by": []}
               for i, n in enumerate(names)]
    members += [{"id": f"q{i}", "name": f"Person {i}", "roles": [], "stance": "supporter",
                 "power": 20.0 + i * 3, "threads": 0, "coverage": [], "held_by": []}
                for i in range(10)]
    chart = quadrants.chart_of_report({"opportunity": {"id": "o", "name": "Crowded"},
                                       "customer": {"name": "Acme"}, "members": members})
    placed = quadrants.layout(chart)
    boxes = [label["box"] for _, _, label in placed]
    for a, b in itertools.combinations(boxes, 2):
        assert quadrants._overlap(a, b) == 0, (a, b)
    for x0, y0, x1, y1 in boxes:
        assert quadrants.LEFT <= x0 < x1 <= quadrants.WIDTH - quadrants.RIGHT
        assert quadrants.TOP <= y0 < y1 <= quadrants.HEIGHT - quadrants.BOTTOM
    centres = [c for _, c, _ in placed]
    for (ax, ay), (bx, by) in itertools.combinations(centres, 2):
        assert (ax - bx) ** 2 + (ay - by) ** 2 >= (2 * quadrants.RADIUS) ** 2


def test_an_account_chart_shows_a_person_once_with_their_least_supportive_stance():
    def report(opp, stance):
        return {"opportunity": {"id": opp, "name": opp}, "customer": {"name": "Acme"},
                "members": [{"id": "p", "name": "Gao", "roles": ["decision_maker"],
                             "stance": stance, "power": 80.0 if stance == "champion" else 70.0,
                             "threads": 1, "coverage": [], "held_by": []}]}
    chart = quadrants.chart_of_reports({"id": "acme", "name": "Acme"},
                                       [report("o1", "champion"), report("o2", "opponent")])
    [p] = chart["people"]
    assert (p["stance"], p["power"], p["quadrant"]) == ("opponent", 80.0, "powerful_opponents")
    assert p["opportunities"] == ["o1", "o2"] and chart["note"]


def test_the_api_the_pages_and_the_cli_serve_the_chart(graph, test_settings, tmp_path):
    from powermap.api import create_app
    from tests.test_web import login
    assessment_world(graph)
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": graph}, settings=test_settings)
    client = app.test_client()
    login(client, graph, "viv", "viewer")
    data = client.get("/api/v1/opportunities/deal/quadrants").get_json()
    assert {p["id"]: p["quadrant"] for p in data["people"]}["p-ap"] == "powerful_opponents"
    account = client.get("/api/v1/accounts/acme/quadrants").get_json()
    assert account["scope"] == {"kind": "account", "id": "acme", "name": "Acme",
                                "customer": "Acme"}
    assert len(account["people"]) == 6
    for url in ("/api/v1/opportunities/deal/quadrants.svg", "/api/v1/accounts/acme/quadrants.svg"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        ET.fromstring(response.get_data(as_text=True))
    assert client.get("/api/v1/opportunities/nope/quadrants").status_code == 404
    assert client.get("/api/v1/accounts/nope/quadrants.svg").status_code == 404
    for page in ("/opportunities/deal", "/accounts/acme", "/opportunities/deal/report"):
        html = client.get(page).get_data(as_text=True)
        assert 'class="chart"' in html and "quadrants.svg" in html, page

    out = tmp_path / "chart.svg"
    result = CliRunner().invoke(main, ["report", "quadrants", "deal", "--svg", str(out),
                                       "--json"], obj=test_settings)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["people"][0]["name"] == "Dora Decider"
    ET.fromstring(out.read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["report", "quadrants", "acme"], obj=test_settings)
    assert result.exit_code == 0 and "powerful_opponents" in result.output
    result = CliRunner().invoke(main, ["report", "quadrants", "nope"], obj=test_settings)
    assert result.exit_code == 1 and "no opportunity and no organization" in result.output
