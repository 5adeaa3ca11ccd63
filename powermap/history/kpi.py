"""Relationship KPIs (关系指标) of one account or one opportunity on any day, and their trend.

One definition each (docs/analyses.md, "Relationship KPIs"):

- key people: the people who work at the customer now and hold a key buying role
  (``gaps.KEY_ROLES``: decision maker or approver) — in the opportunity's decision chain, or,
  for an account, in the chain of any of its open opportunities;
- ``key_coverage``: the share of key people with a trusted thread (strength ≥ 3);
- ``threads_per_key_person``: threads (strength ≥ 2, current staff) per key person, the mean;
- ``single_points``: people reached through exactly one of our staff — for an opportunity the
  current members of its decision chain, for an account the key people of ``analysis.spof``;
- ``chain_completeness``: the share of the template's roles some current member holds (an
  account: the mean over its open opportunities);
- ``power_share``: the gap report's split of the chain's power into supports / neutral /
  opposes / competitor-held (an account: the mean over its open opportunities);
- ``competitors``: per competitor, the share of the chain's power it holds (a contested person
  counts for nobody), next to the share that supports us;
- ``activities``: activities dated in the period (after the previous point, up to this one) by
  kind, the five means of the 一五一 practice first, as recorded by the end of the period;
- ``relationships``: key = our threads to key people; universal = our threads to everyone
  else who works at the account; organizational = the account's organization ties in force.

``kpi_trend`` reads an account's history once and rebuilds each point from it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from statistics import mean
from powermap.analysis.context import AccountContext, OpportunityContext
from powermap.analysis.gaps import KEY_ROLES, SUPPORTIVE, build_gap_report
from powermap.analysis.spof import EXECUTIVE
from powermap.errors import NotFound, Problem, ValidationError
from powermap.graph.store import Graph
from powermap.history.asof import (AccountHistory, Snapshot, account_context,
                                   opportunity_context, read_account_history)
from powermap.i18n import N_, _
from powermap.model import ActivityKind

#: the five means of the 一五一 practice, in the order every table shows them
FIVE_MEANS = tuple(k.value for k in ActivityKind)[:5]
ACTIVITY_KINDS = tuple(k.value for k in ActivityKind)
SHARES = ("supports", "neutral", "opposes", "competitor_held")
EVERY = ("month", "quarter")

#: the figures a trend or a portfolio row compares, with whether a rise is good news
HEADLINE = {
    "key_coverage": True, "threads_per_key_person": True, "single_points": False,
    "chain_completeness": True, "supports": True, "competitor_held": False,
    "five_means": True, "key_relationships": True, "universal_relationships": True,
    "organizational_relationships": True,
}
#: (the words are marked for translation; whoever shows them calls ``_()`` on them)
LABELS = {
    "key_coverage": N_("Key people covered"),
    "threads_per_key_person": N_("Threads per key person"),
    "single_points": N_("Single points of contact"),
    "chain_completeness": N_("Chain completeness"),
    "supports": N_("Power that supports us"),
    "competitor_held": N_("Power held by competitors"),
    "five_means": N_("Five-means activities"), "key_relationships": N_("Key relationships"),
    "universal_relationships": N_("Universal relationships"),
    "organizational_relationships": N_("Organizational relationships"),
}
#: the same, short enough for a table with every figure side by side
SHORT = {
    "key_coverage": N_("Key covered"), "threads_per_key_person": N_("Threads / key"),
    "single_points": N_("Single points"), "chain_completeness": N_("Chain complete"),
    "supports": N_("Supports us"), "competitor_held": N_("Competitor-held"),
    "five_means": N_("Five means"),
    "key_relationships": N_("Key rel."), "universal_relationships": N_("Universal rel."),
    "organizational_relationships": N_("Org. ties"),
}
#: figures that are shares (0–1), shown as percentages
RATIOS = frozenset({"key_coverage", "chain_completeness", "supports", "competitor_held"})


# -- periods ---------------------------------------------------------------------------------

def _period_end(day: dt.date, every: str) -> dt.date:
    month = day.month if every == "month" else ((day.month - 1) // 3) * 3 + 3
    return dt.date(day.year, month, calendar.monthrange(day.year, month)[1])


def period_ends(start: dt.date, end: dt.date, every: str) -> list[dt.date]:
    """The points of a trend: each month's or quarter's last day from ``start`` to ``end``,
    and ``end`` itself when it falls inside a period.

    >>> period_ends(dt.date(2026, 1, 15), dt.date(2026, 3, 10), "month")
    [datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 10)]
    """
    if every not in EVERY:
        raise ValidationError(Problem("query", "every",
                                      _("%(every)r is not a period; expected month or quarter",
                                        every=every)))
    if end < start:
        raise ValidationError(Problem("query", "to", _(
            "%(end)s is before %(start)s; expected a day on or after the first day", end=end,
            start=start)))
    points, day = [], _period_end(start, every)
    while day < end:
        points.append(day)
        day = _period_end(day + dt.timedelta(days=1), every)
    points.append(end)
    return points


def previous_end(day: dt.date, every: str) -> dt.date:
    """The last day of the period before the one ``day`` falls in."""
    first = dt.date(day.year, day.month if every == "month" else
                    ((day.month - 1) // 3) * 3 + 1, 1)
    return first - dt.timedelta(days=1)


# -- one point -------------------------------------------------------------------------------

def activities_by_kind(snap: Snapshot, after: dt.date, until: dt.date, *, people: set[str],
                       opportunity_ids: set[str]) -> dict:
    """Activities dated in (``after``, ``until``] that one of ``people`` attended or that
    concern one of ``opportunity_ids``, counted by kind (every kind present, five means first)."""
    found = {k: 0 for k in ACTIVITY_KINDS}
    for a in snap.of("activities"):
        day = a.get("date")
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        if day is None or not after < day <= until:
            continue
        if a.get("opportunity_id") in opportunity_ids or people & set(a.get("attendee_ids") or ()):
            found[a["kind"]] = found.get(a["kind"], 0) + 1
    return found


def _org_ties(snap: Snapshot, account_id: str, day: dt.date) -> int:
    """Organization ties of the account in force on ``day`` (started by then, not ended)."""
    return sum(1 for t in snap.of("org_ties")
               if account_id in (t["from_id"], t["to_id"])
               and (t.get("since") is None or _date(t["since"]) <= day)
               and (t.get("until") is None or _date(t["until"]) > day))


def _date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def opportunity_kpis(ctx: OpportunityContext, account: AccountContext, snap: Snapshot,
                     after: dt.date, templates: dict | None = None) -> dict:
    """The KPIs of one opportunity on ``ctx.today``; ``account``: its customer on that day
    (for the universal relationships), ``after``: the day before the period began."""
    # no introduction paths: the figures below never read them, and searching them is the
    # dearest part of a gap report
    report = build_gap_report(ctx, lambda _pid: [], templates=templates)
    summary = report.summary
    current = [m for m in ctx.members if not m.left_customer]
    key_ids = {k["id"] for k in summary["key_people"]}
    key = [m.person for m in current if m.id in key_ids]
    total = sum(v["power"] for v in report.members if not v["left_customer"])
    held: dict[str, dict] = {c["id"]: {"id": c["id"], "name": c["name"], "held": 0.0}
                             for c in ctx.competitors}
    for v in report.members:
        if v["left_customer"]:
            continue
        for cid in {h["competitor_id"] for h in v["held_by"] if h["reason"] != "contested"}:
            name = next(h["competitor_name"] for h in v["held_by"] if h["competitor_id"] == cid)
            held.setdefault(cid, {"id": cid, "name": name, "held": 0.0})["held"] += v["power"]
    roles = summary["roles"]
    threads = {p.id: len(p.threads()) for p in key}
    others = [pid for pid in account.insiders if pid not in key_ids]
    chain_people = {m.id for m in current}
    deciders = [m.person for m in current if "decision_maker" in m.roles]
    return _figures(
        key_people=len(key), covered=sum(1 for p in key if p.covered()),
        deciders=(len(deciders), sum(1 for p in deciders if p.covered())), threads=threads,
        single_points=sum(1 for m in current if len(m.person.threads()) == 1),
        completeness=(sum(1 for r in roles if r["status"] != "missing") / len(roles)
                      if roles else 1.0),
        power_share=summary["power_share"],
        competitors=[{**c, "held": round(c["held"] / total, 3) if total else 0.0}
                     for c in held.values()],
        activities=activities_by_kind(snap, after, ctx.today, people=chain_people,
                                      opportunity_ids={ctx.opportunity["id"]}),
        key_relationships=sum(threads.values()),
        universal=sum(len(account.people[pid].threads()) for pid in others
                      if pid in account.people),
        organizational=_org_ties(snap, ctx.customer["id"], ctx.today))


def account_kpis(ctx: AccountContext, snap: Snapshot, after: dt.date,
                 templates: dict | None = None) -> dict:
    """The KPIs of one account on ``ctx.today``; the chain figures are the means over the open
    opportunities of that day (none open: completeness 0, every share 0)."""
    key_ids = sorted(pid for pid in ctx.insiders
                     if any(r in KEY_ROLES for r in ctx.roles_of(pid)))
    key = [ctx.people[pid] for pid in key_ids]
    threads = {p.id: len(p.threads()) for p in key}
    deals = [opportunity_kpis(opportunity_context(snap, oid, ctx.today), ctx, snap, after,
                              templates) for oid in ctx.open_opportunities]
    share = {k: round(mean(d["power_share"][k] for d in deals), 3) if deals else 0.0
             for k in SHARES}
    competitors: dict[str, dict] = {}
    for d in deals:
        for c in d["competitors"]:
            competitors.setdefault(c["id"], {**c, "held": 0.0})["held"] += c["held"] / len(deals)
    account_id = ctx.account["id"]
    deciders = [ctx.people[pid] for pid in ctx.decision_makers()]
    return _figures(
        key_people=len(key), covered=sum(1 for p in key if p.covered()),
        deciders=(len(deciders), sum(1 for p in deciders if p.covered())), threads=threads,
        single_points=single_threaded(ctx),
        completeness=mean(d["chain_completeness"] for d in deals) if deals else 0.0,
        power_share=share,
        competitors=[{**c, "held": round(c["held"], 3)} for c in competitors.values()],
        activities=activities_by_kind(snap, after, ctx.today, people=set(ctx.insiders),
                                      opportunity_ids={o["id"] for o in snap.of("opportunities")
                                                       if o["customer_id"] == account_id}),
        key_relationships=sum(threads.values()),
        universal=sum(len(ctx.people[pid].threads()) for pid in ctx.insiders
                      if pid not in threads),
        organizational=_org_ties(snap, account_id, ctx.today))


def single_threaded(ctx: AccountContext) -> int:
    """How many people ``spof.account_spof`` lists as ``single_threaded`` (its key people —
    chain members of open opportunities and executives — with exactly one thread), counted
    without the departure analysis it also runs, which is the dearest part of a trend point.
    tests/test_kpi.py holds the two to the same count."""
    return sum(1 for pid in ctx.insiders
               if (pid in ctx.chains or ctx.people[pid].seniority in EXECUTIVE)
               and len(ctx.people[pid].threads()) == 1)


def _figures(*, key_people: int, covered: int, deciders: tuple[int, int], threads: dict,
             single_points: int, completeness: float, power_share: dict, competitors: list[dict],
             activities: dict, key_relationships: int, universal: int,
             organizational: int) -> dict:
    supports = power_share.get("supports", 0.0)
    return {
        "key_people": key_people, "key_covered": covered,
        "decision_makers": deciders[0], "decision_makers_covered": deciders[1],
        "key_coverage": round(covered / key_people, 3) if key_people else 0.0,
        "threads_per_key_person": round(sum(threads.values()) / key_people, 2)
        if key_people else 0.0,
        "single_points": single_points,
        "chain_completeness": round(completeness, 3),
        "power_share": dict(power_share),
        "supports": supports, "competitor_held": power_share.get("competitor_held", 0.0),
        "competitors": sorted(({**c, "supports": supports} for c in competitors),
                              key=lambda c: (-c["held"], c["name"] or "")),
        "activities": activities,
        "five_means": sum(activities.get(k, 0) for k in FIVE_MEANS),
        "key_relationships": key_relationships, "universal_relationships": universal,
        "organizational_relationships": organizational,
    }


# -- trends ----------------------------------------------------------------------------------

def account_history(graph: Graph, account_id: str, since: dt.date) -> AccountHistory:
    """The account's history (``asof.read_account_history``) with its organization ties,
    which that reader leaves out: read here as they are now, and rolled back to any day by
    the changes the history already holds (their changes are found by the account's id)."""
    history = read_account_history(graph, account_id, since)
    history.now.add("org_ties", graph.read("find_account_org_ties", account_id=account_id))
    return history


def kpi_at(history: AccountHistory, day: dt.date, after: dt.date,
           opportunity_id: str | None = None, templates: dict | None = None) -> dict:
    """The KPIs of the account (or of one of its opportunities) on ``day``."""
    snap = history.at(day)
    account = account_context(snap, history.account_id, day)
    if opportunity_id:
        return opportunity_kpis(opportunity_context(snap, opportunity_id, day), account, snap,
                                after, templates)
    return account_kpis(account, snap, after, templates)


def kpi_trend(graph: Graph, start: dt.date, end: dt.date, every: str = "month", *,
              account_id: str | None = None, opportunity_id: str | None = None,
              templates: dict | None = None) -> dict:
    """One row of KPIs per period end from ``start`` to ``end`` (``period_ends``). A day
    before the account or opportunity was recorded has no row figures (``kpis`` None)."""
    points = period_ends(start, end, every)
    subject: dict
    if opportunity_id:
        head = graph.read("find_opportunity", opportunity_id=opportunity_id)
        if not head:
            raise NotFound(_("no opportunity with id %(id)r", id=opportunity_id))
        account_id = head[0]["customer"]["id"]
        subject = {"kind": "opportunity", "id": opportunity_id,
                   "name": head[0]["opportunity"]["name"], "account": head[0]["customer"]}
    elif account_id:
        head = graph.read("find_account", account_id=account_id)
        if not head:
            raise NotFound(_("no organization with id %(id)r", id=account_id))
        subject = {"kind": "account", "id": account_id, "name": head[0]["account"]["name"],
                   "tier": head[0]["account"].get("tier")}
    else:
        raise ValidationError(Problem("query", "account", _("expected an account or an "
                                                            "opportunity id")))
    history = account_history(graph, account_id, points[0])
    rows, after = [], previous_end(points[0], every)
    for day in points:
        try:
            figures = kpi_at(history, day, after, opportunity_id, templates)
        except NotFound:
            figures = None            # not recorded yet on that day
        rows.append({"date": day, "after": after, "kpis": figures})
        after = day
    return {"subject": subject, "every": every, "from": start, "to": end, "points": rows}


def direction(now: float | None, before: float | None) -> str:
    """↑, ↓ or → for a figure that rose, fell or held (— when either side is unknown)."""
    if now is None or before is None:
        return "—"
    return "↑" if now > before + 1e-9 else "↓" if now < before - 1e-9 else "→"


def portfolio_kpis(graph: Graph, day: dt.date, every: str = "month",
                   templates: dict | None = None) -> dict:
    """Every customer account: its KPIs for the period ending ``day`` next to the period
    before, each headline figure with an arrow; grouped by tier (S, A, B, C, then none)."""
    last = previous_end(day, every)
    before_last = previous_end(last, every)
    this_after = last
    tiers: dict[str, list[dict]] = {}
    for row in graph.read("find_account_ids"):
        try:
            history = account_history(graph, row["id"], last)
        except NotFound:
            continue
        try:
            now = kpi_at(history, day, this_after, templates=templates)
        except NotFound:
            continue                  # the account was not recorded by then
        try:
            before = kpi_at(history, last, before_last, templates=templates)
        except NotFound:
            before = None
        org = history.now.rows["organizations"].get((row["id"],), {})
        changes = {k: {"now": now[k], "before": before[k] if before else None,
                       "arrow": direction(now[k], before[k] if before else None),
                       "better": HEADLINE[k]} for k in HEADLINE}
        tiers.setdefault(org.get("tier") or "none", []).append(
            {"account": {"id": row["id"], "name": org.get("name"), "tier": org.get("tier")},
             "kpis": now, "previous": before, "changes": changes})
    order = ["S", "A", "B", "C", "none"]
    return {"date": day, "previous": last, "every": every,
            "tiers": [{"tier": t, "accounts": tiers[t]} for t in order if t in tiers]}
