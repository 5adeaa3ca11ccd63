"""Competitor-held people weighted by power: per opportunity, per account, per competitor.

For an opportunity, ``share`` is the part of the decision chain's total power held by each
competitor; for an account, the part of the power of everyone who works there now. Contested
people (see ``held``) are listed with reason ``contested`` but count in no share.
"""

from __future__ import annotations

import datetime as dt

from powermap.analysis.context import load_account, load_opportunity
from powermap.analysis.held import holds_by_person
from powermap.analysis.paths import SUPPORTIVE, account_stances
from powermap.analysis.power import power_by_person
from powermap.graph.store import Graph
from powermap.i18n import _, sort_key


def competitors_report(graph: Graph, account_id: str | None = None,
                       competitor_id: str | None = None, opportunity_id: str | None = None,
                       today: dt.date | None = None) -> dict:
    """``powermap report competitors``."""
    if competitor_id and not graph.read("find_account", account_id=competitor_id):
        from powermap.errors import NotFound
        raise NotFound(_("no organization with id %(id)r", id=competitor_id))
    if opportunity_id:
        scopes = [_opportunity_scope(graph, opportunity_id, today)]
    elif account_id:
        scopes = [_account_scope(graph, account_id, today)]
    else:
        scopes = [scope for row in graph.read("find_account_ids")
                  if (scope := _portfolio_scope(graph, row["id"], today)) is not None]
    by_competitor: dict[str, dict] = {}
    for scope in scopes:
        if competitor_id:
            scope["held"] = [h for h in scope["held"] if h["competitor"]["id"] == competitor_id]
            scope["share"] = {k: v for k, v in scope["share"].items() if k == competitor_id}
        for h in scope["held"]:
            if h["reason"] == "contested":
                continue
            c = by_competitor.setdefault(h["competitor"]["id"], {
                "competitor": h["competitor"], "people": 0, "power": 0.0, "accounts": set()})
            c["people"] += 1
            c["power"] += h["power"]
            c["accounts"].add(scope["name"])
    totals = sorted(({**c, "power": round(c["power"], 1), "accounts": sorted(c["accounts"])}
                     for c in by_competitor.values()), key=lambda c: -c["power"])
    return {"scope": {"account_id": account_id, "competitor_id": competitor_id,
                      "opportunity_id": opportunity_id},
            "scopes": scopes, "by_competitor": totals}


def _held_rows(people, holds, power, roles) -> list[dict]:
    rows = []
    for pid, hs in holds.items():
        if pid not in power:
            continue
        for h in hs:
            rows.append({"person": {"id": pid, "name": people[pid].name},
                         "roles": roles.get(pid, []), "power": power[pid],
                         "competitor": {"id": h.competitor_id, "name": h.competitor_name},
                         "reason": h.reason, "evidence": h.evidence})
    return sorted(rows, key=lambda r: (-r["power"], sort_key(r["person"]["name"])))


def _share(rows: list[dict], power: dict) -> dict:
    total = sum(power.values())
    share: dict[str, float] = {}
    for cid in {r["competitor"]["id"] for r in rows if r["reason"] != "contested"}:
        held = {r["person"]["id"]: r["power"] for r in rows
                if r["competitor"]["id"] == cid and r["reason"] != "contested"}
        share[cid] = round(sum(held.values()) / total, 3) if total else 0.0
    return share


def _portfolio_scope(graph: Graph, account_id: str, today) -> dict | None:
    """One account of the portfolio; None when, as of a past day, it did not exist yet."""
    from powermap.analysis.context import AS_OF
    from powermap.errors import NotFound
    try:
        return _account_scope(graph, account_id, today)
    except NotFound:
        if AS_OF.get() is None:
            raise
        return None


def _opportunity_scope(graph: Graph, opportunity_id: str, today) -> dict:
    ctx = load_opportunity(graph, opportunity_id, today)
    members = [m for m in ctx.members if not m.left_customer]
    roles = {m.id: m.roles for m in members}
    influence = ctx.influence_edges()
    power_all = power_by_person(ctx.people, roles, influence)
    power = {m.id: power_all[m.id] for m in members}
    supporters = [m.id for m in members if m.stance in SUPPORTIVE]
    rows = _held_rows(ctx.people, holds_by_person(ctx.people, influence, supporters), power, roles)
    return {"kind": "opportunity", "id": opportunity_id, "name": ctx.opportunity["name"],
            "held": rows, "share": _share(rows, power)}


def _account_scope(graph: Graph, account_id: str, today) -> dict:
    ctx = load_account(graph, account_id, today)
    influence = ctx.influence_edges()
    roles = {pid: ctx.roles_of(pid) for pid in ctx.people}
    power_all = power_by_person(ctx.people, roles, influence)
    power = {pid: power_all[pid] for pid in ctx.insiders}
    supporters = [pid for pid, st in account_stances(ctx).items() if st in SUPPORTIVE]
    rows = _held_rows(ctx.people, holds_by_person(ctx.people, influence, supporters), power, roles)
    return {"kind": "account", "id": account_id, "name": ctx.account["name"],
            "held": rows, "share": _share(rows, power)}
