"""The search box against the real Neo4j and its full-text indexes: accents, e-mail addresses,
titles, Chinese names whole and in part, and text full of Lucene's special characters."""

from __future__ import annotations

import pytest

from powermap.graph.load import load_dataset
from powermap.graph.search import lucene_query, search
from powermap.model import Dataset

PEOPLE = {  # id: (name, title, email, employer)
    "p-jose": ("José García", "Chief Information Officer", "jose.garcia@acme.example", "acme"),
    "p-joseph": ("Joseph Miller", "Buyer", "jm@acme.example", "acme"),
    "p-liming": ("李明", "采购经理", None, "acme"),
    "p-lihua": ("李华", "工程师", None, "acme"),
    "p-wangming": ("王明", "总经理", None, "acme"),
    "p-zoe": ("Zoë O'Brien", "Head of IT", "zoe@rival.example", "rival"),
    "p-lukasz": ("Łukasz Søndergaard", "Architect", None, "rival"),
    "s-ann": ("Ann Account", "Account Manager", "ann@us.example", "us"),
}


@pytest.fixture
def world(graph):
    data = Dataset()
    for oid, name, kind in (("us", "Us Ltd", "own"), ("acme", "Société Générale d'Acme", "customer"),
                            ("rival", "Rival Networks", "competitor")):
        data.add("organizations", dict(id=oid, name=name, kind=kind))
    for pid, (name, title, email, org) in PEOPLE.items():
        extra = {"team_role": "AR"} if org == "us" else {}
        data.add("people", dict(id=pid, name=name, title=title, email=email, **extra))
        data.add("employment", dict(person_id=pid, organization_id=org))
    data.add("opportunities", dict(id="opp-core", name="Core Network Refresh",
                                   customer_id="acme", stage="proposal"))
    data.add("opportunities", dict(id="opp-old", name="Old Network Deal", customer_id="acme",
                                   status="lost"))
    load_dataset(graph, data)
    return graph


def people(graph, text):
    return [p["id"] for p in search(graph, text)["people"]]


@pytest.mark.parametrize("text", ["garcía", "Garcia", "GARCIA", "José García", "jose garcia",
                                  "garc"])
def test_accented_and_unaccented_names_find_each_other(world, text):
    assert people(world, text) == ["p-jose"]


@pytest.mark.parametrize("text", ["José", "jose", "JOSE"])
def test_a_whole_word_ranks_before_a_longer_word_it_begins(world, text):
    # "jose" is a whole word of José García and the beginning of Joseph: both are found,
    # the whole word first
    assert people(world, text) == ["p-jose", "p-joseph"]


def test_a_prefix_finds_every_name_that_starts_with_it(world):
    assert set(people(world, "jos")) == {"p-jose", "p-joseph"}
    assert people(world, "josep") == ["p-joseph"]


@pytest.mark.parametrize("text", ["Łukasz", "lukasz", "łuk", "luk", "Søndergaard",
                                  "sondergaard", "sønd"])
def test_letters_without_a_decomposition_are_folded_too(world, text):
    assert people(world, text) == ["p-lukasz"]


def test_email_and_title(world):
    assert people(world, "jose.garcia@acme.example") == ["p-jose"]
    assert people(world, "zoe@rival.example") == ["p-zoe"]
    assert people(world, "information officer") == ["p-jose"]
    assert people(world, "o'brien") == ["p-zoe"]
    assert people(world, "zoe") == ["p-zoe"]   # Zoë
    # "of" and "it" are stop words, left out of the index: they are optional in a query
    assert people(world, "head of it") == ["p-zoe"]


def test_chinese_names_whole_and_in_part(world):
    assert people(world, "李明") == ["p-liming"]          # not 王明, not 李华
    assert set(people(world, "李")) == {"p-liming", "p-lihua"}
    assert people(world, "明") and set(people(world, "明")) == {"p-liming", "p-wangming"}
    assert people(world, "采购") == ["p-liming"]           # a title, in part


def test_results_carry_employer_and_kind(world):
    found = search(world, "José")
    assert found["people"][0]["organizations"] == [
        {"id": "acme", "name": "Société Générale d'Acme", "kind": "customer"}]
    assert search(world, "ann")["people"][0]["is_staff"] is True
    orgs = search(world, "societe generale")["organizations"]
    assert [o["id"] for o in orgs] == ["acme"]
    opps = search(world, "network")
    assert {o["id"] for o in opps["opportunities"]} == {"opp-core", "opp-old"}
    assert [o["id"] for o in opps["organizations"]] == ["rival"]
    assert {o["status"] for o in opps["opportunities"]} == {"open", "lost"}


@pytest.mark.parametrize("text", ['a+b (c', '"', '\\', 'AND', 'OR NOT', '*', '?', 'jo~2',
                                  'name:x', '[a TO z]', '{}', '/re/', '&&||!', '^3', '+-',
                                  ' ', '', '\x00', 'x' * 500])
def test_special_characters_never_error(world, text):
    found = search(world, text)
    assert set(found) == {"query", "people", "organizations", "opportunities", "more"}


def test_the_query_escapes_and_requires_every_word():
    assert lucene_query("x+y (z") == "+(x^2 OR x*) +(y^2 OR y*) +(z^2 OR z*)"
    assert lucene_query("Müller 李明") == '+(muller^2 OR muller*) +"李明"'
    assert lucene_query("(*)") == ""


def test_limit_and_more(world):
    found = search(world, "李", limit=1)
    assert len(found["people"]) == 1 and found["more"] == ["people"]
