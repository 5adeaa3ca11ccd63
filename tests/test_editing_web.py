"""Editing in the web app (issue 10): a person's details, the end of an employment, removing a
relationship or a place in a decision chain, and adding a person straight into a decision
chain: through the JSON API against the real Neo4j, each with its conflict (409 with the value
now and who set it) and its history (the change set, and an undo that brings a removal back).
The browser half drives the person page and the opportunity map in Debian's chromium."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from powermap import users
from powermap.api import create_app
from powermap.graph.load import load_dataset
from powermap.history.undo import undo_change_set
from tests.support import dataset_of, graph_counts

PASSWORD = "editor password 1"


def small_world(graph):
    """Acme (departments IT and Finance) with Bo (IT director), Ann (IT manager, reports to
    Bo), Cy (Finance); Rival Corp with Ray; our Eve knows Ann at 2; Ann influences Cy at 3; the
    Acme deal has Ann as technical evaluator, a supporter. Gamma Ltd is another customer with
    its own deal."""
    load_dataset(graph, dataset_of(
        organizations=[{"id": "us", "name": "Us", "kind": "own"},
                       {"id": "acme", "name": "Acme", "kind": "customer", "tier": "A"},
                       {"id": "rival", "name": "Rival Corp", "kind": "competitor"},
                       {"id": "gamma", "name": "Gamma Ltd", "kind": "customer", "tier": "B"}],
        units=[{"id": "u-it", "name": "IT", "organization_id": "acme"},
               {"id": "u-fin", "name": "Finance", "organization_id": "acme"}],
        people=[{"id": "st-eve", "name": "Eve", "team_role": "AR"},
                {"id": "p-bo", "name": "Bo", "title": "IT Director", "seniority": "director"},
                {"id": "p-ann", "name": "Ann", "title": "IT Manager", "seniority": "manager",
                 "email": "ann@acme.example"},
                {"id": "p-cy", "name": "Cy", "title": "Controller"},
                {"id": "p-ray", "name": "Ray"}],
        employment=[{"person_id": "st-eve", "organization_id": "us"},
                    {"person_id": "p-bo", "organization_id": "acme", "unit_id": "u-it"},
                    {"person_id": "p-ann", "organization_id": "acme", "unit_id": "u-it",
                     "title": "IT Manager", "since": "2020-03-01"},
                    {"person_id": "p-cy", "organization_id": "acme", "unit_id": "u-fin"},
                    {"person_id": "p-ray", "organization_id": "rival"}],
        reports_to=[{"person_id": "p-ann", "manager_id": "p-bo"}],
        relationships=[{"staff_id": "st-eve", "person_id": "p-ann", "strength": 2}],
        influence=[{"from_id": "p-ann", "to_id": "p-cy", "strength": 3}],
        opportunities=[{"id": "deal", "name": "Acme deal", "customer_id": "acme"},
                       {"id": "g-deal", "name": "Gamma deal", "customer_id": "gamma"}],
        decision_chain=[{"person_id": "p-ann", "opportunity_id": "deal",
                         "roles": ["technical_evaluator"], "stance": "supporter"}]))
    return graph


@pytest.fixture
def world(graph):
    return small_world(graph)


@pytest.fixture
def api(world, test_settings):
    """A client that calls the API as the editor "ed" (a bearer token: no CSRF token needed)."""
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": world}, settings=test_settings)
    users.create_user(world, "ed", "editor", PASSWORD)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + users.new_token(world, "ed")
    return client


def person_now(graph, pid):
    """Name, title, seniority, email, departments (open MEMBER_OF), managers, employments."""
    return graph.run_auto(
        "MATCH (p:Person {id: $id}) RETURN p.name AS name, p.title AS title, "
        "p.seniority AS seniority, p.email AS email, "
        "COLLECT { MATCH (p)-[m:MEMBER_OF]->(u) RETURN [u.id, m.until] } AS units, "
        "COLLECT { MATCH (p)-[:REPORTS_TO]->(m) RETURN m.id } AS managers, "
        "COLLECT { MATCH (p)-[w:WORKS_FOR]->(o) RETURN [o.id, w.title, w.unit_id, w.until] } "
        "AS jobs", id=pid)[0]


def latest_change_set(graph):
    return graph.run_auto(
        "MATCH (s:ChangeSet) WITH s ORDER BY s.at DESC LIMIT 1 "
        "RETURN s.id AS id, s.who AS who, s.what AS what, s.created AS created, "
        "s.updated AS updated, s.deleted AS deleted, "
        "COLLECT { MATCH (c:Change {set: s.id}) RETURN c.op + ' ' + c.kind ORDER BY c.op, c.kind }"
        " AS changes")[0]


ANN_SEEN = {"name": "Ann", "title": "IT Manager", "seniority": "manager",
            "email": "ann@acme.example", "unit_id": "u-it", "manager_id": "p-bo"}


# --- a person's details ----------------------------------------------------------------------

def test_editing_a_person_changes_details_department_and_manager_in_one_change_set(api, world):
    answer = api.patch("/api/v1/people/p-ann", json={
        "name": "Ann Lee", "title": "Head of Finance IT", "seniority": "director",
        "email": "Ann.Lee@Acme.example", "unit_id": "u-fin", "manager_id": "p-cy",
        "expected": ANN_SEEN})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {"id": "p-ann", "name": "Ann Lee", "title": "Head of Finance IT",
                                 "seniority": "director", "email": "ann.lee@acme.example",
                                 "unit_id": "u-fin", "manager_id": "p-cy"}
    now = person_now(world, "p-ann")
    assert (now["name"], now["title"], now["seniority"], now["email"]) == (
        "Ann Lee", "Head of Finance IT", "director", "ann.lee@acme.example")
    assert now["units"] == [["u-fin", None]]          # the IT membership is gone, not doubled
    assert now["managers"] == ["p-cy"]
    assert now["jobs"] == [["acme", "Head of Finance IT", "u-fin", None]]
    cs = latest_change_set(world)
    # one change set: the person and the employment updated, the old line deleted, a new one
    assert (cs["who"], cs["what"]) == ("ed", "edit person")
    assert (cs["created"], cs["updated"], cs["deleted"]) == (1, 2, 1)
    assert cs["changes"] == ["create reports_to", "delete reports_to", "update employment",
                             "update people"]
    listed = api.get("/api/v1/changes").get_json()
    assert listed["change_sets"][0]["what"] == "edit person"


def test_a_partial_edit_needs_only_the_fields_it_changes_and_clears_with_null(api, world):
    answer = api.patch("/api/v1/people/p-ann", json={
        "email": None, "manager_id": None,
        "expected": {"email": "ann@acme.example", "manager_id": "p-bo"}})
    assert answer.status_code == 200, answer.get_json()
    now = person_now(world, "p-ann")
    assert now["email"] is None and now["managers"] == [] and now["name"] == "Ann"


def test_a_stale_person_edit_is_a_409_with_the_values_now_and_who_set_them(api, world):
    first = api.patch("/api/v1/people/p-ann", json={"title": "CIO", "expected": ANN_SEEN})
    assert first.status_code == 200
    before = graph_counts(world, history=True)
    late = api.patch("/api/v1/people/p-ann", json={"title": "Architect", "expected": ANN_SEEN})
    assert late.status_code == 409
    error = late.get_json()["error"]
    assert error["code"] == "conflict"
    assert error["current"]["title"] == "CIO" and error["current"]["unit_id"] == "u-it"
    assert error["current"]["changed_by"] == "ed"
    assert error["current"]["changed_at"][:10] == dt.datetime.now(dt.timezone.utc).date().isoformat()
    assert graph_counts(world, history=True) == before


@pytest.mark.parametrize("body, field, words", [
    ({"unit_id": "u-nowhere", "expected": {"unit_id": "u-it"}}, "unit_id", "names no department"),
    ({"manager_id": "p-ray", "expected": {"manager_id": "p-bo"}}, "manager_id",
     "names no person who works at Acme"),
    ({"manager_id": "p-ann", "expected": {"manager_id": "p-bo"}}, "manager_id",
     "names no person"),
    ({"name": None, "expected": {"name": "Ann"}}, "name", "a person needs a name"),
    ({"seniority": "boss", "expected": {"seniority": "manager"}}, "seniority", ""),
    ({"email": "no-at-sign", "expected": {"email": "ann@acme.example"}}, "email", ""),
    ({"title": "x"}, "expected", "required"),
    ({"title": "x", "expected": {}}, "expected", "'title' is missing"),
    ({"team_role": "exec", "expected": {}}, "team_role", "not a field you can change"),
    ({"expected": {}}, "", "nothing to change"),
    ({"title": 3, "expected": {"title": "IT Manager"}}, "title", "expected text or null"),
])
def test_a_bad_person_edit_is_a_400_naming_the_field_and_changes_nothing(api, world, body,
                                                                          field, words):
    before = graph_counts(world, history=True)
    answer = api.patch("/api/v1/people/p-ann", json=body)
    assert answer.status_code == 400, answer.get_json()
    problem = answer.get_json()["error"]["problems"][0]
    assert problem["field"] == field and words in problem["message"], problem
    assert graph_counts(world, history=True) == before


def test_editing_needs_the_editor_role_and_a_person(api, world, test_settings):
    assert api.patch("/api/v1/people/p-none", json={"title": "x", "expected": {"title": None}}
                     ).status_code == 404
    users.create_user(world, "vi", "viewer", PASSWORD)
    viewer = create_app({"TESTING": True, "POWERMAP_GRAPH": world},
                        settings=test_settings).test_client()
    viewer.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + users.new_token(world, "vi")
    assert viewer.patch("/api/v1/people/p-ann", json={"title": "x", "expected": ANN_SEEN}
                        ).status_code == 403
    assert viewer.delete("/api/v1/relationships/st-eve/p-ann?expected=2").status_code == 403


# --- the person left ---------------------------------------------------------------------------

def test_ending_an_employment_closes_it_and_the_department_and_a_second_end_is_a_409(api, world):
    answer = api.post("/api/v1/people/p-ann/employment/end", json={"until": "2026-11-20"})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {"person_id": "p-ann", "organization_id": "acme",
                                 "until": "2026-11-20"}
    now = person_now(world, "p-ann")
    assert now["jobs"] == [["acme", "IT Manager", "u-it", dt.date(2026, 11, 20)]]
    assert now["units"] == [["u-it", dt.date(2026, 11, 20)]]
    cs = latest_change_set(world)
    assert (cs["what"], cs["changes"]) == ("end employment", ["update employment"])
    # she no longer counts as working at Acme: the department choices of Bo leave her out
    people = world.read("find_employment_choices", organization_id="acme", person_id="p-bo")
    assert [p["id"] for p in people[0]["people"]] == ["p-cy"]
    again = api.post("/api/v1/people/p-ann/employment/end", json={"until": "2026-11-21"})
    assert again.status_code == 409
    assert again.get_json()["error"]["current"]["changed_by"] == "ed"


@pytest.mark.parametrize("body, field", [
    ({}, "until"), ({"until": "yesterday"}, "until"), ({"until": "2019-01-01"}, "until"),
    ({"until": 20261120}, "until"), ({"until": "2026-11-20", "why": "x"}, "why")])
def test_a_bad_end_of_employment_is_a_400(api, world, body, field):
    answer = api.post("/api/v1/people/p-ann/employment/end", json=body)
    assert answer.status_code == 400, answer.get_json()
    assert answer.get_json()["error"]["problems"][0]["field"] == field
    assert person_now(world, "p-ann")["jobs"][0][3] is None


# --- removing a relationship, an influence edge, a place in a decision chain ------------------

def test_removing_a_relationship_checks_the_strength_and_undo_brings_it_back(api, world):
    stale = api.delete("/api/v1/relationships/st-eve/p-ann?expected=3")
    assert stale.status_code == 409
    current = stale.get_json()["error"]["current"]
    assert current["strength"] == 2 and current["changed_by"] is not None
    assert "_set" not in current
    assert api.delete("/api/v1/relationships/st-eve/p-ann?expected=x").status_code == 400
    assert api.delete("/api/v1/relationships/st-eve/p-ann").status_code == 400
    gone = api.delete("/api/v1/relationships/st-eve/p-ann?expected=2")
    assert gone.status_code == 200
    assert world.read("find_relationship", staff_id="st-eve", person_id="p-ann") == []
    cs = latest_change_set(world)
    assert (cs["what"], cs["changes"]) == ("remove relationship", ["delete relationships"])
    assert api.delete("/api/v1/relationships/st-eve/p-ann?expected=2").status_code == 404
    undo_change_set(world, cs["id"], "(cli) test")
    back = world.read("find_relationship", staff_id="st-eve", person_id="p-ann")
    assert [r["strength"] for r in back] == [2]


def test_a_conflict_on_a_strength_names_who_set_it(api, world):
    assert api.put("/api/v1/relationships/st-eve/p-ann",
                   json={"strength": 3, "expected": 2}).status_code == 200
    late = api.put("/api/v1/relationships/st-eve/p-ann", json={"strength": 0, "expected": 2})
    assert late.status_code == 409
    current = late.get_json()["error"]["current"]
    assert current["strength"] == 3 and current["changed_by"] == "ed"


def test_removing_an_influence_edge_is_recorded_and_undone(api, world):
    assert api.delete("/api/v1/influence/p-ann/p-cy?expected=3").status_code == 200
    cs = latest_change_set(world)
    assert cs["changes"] == ["delete influence"]
    undo_change_set(world, cs["id"], "(cli) test")
    assert world.read("find_influence", from_id="p-ann", to_id="p-cy")[0]["strength"] == 3


def test_removing_a_place_in_a_decision_chain_checks_roles_and_stance(api, world):
    url = "/api/v1/opportunities/deal/members/p-ann"
    stale = api.delete(url + "?expected_roles=technical_evaluator&expected_stance=opponent")
    assert stale.status_code == 409
    assert stale.get_json()["error"]["current"]["stance"] == "supporter"
    assert api.delete(url).status_code == 400
    gone = api.delete(url + "?expected_roles=technical_evaluator&expected_stance=supporter")
    assert gone.status_code == 200
    assert world.read("find_chain_member", person_id="p-ann", opportunity_id="deal") == []
    cs = latest_change_set(world)
    assert (cs["what"], cs["changes"]) == ("remove from decision chain",
                                           ["delete decision_chain"])
    undo_change_set(world, cs["id"], "(cli) test")
    back = world.read("find_chain_member", person_id="p-ann", opportunity_id="deal")[0]
    assert (back["roles"], back["stance"]) == (["technical_evaluator"], "supporter")


# --- adding a person straight into a decision chain -------------------------------------------

def test_a_person_added_with_a_role_is_in_the_chain_and_on_the_map_at_once(api, world):
    answer = api.post("/api/v1/people", json={
        "name": "Dee", "title": "Buyer", "organization_id": "acme", "opportunity_id": "deal",
        "roles": ["commercial_evaluator"], "stance": "neutral"})
    assert answer.status_code == 201, answer.get_json()
    new_id = answer.get_json()["id"]
    assert answer.get_json()["decision_chain"] == {
        "opportunity_id": "deal", "roles": ["commercial_evaluator"], "stance": "neutral"}
    cs = latest_change_set(world)
    assert (cs["what"], cs["created"]) == ("add person", 3)
    assert cs["changes"] == ["create decision_chain", "create employment", "create people"]
    node = next(n for n in api.get("/api/v1/opportunities/deal/map").get_json()["nodes"]
                if n["id"] == new_id)
    assert node["roles"] == ["commercial_evaluator"] and node["stance"] == "neutral"


@pytest.mark.parametrize("extra, field", [
    ({"opportunity_id": "g-deal", "roles": ["user"]}, "opportunity_id"),   # another customer's
    ({"opportunity_id": "deal", "roles": []}, "roles"),
    ({"opportunity_id": "deal", "roles": ["boss"]}, "roles"),
    ({"roles": ["user"]}, "opportunity_id"),
    ({"opportunity_id": "nope", "roles": ["user"]}, "opportunity_id"),
])
def test_a_person_added_into_a_bad_chain_is_refused_whole(api, world, extra, field):
    before = graph_counts(world, history=True)
    answer = api.post("/api/v1/people", json={"name": "Dee", "organization_id": "acme", **extra})
    assert answer.status_code == 400, answer.get_json()
    assert answer.get_json()["error"]["problems"][0]["field"] == field
    assert graph_counts(world, history=True) == before


# --- in the browser (the demo portfolio; Debian's chromium) ---------------------------------

import tests.test_browser as shared  # noqa: E402
from powermap import editing  # noqa: E402
from tests.test_browser import PASSWORD as BROWSER_PASSWORD  # noqa: E402
from tests.test_browser import browser, log_in, open_map, server, wait_until  # noqa: E402,F401

#: the browser tests are skipped like tests/test_browser.py's when chromium is missing
needs_chromium = getattr(shared, "pytestmark", pytest.mark.skipif(False, reason="chromium is here"))


@pytest.fixture
def page(browser, server):  # noqa: F811
    """Signed in as the admin "ada"; every confirmation is answered yes and kept in
    ``page.confirmed`` (a dialog of any other kind would be a script someone injected)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.confirmed, page.other_dialogs = [], []

    def answer(dialog):
        if dialog.type == "confirm":
            page.confirmed.append(dialog.message)
            dialog.accept()
        else:
            page.other_dialogs.append(dialog.message)
            dialog.dismiss()
    page.on("dialog", answer)
    log_in(page, server, "ada", BROWSER_PASSWORD)
    yield page
    assert page.other_dialogs == [], "a script ran: " + repr(page.other_dialogs)
    context.close()


def today_short() -> str:
    """Today as the conflict sentence writes it on an English page: "26 Nov"."""
    today = dt.datetime.now(dt.timezone.utc)
    return f"{today.day} {today:%b}"


def field(page, name: str) -> str:
    return page.eval_on_selector(f"#person-details [name={name}]", "e => e.value")


@needs_chromium
def test_the_person_form_shows_the_values_now_and_saves_a_change(page, server, demo_graph):
    page.goto(server + "/people/nw-cio")
    assert [field(page, f) for f in ("name", "title", "seniority", "email", "unit_id",
                                     "manager_id")] == [
        "Zoë Ångström", "Chief Information Officer", "c_level", "cio@northwind.example",
        "org-northwind/it", "nw-ceo"]
    page.fill("#edit-title", "Chief Digital Officer")
    page.select_option("#edit-unit", label="Rail Operations")
    page.select_option("#edit-manager", "nw-coo")
    with page.expect_navigation():
        page.click("#person-details button[type=submit]")
    assert page.inner_text("main h1 small") == "Chief Digital Officer"
    assert (field(page, "title"), field(page, "unit_id"), field(page, "manager_id")) == (
        "Chief Digital Officer", "org-northwind/ops", "nw-coo")
    assert editing.person_to_edit(demo_graph, "nw-cio")["current"]["manager_id"] == "nw-coo"


@needs_chromium
def test_a_conflict_on_the_person_form_reads_as_a_sentence_with_a_reload(page, server,
                                                                         demo_graph):
    page.goto(server + "/people/nw-cio")
    # another editor saves first, while this page is open
    editing.update_person(demo_graph, "nw-cio", {
        "title": "Group CIO", "expected": {"title": "Chief Information Officer"}}, "ana")
    page.fill("#edit-title", "CIO and CDO")
    page.click("#person-details button[type=submit]")
    page.wait_for_selector("#person-details .edit-status button.reload")
    said = page.inner_text("#person-details .edit-status")
    assert ("Someone changed this person while you were editing: ana on "
            f"{today_short()}.") in said
    assert "The title is now Group CIO." in said and "Reload to see it." in said
    assert field(page, "title") == "CIO and CDO"          # nothing was saved over it
    with page.expect_navigation():
        page.click("#person-details .edit-status button.reload")
    assert field(page, "title") == "Group CIO"


@needs_chromium
def test_the_relationship_form_shows_the_strength_and_a_conflict_names_who_set_it(
        page, server, demo_graph):
    open_map(page, server + "/opportunities/opp-nw-signalling")
    page.select_option("#edit-relationship [name=staff_id]", "st-wang-li")
    page.select_option("#edit-relationship [name=person_id]", "nw-cio")
    strength = "document.querySelector('#edit-relationship [name=strength]').value"
    assert page.evaluate(strength) == "4"                  # the strength on the map, not 0
    page.select_option("#edit-relationship [name=person_id]", "nw-coo")
    assert page.evaluate(strength) == "4"
    page.select_option("#edit-relationship [name=staff_id]", "st-chen-yu")
    page.select_option("#edit-relationship [name=person_id]", "nw-cio")
    assert page.evaluate(strength) == "3"
    editing.set_relationship(demo_graph, "st-chen-yu", "nw-cio",
                             {"strength": 2, "expected": 3}, "ana")
    page.select_option("#edit-relationship [name=strength]", "5")
    page.click("#edit-relationship button[type=submit]")
    page.wait_for_selector("#edit-status button.reload")
    assert page.inner_text("#edit-status").startswith(
        "Someone changed this while you were editing: the strength is now 2 (contact), set by "
        f"ana on {today_short()}. Reload to see it.")
    page.click("#edit-status button.reload")
    wait_until(page, strength + " === '2'")
    assert page.inner_text("#edit-status") == ""


@needs_chromium
def test_remove_a_relationship_an_influence_edge_and_a_chain_place_with_confirmation(
        page, server, demo_graph):
    page.goto(server + "/people/nw-cio")
    for label in ("Remove The relationship of Chen Yu to Zoë Ångström (strength 3)",
                  "Remove The influence of Łukasz Nowak on Zoë Ångström (strength 5)",
                  "Remove Zoë Ångström in the decision chain of Data centre refresh"):
        with page.expect_navigation():
            page.get_by_role("button", name=label).click()
        assert page.get_by_role("button", name=label).count() == 0
    assert page.confirmed == [
        "Remove the relationship of Chen Yu to Zoë Ångström? The history keeps it.",
        "Remove the influence of Łukasz Nowak on Zoë Ångström? The history keeps it.",
        "Take Zoë Ångström out of the decision chain of Data centre refresh? Their buying "
        "roles and stance there are removed; the history keeps them."]
    assert demo_graph.read("find_relationship", staff_id="st-chen-yu", person_id="nw-cio") == []
    assert demo_graph.read("find_influence", from_id="nw-it-arch", to_id="nw-cio") == []
    assert demo_graph.read("find_chain_member", person_id="nw-cio",
                           opportunity_id="opp-nw-datacenter") == []
    # the audit log lists the three removals
    page.goto(server + "/admin/audit")
    log = page.inner_text("main")
    for what in ("remove relationship", "remove influence", "remove from decision chain"):
        assert what in log


@needs_chromium
def test_the_person_left_ends_the_employment(page, server, demo_graph):
    page.goto(server + "/people/nw-it-sec")
    page.fill("#edit-until", "2026-11-20")
    with page.expect_navigation():
        page.click("#person-left button[type=submit]")
    assert page.confirmed == ["End the employment of Daniel Kim at Northwind Rail? They will no "
                              "longer count as working there; the employment stays in the "
                              "history."]
    assert "Nov 20, 2026" in page.inner_text("main")  # the employment list writes dates in words
    assert page.locator("#person-left").count() == 0          # no current employment left
    assert editing.person_to_edit(demo_graph, "nw-it-sec")["employment"] is None


@needs_chromium
def test_a_person_added_on_an_opportunity_map_joins_its_chain_in_one_step(page, server,
                                                                         demo_graph):
    open_map(page, server + "/opportunities/opp-nw-signalling")
    page.fill("#add-person [name=name]", "Dora Fenwick")
    page.fill("#add-person [name=title]", "Signalling Lead")
    page.select_option("#add-person [name=role]", "technical_evaluator")
    page.click("#add-person button[type=submit]")
    wait_until(page, "window.powermap.nodes.get().some(n => n.roles && "
                     "n.roles.indexOf('technical_evaluator') >= 0 && "
                     "String(n.label).indexOf('Dora Fenwick') >= 0)")
    assert page.inner_text("#edit-status") == "Added Dora Fenwick."
    added = demo_graph.run_auto(
        "MATCH (p:Person {name: 'Dora Fenwick'})-[r:IN_DECISION_CHAIN]->(o:Opportunity) "
        "RETURN o.id AS opportunity, r.roles AS roles")
    assert added == [{"opportunity": "opp-nw-signalling", "roles": ["technical_evaluator"]}]
