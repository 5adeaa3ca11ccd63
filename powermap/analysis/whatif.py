"""What if a person leaves — one of our staff or one of theirs?

The same analyses run twice, once as things are and once without the person, and the report
says what changes: the new risks (findings that appear), apart from the coverage lost with
the person (findings that disappear only because they were about or through the person, and
the relationships that leave with them) and from the findings really resolved; roles whose
coverage changes, the power share, key people left single-threaded or unreachable, decision
makers cut off.
"""

from __future__ import annotations

import datetime as dt

from powermap.analysis.context import load_account, load_opportunities
from powermap.analysis.gaps import gap_report_of
from powermap.analysis.spof import account_spof
from powermap.errors import NotFound
from powermap.graph.store import Graph
from powermap.i18n import _


def whatif(graph: Graph, person_id: str, opportunity_id: str | None = None,
           account_id: str | None = None, today: dt.date | None = None) -> dict:
    """``powermap whatif --remove PERSON_ID``."""
    found = graph.read("find_person", person_id=person_id)
    if not found:
        raise NotFound(_("no person with id %(id)r", id=person_id))
    if opportunity_id:
        opportunities = [opportunity_id]
    elif account_id:
        head = graph.read("find_account", account_id=account_id)
        if not head:
            raise NotFound(_("no organization with id %(id)r", id=account_id))
        opportunities = head[0]["open_opportunities"]
    else:
        opportunities = [r["id"] for r in graph.read("find_opportunities_of_person",
                                                     person_id=person_id)]
    gone = frozenset({person_id})
    deals, accounts = [], set([account_id] if account_id else [])
    for context in load_opportunities(graph, opportunities, today):  # read once, analysed twice
        before = gap_report_of(graph, context)
        after = gap_report_of(graph, context, exclude=gone)
        accounts.add(before.customer["id"])
        deals.append(_gap_diff(before, after, found[0]["person"], found[0]["is_staff"]))
    spof = []
    for acc in sorted(accounts):
        ctx = load_account(graph, acc, today)
        spof.append(_spof_diff(account_spof(ctx), account_spof(ctx, exclude=gone)))
    return {"removed": found[0]["person"], "is_staff": found[0]["is_staff"],
            "opportunities": deals, "accounts": spof}


def _key(f) -> tuple:
    return (f.kind, f.title)


def _gap_diff(before, after, removed: dict, is_staff: bool) -> dict:
    """What the departure changes in one opportunity's gap report.

    Findings that disappear are sorted into two lists that must not be confused: a risk that
    really went away (``resolved_findings``: e.g. a hostile influencer left) and a finding that
    only disappeared with the person (``lost_with_person``: it was about them, went through
    them, or the same people now have a new, worse finding — a single thread that is now
    none). ``threads_lost`` lists the relationships into the decision chain that leave with a
    member of our staff.
    """
    # per-person blocks are compared point by point: a block that loses one point is not
    # a new finding
    old = {_key(f): f for f in before.points()}
    new = {_key(f): f for f in after.points()}
    fresh = [new[k] for k in new if k not in old]
    worse_for = {p["id"] for f in fresh for p in f.people}
    resolved, lost = [], []
    for k in old:
        if k in new:
            continue
        f = old[k]
        named = {p["id"] for p in f.people}
        # a finding that names one of our staff went through their relationships; a customer
        # person named in someone else's finding is its cause (their pull, their hold)
        mentioned = is_staff and removed["name"] in " ".join([f.title, f.action, *f.evidence])
        if removed["id"] in named or mentioned or named & worse_for:
            lost.append(f.as_dict())
        else:
            resolved.append(f.as_dict())
    roles_before = {r["role"]: r["status"] for r in before.summary["roles"]}
    threads_after = {m["id"]: m["threads"] for m in after.members}
    threads_lost = [{"person": {"id": m["id"], "name": m["name"]}, "roles": m["roles"],
                     "strength": c["strength"], "threads_left": threads_after.get(m["id"], 0)}
                    for m in before.members for c in m["coverage"]
                    if c["staff_id"] == removed["id"]]
    return {
        "opportunity": {"id": before.opportunity["id"], "name": before.opportunity["name"]},
        "new_findings": [f.as_dict() for f in fresh],
        "resolved_findings": resolved,
        "lost_with_person": lost,
        "threads_lost": threads_lost,
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
