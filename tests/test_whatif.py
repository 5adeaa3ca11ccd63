"""What if a person leaves: the new risks apart from the coverage lost with the person and from
the findings really resolved (hand-built worlds of tests/fixtures.py, answers worked out by
hand)."""

from __future__ import annotations

from powermap.analysis.whatif import whatif
from powermap.viz.text import to_markdown
from tests.fixtures import TODAY, World


def kinds(findings):
    return sorted((f["kind"], tuple(p["id"] for p in f["people"])) for f in findings)


def world() -> World:
    """A healthy chain except: Dora (decision maker) is known to Ann alone; Xavier, who favors
    Rival strongly, has Tim's ear and is not in the chain."""
    w = World().healthy(skip=["p-dm"])
    w.chain("p-dm", "decision_maker", "champion")
    w.knows("s-ar", "p-dm", 4)
    w.favors("p-xx", "rival", 5)
    w.influence("p-xx", "p-te", 5)
    return w


def test_a_staff_departure_lists_new_risks_apart_from_coverage_lost(graph):
    world().load(graph)
    deal = whatif(graph, "s-ar", opportunity_id="deal", today=TODAY)["opportunities"][0]
    # Without Ann, Dora has no thread at all: a new, critical risk.
    assert ("uncovered", ("p-dm",)) in kinds(deal["new_findings"])
    # Dora's single thread through Ann is not "resolved": it left with Ann.
    assert ("single_threaded", ("p-dm",)) in kinds(deal["lost_with_person"])
    assert ("single_threaded", ("p-dm",)) not in kinds(deal["resolved_findings"])
    # Ann covered all six members at strength 4; Dora keeps none, the others keep Eve.
    lost = {t["person"]["id"]: (t["strength"], t["threads_left"]) for t in deal["threads_lost"]}
    assert lost == {"p-dm": (4, 0), "p-ap": (4, 1), "p-te": (4, 1), "p-ce": (4, 1),
                    "p-us": (4, 1), "p-co": (4, 1)}


def test_a_customer_departure_resolves_what_they_caused(graph):
    world().load(graph)
    before = whatif(graph, "p-xx", opportunity_id="deal", today=TODAY)["opportunities"][0]
    # Xavier's pull on Tim was the only thing holding or contesting Tim: with Xavier gone that
    # finding is really resolved, and nothing about Tim is lost with him.
    resolved = kinds(before["resolved_findings"])
    assert resolved and all(people == ("p-te",) for _, people in resolved)
    assert before["new_findings"] == []
    assert before["lost_with_person"] == []
    assert before["threads_lost"] == []


def test_whatif_markdown_names_the_sections_in_words(graph):
    world().load(graph)
    text = to_markdown(whatif(graph, "s-ar", opportunity_id="deal", today=TODAY), "What if")
    assert "New risks" in text
    assert "Coverage lost with the person" in text
    assert "resolved findings" not in text.lower() or "Findings really resolved" in text
