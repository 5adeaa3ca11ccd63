"""The cross-customer questions as of a past day: the whole portfolio rebuilt from its records.

Today the questions (movers, spanners, advisors, contradictions, who knows an organization) are
one Cypher query each over the graph as it is (``analysis.crosscustomer``). A past day has no
graph to query: its records are rebuilt here the way "as of" rebuilds one account
(``history.asof``) — every record as it is now with its ``_created`` stamp, every update and
deletion recorded after the day rolled back — but for the whole portfolio, since these
questions span it. The answers are then computed in Python over the records, with the same
rows, fields and order as the Cypher; a test holds the two to the same answer for today.

Cost: one read of every record and of the changes after the day, so it grows with the
portfolio (the Cypher of today does too: the questions are about all of it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Callable

from powermap.errors import NotFound
from powermap.graph.store import Graph, Tx
from powermap.history.asof import Snapshot, end_of_day, rewind
from powermap.history.records import loads
from powermap.i18n import sort_key

#: record kinds the questions read
KINDS = ("organizations", "people", "employment", "relationships", "influence",
         "opportunities", "decision_chain")
TRACKED = ("customer", "competitor", "partner")


def portfolio_as_of(graph: Graph, day: dt.date) -> Snapshot:
    """Every record of :data:`KINDS` as Powermap had recorded it by the end of ``day``."""
    moment = end_of_day(day)

    def read(tx: Tx) -> Snapshot:
        snap = Snapshot()
        for kind in KINDS:
            snap.add(kind, tx.run_plain(f"find_all_{kind}"))
        found = tx.run_plain("find_all_changes_after", after=moment)
        changes = [{**c, "key": tuple(loads(c["key"])), "before": loads(c["before"])}
                   for c in (found[0]["changes"] if found else []) if c["kind"] in KINDS]
        return rewind(snap, changes, moment)

    return graph.read_tx(read)


def cross_customer_as_of(graph: Graph, question: str, day: dt.date,
                         min_strength: int = 2) -> dict:
    """``analysis.crosscustomer.cross_customer`` as of the end of ``day``."""
    snap = portfolio_as_of(graph, day)
    answer: Callable[[Portfolio], list[dict]] = {
        "movers": lambda p: p.movers(),
        "spanners": lambda p: p.spanners(min_strength),
        "advisors": lambda p: p.advisors(),
        "contradictions": lambda p: p.contradictions(),
    }[question]
    return {"question": question, "rows": answer(Portfolio(snap))}


def who_knows_as_of(graph: Graph, organization_id: str, day: dt.date) -> dict:
    """``analysis.crosscustomer.who_knows`` as of the end of ``day``."""
    portfolio = Portfolio(portfolio_as_of(graph, day))
    org = portfolio.orgs.get(organization_id)
    if org is None:
        raise NotFound(f"no organization with id {organization_id!r} on {day.isoformat()}")
    account = {k: org.get(k) for k in ("id", "name", "kind", "tier", "industry")}
    return {"question": "knows", "organization": account,
            "rows": portfolio.who_knows(organization_id)}


class Portfolio:
    """The records of one day, indexed for the questions."""

    def __init__(self, snap: Snapshot):
        self.orgs = {r["id"]: r for r in snap.of("organizations")}
        self.people = {r["id"]: r for r in snap.of("people")}
        self.jobs: dict[str, list[dict]] = defaultdict(list)
        for r in snap.of("employment"):
            if r["person_id"] in self.people and r["organization_id"] in self.orgs:
                self.jobs[r["person_id"]].append(r)
        self.knows = [r for r in snap.of("relationships")
                      if r["staff_id"] in self.people and r["person_id"] in self.people
                      and self.people[r["staff_id"]].get("team_role") is not None]
        self.influence = [r for r in snap.of("influence")
                          if r["from_id"] in self.people and r["to_id"] in self.people]
        self.opportunities = {r["id"]: r for r in snap.of("opportunities")
                              if r.get("customer_id") in self.orgs}
        self.chain: dict[str, list[dict]] = defaultdict(list)
        for r in snap.of("decision_chain"):
            if r["person_id"] in self.people and r["opportunity_id"] in self.opportunities:
                self.chain[r["person_id"]].append(r)

    # -- small helpers ----------------------------------------------------------------------

    def _person(self, pid: str, *fields: str) -> dict:
        p = self.people[pid]
        return {"id": p["id"], "name": p.get("name"), **{f: p.get(f) for f in fields}}

    def _org(self, oid: str, *fields: str) -> dict:
        o = self.orgs[oid]
        return {"id": o["id"], "name": o.get("name"), **{f: o.get(f) for f in fields}}

    def _current(self, pid: str, kind: str | None = None) -> set[str]:
        """The organizations ``pid`` works for (of ``kind``)."""
        return {j["organization_id"] for j in self.jobs.get(pid, ())
                if j.get("until") is None
                and (kind is None or self.orgs[j["organization_id"]].get("kind") == kind)}

    def _is_our_staff(self, pid: str) -> bool:
        return (self.people[pid].get("team_role") is not None
                and bool(self._current(pid, "own")))

    # -- the questions (same rows as the Cypher of each) --------------------------------------

    def movers(self) -> list[dict]:
        """find_movers: a closed employment at one tracked organization, a later one at another."""
        rows = []
        for pid, jobs in self.jobs.items():
            for old in jobs:
                a = self.orgs[old["organization_id"]]
                if old.get("until") is None or a.get("kind") not in TRACKED:
                    continue
                for new in jobs:
                    b = self.orgs[new["organization_id"]]
                    if b["id"] == a["id"] or b.get("kind") not in TRACKED:
                        continue
                    if new.get("since") is not None and new["since"] < old["until"]:
                        continue
                    rows.append({
                        "person": self._person(pid, "title"),
                        "from_org": self._org(a["id"], "kind"), "left_on": old["until"],
                        "to_org": self._org(b["id"], "kind"), "joined_on": new.get("since"),
                        "current": new.get("until") is None,
                        "competitor_to_customer": a.get("kind") == "competitor"
                        and b.get("kind") == "customer"})
        rows.sort(key=lambda r: (not r["competitor_to_customer"], _name(r["person"])))
        return rows

    def spanners(self, min_strength: int = 2) -> list[dict]:
        """find_spanners: our staff with relationships at several customer accounts."""
        reach: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for r in self.knows:
            if (r.get("strength") or 0) < min_strength or not self._is_our_staff(r["staff_id"]):
                continue
            for cid in self._current(r["person_id"], "customer"):
                reach[r["staff_id"]][cid].add(r["person_id"])
        rows = []
        for sid, accounts in reach.items():
            if len(accounts) < 2:
                continue
            listed = sorted(({**self._org(cid), "people": len(people)}
                             for cid, people in accounts.items()), key=_name)
            rows.append({"staff": self._person(sid, "team_role"), "accounts": listed,
                         "account_count": len(listed)})
        rows.sort(key=lambda r: (-r["account_count"], _name(r["staff"])))
        return rows

    def advisors(self) -> list[dict]:
        """find_advisors: outside advisors who influence people at several customers."""
        reach: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for r in self.influence:
            for cid in self._current(r["to_id"], "customer"):
                if cid in self._current(r["from_id"]):
                    continue
                reach[r["from_id"]][cid].append({**self._person(r["to_id"]),
                                                 "strength": r.get("strength"),
                                                 "kind": r.get("kind")})
        rows = []
        for aid, customers in reach.items():
            if len(customers) < 2:
                continue
            rows.append({
                "advisor": self._person(aid, "title"),
                "employers": sorted(self.orgs[o]["name"] for o in self._current(aid)),
                "customers": sorted(({**self._org(cid), "people": sorted(people, key=_name)}
                                     for cid, people in customers.items()), key=_name)})
        rows.sort(key=lambda r: (-len(r["customers"]), _name(r["advisor"])))
        return rows

    def contradictions(self) -> list[dict]:
        """find_contradictions: support in one deal, opposition in another."""
        rows = []
        for pid, places in self.chain.items():
            for m1 in places:
                if m1.get("stance") not in ("champion", "supporter"):
                    continue
                for m2 in places:
                    if m2.get("stance") not in ("skeptic", "opponent"):
                        continue
                    rows.append({
                        "person": self._person(pid, "title"),
                        "supports_in": self._deal(m1), "opposes_in": self._deal(m2),
                        "strong": m1["stance"] == "champion" and m2["stance"] == "opponent"})
        rows.sort(key=lambda r: (not r["strong"], _name(r["person"])))
        return rows

    def _deal(self, place: dict) -> dict:
        o = self.opportunities[place["opportunity_id"]]
        return {"id": o["id"], "name": o.get("name"), "stance": place.get("stance"),
                "as_of": place.get("as_of")}

    def who_knows(self, organization_id: str) -> list[dict]:
        """find_who_knows_org: who of ours knows anyone currently at the organization."""
        there = {pid for pid in self.people if organization_id in self._current(pid)}
        by_staff: dict[str, list[dict]] = defaultdict(list)
        for r in self.knows:
            if r["person_id"] in there and self._is_our_staff(r["staff_id"]):
                by_staff[r["staff_id"]].append({**self._person(r["person_id"], "title"),
                                                "strength": r.get("strength"),
                                                "as_of": r.get("as_of")})
        rows = [{"staff": self._person(sid, "team_role"),
                 "best": max((p["strength"] for p in people if p["strength"] is not None),
                             default=None),
                 "people": people} for sid, people in by_staff.items()]
        rows.sort(key=lambda r: (-(r["best"] or 0), -len(r["people"]), _name(r["staff"])))
        return rows


def _name(row: dict) -> tuple:
    return sort_key(row.get("name"))

