"""Twelve months of plausible history for the demo portfolio, and the closed deals it explains.

``load_demo`` does not write the demo in one go: it replays it as a sequence of backdated change
sets, so that every comparison of two days, every "as of" map and every KPI trend has something
to show. The sequence is:

- an **initial import** twelve months before ``today``, holding the accounts with earlier
  values (stances, relationship strengths, opportunity stages);
- then one change set a month: an **account review** by a member of our staff, or, each
  quarter, the **Salesforce import** (who: ``(demo) salesforce import``), writing what moved
  that month (opportunities, activities, relationships, stances, holds, people).

What moves, on purpose: stances (a skeptic becomes a supporter, a champion cools), relationships
gained and lost (a strength falling to 1, two relationships deleted), a CIO at 华信银行 who left
and his successor, competitors gaining holds, activities of the five means spread over the year,
and 24 deals at six smaller customers closed during the year, 14 won and 10 lost, whose decision
chains and relationships evolved before their close date: where we covered the decision maker
we mostly won, where we did not we mostly lost.

The end state is exactly ``build_demo(today)``: every record of it is placed in the history by
a version that ends at its value of today. Records with no story of their own get one from their
dates (an activity is logged in the sync after its date, a judgement dated after the initial
import is first entered with the import's date and confirmed in the review after its date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, TypeVar

from powermap.graph.load import LoadSummary, load_dataset
from powermap.graph.store import Graph, Tx
from powermap.history.changes import ChangeSet, delete_records
from powermap.history.records import key_of
from powermap.model import RECORD_KINDS, Dataset

#: the history starts this many days before ``today``
HISTORY_DAYS = 365
#: one sync and one review every this many days after the initial import
MONTH_DAYS = 30

OWN = "org-helix"

_SYNC = ("(demo) salesforce import",
         "Salesforce import of opportunities, contact roles, relationships and activities")
_REVIEW = "monthly account review: opportunities, relationships, stances and competitor holds"
#: who writes the month's changes: an account review by one of our staff, or (each quarter) the
#: Salesforce import
_MONTHLY = [("Wang Li", _REVIEW), ("James Okafor", _REVIEW), _SYNC,
            ("Chen Yu", _REVIEW), ("Sofia Rossi", _REVIEW), _SYNC,
            ("Ravi Iyer", _REVIEW), ("李娜 (Li Na)", _REVIEW), _SYNC,
            ("Zhang Wei", _REVIEW), ("Wang Li", _REVIEW), _SYNC]

#: fields of a row that name a node the row cannot exist without
_REFERENCE_FIELDS = ("person_id", "manager_id", "from_id", "to_id", "staff_id",
                     "organization_id", "opportunity_id", "competitor_id", "customer_id",
                     "attendee_ids")


class _Final:
    """The record's value of today (as ``build_demo`` has it)."""


class _Delete:
    """The record is deleted (``delete_records``)."""


FINAL = _Final()
DELETE = _Delete()

Key = tuple
T = TypeVar("T")
Spec = Any  # dict of fields that differ from the record's base row, FINAL or DELETE


@dataclass
class Event:
    """One backdated change set: when, who and what, and the records it writes and deletes."""

    at: dt.datetime
    who: str
    what: str
    rows: list[tuple[str, dict]] = field(default_factory=list)
    deletions: list[tuple[str, Key]] = field(default_factory=list)

    @property
    def day(self) -> dt.date:
        return self.at.date()


class Timeline:
    """Places every record of the demo's end state, and a few records of the past, in the
    sequence of change sets that leads to it.

    Parameters
    ----------
    today : the day the demo is built for (the end state is ``build_demo(today)``)
    final : the end state as (record kind, row) pairs, rows as ``Dataset.add`` takes them
    """

    def __init__(self, today: dt.date, final: Iterable[tuple[str, dict]]):
        self.today = today
        self.start = today - dt.timedelta(days=HISTORY_DAYS)
        self.final: dict[tuple[str, Key], dict] = {}
        for kind, row in final:
            self.final[(kind, key_of(kind, row))] = row
        self.extra: dict[tuple[str, Key], dict] = {}
        self.explicit: dict[tuple[str, Key], list[tuple[dt.date, Spec]]] = {}
        self.events = [Event(_at(self.start, 9), "(demo) initial import",
                             "initial import of the accounts from the old CRM")]
        for month in range(1, HISTORY_DAYS // MONTH_DAYS + 1):
            who, what = _MONTHLY[(month - 1) % len(_MONTHLY)]
            day = self.start + dt.timedelta(days=MONTH_DAYS * month)
            self.events.append(Event(_at(day, 15), who, what))

    # --- the story ------------------------------------------------------------------------

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def story(self, kind: str, key: Key, *versions: tuple[int, Spec], row: dict | None = None
              ) -> None:
        """The versions of one record, oldest first: (days ago, spec). A record that is not
        in the end state needs its first ``row`` and must end with ``DELETE``."""
        if row is not None:
            self.extra[(kind, key)] = row
        elif (kind, key) not in self.final:
            raise KeyError(f"the demo has no {kind} record {key}")
        self.explicit.setdefault((kind, key), []).extend(
            (self.ago(days), spec) for days, spec in versions)

    # --- placing records ------------------------------------------------------------------

    def due(self, day: dt.date, kind: str, not_before: int = 0) -> int:
        """The first change set on or after ``day`` (and not before the change set
        ``not_before``)."""
        for index, event in enumerate(self.events):
            if index >= not_before and event.day >= day:
                return index
        raise ValueError(f"no change set on or after {day} for a {kind} record")

    def events_with_changes(self) -> list[Event]:
        """Every change set of the history, oldest first, with the rows it writes and the
        records it deletes."""
        created: dict[str, int] = {}
        placed: dict[tuple[str, Key], list[tuple[int, Spec]]] = {}
        people_since = self._people_since()
        for kind in RECORD_KINDS:
            keys = [k for k in list(self.final) + list(self.extra) if k[0] == kind]
            for item in keys:
                base = self.final.get(item) or self.extra[item]
                start = max([created.get(ref, 0) for ref in _references(base)], default=0)
                if item in self.explicit:
                    versions = [(self.due(day, kind), spec) for day, spec in self.explicit[item]]
                else:
                    versions = self._automatic(kind, base, start, people_since)
                self._check(item, versions)
                if versions[0][0] < start:
                    raise ValueError(f"the history writes {item} on "
                                     f"{self.events[versions[0][0]].day}, before a record it "
                                     "names exists")
                placed[item] = versions
                if "id" in base and kind not in ("units",):
                    created[base["id"]] = versions[0][0]
        events = [Event(e.at, e.who, e.what) for e in self.events]
        for (kind, key), versions in placed.items():
            base = self.final.get((kind, key)) or self.extra[(kind, key)]
            for index, spec in versions:
                if spec is DELETE:
                    events[index].deletions.append((kind, key))
                elif spec is FINAL:
                    events[index].rows.append((kind, base))
                else:
                    events[index].rows.append((kind, {**base, **spec}))
        return [e for e in events if e.rows or e.deletions]

    def _automatic(self, kind: str, row: dict, start: int, people_since: dict[str, dt.date]
                   ) -> list[tuple[int, Spec]]:
        """Versions of a record that has no story of its own, from its dates."""
        if kind == "activities":
            return [(self.due(row["date"], kind, start), FINAL)]
        if kind == "people" and row["id"] in people_since:
            return [(self.due(people_since[row["id"]], kind, start), FINAL)]
        if kind == "employment":
            since = row.get("since")
            first = self.due(since, kind, start) if since and since > self.start else start
            until = row.get("until")
            if until and until > self.events[first].day:
                return [(first, {"until": None}), (self.due(until, kind, first + 1), FINAL)]
            return [(first, FINAL)]
        if kind == "opportunities" and row["status"] != "open" \
                and row["close_date"] > self.events[start].day:
            return [(start, {"status": "open", "stage": "negotiation"}),
                    (self.due(row["close_date"], kind, start + 1), FINAL)]
        as_of = row.get("as_of")
        if as_of and as_of > self.events[start].day:
            confirmed = self.due(as_of, kind, start + 1)
            return [(start, {"as_of": self.events[start].day}), (confirmed, FINAL)]
        return [(start, FINAL)]

    def _people_since(self) -> dict[str, dt.date]:
        """People whose every employment began after the initial import: when they joined."""
        first: dict[str, dt.date | None] = {}
        for (kind, _), row in self.final.items():
            if kind == "employment":
                since = row.get("since")
                seen = first.get(row["person_id"], dt.date.max)
                first[row["person_id"]] = None if since is None or seen is None \
                    else min(since, seen)
        return {p: d for p, d in first.items() if d is not None and d > self.start}

    def _check(self, item: tuple[str, Key], versions: list[tuple[int, Spec]]) -> None:
        """A story must move forward and end where the demo is today (or deleted, for a record
        of the past)."""
        indexes = [index for index, _ in versions]
        if indexes != sorted(set(indexes)):
            raise ValueError(f"the versions of {item} are not in distinct, later change sets: "
                             f"{[self.events[i].at.isoformat() for i in indexes]}")
        last = versions[-1][1]
        if item in self.final and last is not FINAL:
            raise ValueError(f"the history of {item} does not end at its value of today")
        if item in self.extra and last is not DELETE:
            raise ValueError(f"the history of {item}, which is not in the demo today, does not "
                             "end with its deletion")
        if versions[0][1] is DELETE:
            raise ValueError(f"the history of {item} begins with a deletion")


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.timezone.utc)


def _references(row: dict) -> list[str]:
    refs: list[str] = []
    for name in _REFERENCE_FIELDS:
        value = row.get(name)
        if isinstance(value, str):
            refs.append(value)
        elif isinstance(value, (list, tuple)):
            refs.extend(value)
    return refs


# --- writing it -------------------------------------------------------------------------------

def load_history(graph: Graph, events: list[Event], rows: dict[str, int]) -> LoadSummary:
    """Write the change sets one after the other, all in one transaction (a failed load leaves
    nothing behind), and sum up what they did (``rows``: the records of the end state per kind,
    as a summary shows them)."""

    def work(tx: Tx) -> LoadSummary:
        inside = _InTransaction(tx)
        total = LoadSummary(rows=dict(rows))
        for event in events:
            changeset = ChangeSet(who=event.who, via="demo", what=event.what, at=event.at)
            if event.rows:
                dataset = Dataset()
                for kind, row in event.rows:
                    dataset.add(kind, row, f"demo history, {event.at:%Y-%m-%d}")
                summary = load_dataset(inside, dataset,  # type: ignore[arg-type]
                                       changeset=changeset)
                total.created.update(summary.created)
                total.updated.update(summary.updated)
                total.counters.update(summary.counters)
            if event.deletions:
                by_kind: dict[str, list[Key]] = {}
                for kind, key in event.deletions:
                    by_kind.setdefault(kind, []).append(key)
                for kind, keys in by_kind.items():
                    delete_records(tx, changeset, kind, keys)
                changeset.close(tx)
            total.changeset = changeset.id if changeset.opened else total.changeset
        return total

    return graph.write_once(work)


class _InTransaction:
    """The part of ``Graph`` that ``load_dataset`` uses, answered inside one open transaction,
    so that twelve months of change sets are written all or nothing (each read sees the writes
    of the change sets before it)."""

    def __init__(self, tx: Tx):
        self._tx = tx

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return self._tx.run(name, **params)

    def read_tx(self, work: Callable[[Tx], T]) -> T:
        return work(self._tx)

    def write_once(self, work: Callable[[Tx], T]) -> T:
        return work(self._tx)


def demo_timeline(today: dt.date, final: Iterable[tuple[str, dict]]) -> Timeline:
    """The demo's history: the stories of the four original accounts, of 华信银行 and of the
    closed deals, on top of the placement of every other record by its dates."""
    t = Timeline(today, final)
    _original_accounts(t)
    _huaxin(t)
    for story in _closed_deal_stories(today):
        t.story(*story[:2], *story[2], row=story[3])
    return t


# --- the stories of the original accounts ------------------------------------------------------

INITIAL = HISTORY_DAYS


def _original_accounts(t: Timeline) -> None:
    """Stances that moved, relationships gained and lost, competitor holds and opportunities
    that advanced at Northwind, Aurora, Pacific Grid and Blue River."""
    start = t.ago(INITIAL)

    def stance(person, opportunity, *moves):
        t.story("decision_chain", (person, opportunity),
                *[(days, {"stance": s, "as_of": t.ago(days)}) for days, s in moves], (20, FINAL))

    # Northwind signalling: the COO warmed up after the reference visit; the architect cooled
    # as Orion won him over; the head of signalling came round after the research seminar.
    stance("nw-coo", "opp-nw-signalling", (INITIAL, "neutral"), (235, "supporter"))
    stance("nw-it-arch", "opp-nw-signalling", (INITIAL, "supporter"), (200, "neutral"),
           (125, "skeptic"))
    stance("nw-ops-sig", "opp-nw-signalling", (INITIAL, "skeptic"), (185, "neutral"))
    stance("nw-cpo", "opp-nw-signalling", (INITIAL, None))
    # Northwind data centre: opened three months ago; the COO turned against it.
    t.story("opportunities", ("opp-nw-datacenter",), (100, FINAL))
    stance("nw-coo", "opp-nw-datacenter", (95, "neutral"))
    # Aurora: Marcus Feld turned from neutral to opponent; the CFO thawed; the head of
    # clinical applications became our champion.
    stance("au-it-dir", "opp-au-cloud", (INITIAL, "neutral"), (300, "skeptic"))
    stance("au-cfo", "opp-au-cloud", (INITIAL, "skeptic"), (150, "neutral"))
    stance("au-it-apps", "opp-au-cloud", (INITIAL, "supporter"))
    # Pacific Grid: the CEO hardened as Orion won him; the SCADA lead cooled from champion.
    stance("pg-ceo", "opp-pg-scada", (INITIAL, "neutral"), (190, "skeptic"))
    stance("pg-scada", "opp-pg-scada", (INITIAL, "champion"))

    # Opportunities that advanced (and a close date that slipped).
    signalling = t.final[("opportunities", ("opp-nw-signalling",))]
    t.story("opportunities", ("opp-nw-signalling",),
            (INITIAL, {"stage": "qualification",
                       "close_date": signalling["close_date"] - dt.timedelta(days=45)}),
            (240, {"stage": "solution"}), (90, FINAL))
    cloud = t.final[("opportunities", ("opp-au-cloud",))]
    t.story("opportunities", ("opp-au-cloud",),
            (INITIAL, {"stage": "qualification", "amount": cloud["amount"] - 1_400_000}),
            (200, FINAL))
    t.story("opportunities", ("opp-pg-scada",), (INITIAL, {"stage": "solution"}), (60, FINAL))

    # Relationships: one fell to 1, some grew, some were gained; two were lost altogether.
    t.story("relationships", ("st-chen-yu", "au-it-dir"),
            (INITIAL, {"strength": 3, "as_of": start}), (300, FINAL))
    t.story("relationships", ("st-sofia-rossi", "pg-grid-dir"),
            (INITIAL, {"strength": 3, "as_of": start}), (200, {"strength": 4, "as_of": t.ago(200)}),
            (10, FINAL))
    t.story("relationships", ("st-tom-meyer", "nw-it-eng1"),
            (300, {"strength": 2, "as_of": t.ago(300)}), (8, FINAL))
    t.story("relationships", ("st-anna-berg", "au-clin-nurse"),
            (90, {"strength": 3, "as_of": t.ago(90)}), (18, FINAL))
    t.story("relationships", ("st-li-na", "au-cfo"), (50, FINAL))
    t.story("relationships", ("st-sofia-rossi", "pg-cto"), (45, FINAL))
    t.story("relationships", ("st-ravi-iyer", "pg-ceo"),
            (INITIAL, {}), (210, {"strength": 1, "as_of": t.ago(210)}), (150, DELETE),
            row=dict(staff_id="st-ravi-iyer", person_id="pg-ceo", strength=3,
                     source="st-ravi-iyer", as_of=start))
    t.story("relationships", ("st-james-okafor", "nw-cfo"),
            (INITIAL, {}), (240, DELETE),
            row=dict(staff_id="st-james-okafor", person_id="nw-cfo", strength=2,
                     source="st-james-okafor", as_of=start))

    # Competitor holds: Orion won Northwind's architect (who favored us a year ago) and two
    # people at Pacific Grid.
    t.story("favors", ("nw-it-arch", OWN), (INITIAL, {}), (130, DELETE),
            row=dict(person_id="nw-it-arch", organization_id=OWN, strength=3,
                     source="account team", confidence=0.7, as_of=start))
    t.story("favors", ("nw-it-arch", "org-orion"),
            (130, {"strength": 2, "as_of": t.ago(130)}), (30, FINAL))
    t.story("favors", ("pg-it-arch", "org-orion"),
            (250, {"strength": 3, "as_of": t.ago(250)}), (30, FINAL))
    t.story("favors", ("pg-ceo", "org-orion"), (190, {"as_of": t.ago(190)}), (30, FINAL))
    t.story("favors", ("nw-coo", OWN), (INITIAL, {"strength": 2, "as_of": start}), (30, FINAL))


# --- 华信银行: a CIO who left and his successor --------------------------------------------

def _huaxin(t: Timeline) -> None:
    """The CIO 赵磊 left 200 days ago; 李明 succeeded him ten days later and took his place in
    the decision chain of the core network upgrade."""
    start = t.ago(INITIAL)
    t.story("opportunities", ("opp-hx-core",), (250, {"stage": "qualification"}),
            (120, FINAL))
    t.story("bids", ("org-orion", "opp-hx-core"), (250, FINAL))
    t.story("decision_chain", ("hx-cio-old", "opp-hx-core"),
            (250, {}), (200, DELETE),
            row=dict(person_id="hx-cio-old", opportunity_id="opp-hx-core",
                     roles=["decision_maker"], stance="supporter", source="bid team",
                     confidence=0.8, as_of=t.ago(250)))
    t.story("decision_chain", ("hx-cio", "opp-hx-core"),
            (180, {"stance": "neutral", "as_of": t.ago(180)}), (20, FINAL))
    for person in ("hx-sec", "hx-net"):
        t.story("reports_to", (person, "hx-cio-old"), (INITIAL, {}), (200, DELETE),
                row=dict(person_id=person, manager_id="hx-cio-old", source="org chart",
                         as_of=start))
    t.story("reports_to", ("hx-cio-old", "hx-president"), (INITIAL, {}), (200, DELETE),
            row=dict(person_id="hx-cio-old", manager_id="hx-president", source="org chart",
                     as_of=start))


# --- closed deals ----------------------------------------------------------------------------

#: six smaller customers where 24 deals closed during the year:
#: id, name, tier, industry, country, our account manager, solution lead, second thread to the
#: general manager, and their people (key suffix, name, title, seniority, unit)
CLOSED_CUSTOMERS = [
    ("org-harbor", "Harbor Point Ports", "B", "ports", "NL",
     "st-james-okafor", "st-tom-meyer", "st-ravi-iyer",
     [("Joost van Leeuwen", "Managing Director"), ("Annelies Kramer", "Chief Information Officer"),
      ("Ruben Vos", "IT Infrastructure Lead"), ("Marieke Bos", "Procurement Manager"),
      ("Dirk Jansen", "Terminal Systems Supervisor")]),
    ("org-kestrel", "Kestrel Foods", "C", "food processing", "DE",
     "st-li-na", "st-chen-yu", "st-wang-li",
     [("Friedrich Lang", "Geschäftsführer"), ("Sabine Krüger", "Head of IT"),
      ("Tobias Wolf", "Systems Engineer"), ("Nadine Brandt", "Purchasing Lead"),
      ("Emre Yılmaz", "Plant Operations Manager")]),
    ("org-lumen", "Lumen University Hospital", "B", "healthcare", "DE",
     "st-wang-li", "st-zhang-wei", "st-ravi-iyer",
     [("Prof. Karin Albrecht", "Medical Director"), ("Stefan Roth", "Chief Information Officer"),
      ("Julia Neumann", "Network Architect"), ("Matthias Berger", "Head of Purchasing"),
      ("Leonie Hartmann", "Ward Digitalisation Lead")]),
    ("org-solano", "Solano Water Authority", "B", "utilities", "ES",
     "st-james-okafor", "st-chen-yu", "st-maria-lopez",
     [("Carmen Ortega", "General Manager"), ("Javier Ruiz", "Director of Technology"),
      ("Lucía Fernández", "SCADA Engineer"), ("Pablo Navarro", "Procurement Officer"),
      ("Marta Gil", "Network Operations Supervisor")]),
    ("org-tundra", "Tundra Mining", "C", "mining", "SE",
     "st-li-na", "st-tom-meyer", "st-anna-berg",
     [("Erik Lindqvist", "Site General Manager"), ("Karl Johansson", "Head of Mine IT"),
      ("Sofia Nilsson", "Automation Engineer"), ("Anders Berg", "Purchasing Manager"),
      ("Maja Eklund", "Control Room Lead")]),
    ("org-meiling", "Meiling Retail", "C", "retail", "SG",
     "st-sofia-rossi", "st-tom-meyer", "st-wang-li",
     [("Lim Boon Keng", "Chief Executive Officer"), ("Tan Hui Min", "Head of Technology"),
      ("Goh Jun Wei", "Store Systems Engineer"), ("Ng Siew Ling", "Procurement Manager"),
      ("Chua Wen Jie", "Store Operations Manager")]),
]

#: the buying role, seniority and unit of the five people of each closed-deal customer, and to
#: whom they report (by role)
_CLOSED_ROLES = [
    ("gm", "approver", "c_level", "exec", None),
    ("dm", "decision_maker", "c_level", "it", "gm"),
    ("te", "technical_evaluator", "manager", "it", "dm"),
    ("ce", "commercial_evaluator", "manager", "proc", "gm"),
    ("user", "user", "manager", "ops", "gm"),
]

_CLOSED_UNITS = [("exec", "Management"), ("it", "IT"), ("proc", "Procurement"),
                 ("ops", "Operations")]

#: the deals: customer, deal name, amount (EUR), closed days ago, won, competitor, how well we
#: covered the decision maker when it closed (0: no one of ours trusted by them, 1: one staff
#: member, 2: two staff members and two threads to the general manager as well)
CLOSED_DEALS = [
    ("org-harbor", "Crane network refresh", 420_000, 330, False, "org-orion", 0),
    ("org-harbor", "Terminal Wi-Fi 6 rollout", 310_000, 240, True, "org-orion", 1),
    ("org-harbor", "Port operations data centre", 1_900_000, 150, True, "org-vertex", 2),
    ("org-harbor", "Gate automation network", 260_000, 45, True, "org-orion", 2),
    ("org-kestrel", "Plant floor network", 380_000, 320, False, "org-vertex", 0),
    ("org-kestrel", "Cold-chain sensor backbone", 150_000, 220, False, "org-orion", 0),
    ("org-kestrel", "ERP hosting migration", 540_000, 130, True, "org-vertex", 1),
    ("org-kestrel", "Second plant network", 470_000, 40, False, "org-vertex", 1),
    ("org-lumen", "Campus core switching", 1_250_000, 300, True, "org-orion", 2),
    ("org-lumen", "Imaging archive storage", 880_000, 200, True, "org-vertex", 2),
    ("org-lumen", "Clinic Wi-Fi extension", 230_000, 110, False, "org-orion", 0),
    ("org-lumen", "Emergency department network", 610_000, 30, True, "org-orion", 1),
    ("org-solano", "Telemetry radio network", 720_000, 310, False, "org-orion", 0),
    ("org-solano", "Treatment plant OT security", 390_000, 210, True, "org-vertex", 1),
    ("org-solano", "Control centre LAN", 280_000, 120, True, "org-orion", 1),
    ("org-solano", "District metering backhaul", 1_450_000, 50, True, "org-orion", 2),
    ("org-tundra", "Underground LTE pilot", 650_000, 290, True, "org-orion", 0),
    ("org-tundra", "Mine-wide fibre ring", 2_400_000, 190, False, "org-orion", 0),
    ("org-tundra", "Fleet telemetry platform", 560_000, 100, False, "org-vertex", 0),
    ("org-tundra", "Processing plant network", 430_000, 25, False, "org-orion", 0),
    ("org-meiling", "Store network standardisation", 340_000, 280, True, "org-vertex", 1),
    ("org-meiling", "Warehouse Wi-Fi", 190_000, 170, True, "org-orion", 2),
    ("org-meiling", "Point-of-sale cloud", 820_000, 80, True, "org-vertex", 1),
    ("org-meiling", "Flagship store refit", 270_000, 15, False, "org-vertex", 0),
]

#: our relationships to the decision maker (dm) and the general manager (gm) at each level of
#: coverage: (which of our people, which of theirs) → strength, None: no relationship
_LEVELS = {
    0: {("ar", "dm"): 2, ("sr", "dm"): None, ("ar", "gm"): 1, ("x", "gm"): None},
    1: {("ar", "dm"): 3, ("sr", "dm"): None, ("ar", "gm"): 2, ("x", "gm"): None},
    2: {("ar", "dm"): 4, ("sr", "dm"): 3, ("ar", "gm"): 3, ("x", "gm"): 3},
}

#: the five means, one after the other through the deals
_MEANS = ["technical_exchange", "company_visit", "reference_visit", "onsite_meeting",
          "management_research"]


def _closed_people(org_id: str) -> dict[str, str]:
    prefix = org_id.removeprefix("org-")
    return {role: f"{prefix}-{role}" for role, *_ in _CLOSED_ROLES}


def _closed_deal_plan(today: dt.date) -> tuple[list[tuple[str, dict]], list[tuple]]:
    """The closed deals' end state (kind, row) and their stories (kind, key, versions, row of a
    record that is gone today)."""

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    rows: list[tuple[str, dict]] = []
    stories: list[tuple] = []
    customers = {c[0]: c for c in CLOSED_CUSTOMERS}
    for org_id, name, tier, industry, country, _, _, _, people in CLOSED_CUSTOMERS:
        rows.append(("organizations", dict(id=org_id, name=name, kind="customer", tier=tier,
                                           industry=industry, country=country)))
        for unit, unit_name in _CLOSED_UNITS:
            rows.append(("units", dict(id=f"{org_id}/{unit}", name=unit_name,
                                       organization_id=org_id)))
        ids = _closed_people(org_id)
        domain = org_id.removeprefix("org-") + ".example"
        for n, ((role, _, seniority, unit, manager), (person, title)) in enumerate(
                zip(_CLOSED_ROLES, people)):
            rows.append(("people", dict(id=ids[role], name=person, title=title,
                                        seniority=seniority,
                                        email=f"{role}@{domain}")))
            rows.append(("employment", dict(person_id=ids[role], organization_id=org_id,
                                            unit_id=f"{org_id}/{unit}", title=title,
                                            since=ago(1500 + 111 * n))))
            if manager:
                rows.append(("reports_to", dict(person_id=ids[role], manager_id=ids[manager],
                                                source="org chart", as_of=ago(60))))

    # relationships: the level of coverage each deal needed, set 45 days before it closed
    state: dict[tuple[str, str], tuple[int, dt.date] | None] = {}
    versions: dict[tuple[str, str], list[tuple[int, Any]]] = {}
    last_days: dict[str, int] = {}
    for n, (org_id, deal, amount, days, won, competitor, level) in enumerate(CLOSED_DEALS):
        _, _, _, _, _, ar, sr, x, _ = customers[org_id]
        ids = _closed_people(org_id)
        staff = {"ar": ar, "sr": sr, "x": x}
        when = min(days + 45, INITIAL)
        for (ours, theirs), strength in _LEVELS[level].items():
            key = (staff[ours], ids[theirs])
            before = state.get(key)
            if strength is None:
                if before is not None:
                    versions[key].append((when, DELETE))
                    state[key] = None
                continue
            if before is None or before[0] != strength:
                versions.setdefault(key, []).append(
                    (when, {"strength": strength, "as_of": ago(when)}))
                state[key] = (strength, ago(when))
        last_days[org_id] = days

        # the opportunity: opened four months before it closed, a proposal seven weeks before
        oid = f"opp-{org_id.removeprefix('org-')}-{n % 4 + 1}"
        opened = min(days + 120, INITIAL)
        final = dict(id=oid, name=deal, customer_id=org_id, kind="standard", stage="closed",
                     status="won" if won else "lost", amount=amount, currency="EUR",
                     close_date=ago(days))
        rows.append(("opportunities", final))
        moves = [(opened, {"stage": "qualification", "status": "open"})]
        if days + 50 < opened:
            moves.append((days + 50, {"stage": "proposal", "status": "open"}))
        stories.append(("opportunities", (oid,), moves + [(days, FINAL)], None))
        rows.append(("bids", dict(competitor_id=competitor, opportunity_id=oid)))
        stories.append(("bids", (competitor, oid), [(opened, FINAL)], None))
        for role, buying_role, *_ in _CLOSED_ROLES:
            stance = _closing_stance(role, won, level)
            rows.append(("decision_chain", dict(
                person_id=ids[role], opportunity_id=oid, roles=[buying_role], stance=stance,
                source="bid team", confidence=0.8, as_of=ago(days + 30))))
            early = "supporter" if role == "user" else None
            stories.append(("decision_chain", (ids[role], oid),
                            [(opened, {"stance": early, "as_of": ago(opened)}),
                             (days + 30, FINAL)], None))
        # activities: more of the five means where the account team worked the customer
        for k in range(1 + level):
            kind = _MEANS[(n + k) % len(_MEANS)]
            act_days = days + 90 - 25 * k
            attendees = [ar, ids["dm"], ids["te"]] if k % 2 == 0 else [sr, ids["te"], ids["user"]]
            rows.append(("activities", dict(
                id=f"act-{oid.removeprefix('opp-')}-{k + 1}", kind=kind, date=ago(act_days),
                subject=_activity_subject(kind, deal), opportunity_id=oid,
                attendee_ids=attendees)))

    for (staff_id, person_id), moves in versions.items():
        now = state[(staff_id, person_id)]
        if now is None:
            first = moves[0][1]
            stories.append(("relationships", (staff_id, person_id), [(moves[0][0], {})]
                            + moves[1:],
                            dict(staff_id=staff_id, person_id=person_id, source=staff_id,
                                 **first)))
            continue
        strength, as_of = now
        rows.append(("relationships", dict(staff_id=staff_id, person_id=person_id,
                                           strength=strength, source=staff_id, as_of=as_of)))
        stories.append(("relationships", (staff_id, person_id), moves[:-1] + [
            (moves[-1][0], FINAL)], None))

    # competitor holds: Orion holds Tundra's head of IT, more firmly after each lost deal;
    # Vertex won over Kestrel's purchasing lead before the second plant deal.
    rows.append(("favors", dict(person_id="tundra-dm", organization_id="org-orion", strength=4,
                                source="account team", confidence=0.7, as_of=ago(150))))
    stories.append(("favors", ("tundra-dm", "org-orion"),
                    [(INITIAL, {"strength": 2, "as_of": ago(INITIAL)}), (150, FINAL)], None))
    rows.append(("favors", dict(person_id="kestrel-ce", organization_id="org-vertex",
                                strength=3, source="account team", confidence=0.7,
                                as_of=ago(100))))
    stories.append(("favors", ("kestrel-ce", "org-vertex"), [(100, FINAL)], None))
    return rows, stories


def _closing_stance(role: str, won: bool, level: int) -> str:
    """The stance of a closed deal's member when it closed."""
    if role == "user":
        return "supporter"
    if role == "dm":
        return ("champion" if level == 2 else "supporter") if won else \
            ("neutral" if level else "skeptic")
    if role == "te":
        return "supporter" if won else "skeptic"
    if role == "gm":
        return "supporter" if won and level == 2 else "neutral"
    return "neutral"


def _activity_subject(kind: str, deal: str) -> str:
    return {"technical_exchange": f"Technical exchange: {deal}",
            "company_visit": f"Visit to Helix headquarters about the {deal.lower()}",
            "reference_visit": f"Reference visit for the {deal.lower()}",
            "onsite_meeting": f"On-site requirements meeting: {deal}",
            "management_research": f"Management seminar around the {deal.lower()}"}[kind]


def closed_deal_rows(today: dt.date) -> list[tuple[str, dict]]:
    """The end state of the six closed-deal customers (for ``build_demo``)."""
    return _closed_deal_plan(today)[0]


def _closed_deal_stories(today: dt.date) -> list[tuple]:
    return _closed_deal_plan(today)[1]
