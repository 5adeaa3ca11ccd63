"""The graph around one account as Powermap had recorded it by the end of a day.

"As of 2026-06-30" means: every change recorded up to the end of that day (UTC) is in, nothing
recorded later is. It is not the ``as_of`` date an edge carries, which says when someone last
judged a relationship in the real world (docs/analyses.md, "As of a day").

How: read the records around the account as they are now (``find_account_frame``,
``find_records_around``), drop the ones created later (their ``_created`` stamp), and roll back
every update and deletion recorded later, newest first (``find_changes_after``). The analyses
then get the same ``OpportunityContext`` and ``AccountContext`` they get for today, built here
in Python from those records instead of by the Cypher of ``analysis.context`` — which is why a
test holds the two to the same answer for today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

from powermap.analysis.context import (AccountContext, Member, NetworkEdge, OpportunityContext,
                                       Person)
from powermap.errors import NotFound, Problem, ValidationError
from powermap.graph.store import Graph, Tx
from powermap.history.records import KEYS, Key, key_of, loads, native
from powermap.i18n import _

#: how many rings of people around the account are read: its people (0), the people who
#: influence them or whom they influence (1); our staff who know either are read with them
_RINGS = 2
#: rounds of reading people that restored records name but the graph no longer links
_MAX_ROUNDS = 4


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` (UTC): "as of" a day includes everything before it."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.timezone.utc)


def parse_day(text: str | None, where: str = "as_of") -> dt.date | None:
    """A YYYY-MM-DD date from the command line or a query string (None stays None)."""
    if text in (None, ""):
        return None
    try:
        day = dt.date.fromisoformat(text)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise ValidationError(Problem("query", where, _(
            "%(got)r is not a date; expected YYYY-MM-DD, like 2026-06-30",
            got=str(text)[:40]))) from None
    if not 1900 <= day.year <= 2999:
        raise ValidationError(Problem("query", where, _(
            "%(day)s is out of range; expected a day between 1900-01-01 and 2999-12-31",
            day=day)))
    return day


@dataclass
class Snapshot:
    """Records of every kind, by key, with their ``_created`` stamps."""

    rows: dict[str, dict[Key, dict]] = field(default_factory=lambda: {k: {} for k in KEYS})

    def add(self, kind: str, rows: Iterable[dict]) -> None:
        table = self.rows[kind]
        for row in rows:
            # a record's values are flat (lists hold ids and codes): convert the top level only
            row = {k: v.to_native() if hasattr(v, "to_native") else v for k, v in row.items()}
            table.setdefault(key_of(kind, row), row)

    def of(self, kind: str) -> list[dict]:
        return list(self.rows[kind].values())

    def copy(self) -> "Snapshot":
        return Snapshot({k: {key: dict(row) for key, row in v.items()}
                         for k, v in self.rows.items()})


@dataclass
class Changes:
    """Update and deletion records read so far, each once."""

    by_element: dict[str, dict] = field(default_factory=dict)
    asked: set[str] = field(default_factory=set)
    asked_own: set[str] = field(default_factory=set)

    def fetch(self, tx: Tx, ids: Iterable[str], after: dt.datetime,
              own: Iterable[str] = ()) -> list[dict]:
        """Changes after ``after`` of records touching ``ids`` (either end) and of the records
        of ``own`` (our staff, organizations: their own rows and employments only)."""
        wanted = sorted(set(ids) - self.asked)
        self.asked.update(wanted)
        own_wanted = sorted(set(own) - self.asked - self.asked_own)
        self.asked_own.update(own_wanted)
        fresh = []
        if wanted or own_wanted:
            found = tx.run_plain("find_changes_after", ids=wanted, own_ids=own_wanted,
                                 after=after)
            for row in found[0]["changes"] if found else []:
                if row["element"] not in self.by_element:
                    row = {**row, "key": tuple(loads(row["key"])),
                           "before": loads(row["before"])}
                    self.by_element[row["element"]] = row
                    fresh.append(row)
        return fresh

    def newest_first(self) -> list[dict]:
        return sorted(self.by_element.values(), key=lambda c: c["at"], reverse=True)


def rewind(snapshot: Snapshot, changes: list[dict], moment: dt.datetime) -> Snapshot:
    """The records as they were just before ``moment``: changes at or after it undone, newest
    first, then everything created at or after it left out. (Times travel as epoch
    milliseconds: the driver turns each datetime into an object, which for thousands of
    records costs more than the rest of the rebuild.)"""
    past = snapshot.copy()
    moment_ms = _millis(moment)
    for change in sorted(changes, key=lambda c: c["at"], reverse=True):
        if change["at"] < moment_ms:
            continue
        table = past.rows[change["kind"]]
        if change["op"] == "update":
            row = table.get(change["key"])
            if row is not None:
                row.update(change["before"])
        elif change["op"] == "delete":
            table[change["key"]] = dict(change["before"])
    for kind, table in past.rows.items():
        for key in [k for k, row in table.items() if _created_after(row, moment_ms)]:
            del table[key]
    return past


def _millis(moment: dt.datetime) -> int:
    return round(moment.timestamp() * 1000)


def _created_after(row: dict, moment_ms: int) -> bool:
    created = row.get("_created")
    if created is None:
        return False          # written before history was kept: it has always been there
    if isinstance(created, str):                     # kept in a deletion record as text
        created = _millis(dt.datetime.fromisoformat(created))
    elif isinstance(created, dt.datetime):
        created = _millis(created)
    return created >= moment_ms


# -- reading ---------------------------------------------------------------------------------

@dataclass
class AccountHistory:
    """Everything needed to rebuild one account on any day since ``since``: the records as
    they are now and the changes recorded since."""

    account_id: str
    now: Snapshot
    changes: list[dict]
    since: dt.datetime

    def at(self, day: dt.date) -> Snapshot:
        moment = end_of_day(day)
        if moment < self.since:
            raise ValueError("read the history from an earlier day")
        return rewind(self.now, self.changes, moment)


def read_account_history(graph: Graph, account_id: str, since: dt.date) -> AccountHistory:
    """The records around ``account_id`` now and every change to them after ``since``."""
    return graph.read_tx(lambda tx: _read(tx, account_id, end_of_day(since)))


def _read(tx: Tx, account_id: str, after: dt.datetime) -> AccountHistory:
    frame = tx.run_plain("find_account_frame", account_id=account_id)
    if not frame:
        raise NotFound(_("no organization with id %(id)r", id=account_id))
    frame = frame[0]
    snap = Snapshot()
    for kind in ("organizations", "opportunities", "bids", "decision_chain"):
        snap.add(kind, frame[kind])
    changes = Changes()
    opportunity_ids = {row["id"] for row in frame["opportunities"]}
    # changes to the account and its opportunities name people the graph may no longer link
    # to it (a chain place or an employment deleted since)
    first = changes.fetch(tx, {account_id} | opportunity_ids, after)
    core = set(frame["employed"]) | {r["person_id"] for r in frame["decision_chain"]}
    core |= {c["key"][0] for c in first if c["kind"] in ("employment", "decision_chain")}
    ring = {pid: 0 for pid in core}
    read: set[str] = set()
    frontier = set(core)
    for _round in range(_MAX_ROUNDS):
        if not frontier:
            break
        _read_people(tx, snap, frontier)
        read |= frontier
        # our staff are read for their own rows; their relationships come with the people
        # they know (a = the person), never as all of a staff member's ties in the portfolio
        outer = {pid for pid in frontier if ring.get(pid, _RINGS) >= _RINGS}
        fresh = changes.fetch(tx, frontier - outer, after, own=outer)
        nxt: set[str] = set()
        for kind in ("influence", "conflicts", "reports_to"):
            edges = [(r[KEYS[kind][0]], r[KEYS[kind][1]]) for r in snap.of(kind)]
            edges += [(c["key"][0], c["key"][1]) for c in fresh if c["kind"] == kind]
            for a, b in edges:
                for here, there in ((a, b), (b, a)):
                    if ring.get(here, _RINGS) < _RINGS - 1 and there not in ring:
                        ring[there] = ring[here] + 1
                        nxt.add(there)
        for a, b in [(r["staff_id"], r["person_id"]) for r in snap.of("relationships")] + \
                [(c["key"][0], c["key"][1]) for c in fresh if c["kind"] == "relationships"]:
            if b in ring and a not in ring:
                ring[a] = _RINGS          # our staff: read, never expanded
                nxt.add(a)
        for c in fresh:                   # people named by a restored chain place or job
            if c["op"] == "delete" and c["kind"] in ("decision_chain", "employment"):
                if c["key"][0] not in ring:
                    ring[c["key"][0]] = 0
                    nxt.add(c["key"][0])
        frontier = nxt - read
    org_ids = {account_id} | {r["organization_id"] for r in snap.of("employment")}
    org_ids |= {r["organization_id"] for r in snap.of("favors")}
    org_ids |= {r["competitor_id"] for r in snap.of("bids")}
    org_ids |= {c["key"][1] for c in changes.by_element.values()
                if c["kind"] in ("employment", "favors")}
    org_ids |= {c["key"][0] for c in changes.by_element.values() if c["kind"] == "bids"}
    for row in tx.run_plain("find_current_organizations",
                            keys=[{"a": o} for o in sorted(org_ids)]):
        snap.add("organizations", [row])
    changes.fetch(tx, {account_id}, after, own=org_ids)
    unit_ids = {r["unit_id"] for r in snap.of("employment") if r.get("unit_id")}
    unit_ids |= {c["before"].get("unit_id") for c in changes.by_element.values()
                 if c["kind"] == "employment" and c["before"].get("unit_id")}
    if unit_ids:
        snap.add("units", tx.run_plain("find_current_units",
                                       keys=[{"a": u} for u in sorted(unit_ids)]))
    own = tx.run("find_own_organization")
    for row in own:
        oid = row.get("id")
        if oid and oid not in org_ids:
            snap.add("organizations", tx.run_plain("find_current_organizations", keys=[{"a": oid}]))
    return AccountHistory(account_id, snap, changes.newest_first(), after)


def _read_people(tx: Tx, snap: Snapshot, ids: set[str]) -> None:
    row = tx.run_plain("find_records_around", person_ids=sorted(ids))
    if not row:
        return
    for kind, rows in row[0].items():
        snap.add(kind, rows)


# -- the analyses' contexts, built from records ----------------------------------------------

def opportunity_context(snap: Snapshot, opportunity_id: str, today: dt.date) -> OpportunityContext:
    """The ``OpportunityContext`` of ``analysis.context.load_opportunity``, from records."""
    opportunity = snap.rows["opportunities"].get((opportunity_id,))
    if opportunity is None:
        raise NotFound(_("the opportunity %(id)r had not been recorded yet on that day",
                         id=opportunity_id))
    orgs = snap.rows["organizations"]
    customer_id = opportunity["customer_id"]
    customer = orgs.get((customer_id,), {"id": customer_id, "name": customer_id})
    competitors = sorted(({"id": b["competitor_id"],
                           "name": orgs.get((b["competitor_id"],), {}).get("name")}
                          for b in snap.of("bids") if b["opportunity_id"] == opportunity_id),
                         key=lambda c: c["name"] or "")
    insiders = _insiders(snap, customer_id)
    network = _network(snap, insiders)
    chain = [r for r in snap.of("decision_chain") if r["opportunity_id"] == opportunity_id
             and (r["person_id"],) in snap.rows["people"]]
    ids = {r["person_id"] for r in chain}
    ids |= {e.from_id for e in network if e.to_id in ids}
    everyone = _people(snap, ids | {e.from_id for e in network} | {e.to_id for e in network})
    people = {pid: p for pid, p in everyone.items() if pid in ids}
    around = {pid: p for pid, p in everyone.items() if pid not in ids}
    employment = snap.of("employment")
    members = [Member(person=people[r["person_id"]], roles=list(r["roles"] or []),
                      stance=r["stance"],
                      recorded={"source": r.get("source"), "confidence": r.get("confidence"),
                                "as_of": r.get("as_of")},
                      works_at_customer=any(e["person_id"] == r["person_id"]
                                            and e["organization_id"] == customer_id
                                            and e["until"] is None for e in employment),
                      worked_at_customer=any(e["person_id"] == r["person_id"]
                                             and e["organization_id"] == customer_id
                                             and e["until"] is not None for e in employment))
               for r in chain]
    members.sort(key=lambda m: m.id)
    head = {k: opportunity.get(k) for k in ("id", "name", "kind", "stage", "status", "amount",
                                            "currency", "close_date")}
    return OpportunityContext(
        opportunity=head,
        customer={k: customer.get(k) for k in ("id", "name", "tier", "kind")},
        competitors=competitors, members=members, people=people, network=network,
        today=today, around=around, structure=_structure(snap, insiders))


def account_context(snap: Snapshot, account_id: str, today: dt.date) -> AccountContext:
    """The ``AccountContext`` of ``analysis.context.load_account``, from records."""
    account = snap.rows["organizations"].get((account_id,))
    if account is None:
        raise NotFound(_("the organization %(id)r had not been recorded yet on that day",
                         id=account_id))
    insiders = sorted(_insiders(snap, account_id))
    network = _network(snap, set(insiders))
    open_ids = sorted(o["id"] for o in snap.of("opportunities")
                      if o["customer_id"] == account_id and o["status"] == "open")
    chains: dict[str, list[dict]] = {}
    for r in snap.of("decision_chain"):
        if r["opportunity_id"] in open_ids and r["person_id"] in insiders:
            chains.setdefault(r["person_id"], []).append(
                {"opportunity_id": r["opportunity_id"], "roles": r["roles"], "stance": r["stance"]})
    ids = set(insiders) | {e.from_id for e in network} | {e.to_id for e in network}
    units = {s["id"]: s["unit"] for s in _structure(snap, set(insiders))}
    return AccountContext(
        account={k: account.get(k) for k in ("id", "name", "kind", "tier", "industry")},
        open_opportunities=open_ids, people=_people(snap, ids), insiders=insiders,
        units=units, chains=chains, network=network, today=today)


def _insiders(snap: Snapshot, account_id: str) -> set[str]:
    return {e["person_id"] for e in snap.of("employment")
            if e["organization_id"] == account_id and e["until"] is None
            and (e["person_id"],) in snap.rows["people"]}


def _network(snap: Snapshot, insiders: set[str]) -> list[NetworkEdge]:
    people = snap.rows["people"]
    edges = []
    for kind, type_ in (("influence", "INFLUENCES"), ("conflicts", "CONFLICTS_WITH")):
        for r in snap.of(kind):
            if (r["from_id"] in insiders or r["to_id"] in insiders) \
                    and (r["from_id"],) in people and (r["to_id"],) in people:
                edges.append(NetworkEdge(r["from_id"], r["to_id"], type_, r.get("strength"),
                                         r.get("kind"), r.get("source"), r.get("as_of")))
    return edges


def _structure(snap: Snapshot, insiders: set[str]) -> list[dict]:
    people = snap.rows["people"]
    units = snap.rows["units"]
    unit_names: dict[str, list[str]] = {}
    for e in snap.of("employment"):
        if e["person_id"] in insiders and e["until"] is None and (e.get("unit_id"),) in units:
            unit_names.setdefault(e["person_id"], []).append(units[(e["unit_id"],)]["name"])
    managers: dict[str, list[str]] = {}
    for r in snap.of("reports_to"):
        if r["person_id"] in insiders and (r["manager_id"],) in people:
            managers.setdefault(r["person_id"], []).append(r["manager_id"])
    rows = []
    for pid in sorted(insiders):
        person = people[(pid,)]
        names = sorted(unit_names.get(pid, []))
        rows.append({"id": pid, "name": person["name"], "seniority": person.get("seniority"),
                     "unit": names[0] if names else None,
                     "managers": sorted(managers.get(pid, []))})
    return rows


def _people(snap: Snapshot, ids: set[str]) -> dict[str, Person]:
    people, orgs = snap.rows["people"], snap.rows["organizations"]
    own = {key[0] for key, o in orgs.items() if o.get("kind") == "own"}
    current_staff = {e["person_id"] for e in snap.of("employment")
                     if e["organization_id"] in own and e["until"] is None}
    attended: dict[str, dict[str, dt.date]] = {}
    for a in snap.of("activities"):
        for pid in a.get("attendee_ids") or ():
            attended.setdefault(pid, {})[a["id"]] = a["date"]
    by_person: dict[str, dict[str, list[dict]]] = {}
    for kind in ("employment", "favors"):
        for r in snap.of(kind):
            by_person.setdefault(r["person_id"], {}).setdefault(kind, []).append(r)
    for r in snap.of("relationships"):
        by_person.setdefault(r["person_id"], {}).setdefault("relationships", []).append(r)
    found = {}
    for pid in sorted(ids):
        row = people.get((pid,))
        if row is None:
            continue
        mine = by_person.get(pid, {})

        def org(oid: str) -> dict:
            o = orgs.get((oid,), {})
            return {"organization_id": oid, "name": o.get("name"), "kind": o.get("kind")}

        coverage = []
        for k in mine.get("relationships", []):
            staff = people.get((k["staff_id"],))
            if staff is None or k["staff_id"] not in current_staff:
                continue
            shared = set(attended.get(pid, {})) & set(attended.get(k["staff_id"], {}))
            dates = [attended[pid][a] for a in shared]
            coverage.append({"staff_id": k["staff_id"], "name": staff["name"],
                             "team_role": staff.get("team_role"),
                             "seniority": staff.get("seniority"), "strength": k["strength"],
                             "source": k.get("source"), "as_of": k.get("as_of"),
                             "last_activity": max(dates) if dates else None})
        found[pid] = Person(
            id=pid, name=row["name"], title=row.get("title"), seniority=row.get("seniority"),
            employment=[{**org(e["organization_id"]), "since": e.get("since"),
                         "until": e.get("until")} for e in mine.get("employment", [])],
            favors=[{**org(f["organization_id"]), "strength": f["strength"],
                     "source": f.get("source"), "as_of": f.get("as_of")}
                    for f in mine.get("favors", [])],
            coverage=coverage)
    return found


# -- the entry points the analyses use -------------------------------------------------------

def load_opportunity_as_of(graph: Graph, opportunity_id: str, day: dt.date,
                           today: dt.date | None = None) -> OpportunityContext:
    """``load_opportunity`` as Powermap had it recorded by the end of ``day``."""
    account_id = _customer_of(graph, opportunity_id)
    history = read_account_history(graph, account_id, day)
    return opportunity_context(history.at(day), opportunity_id, today or day)


def load_account_as_of(graph: Graph, account_id: str, day: dt.date,
                       today: dt.date | None = None) -> AccountContext:
    """``load_account`` as Powermap had it recorded by the end of ``day``."""
    history = read_account_history(graph, account_id, day)
    return account_context(history.at(day), account_id, today or day)


def _customer_of(graph: Graph, opportunity_id: str) -> str:
    head = graph.read("find_opportunity", opportunity_id=opportunity_id)
    if not head:
        raise NotFound(_("no opportunity with id %(id)r", id=opportunity_id))
    return head[0]["customer"]["id"]
