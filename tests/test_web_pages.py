"""The browser pages of the read-only analyses and the search box, through Flask's test client
against the real Neo4j, on a small world whose answers were worked out by hand:

- Acme's key people are Dora Decider (decision maker, c-level), Abe Approver (approver, c-level)
  and Tim Tech (technical evaluator).
- Only Ann Account knows Dora (4): Dora is single-threaded and Ann is her only thread.
- Nobody knows Abe: he has no thread at all.
- Sam Solution (4) and Eve Exec (3) know Tim, who influences Dora (4) but favors Rival (4 to 0):
  Tim is held by Rival, so his influence is no access, and Ann's departure cuts us off from Dora.
  Dora is held by Rival too: her only influencer is Tim (4 ≥ 3) and she favors nobody.
- Paths to Dora: Ann directly (safe, 0.8), then through Tim, risky: Sam (0.64), Eve (0.48).
- Beta has a lost opportunity, "Old Beta Deal", at stage "closed".
"""

from __future__ import annotations

import re

import pytest

from powermap.api import create_app
from tests.fixtures import World
from tests.test_web import login

SCRIPT = "<script>alert(1)</script>"

PAGES = ["/search?q=dora", "/opportunities", "/spof", "/spof?account_id=acme",
         "/spof?opportunity_id=deal", "/competitors", "/competitors?account_id=acme",
         "/competitors?opportunity_id=deal", "/whatif", "/whatif?person_id=s-ar",
         "/whatif?person_id=p-dm", "/knows", "/knows?organization_id=acme", "/people/p-dm"]
APIS = ["/api/v1/search?q=dora", "/api/v1/opportunities", "/api/v1/spof",
        "/api/v1/competitors", "/api/v1/people/p-dm/paths", "/api/v1/people/s-ar/whatif"]


@pytest.fixture
def world(graph):
    w = World()
    w.chain("p-dm", "decision_maker", "neutral")
    w.chain("p-ap", "approver")
    w.chain("p-te", "technical_evaluator")
    w.knows("s-ar", "p-dm", 4)
    w.knows("s-sr", "p-te", 4)
    w.knows("s-ex", "p-te", 3)
    w.influence("p-te", "p-dm", 4)
    w.favors("p-te", "rival", 4)
    w.data.add("opportunities", dict(id="old", name="Old Beta Deal", customer_id="beta",
                                     status="lost", stage="closed", amount=120000,
                                     currency="EUR"))
    return w.load(graph)


@pytest.fixture
def client(world, test_settings):
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": world}, settings=test_settings)
    return app.test_client()


@pytest.fixture
def reader(client, world):
    login(client, world, "rita", "viewer")
    return client


def text_of(response) -> str:
    """The page's text without tags, spaces collapsed."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login?next=" in response.location


@pytest.mark.parametrize("url", APIS)
def test_read_endpoints_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("url", PAGES + APIS)
def test_a_reader_gets_every_page(reader, url):
    assert reader.get(url).status_code == 200


def test_every_page_has_the_search_box_and_the_navigation(reader):
    html = reader.get("/").get_data(as_text=True)
    assert 'action="/search"' in html and 'name="q"' in html
    for path in ("/opportunities", "/spof", "/competitors", "/whatif", "/knows"):
        assert f'href="{path}"' in html, path


def test_search_page_groups_results_with_links(reader):
    html = reader.get("/search?q=dora").get_data(as_text=True)
    assert '<a href="/people/p-dm">Dora Decider</a>' in html
    html = reader.get("/search?q=acme").get_data(as_text=True)
    assert '<a href="/accounts/acme">Acme</a>' in html
    html = reader.get("/search?q=old+beta").get_data(as_text=True)
    assert '<a href="/opportunities/old">Old Beta Deal</a>' in html
    assert "Nothing matches" in reader.get("/search?q=zzzz").get_data(as_text=True)
    assert reader.get("/search?q=a%2Bb+(c").status_code == 200


def test_search_api(reader):
    found = reader.get("/api/v1/search?q=Decider").get_json()
    assert [p["id"] for p in found["people"]] == ["p-dm"]
    assert found["people"][0]["organizations"][0]["id"] == "acme"
    assert reader.get("/api/v1/search?q=a%2Bb+(c").status_code == 200
    assert reader.get("/api/v1/search?q=x&limit=0").status_code == 400
    assert reader.get("/api/v1/search?q=" + "x" * 201).status_code == 400


def test_spof_page_of_an_account(reader):
    text = text_of(reader.get("/spof?account_id=acme"))
    assert "If this staff member leaves we lose every path to Ann Account Dora Decider" in text
    assert "Key people with no thread at all Key person Buying roles Abe Approver approver" in text
    assert "Dora Decider decision maker Ann Account 4/5" in text
    assert "Tim Tech" not in text   # two threads: not a single point of contact


def test_spof_api_portfolio(reader):
    data = reader.get("/api/v1/spof").get_json()
    acme = next(a for a in data["accounts"] if a["account"]["id"] == "acme")
    assert [p["id"] for p in acme["single_threaded"]] == ["p-dm"]
    assert [p["id"] for p in acme["no_thread"]] == ["p-ap"]
    assert [d["staff"]["id"] for d in acme["departures_that_cut"]] == ["s-ar"]
    assert data["totals"] == {"single_threaded": 1, "departures_that_cut": 1}
    assert data["page"] == 1 and data["pages"] == 1


def test_competitors_page_and_api(reader):
    text = text_of(reader.get("/competitors?account_id=acme"))
    assert "Tim Tech technical evaluator" in text and "favors Rival (4/5) over us (0/5)" in text
    assert "Dora Decider decision maker" in text and "influenced by Tim Tech" in text
    data = reader.get("/api/v1/competitors").get_json()
    assert [(c["competitor"]["name"], c["people"], c["accounts"])
            for c in data["by_competitor"]] == [("Rival", 2, ["Acme"])]
    deal = reader.get("/api/v1/competitors?opportunity_id=deal").get_json()
    assert deal["scopes"][0]["kind"] == "opportunity"
    assert {h["person"]["id"]: h["reason"] for h in deal["scopes"][0]["held"]} == {
        "p-te": "favors", "p-dm": "influenced_by"}


def test_person_page_shows_who_can_introduce_us(reader):
    data = reader.get("/api/v1/people/p-dm/paths").get_json()
    assert [([p["id"] for p in path["people"]], path["safe"]) for path in data["paths"]] == [
        (["s-ar", "p-dm"], True), (["s-sr", "p-te", "p-dm"], False),
        (["s-ex", "p-te", "p-dm"], False)]
    html = reader.get("/people/p-dm").get_data(as_text=True)
    assert "Who can introduce us to Dora Decider" in html
    text = text_of(reader.get("/people/p-dm"))
    assert "Ann Account already knows Dora Decider (strength 4)" in text
    assert "Risky: Tim Tech is held by Rival" in text
    # our staff are where paths start: their page has no introductions
    assert "Who can introduce us" not in reader.get("/people/s-ar").get_data(as_text=True)


def test_whatif_separates_coverage_lost_from_new_risks(reader):
    data = reader.get("/api/v1/people/s-ar/whatif").get_json()
    assert data["coverage_lost"] == [{"person_id": "p-dm", "name": "Dora Decider",
                                      "strength": 4, "source": "test",
                                      "as_of": "2026-06-01", "threads_left": 0}]
    acme = data["accounts"][0]
    assert [p["id"] for p in acme["newly_without_thread"]] == ["p-dm"]
    text = text_of(reader.get("/whatif?person_id=s-ar"))
    assert "Coverage lost with Ann Account" in text
    assert "Dora Decider 4/5 No thread left." in text
    assert "New risks" in text and "Dora Decider would have no thread left." in text
    # a customer person: no coverage of theirs to lose
    assert "Coverage lost" not in reader.get("/whatif?person_id=p-dm").get_data(as_text=True)
    assert reader.get("/whatif?person_id=nobody").status_code == 404


def test_who_knows_an_organization(reader):
    text = text_of(reader.get("/knows?organization_id=acme"))
    # the team role in words (AR = account lead …), as every page shows codes
    assert re.search(r"Ann Account account lead 4/5 Dora Decider CEO \(4/5\)", text)
    assert re.search(r"Sam Solution solution lead 4/5 Tim Tech Head of IT \(4/5\)", text)
    assert re.search(r"Eve Exec executive 3/5 Tim Tech Head of IT \(3/5\)", text)
    assert reader.get("/knows?organization_id=nowhere").status_code == 404


def test_opportunity_list_filters(reader):
    everything = reader.get("/api/v1/opportunities").get_json()
    assert [o["id"] for o in everything["opportunities"]] == ["deal", "old"]
    assert everything["choices"]["stages"] == ["closed"]
    lost = reader.get("/api/v1/opportunities?status=lost").get_json()
    assert [(o["id"], o["customer"]["id"], o["amount"]) for o in lost["opportunities"]] == [
        ("old", "beta", 120000)]
    assert [o["id"] for o in reader.get("/api/v1/opportunities?account_id=acme")
            .get_json()["opportunities"]] == ["deal"]
    assert reader.get("/api/v1/opportunities?stage=closed").get_json()["total"] == 1
    assert reader.get("/api/v1/opportunities?status=maybe").status_code == 400
    far = reader.get("/api/v1/opportunities?page=999999999&per_page=500").get_json()
    assert far["opportunities"] == [] and far["total"] == 2
    text = text_of(reader.get("/opportunities?status=lost"))
    assert "Old Beta Deal Beta lost closed 120,000 EUR" in text
    assert "The Deal" not in text


def test_account_and_opportunity_pages_link_to_the_reports(reader):
    html = reader.get("/accounts/acme").get_data(as_text=True)
    for link in ('/spof?account_id=acme', '/competitors?account_id=acme',
                 '/knows?organization_id=acme', '/opportunities?account_id=acme'):
        assert f'href="{link}"' in html, link
    html = reader.get("/opportunities/deal").get_data(as_text=True)
    assert 'href="/spof?opportunity_id=deal"' in html
    assert 'href="/competitors?opportunity_id=deal"' in html


def test_every_name_is_escaped(reader, world):
    world.run_auto("MATCH (p:Person) WHERE p.id IN ['p-dm', 'p-te', 's-ar'] "
                   "SET p.name = $name, p.title = $name", name=SCRIPT)
    world.run_auto("MATCH (n) WHERE n.id IN ['acme', 'rival', 'deal', 'old'] SET n.name = $name",
                   name=SCRIPT)
    for url in PAGES + ["/search?q=script", "/search?q=" + SCRIPT, "/whatif?person_id=p-te",
                        "/people/p-te", "/people/s-ar"]:
        html = reader.get(url).get_data(as_text=True)
        assert "<script>alert" not in html, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in reader.get("/search?q=script").get_data(
        as_text=True)
