"""What if a person leaves — one of our staff or one of theirs?

The same analyses run twice, once as things are and once without the person, and the report
says what changes: gap findings that appear or disappear, roles whose coverage changes, the
power share, key people left single-threaded or unreachable, decision makers cut off.
"""

from __future__ import annotations

import datetime as dt

from powermap.analysis.context import load_account, load_opportunity
from powermap.analysis.gaps import gap_report_of
from powermap.analysis.spof import account_spof
from powermap.errors import NotFound
from powermap.graph.store import Graph


def whatif(graph: Graph, person_id: str, opportunity_id: str | None = None,
           account_id: str | None = None, today: dt.date | None = None) -> dict:
    """``powermap whatif --remove PERSON_ID``."""
    found = graph.read("find_person", person_id=person_id)
    if not found:
        raise NotFound(f"no person with id {person_id!r}")
    if opportunity_id:
        opportunities = [opportunity_id]
    elif account_id:
        head = graph.read("find_account", account_id=account_id)
        if not head:
            raise NotFound(f"no organization with id {account_id!r}")
        opportunities = head[0]["open_opportunities"]
    else:
        opportunities = [r["id"] for r in graph.read("find_opportunities_of_person",
                                                     person_id=person_id)]
    gone = frozenset({person_id})
    deals, accounts = [], set([account_id] if account_id else [])
    for opp in opportunities:
        context = load_opportunity(graph, opp, today)   # read once, analysed twice
        before = gap_report_of(graph, context)
        after = gap_report_of(graph, context, exclude=gone)
        accounts.add(before.customer["id"])
        deals.append(_gap_diff(before, after))
    spof = []
    for acc in sorted(accounts):
        ctx = load_account(graph, acc, today)
        spof.append(_spof_diff(account_spof(ctx), account_spof(ctx, exclude=gone)))
    return {"removed": found[0]["person"], "is_staff": found[0]["is_staff"],
            "opportunities": deals, "accounts": spof}


def _key(f) -> tuple:
    return (f.kind, f.title)


def _gap_diff(before, after) -> dict:
    # per-person blocks are compared point by point: a block that loses one point is not
    # a new finding
    old = {_key(f): f for f in before.points()}
    new = {_key(f): f for f in after.points()}
    roles_before = {r["role"]: r["status"] for r in before.summary["roles"]}
    return {
        "opportunity": {"id": before.opportunity["id"], "name": before.opportunity["name"]},
        "new_findings": [new[k].as_dict() for k in new if k not in old],
        "resolved_findings": [old[k].as_dict() for k in old if k not in new],
        "roles_changed": [{"role": r["role"], "before": roles_before.get(r["role"]),
                           "after": r["status"]}
                          for r in after.summary["roles"]
                          if roles_before.get(r["role"]) != r["status"]],
        "power_share": {"before": before.summary["power_share"],
                        "after": after.summary["power_share"]},
    }


def _spof_diff(before: dict, after: dict) -> dict:
    was_single = {p["id"] for p in before["single_threaded"]}
    was_unreachable = {p["id"] for p in before["unreachable_decision_makers"]}
    had_none = {p["id"] for p in before["no_thread"]}
    return {
        "account": before["account"],
        "newly_without_thread": [p for p in after["no_thread"] if p["id"] not in had_none],
        "newly_single_threaded": [p for p in after["single_threaded"]
                                  if p["id"] not in was_single],
        "newly_unreachable_decision_makers": [p for p in after["unreachable_decision_makers"]
                                              if p["id"] not in was_unreachable],
        "departures_that_cut_after": after["departures_that_cut"],
    }
