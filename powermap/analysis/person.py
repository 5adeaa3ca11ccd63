"""One person's page: roles per opportunity, relationships with strength and owner, employment
history, influence, and the findings of open gap reports that name them."""

from __future__ import annotations

import datetime as dt

from powermap.analysis.context import _people, native_values
from powermap.analysis.gaps import gap_report
from powermap.errors import NotFound
from powermap.graph.store import Graph
from powermap.i18n import _


def person_profile(graph: Graph, person_id: str, today: dt.date | None = None,
                   templates: dict | None = None) -> dict:
    """Everything the person page shows. ``NotFound`` for an unknown id."""
    head = graph.read("find_person", person_id=person_id)
    if not head:
        raise NotFound(_("no person with id %(id)r", id=person_id))
    details = graph.read_tx(lambda tx: _people(tx.run, {person_id}))[person_id]
    ties = native_values(graph.read("find_person_chains", person_id=person_id)[0])
    findings = []
    for row in graph.read("find_opportunities_of_person", person_id=person_id):
        report = gap_report(graph, row["id"], today, templates=templates)
        for f in report.findings:
            if any(p["id"] == person_id for p in f.people):
                findings.append({"opportunity_id": row["id"],
                                 "opportunity": report.opportunity["name"], **f.as_dict()})
    return {
        "person": {**head[0]["person"], "is_staff": head[0]["is_staff"]},
        "employment": sorted(details.employment, key=lambda e: (e["until"] is None,
                                                                 str(e["since"] or ""))),
        "coverage": sorted(details.coverage, key=lambda c: -c["strength"]),
        "favors": details.favors,
        "chains": ties["chains"], "knows": ties["knows"], "influence": ties["influence"],
        "findings": findings,
    }
