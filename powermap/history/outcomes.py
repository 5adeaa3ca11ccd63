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
from powermap.i18n import N_, _, format_percent, ngettext

#: fewer deals than this in a group: no win rate is read from it
MIN_SAMPLE = 10
#: the activities counted before a close: this many days up to the close date
ACTIVITY_WINDOW_DAYS = 90
#: competitor-held power share above which a deal counts as held
HELD_SHARE = 0.20

#: (id, question, test, sentence when true, sentence when false); the sentences are whole so
#: that they translate as one piece
BANDS: list[tuple[str, str, Callable[[dict], bool], str, str]] = [
    ("decision_maker_covered", N_("Was every decision maker covered?"),
     lambda k: k["decision_makers"] > 0 and k["decision_makers_covered"] == k["decision_makers"],
     N_("Every decision maker had a trusted thread (strength 3 or more) at the close."),
     N_("A decision maker had no trusted thread, or none was known, at the close.")),
    ("two_threads", N_("Did we have two threads per key person?"),
     lambda k: k["threads_per_key_person"] >= 2,
     N_("Key people had two or more threads each on average at the close."),
     N_("Key people had fewer than two threads each on average at the close.")),
    ("competitor_held", N_("Did competitors hold more than %(share)s of the power?"),
     lambda k: k["competitor_held"] > HELD_SHARE,
     N_("Competitors held more than %(share)s of the decision chain's power at the close."),
     N_("Competitors held %(share)s of the decision chain's power or less at the close.")),
    ("supports", N_("Did half the power support us?"),
     lambda k: k["supports"] >= 0.5,
     N_("Half or more of the decision chain's power supported us at the close."),
     N_("Less than half of the decision chain's power supported us at the close.")),
    ("chain_complete", N_("Was the decision chain complete?"),
     lambda k: k["chain_completeness"] >= 1.0,
     N_("Every role of the template was filled at the close."),
     N_("A role of the template was still unfilled at the close.")),
    ("no_single_points", N_("Was nobody in the chain reached through one person alone?"),
     lambda k: k["single_points"] == 0,
     N_("Nobody in the decision chain was reached through one of our staff alone."),
     N_("Someone in the decision chain was reached through one of our staff alone.")),
    ("five_means", N_("Did we use the five means in the last 90 days?"),
     lambda k: k["five_means"] > 0,
     N_("At least one of the five means took place in the 90 days before the close."),
     N_("None of the five means took place in the 90 days before the close.")),
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
            apart.append({"opportunity": _head(o), "reason": _(
                "%(name)s has no close date, so its KPIs at the close are unknown.",
                name=o["name"])})
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
                apart.append({"opportunity": _head(o), "reason": _(
                    "%(name)s was recorded only after it closed on %(date)s, so its KPIs at "
                    "the close are unknown.", name=o["name"], date=day)})
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
    # the threshold as the language writes a percentage ("20%"); the other sentences have no
    # placeholder and ignore it
    held = format_percent(HELD_SHARE)
    for band_id, question, test, yes, no in BANDS:
        groups = []
        for answer, sentence in ((True, yes), (False, no)):
            members = [d for d in deals if test(d["kpis"]) == answer]
            groups.append(_group(answer, _(sentence, share=held), members))
        bands.append({"band": band_id, "question": _(question, share=held), "groups": groups})
    return {"deals": len(deals), "overall": _group(None, _("All closed deals."), deals),
            "bands": bands, "closed": deals, "apart": found["apart"],
            "min_sample": MIN_SAMPLE}


def _group(answer: bool | None, sentence: str, deals: list[dict]) -> dict:
    won = sum(1 for d in deals if d["opportunity"]["status"] == "won")
    n = len(deals)
    if n == 0:
        note = _("No closed deal falls in this group.")
    elif n < MIN_SAMPLE:
        note = ngettext("Only %(n)s closed deal falls in this group: too few to read a win rate "
                        "from (at least %(minimum)s are needed).",
                        "Only %(n)s closed deals fall in this group: too few to read a win rate "
                        "from (at least %(minimum)s are needed).", n, minimum=MIN_SAMPLE)
    else:
        note = None
    return {"answer": answer, "label": sentence, "deals": n, "won": won, "lost": n - won,
            "win_rate": round(won / n, 3) if n >= MIN_SAMPLE else None,
            "win_rate_raw": round(won / n, 3) if n else None, "note": note}
