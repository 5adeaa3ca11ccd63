"""Win/loss against the relationship KPIs: for every won and lost opportunity, its KPIs as they
stood at its close date (as recorded by the end of that day), and the win rate of the deals in
each KPI band — "the decision maker was covered" against "was not", and so on.

A band with fewer than ``MIN_SAMPLE`` deals says, in a sentence, that it is too small to read a
win rate from. A deal without a close date, or recorded only after it closed, has no KPIs at
its close and is listed apart with the reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from powermap.errors import NotFound
from powermap.graph.store import Graph
from powermap.history.kpi import account_history, kpi_at

#: fewer deals than this in a group: no win rate is read from it
MIN_SAMPLE = 10
#: the activities counted before a close: this many days up to the close date
ACTIVITY_WINDOW_DAYS = 90
#: competitor-held power share above which a deal counts as held
HELD_SHARE = 0.20

#: (id, question, test, sentence when true, sentence when false); the sentences are whole so
#: that they translate as one piece
BANDS: list[tuple[str, str, Callable[[dict], bool], str, str]] = [
    ("decision_maker_covered", "Was every decision maker covered?",
     lambda k: k["decision_makers"] > 0 and k["decision_makers_covered"] == k["decision_makers"],
     "Every decision maker had a trusted thread (strength 3 or more) at the close.",
     "A decision maker had no trusted thread, or none was known, at the close."),
    ("two_threads", "Did we have two threads per key person?",
     lambda k: k["threads_per_key_person"] >= 2,
     "Key people had two or more threads each on average at the close.",
     "Key people had fewer than two threads each on average at the close."),
    ("competitor_held", "Did competitors hold more than 20 % of the power?",
     lambda k: k["competitor_held"] > HELD_SHARE,
     "Competitors held more than 20 % of the decision chain's power at the close.",
     "Competitors held 20 % of the decision chain's power or less at the close."),
    ("supports", "Did half the power support us?",
     lambda k: k["supports"] >= 0.5,
     "Half or more of the decision chain's power supported us at the close.",
     "Less than half of the decision chain's power supported us at the close."),
    ("chain_complete", "Was the decision chain complete?",
     lambda k: k["chain_completeness"] >= 1.0,
     "Every role of the template was filled at the close.",
     "A role of the template was still unfilled at the close."),
    ("no_single_points", "Was nobody in the chain reached through one person alone?",
     lambda k: k["single_points"] == 0,
     "Nobody in the decision chain was reached through one of our staff alone.",
     "Someone in the decision chain was reached through one of our staff alone."),
    ("five_means", "Did we use the five means in the last 90 days?",
     lambda k: k["five_means"] > 0,
     "At least one of the five means took place in the 90 days before the close.",
     "None of the five means took place in the 90 days before the close."),
]


def closed_deals(graph: Graph, today: dt.date | None = None,
                 templates: dict | None = None) -> dict:
    """Every won and lost opportunity with its KPIs at its close date; the deals that have
    none, with the reason."""
    today = today or dt.date.today()
    closed = [o for o in graph.read("find_all_opportunities") if o["status"] in ("won", "lost")]
    deals, apart = [], []
    by_account: dict[str, list[dict]] = {}
    for o in closed:
        if o["close_date"] is None:
            apart.append({"opportunity": _head(o), "reason":
                          f"{o['name']} has no close date, so its KPIs at the close are "
                          "unknown."})
        else:
            by_account.setdefault(o["customer_id"], []).append(o)
    for account_id, opportunities in sorted(by_account.items()):
        days = {o["id"]: min(o["close_date"].to_native() if hasattr(o["close_date"], "to_native")
                             else o["close_date"], today) for o in opportunities}
        history = account_history(graph, account_id, min(days.values()))
        for o in sorted(opportunities, key=lambda o: o["id"]):
            day = days[o["id"]]
            try:
                kpis = kpi_at(history, day, day - dt.timedelta(days=ACTIVITY_WINDOW_DAYS), o["id"],
                              templates)
            except NotFound:
                apart.append({"opportunity": _head(o), "reason":
                              f"{o['name']} was recorded only after it closed on {day}, so its "
                              "KPIs at the close are unknown."})
                continue
            deals.append({"opportunity": _head(o), "closed_on": day, "kpis": kpis})
    deals.sort(key=lambda d: (d["closed_on"], d["opportunity"]["id"]))
    return {"deals": deals, "apart": apart}


def _head(o: dict) -> dict:
    return {"id": o["id"], "name": o["name"], "customer_id": o["customer_id"],
            "status": o["status"]}


def outcomes_report(graph: Graph, today: dt.date | None = None,
                    templates: dict | None = None) -> dict:
    """``powermap report outcomes``: the win rate of the closed deals in each KPI band."""
    found = closed_deals(graph, today, templates)
    deals = found["deals"]
    bands = []
    for band_id, question, test, yes, no in BANDS:
        groups = []
        for answer, sentence in ((True, yes), (False, no)):
            members = [d for d in deals if test(d["kpis"]) == answer]
            groups.append(_group(answer, sentence, members))
        bands.append({"band": band_id, "question": question, "groups": groups})
    return {"deals": len(deals), "overall": _group(None, "All closed deals.", deals),
            "bands": bands, "closed": deals, "apart": found["apart"],
            "min_sample": MIN_SAMPLE}


def _group(answer: bool | None, sentence: str, deals: list[dict]) -> dict:
    won = sum(1 for d in deals if d["opportunity"]["status"] == "won")
    n = len(deals)
    if n == 0:
        note = "No closed deal falls in this group."
    elif n == 1:
        note = ("Only one closed deal falls in this group: too few to read a win rate from "
                f"(at least {MIN_SAMPLE} are needed).")
    elif n < MIN_SAMPLE:
        note = (f"Only {n} closed deals fall in this group: too few to read a win rate from "
                f"(at least {MIN_SAMPLE} are needed).")
    else:
        note = None
    return {"answer": answer, "label": sentence, "deals": n, "won": won, "lost": n - won,
            "win_rate": round(won / n, 3) if n >= MIN_SAMPLE else None,
            "win_rate_raw": round(won / n, 3) if n else None, "note": note}
