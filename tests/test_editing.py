"""Adding a person is atomic: of parallel requests for one id exactly one wins (issue 13,
item 2), against the real Neo4j through the JSON API."""

from __future__ import annotations

import threading

from powermap import users
from powermap.api import create_app

RACERS = 10


def test_parallel_adds_of_one_id_have_exactly_one_winner(demo_graph, test_settings):
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": demo_graph}, settings=test_settings)
    users.create_user(demo_graph, "ed", "editor", "editor password 1")
    headers = {"Authorization": "Bearer " + users.new_token(demo_graph, "ed")}
    start = threading.Barrier(RACERS)
    responses: list = [None] * RACERS

    def add(i: int) -> None:
        client = app.test_client()
        body = {"id": "p-racer", "name": f"Racer {i}", "title": f"Title {i}",
                # two employers among the racers: a lost race must not add a second one
                "organization_id": "org-northwind" if i % 2 else "org-aurora"}
        start.wait(timeout=30)
        responses[i] = client.post("/api/v1/people", json=body, headers=headers)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * (RACERS - 1)
    winner = next(r.get_json() for r in responses if r.status_code == 201)
    for lost in (r.get_json()["error"] for r in responses if r.status_code == 409):
        assert lost["code"] == "id_taken"
        assert lost["message"].startswith("the id 'p-racer' is taken by another person")
    people = demo_graph.run_auto(
        "MATCH (p:Person {id: 'p-racer'}) "
        "OPTIONAL MATCH (p)-[w:WORKS_FOR]->(o) WHERE w.until IS NULL "
        "RETURN p.name AS name, p.title AS title, collect(o.id) AS employers")
    assert len(people) == 1
    assert people[0]["name"] == winner["name"]
    assert people[0]["title"] == "Title " + winner["name"].split()[1]  # one request's values
    assert people[0]["employers"] == [winner["organization_id"]]


def test_an_id_that_is_taken_is_a_409_and_changes_nothing(demo_graph, test_settings):
    from tests.support import graph_counts
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": demo_graph}, settings=test_settings)
    users.create_user(demo_graph, "ed", "editor", "editor password 1")
    headers = {"Authorization": "Bearer " + users.new_token(demo_graph, "ed")}
    before = graph_counts(demo_graph, history=True)
    taken = app.test_client().post("/api/v1/people", headers=headers, json={
        "id": "nw-cio", "name": "Impostor", "organization_id": "org-aurora"})
    assert taken.status_code == 409 and taken.get_json()["error"]["code"] == "id_taken"
    assert graph_counts(demo_graph, history=True) == before
    assert demo_graph.read("find_person", person_id="nw-cio")[0]["person"]["name"] != "Impostor"
