"""Single points of contact (单点关系): per account, per opportunity, across the portfolio.

- ``single_threaded``: key people reached through exactly one of our staff;
- ``no_thread``: key people none of our staff reaches (no relationship of strength ≥ 2);
- ``sole_threads``: the staff members who are that one thread, with the key people they hold;
- ``departures_that_cut``: staff whose departure leaves a decision maker with no path from any
  remaining staff member through relationships and influence edges.

Reachability never passes through an enemy (a person recorded as skeptic or opponent in the
opportunity — without one, in any open opportunity of the account — or held by a competitor):
we may reach them, but an introduction onward through them is not access.

Key people are those with a buying role in an open opportunity of the account, and executives
(c_level, vp). With an opportunity, only its decision chain counts.
"""

from __future__ import annotations

import datetime as dt

from powermap.analysis import algorithms
from powermap.analysis.context import AS_OF, AccountContext, load_account
from powermap.analysis.paths import account_stances, enemies_of, safe_influence
from powermap.errors import NotFound
from powermap.graph.store import Graph
from powermap.i18n import sort_key

EXECUTIVE = {"c_level", "vp"}


def spof_report(graph: Graph, account_id: str | None = None, opportunity_id: str | None = None,
                today: dt.date | None = None, exclude: frozenset = frozenset()) -> dict:
    """``powermap report spof``: one account, one opportunity, or every customer account."""
    if opportunity_id:
        from powermap.analysis.context import load_opportunity
        head = load_opportunity(graph, opportunity_id, today)
        account_id = head.customer["id"]
    if account_id:
        accounts = [account_id]
    else:
        accounts = [row["id"] for row in graph.read("find_account_ids")]
    reports = [account_spof(ctx, opportunity_id, exclude)
               for ctx in _contexts(graph, accounts, today, single=bool(account_id))]
    return {"scope": {"account_id": account_id if len(accounts) == 1 else None,
                      "opportunity_id": opportunity_id},
            "accounts": reports,
            "totals": {"single_threaded": sum(len(r["single_threaded"]) for r in reports),
                       "departures_that_cut": sum(len(r["departures_that_cut"]) for r in reports)}}


def _contexts(graph: Graph, accounts: list[str], today: dt.date | None, single: bool):
    """The accounts' contexts; across the portfolio, as of a past day, the accounts that did
    not exist yet are left out."""
    for account_id in accounts:
        try:
            yield load_account(graph, account_id, today)
        except NotFound:
            if single or AS_OF.get() is None:
                raise


def account_spof(ctx: AccountContext, opportunity_id: str | None = None,
                 exclude: frozenset = frozenset()) -> dict:
    """The single points of contact of one account (pure: no database access)."""
    if opportunity_id:
        key = sorted(pid for pid, chains in ctx.chains.items()
                     if any(c["opportunity_id"] == opportunity_id for c in chains))
    else:
        key = sorted(pid for pid in ctx.insiders
                     if pid in ctx.chains or ctx.people[pid].seniority in EXECUTIVE)
    key = [pid for pid in key if pid not in exclude]
    single, sole, none = [], {}, []
    for pid in key:
        threads = ctx.people[pid].threads(exclude)
        if not threads:
            none.append({"id": pid, "name": ctx.people[pid].name, "roles": ctx.roles_of(pid)})
        if len(threads) == 1:
            t = threads[0]
            entry = {"id": pid, "name": ctx.people[pid].name, "roles": ctx.roles_of(pid),
                     "staff": {"id": t["staff_id"], "name": t["name"], "strength": t["strength"]}}
            single.append(entry)
            sole.setdefault(t["staff_id"], {"id": t["staff_id"], "name": t["name"], "people": []})
            sole[t["staff_id"]]["people"].append({"id": pid, "name": ctx.people[pid].name})
    coverage, staff = [], set()
    for pid, person in ctx.people.items():
        if pid in exclude:
            continue
        for t in person.threads(exclude):
            coverage.append((t["staff_id"], pid))
            staff.add(t["staff_id"])
    kept = [e for e in ctx.influence_edges() if e.from_id not in exclude and e.to_id not in exclude]
    enemies = enemies_of({pid: p for pid, p in ctx.people.items() if pid not in exclude}, kept,
                         account_stances(ctx, opportunity_id))
    influence = safe_influence([(e.from_id, e.to_id) for e in kept], enemies)
    deciders = [d for d in ctx.decision_makers(opportunity_id) if d not in exclude]
    cut = algorithms.departures_that_cut(coverage, influence, sorted(staff), deciders)
    names = {c["staff_id"]: c["name"] for p in ctx.people.values() for c in p.coverage}
    reach = algorithms.reachable(coverage + influence, sorted(staff))
    return {
        "account": {"id": ctx.account["id"], "name": ctx.account["name"]},
        "single_threaded": single,
        "no_thread": none,
        "sole_threads": sorted(sole.values(),
                               key=lambda s: (-len(s["people"]), sort_key(s["name"]))),
        "departures_that_cut": [
            {"staff": {"id": s, "name": names.get(s, s)},
             "decision_makers": [{"id": d, "name": ctx.people[d].name} for d in lost]}
            for s, lost in sorted(cut.items())],
        "unreachable_decision_makers": [{"id": d, "name": ctx.people[d].name}
                                        for d in deciders if d not in reach],
    }

