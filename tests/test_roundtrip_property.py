"""Property: any valid graph, exported in each native form and imported into an empty graph,
comes back exactly (issue 14).

Hypothesis builds small graphs whose tables may each be empty or not, with CJK and accented
text, quotes, commas, semicolons, line breaks, values that start like a formula (`=`, `+`, `-`,
`@`), the longest values the model allows, and optional fields left out. Each graph is written
through the one write path, dumped, exported as a CSV folder, an .xlsx workbook and a JSON
document, and each export imported into an emptied graph must give the identical dump.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from powermap.graph.load import load_dataset
from powermap.importers.native import export_native, parse_native
from powermap.importers.plan import apply_plan
from powermap.model import (MAX_LENGTH, ActivityKind, BuyingRole, Dataset, InfluenceKind,
                            OpportunityStatus, OrgKind, OrgTieKind, Seniority, Stance, TeamRole,
                            Tier)
from tests.support import graph_dump, wipe_test_graph

#: values that broke, or could break, one of the forms
AWKWARD = ["李娜", "Zoë Ångström", "Çağrı Øster-Ünal", 'Head of "Ops"', "a, b; c",
           "line one\nline two", "carriage\r\nreturn\rold Mac",
           "=HYPERLINK(\"http://x\")", "+49 30 1234", "-1", "@handle", "'=quoted", "''", "'",
           "<img src=x onerror=alert(1)>", "tab\tinside", "100", "true", "2026-01-01", "1e5",
           "Müller & Söhne GmbH", "\u00a0nbsp inside\u00a0x", "emoji 🙂 here"]


def text(kind: str) -> st.SearchStrategy[str]:
    """Valid text of a field of ``kind`` (see MAX_LENGTH): awkward, random or longest."""
    longest = MAX_LENGTH[kind]
    plain = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                    min_size=1, max_size=12)
    return st.one_of(st.sampled_from(AWKWARD), plain,
                     st.just(("長" + "x" * longest)[:longest])).map(str.strip).filter(bool)


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


IDS = st.one_of(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl",
                                                                         "Zp")),
                        min_size=1, max_size=8),
                st.sampled_from(["=1+1", "-x", "@x", "'+y", "李", "é,\"q\""]),
                st.just("i" * MAX_LENGTH["id"]))
# ids must have no whitespace at all (str.split() knows every kind of it)
IDS = IDS.filter(lambda s: s.split() == [s])
DATES = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
UNIT_FLOATS = st.floats(0, 1, allow_nan=False, allow_infinity=False)


def judgement() -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({}, optional={"source": text("source"),
                                               "confidence": UNIT_FLOATS,
                                               "as_of": DATES})


@st.composite
def datasets(draw) -> Dataset:
    """A valid dataset whose every table may be empty (organizations need one row to hang
    anything on, but may still be the only table with rows)."""
    data = Dataset()

    def add(kind: str, record: dict) -> None:
        data.add(kind, {k: v for k, v in record.items() if v is not None})

    def pairs(left: list[str], right: list[str], distinct: bool = False) -> list[tuple]:
        every = [(a, b) for a in left for b in right if not (distinct and a == b)]
        return draw(st.lists(st.sampled_from(every), unique=True, max_size=4)) if every else []

    org_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    for oid in org_ids:
        kind = draw(st.sampled_from(OrgKind.values()))
        add("organizations", {"id": oid, "name": draw(text("name")), "kind": kind,
                              "tier": draw(maybe(st.sampled_from(Tier.values())))
                              if kind == "customer" else None,
                              "industry": draw(maybe(text("short"))),
                              "country": draw(maybe(text("short")))})
    unit_ids = draw(st.lists(IDS, max_size=2, unique=True))
    for i, uid in enumerate(unit_ids):
        add("units", {"id": uid, "name": draw(text("name")),
                      "organization_id": draw(st.sampled_from(org_ids)),
                      "parent_id": unit_ids[0] if i and draw(st.booleans()) else None})
    person_ids = draw(st.lists(IDS, max_size=4, unique=True))
    staff = []
    for pid in person_ids:
        role = draw(maybe(st.sampled_from(TeamRole.values())))
        staff += [pid] if role else []
        add("people", {"id": pid, "name": draw(text("name")), "title": draw(maybe(text("title"))),
                       "seniority": draw(maybe(st.sampled_from(Seniority.values()))),
                       "email": draw(maybe(st.sampled_from(
                           [f"{pid[:40]}@example.com", "zoë@例子.cn", "x" * 242 + "@example.com"]))),
                       "linkedin_url": draw(maybe(st.sampled_from(
                           ["https://www.linkedin.com/in/zoe/", "linkedin.com/in/x?a=1,2",
                            "https://l.example/" + "u" * (MAX_LENGTH["url"] - 18)]))),
                       "team_role": role, "notes": draw(maybe(text("note")))})
    for pid, oid in pairs(person_ids, org_ids):
        since = draw(maybe(DATES))
        add("employment", {"person_id": pid, "organization_id": oid,
                           "unit_id": draw(maybe(st.sampled_from(unit_ids))) if unit_ids else None,
                           "title": draw(maybe(text("title"))), "since": since,
                           "until": since + dt.timedelta(days=draw(st.integers(0, 9999)))
                           if since and draw(st.booleans()) else None})
    for a, b in pairs(person_ids, person_ids, distinct=True):
        add("reports_to", {"person_id": a, "manager_id": b, **draw(judgement())})
    for a, b in pairs(person_ids, person_ids, distinct=True):
        add("influence", {"from_id": a, "to_id": b, "strength": draw(st.integers(1, 5)),
                          "kind": draw(maybe(st.sampled_from(InfluenceKind.values()))),
                          "note": draw(maybe(text("note"))), **draw(judgement())})
    for a, b in pairs(person_ids, person_ids, distinct=True):
        add("conflicts", {"from_id": a, "to_id": b, "strength": draw(maybe(st.integers(1, 5))),
                          "note": draw(maybe(text("note"))), **draw(judgement())})
    for s, p in pairs(staff, person_ids, distinct=True):
        add("relationships", {"staff_id": s, "person_id": p, "strength": draw(st.integers(0, 5)),
                              "note": draw(maybe(text("note"))), **draw(judgement())})
    for p, o in pairs(person_ids, org_ids):
        add("favors", {"person_id": p, "organization_id": o,
                       "strength": draw(st.integers(1, 5)), **draw(judgement())})
    opportunity_ids = draw(st.lists(IDS, max_size=2, unique=True))
    for oid in opportunity_ids:
        add("opportunities", {
            "id": oid, "name": draw(text("name")), "customer_id": draw(st.sampled_from(org_ids)),
            "kind": draw(maybe(st.sampled_from(["standard", "tender", "框架"]))),
            "stage": draw(maybe(text("short"))),
            "status": draw(maybe(st.sampled_from(OpportunityStatus.values()))),
            "amount": draw(maybe(st.floats(0, 1e15, allow_nan=False, allow_infinity=False))),
            "currency": draw(maybe(st.sampled_from(["EUR", "CNY", "USD"]))),
            "close_date": draw(maybe(DATES))})
    for c, o in pairs(org_ids, opportunity_ids):
        add("bids", {"competitor_id": c, "opportunity_id": o})
    for p, o in pairs(person_ids, opportunity_ids):
        add("decision_chain", {
            "person_id": p, "opportunity_id": o,
            "roles": draw(st.lists(st.sampled_from(BuyingRole.values()), min_size=1, max_size=3,
                                   unique=True)),
            "stance": draw(maybe(st.sampled_from(Stance.values()))), **draw(judgement())})
    if person_ids:
        for aid in draw(st.lists(IDS, max_size=2, unique=True)):
            add("activities", {
                "id": aid, "kind": draw(st.sampled_from(ActivityKind.values())),
                "date": draw(DATES), "subject": draw(text("name")),
                "opportunity_id": draw(maybe(st.sampled_from(opportunity_ids)))
                if opportunity_ids else None,
                "attendee_ids": draw(st.lists(st.sampled_from(person_ids), min_size=1,
                                              max_size=3, unique=True)),
                "notes": draw(maybe(text("note")))})
    for a, b in pairs(org_ids, org_ids):
        since = draw(maybe(DATES))
        add("org_ties", {"from_id": a, "to_id": b,
                         "kind": draw(st.sampled_from(OrgTieKind.values())), "since": since,
                         "until": since if since and draw(st.booleans()) else None})
    return data


@settings(max_examples=8, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(dataset=datasets())
def test_every_valid_graph_survives_export_and_import_in_every_form(graph, test_settings,
                                                                    dataset):
    wipe_test_graph(graph, test_settings)
    load_dataset(graph, dataset)
    before = graph_dump(graph)
    with tempfile.TemporaryDirectory() as tmp:
        for target in ("export", "export.xlsx", "export.json"):
            path = Path(tmp) / target
            export_native(graph, path)
            wipe_test_graph(graph, test_settings)
            apply_plan(graph, parse_native(path))
            assert graph_dump(graph) == before, target
