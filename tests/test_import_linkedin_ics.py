"""LinkedIn connections and calendars: matching rows to people, suggested strengths that never
overwrite entered ones. The expected matches and strengths are worked out in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from powermap.errors import ValidationError
from powermap.importers.ics import parse_ics, parse_ics_bytes
from powermap.importers.linkedin import parse_linkedin
from powermap.importers.native import parse_native
from powermap.importers.plan import apply_plan
from tests.support import graph_dump
from tests.test_import_native import PEOPLE_HEADER, write_tables

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def world(graph, tmp_path):
    folder = write_tables(
        tmp_path / "world",
        organizations="id,name,kind\nus,Helix,own\nacme,Acme Rail,customer\n"
                      "hold,Acme Holding,customer\n",
        people=PEOPLE_HEADER + "\n"
        "s1,Anna Berg,,,anna@helix.example,,AR,\n"
        "p-zoe,Zoë Ångström,,,zoe@acme.example,https://linkedin.com/in/zoe-angstrom/,,\n"
        "p-ceo,Katharina Vogel,,,ceo@acme.example,,,\n"
        "p-li,Li Na,,,,,,\n"
        "p-rolf,Rolf Bauer,,,,,,\n"
        "p-sam1,Sam Smith,,,,,,\n"
        "p-sam2,Sam Smith,,,,,,\n",
        employment="person_id,organization_id,since,until\ns1,us,,\np-zoe,acme,,\np-ceo,acme,,\n"
                   "p-li,hold,2015-01-01,2020-12-31\np-li,acme,2021-01-01,\n"
                   "p-rolf,hold,,\np-sam1,acme,,\np-sam2,acme,,\n")
    apply_plan(graph, parse_native(folder))
    return graph


def knows(graph):
    return graph.run_auto("MATCH (:Staff {id: 's1'})-[r:KNOWS]->(p) RETURN p.id AS person, "
                          "r.strength AS strength, r.source AS source ORDER BY person")


def test_linkedin_rows_match_by_email_then_url_then_name_and_company(world):
    summary = apply_plan(world, parse_linkedin(world, DATA / "Connections.csv", "s1"))
    assert knows(world) == [
        {"person": "p-ceo", "strength": 2, "source": "linkedin"},  # email, in other case
        {"person": "p-li", "strength": 2, "source": "linkedin"},   # name + "ACME Rail GmbH"
        {"person": "p-zoe", "strength": 2, "source": "linkedin"},  # URL, other spelling
    ]
    notes = world.run_auto("MATCH (:Staff)-[r:KNOWS]->(p) RETURN p.id AS p, r.note AS note, "
                           "r.as_of AS as_of ORDER BY p")
    assert [(n["note"], n["as_of"].to_native()) for n in notes] == [
        ("LinkedIn connection, matched by email", dt.date(2023, 2, 1)),
        ("LinkedIn connection, matched by name and company", dt.date(2025, 1, 5)),
        ("LinkedIn connection, matched by profile URL", dt.date(2024, 3, 12)),
    ]
    assert [str(s) for s in summary.skipped] == [
        "Connections.csv line 8: Rolf Bauer (Acme Rail): no person with this email, profile URL, "
        "or name at this company",
        "Connections.csv line 9: Sam Smith (Other Co): no person with this email, profile URL, or "
        "name at this company",
        "Connections.csv line 10: Sam Smith (Acme Rail): name and company match several people: "
        "p-sam1, p-sam2",
        "Connections.csv line 11: Anna Berg is the staff member themself",
    ]
    assert world.run_auto("MATCH (p:Person) RETURN count(p) AS n") == [{"n": 7}]  # none added


def test_linkedin_never_overwrites_an_entered_strength_and_reimport_changes_nothing(world):
    apply_plan(world, parse_linkedin(world, DATA / "Connections.csv", "s1"))
    world.run_auto("MATCH (:Staff)-[r:KNOWS]->(:Person {id: 'p-ceo'}) "
                   "SET r.strength = 5, r.source = 'manual'")
    before = graph_dump(world)
    again = apply_plan(world, parse_linkedin(world, DATA / "Connections.csv", "s1"))
    assert again.load.totals() == {"created": 0, "updated": 0, "unchanged": 2, "kept": 1}
    assert graph_dump(world) == before


def test_linkedin_for_someone_who_is_not_staff_is_refused(world):
    # refused before any row is matched: with no row matched nothing would name the staff member
    for who in ("p-zoe", "nobody"):
        with pytest.raises(ValidationError, match=f"'{who}' is not one of our staff"):
            parse_linkedin(world, DATA / "Connections.csv", who)


def test_calendar_events_become_activities_and_suggest_strengths(world):
    world.write("upsert_relationships", created_ms=None, rows=[{
        "staff_id": "s1", "person_id": "p-ceo", "strength": 4, "note": None, "source": "manual",
        "confidence": 1.0, "as_of": None}])
    summary = apply_plan(world, parse_ics(world, DATA / "meetings.ics", TODAY))
    activities = world.run_auto(
        "MATCH (a:Activity) RETURN a.id AS id, a.date AS date, a.subject AS subject, "
        "COLLECT { MATCH (p)-[:ATTENDED]->(a) RETURN p.id ORDER BY p.id } AS who ORDER BY id")
    assert [(a["id"], a["date"].to_native(), a["who"]) for a in activities] == [
        ("ics:m1@helix.example", dt.date(2026, 11, 20), ["p-zoe", "s1"]),
        ("ics:m2@helix.example", dt.date(2026, 11, 10), ["p-ceo", "p-zoe", "s1"]),
        ("ics:m3@helix.example", dt.date(2026, 11, 1), ["p-zoe", "s1"]),
        ("ics:m6@helix.example", dt.date(2026, 12, 1), ["p-ceo", "s1"]),
        ("ics:m7@helix.example", dt.date(2026, 11, 15), ["p-zoe", "s1"]),
    ]
    assert activities[4]["subject"] == "Workshop <img src=x onerror=alert(1)>"
    # Zoë met Anna 3, 8, 13 and 22 days ago: 0.977 + 0.940 + 0.905 + 0.844 = 3.67 → 3 (≥ 2.5).
    # The CEO met her 13 days ago (0.905 → 1), but someone entered 4: that is kept.
    assert knows(world) == [{"person": "p-ceo", "strength": 4, "source": "manual"},
                            {"person": "p-zoe", "strength": 3, "source": "calendar"}]
    assert +summary.load.kept == {"relationships": 1}
    assert [s.reason for s in summary.skipped] == [
        "cancelled", "none of its attendees is in the graph (matched by email)"]
    before = graph_dump(world)
    again = apply_plan(world, parse_ics(world, DATA / "meetings.ics", TODAY))
    assert again.load.totals() == {"created": 0, "updated": 0, "unchanged": 6, "kept": 1}
    assert graph_dump(world) == before


def test_later_calendar_imports_count_earlier_meetings_too(world):
    apply_plan(world, parse_ics(world, DATA / "meetings.ics", TODAY))
    one_more = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:m9\r\n"
                b"DTSTAMP:20261101T090000Z\r\nDTSTART;VALUE=DATE:20261122\r\nSUMMARY:Call\r\n"
                b"ATTENDEE:mailto:anna@helix.example\r\nATTENDEE:mailto:ceo@acme.example\r\n"
                b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    # the CEO: 13 days ago (0.905, from the first file) + yesterday (0.992) = 1.90 → 2
    apply_plan(world, parse_ics_bytes(world, one_more, "more.ics", TODAY))
    assert knows(world)[0] == {"person": "p-ceo", "strength": 2, "source": "calendar"}


def test_bad_calendars_are_rejected_and_named(world):
    with pytest.raises(ValidationError, match=r"^bad.ics: not an iCalendar file"):
        parse_ics_bytes(world, b"hello", "bad.ics", TODAY)
    no_start = (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:s\r\nEND:VEVENT\r\n"
                b"END:VCALENDAR\r\n")
    with pytest.raises(ValidationError) as caught:
        parse_ics_bytes(world, no_start, "cal.ics", TODAY)
    assert str(caught.value) == "cal.ics event 1: field 'DTSTART': required, missing"
