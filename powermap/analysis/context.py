"""Fetch what the analyses of one opportunity or account need, and nothing more.

Every query here is anchored on one indexed id (an opportunity or an account) and walks out
from it, so its cost follows the size of that account, not of the whole graph. The results are
plain dataclasses; the analyses are pure functions of them, which is what lets ``whatif``
re-run them with a person removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterator

from powermap.errors import NotFound
from powermap.graph.store import Graph
from powermap.history.records import native as native_values
from powermap.i18n import _

#: a relationship of at least this strength counts as a thread into a person
THREAD_STRENGTH = 2
#: a person counts as covered when some thread has at least this strength (3 = trusted)
COVERED_STRENGTH = 3


@dataclass
class Person:
    id: str
    name: str
    title: str | None = None
    seniority: str | None = None
    employment: list[dict] = field(default_factory=list)
    favors: list[dict] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)   # our current staff's relationships

    def ref(self) -> dict:
        return {"id": self.id, "name": self.name}

    def threads(self, exclude: frozenset = frozenset()) -> list[dict]:
        """Relationships of strength ≥ THREAD_STRENGTH from staff not in ``exclude``, strongest first."""
        found = [c for c in self.coverage
                 if c["strength"] >= THREAD_STRENGTH and c["staff_id"] not in exclude]
        return sorted(found, key=lambda c: (-c["strength"], c["name"]))

    def covered(self, exclude: frozenset = frozenset()) -> bool:
        """Some thread has at least COVERED_STRENGTH (trusted)."""
        threads = self.threads(exclude)
        return bool(threads) and threads[0]["strength"] >= COVERED_STRENGTH

    def current_employers(self) -> list[dict]:
        return [e for e in self.employment if e["until"] is None]

    def former_employers(self) -> list[dict]:
        return [e for e in self.employment if e["until"] is not None]


@dataclass
class Member:
    """A person in one opportunity's decision chain."""

    person: Person
    roles: list[str]
    stance: str | None
    recorded: dict
    works_at_customer: bool
    worked_at_customer: bool

    @property
    def id(self) -> str:
        return self.person.id

    @property
    def left_customer(self) -> bool:
        """Worked at the customer, works there no more: their role is vacant."""
        return self.worked_at_customer and not self.works_at_customer


@dataclass
class NetworkEdge:
    from_id: str
    to_id: str
    type: str          # INFLUENCES, CONFLICTS_WITH or REPORTS_TO
    strength: int | None
    kind: str | None
    source: str | None
    as_of: Any


@dataclass
class OpportunityContext:
    opportunity: dict
    customer: dict
    competitors: list[dict]
    members: list[Member]
    people: dict[str, Person]     # members and everyone in the account's network
    network: list[NetworkEdge]
    today: dt.date
    #: everyone else in the account's network (introduction paths pass through them)
    around: dict[str, Person] = field(default_factory=dict)
    #: who works at the account, in which department, reporting to whom
    #: (``find_account_structure``: the brokers analysis); None when not read
    structure: list[dict] | None = None

    def influence_edges(self, exclude: frozenset = frozenset()) -> list[NetworkEdge]:
        return [e for e in self.network if e.type == "INFLUENCES"
                and e.from_id not in exclude and e.to_id not in exclude]

    def reporting_lines(self) -> list[dict]:
        """The account's reporting lines ({person_id, manager_id}) among the people who work
        there now, taken from ``structure`` (empty when it was not read)."""
        return [{"person_id": row["id"], "manager_id": manager}
                for row in self.structure or () for manager in row["managers"]]

    def everyone(self) -> dict[str, Person]:
        """The members, their influencers and everyone else in the account's network."""
        return {**self.around, **self.people}

    def without(self, person_id: str) -> "OpportunityContext":
        """The same context as if ``person_id`` had left (a customer person or our staff)."""
        def drop(found: dict[str, Person]) -> dict[str, Person]:
            return {pid: replace(p, coverage=[c for c in p.coverage
                                              if c["staff_id"] != person_id])
                    for pid, p in found.items() if pid != person_id}
        people = drop(self.people)
        members = [replace(m, person=people[m.id]) for m in self.members if m.id != person_id]
        network = [e for e in self.network if person_id not in (e.from_id, e.to_id)]
        return replace(self, members=members, people=people, network=network,
                       around=drop(self.around))


Read = Callable[..., list[dict]]

#: the day the analyses read the graph as of (None: as it is now). One command or one web
#: request reads one day, so it is set around the whole of it (``reading_as_of``) instead of
#: being threaded through every analysis; the loaders below are the only readers.
AS_OF: ContextVar[dt.date | None] = ContextVar("as_of", default=None)


@contextlib.contextmanager
def reading_as_of(day: dt.date | None) -> Iterator[None]:
    """Within this block, every context loaded is the graph as recorded by the end of ``day``
    (``powermap.history.asof``); ``None`` or a day from today on reads the graph as it is."""
    token = AS_OF.set(day if day is not None and day < dt.date.today() else None)
    try:
        yield
    finally:
        AS_OF.reset(token)


def load_opportunity(graph: Graph, opportunity_id: str,
                     today: dt.date | None = None) -> OpportunityContext:
    """Everything the gap report of ``opportunity_id`` needs, read in one transaction (one
    round of session set-up; Neo4j reads committed data, not a snapshot). ``NotFound`` for an unknown id.
    Inside ``reading_as_of(day)``: as it stood on that day."""
    day = AS_OF.get()
    if day is not None:
        from powermap.history.asof import load_opportunity_as_of
        return load_opportunity_as_of(graph, opportunity_id, day, today)
    # every query here returns maps, lists and values, never nodes: read them as decoded
    return graph.read_tx(lambda tx: _load_opportunities(tx.run_plain, [opportunity_id], today)[0])


def load_opportunities(graph: Graph, opportunity_ids: list[str],
                       today: dt.date | None = None) -> list[OpportunityContext]:
    """``load_opportunity`` of several opportunities, in one transaction: those of one account
    share one read of its network, its structure and the people in it (an account map needs
    the report of every open opportunity of the account; each used to read all three again).
    Inside ``reading_as_of(day)``: one opportunity after the other, as it stood on that day."""
    if AS_OF.get() is not None:
        return [load_opportunity(graph, oid, today) for oid in opportunity_ids]
    return graph.read_tx(lambda tx: _load_opportunities(tx.run_plain, opportunity_ids, today))


def _load_opportunities(read: Read, opportunity_ids: list[str], today: dt.date | None
                        ) -> list[OpportunityContext]:
    heads, chains = {}, {}
    for oid in opportunity_ids:
        head = read("find_opportunity", opportunity_id=oid)
        if not head:
            raise NotFound(_("no opportunity with id %(id)r", id=oid))
        heads[oid] = head[0]
        chains[oid] = read("find_decision_chain", opportunity_id=oid)
    accounts = {heads[oid]["customer"]["id"] for oid in opportunity_ids}
    network = {acc: _network(read, acc) for acc in sorted(accounts)}
    # read here, in the same transaction, rather than by the brokers analysis on its own: one
    # transaction for the whole report
    structure = {acc: read("find_account_structure", account_id=acc)[0]["people"]
                 for acc in sorted(accounts)}
    # ``people``: the members and whoever influences them directly (the map shows these);
    # ``around``: everyone else in the account's network, whose coverage and holds the
    # introduction paths need. One query for the people of every opportunity asked for.
    wanted: dict[str, tuple[set[str], set[str]]] = {}
    for oid in opportunity_ids:
        edges = network[heads[oid]["customer"]["id"]]
        ids = {r["person"]["id"] for r in chains[oid]}
        ids |= {e.from_id for e in edges if e.to_id in ids}
        wanted[oid] = (ids, ids | {e.from_id for e in edges} | {e.to_id for e in edges})
    everyone = _people(read, set().union(*(every for _, every in wanted.values())))
    contexts = []
    for oid in opportunity_ids:
        ids, every = wanted[oid]
        head, account = heads[oid], heads[oid]["customer"]["id"]
        people = {pid: everyone[pid] for pid in sorted(ids) if pid in everyone}
        around = {pid: everyone[pid] for pid in sorted(every - ids) if pid in everyone}
        members = [Member(person=people[r["person"]["id"]], roles=list(r["roles"] or []),
                          stance=r["stance"], recorded=native_values(r["recorded"]),
                          works_at_customer=r["works_at_customer"],
                          worked_at_customer=r["worked_at_customer"])
                   for r in chains[oid]]
        members.sort(key=lambda m: m.id)
        contexts.append(OpportunityContext(
            opportunity=native_values(head["opportunity"]), customer=head["customer"],
            competitors=head["competitors"], members=members, people=people,
            network=network[account], today=today or dt.date.today(), around=around,
            structure=structure[account]))
    return contexts


def _network(read: Read, account_id: str) -> list[NetworkEdge]:
    rows = read("find_account_network", account_id=account_id)
    return [NetworkEdge(from_id, to_id, kind_of_edge, strength, kind, source,
                        as_of.to_native() if hasattr(as_of, "to_native") else as_of)
            for from_id, to_id, kind_of_edge, strength, kind, source, as_of
            in (rows[0]["edges"] if rows else [])]


def _people(read: Read, ids: set[str]) -> dict[str, Person]:
    if not ids:
        return {}
    people = {}
    for d in read("find_people_details", person_ids=sorted(ids))[0]["people"]:
        people[d["id"]] = Person(
            id=d["id"], name=d["name"], title=d["title"], seniority=d["seniority"],
            employment=native_values(d["employment"]), favors=native_values(d["favors"]),
            coverage=native_values(d["coverage"]))
    return people


    if kind is dict:
        return {k: native_values(v) for k, v in value.items()}
    if kind is list:
        return [native_values(v) for v in value]
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, dict):
        return {k: native_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [native_values(v) for v in value]
    return value


@dataclass
class AccountContext:
    account: dict
    open_opportunities: list[str]
    people: dict[str, Person]            # insiders and everyone in their network
    insiders: list[str]                  # who works at the account now
    units: dict[str, str | None]         # insider → department
    chains: dict[str, list[dict]]        # insider → [{opportunity_id, roles, stance}]
    network: list[NetworkEdge]
    today: dt.date

    def influence_edges(self) -> list[NetworkEdge]:
        return [e for e in self.network if e.type == "INFLUENCES"]

    def decision_makers(self, opportunity_id: str | None = None) -> list[str]:
        return sorted(pid for pid, chains in self.chains.items() for c in chains
                      if "decision_maker" in (c["roles"] or [])
                      and (opportunity_id is None or c["opportunity_id"] == opportunity_id))

    def roles_of(self, person_id: str) -> list[str]:
        return sorted({r for c in self.chains.get(person_id, []) for r in (c["roles"] or [])})


def load_account(graph: Graph, account_id: str, today: dt.date | None = None) -> AccountContext:
    """Everything the account analyses need, read in one transaction. ``NotFound`` for an
    unknown id. Inside ``reading_as_of(day)``: as it stood on that day."""
    day = AS_OF.get()
    if day is not None:
        from powermap.history.asof import load_account_as_of
        return load_account_as_of(graph, account_id, day, today)
    return graph.read_tx(lambda tx: _load_account(tx.run_plain, account_id, today))


def load_account_map(graph: Graph, account_id: str, today: dt.date | None = None
                     ) -> tuple[AccountContext, list[OpportunityContext], list[dict]]:
    """What an account's power map needs: ``load_account``, ``load_opportunities`` of its open
    opportunities and its reporting lines ({person_id, manager_id}), in one transaction whose
    reads of the account's network, structure and people are shared (``SharedReads``): the
    map used to read each of them two or three times, in four transactions.
    Inside ``reading_as_of(day)``: each part as it stood on that day, read as before."""
    if AS_OF.get() is not None:
        account = load_account(graph, account_id, today)
        return (account, load_opportunities(graph, account.open_opportunities, today),
                graph.read("find_account_reporting_lines", account_id=account_id))

    def work(tx) -> tuple[AccountContext, list[OpportunityContext], list[dict]]:
        read = SharedReads(tx.run_plain)
        account = _load_account(read, account_id, today)
        opportunities = _load_opportunities(read, account.open_opportunities, today)
        structure = read("find_account_structure", account_id=account_id)[0]["people"]
        lines = [{"person_id": row["id"], "manager_id": manager}
                 for row in structure for manager in row["managers"]]
        return account, opportunities, lines
    return graph.read_tx(work)


class SharedReads:
    """A ``Read`` that answers a query asked again within one transaction from what it read
    the first time, and ``find_people_details`` for people it has read already (it asks Neo4j
    only for the others). Asked again, Neo4j could only add what another transaction committed
    in between (it reads committed data); answered once, every part of a map shows the same
    data."""

    def __init__(self, read: Read):
        self._read = read
        self._answers: dict[tuple, list[dict]] = {}
        self._people: dict[str, dict] = {}
        self._asked: set[str] = set()

    def __call__(self, name: str, **params: Any) -> list[dict]:
        if name == "find_people_details" and set(params) == {"person_ids"}:
            wanted = list(params["person_ids"])
            missing = [pid for pid in dict.fromkeys(wanted) if pid not in self._asked]
            if missing:
                for row in self._read(name, person_ids=missing)[0]["people"]:
                    self._people[row["id"]] = row
                self._asked.update(missing)
            return [{"people": [self._people[pid] for pid in wanted if pid in self._people]}]
        key = (name, *sorted((k, tuple(v) if isinstance(v, list) else v)
                             for k, v in params.items()))
        if key not in self._answers:
            self._answers[key] = self._read(name, **params)
        return self._answers[key]


def _load_account(read: Read, account_id: str, today: dt.date | None) -> AccountContext:
    head = read("find_account", account_id=account_id)
    if not head:
        raise NotFound(_("no organization with id %(id)r", id=account_id))
    rows = read("find_account_people", account_id=account_id)[0]["people"]
    network = _network(read, account_id)
    insiders = [r["person"]["id"] for r in rows]
    ids = set(insiders) | {e.from_id for e in network} | {e.to_id for e in network}
    return AccountContext(
        account=head[0]["account"], open_opportunities=head[0]["open_opportunities"],
        people=_people(read, ids), insiders=insiders,
        units={r["person"]["id"]: r["unit"] for r in rows},
        chains={r["person"]["id"]: r["chains"] for r in rows if r["chains"]},
        network=network, today=today or dt.date.today())
