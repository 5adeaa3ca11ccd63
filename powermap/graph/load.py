"""Write a validated ``Dataset`` into the graph: references checked first, then every record
in one transaction, in batches of ``UNWIND $rows``.

This is the one write path for the demo data and every importer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Callable, Iterable

from powermap.errors import ImportConflict, Problem, ValidationError
from powermap.gc_pause import paused_gc
from powermap.graph.store import Graph, Tx
from powermap.history.changes import (ChangeSet, Update, compare, current_rows,
                                      record_creations, record_updates)
from powermap.history.records import KEYS, ends, key_of, loads
from powermap.i18n import N_, _
from powermap.model import RECORD_KINDS, Dataset

BATCH_SIZE = 5_000

#: record kinds that are nodes with an id (also the parameter names of find_existing_ids)
_NODE_KINDS = ("organizations", "units", "people", "opportunities", "activities")

#: references each record kind makes: (field, node kind it must name)
_REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "units": (("organization_id", "organizations"), ("parent_id", "units")),
    "employment": (("person_id", "people"), ("organization_id", "organizations"),
                   ("unit_id", "units")),
    "reports_to": (("person_id", "people"), ("manager_id", "people")),
    "influence": (("from_id", "people"), ("to_id", "people")),
    "conflicts": (("from_id", "people"), ("to_id", "people")),
    "relationships": (("staff_id", "staff"), ("person_id", "people")),
    "favors": (("person_id", "people"), ("organization_id", "organizations")),
    "opportunities": (("customer_id", "organizations"),),
    "bids": (("competitor_id", "organizations"), ("opportunity_id", "opportunities")),
    "decision_chain": (("person_id", "people"), ("opportunity_id", "opportunities")),
    "activities": (("opportunity_id", "opportunities"), ("attendee_ids", "people")),
    "org_ties": (("from_id", "organizations"), ("to_id", "organizations")),
}


#: what identifies an edge record: two records with the same key are the same edge
_EDGE_KEYS: dict[str, tuple[str, ...]] = {kind: fields for kind, fields in KEYS.items()
                                          if kind not in _NODE_KINDS}

#: the four outcomes of a record, in the order summaries show them
OUTCOMES = ("created", "updated", "unchanged", "kept")


@dataclass
class LoadSummary:
    """What a load did, per record kind: rows sent, and how many of them were created, updated
    (something differed), unchanged, or kept (a suggestion not written over a value someone
    entered)."""

    rows: dict[str, int] = field(default_factory=dict)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    counters: Counter = field(default_factory=Counter)     # what Neo4j reports it did
    #: every update, field by field (``Update.before`` → ``Update.after``)
    updates: list[Update] = field(default_factory=list)
    #: fields changed in the graph after the file was exported (see ``find_conflicts``)
    conflicts: list[dict] = field(default_factory=list)
    #: the change set that recorded this load (None: it changed nothing)
    changeset: str | None = None

    def totals(self) -> dict[str, int]:
        return {outcome: sum(getattr(self, outcome).values()) for outcome in OUTCOMES}

    def by_kind(self) -> dict[str, dict[str, int]]:
        """kind → {rows, created, updated, unchanged, kept}, for kinds with rows only."""
        return {kind: {"rows": n, **{o: getattr(self, o)[kind] for o in OUTCOMES}}
                for kind, n in self.rows.items() if n}

    def as_dict(self) -> dict:
        return {"totals": self.totals(), "kinds": self.by_kind(), "counters": dict(self.counters),
                "changes": [{"kind": u.kind, "key": list(u.key), "before": u.before,
                             "after": u.after} for u in self.updates],
                "conflicts": self.conflicts, "change_set": self.changeset}


def check_dataset(graph: Graph, dataset: Dataset) -> dict[str, set[str]]:
    """Reject duplicate ids and references to nothing; return the ids already in the graph.

    Raises ``ValidationError`` with one problem per bad record, naming where it came from,
    together with the problems of the rows the importer left out (``dataset.problems``), so
    that field, duplicate and reference problems of one file are reported in one pass.
    """
    problems: list[Problem] = list(dataset.problems)
    # Each check first compares sizes of sets, which costs little on a million rows; only when
    # something is wrong does it walk the rows again to say where.
    ids: dict[str, set[str]] = {}
    for kind in _NODE_KINDS:
        ids[kind] = {r.id for r in dataset.records[kind]}  # type: ignore[attr-defined]
        if len(ids[kind]) < len(dataset.records[kind]):
            problems += _duplicate_ids(dataset, kind)
    for kind, key_fields in _EDGE_KEYS.items():
        key = attrgetter(*key_fields)
        if len({key(r) for r in dataset.records[kind]}) < len(dataset.records[kind]):
            problems += _duplicate_edges(dataset, kind, key_fields)
    ids["staff"] = {p.id for p in dataset.records["people"] if p.team_role}  # type: ignore[attr-defined]
    wanted = _referenced_ids(dataset)
    existing = _existing_ids(graph, ids, wanted)
    rejected = {**dataset.rejected_ids, "staff": dataset.rejected_ids.get("people", set())}
    # (``in``, not a set difference: an unreadable table rejects every id, see _Everything)
    missing = {target: {ref for ref in refs - ids[target] - existing[target]
                        if ref not in rejected.get(target, ())}
               for target, refs in wanted.items()}
    if any(missing.values()):
        for where, field_name, target, ref in _references(dataset):
            if ref in missing[target]:
                problems.append(Problem(where, field_name, _("%(ref)r names no %(kind)s",
                                                             ref=ref, kind=_singular(target))))
    if problems:
        raise ValidationError(problems)
    return existing


@paused_gc()
def load_dataset(graph: Graph, dataset: Dataset,
                 progress: Callable[[str, int], None] = lambda kind, n: None,
                 suggested: frozenset[str] = frozenset(),
                 changeset: ChangeSet | None = None,
                 stamp: dt.datetime | None = None, overwrite: bool = False) -> LoadSummary:
    """Check ``dataset``, then write all of it in one transaction: all or nothing.

    Every record is compared with the graph first: only what is new or different is written,
    and each creation and update is recorded in ``changeset`` (history), in the same
    transaction. ``progress(kind, rows)`` is called as rows are dealt with. Record kinds in
    ``suggested`` (only ``relationships`` so far) are written only where no one else entered a
    value: an existing relationship from another source is kept and counted as such.

    ``stamp``: when the file was exported. A field the file would change that someone changed
    in the graph after that moment is a conflict; with conflicts nothing is written
    (``ImportConflict``) unless ``overwrite``.
    """
    existing = check_dataset(graph, dataset)
    new_ids = _new_ids(dataset, existing)
    changeset = changeset or ChangeSet(who="(unknown)", via="import", what="import")

    def work(tx: Tx) -> LoadSummary:
        plan = _plan(tx, dataset, new_ids, suggested, want_origins=stamp is not None)
        if stamp is not None:
            conflicts = find_conflicts(tx, plan, stamp)
            if conflicts and not overwrite:
                raise ImportConflict(conflicts)
        summary = plan.summary
        for kind in RECORD_KINDS:
            _write_kind(tx, kind, plan.kinds[kind], summary, changeset, suggested, progress)
        changeset.close(tx)
        summary.changeset = changeset.id if changeset.opened else None
        return summary

    return graph.write_once(work)


def _write_kind(tx: Tx, kind: str, step: "_Step", summary: LoadSummary, changeset: ChangeSet,
                suggested: frozenset[str], progress: Callable[[str, int], None]) -> None:
    """Write one kind's planned creations and updates, and record them (history)."""
    if step.skipped:
        progress(kind, step.skipped)
    if step.fresh:
        query = f"create_{kind}"
        for batch in _batches(step.fresh, BATCH_SIZE):
            _, counters = tx.run_with_counters(query, rows=batch, **changeset.params())
            summary.counters.update(counters)
            progress(kind, len(batch))
    upsert = f"upsert_suggested_{kind}" if kind in suggested else f"upsert_{kind}"
    for batch in _batches(step.created + [u.row for u in step.updates], BATCH_SIZE):
        _, counters = tx.run_with_counters(upsert, rows=batch, **changeset.params())
        summary.counters.update(counters)
        progress(kind, len(batch))
    for batch in _batches(step.fresh + step.created, BATCH_SIZE):
        record_creations(tx, changeset, kind, batch)
    record_updates(tx, changeset, step.updates)


@paused_gc()
def preview_dataset(graph: Graph, dataset: Dataset, suggested: frozenset[str] = frozenset(),
                    stamp: dt.datetime | None = None) -> LoadSummary:
    """What ``load_dataset`` would do, field by field, without writing anything: the summary's
    ``updates`` list every change as field: before → after, ``conflicts`` the fields someone
    changed in the graph after ``stamp``."""
    existing = check_dataset(graph, dataset)
    new_ids = _new_ids(dataset, existing)

    def work(tx: Tx) -> LoadSummary:
        plan = _plan(tx, dataset, new_ids, suggested, want_origins=stamp is not None)
        if stamp is not None:
            plan.summary.conflicts = find_conflicts(tx, plan, stamp)
        return plan.summary

    return graph.read_tx(work)


def _new_ids(dataset: Dataset, existing: dict[str, set[str]]) -> dict[str, set[str]]:
    new_ids = {kind: {r.id for r in dataset.records[kind]} - existing[kind]  # type: ignore[attr-defined]
               for kind in _NODE_KINDS}
    new_ids["staff"] = new_ids["people"]
    return new_ids


@dataclass
class _Step:
    """What loading one record kind will do."""

    fresh: list[dict] = field(default_factory=list)     # new for sure: created without a lookup
    created: list[dict] = field(default_factory=list)   # looked up, not found
    updates: list[Update] = field(default_factory=list)
    skipped: int = 0                                     # unchanged or kept: nothing to write


@dataclass
class _Plan:
    kinds: dict[str, _Step]
    summary: LoadSummary
    #: where each key came from (file and line), for naming conflicts
    origins: dict[tuple[str, tuple], str]


def _plan(tx: Tx, dataset: Dataset, new_ids: dict[str, set[str]],
          suggested: frozenset[str], want_origins: bool = False) -> _Plan:
    """Compare every record with the graph: what to create, update, leave alone."""
    summary = LoadSummary()
    kinds: dict[str, _Step] = {}
    origins: dict[tuple[str, tuple], str] = {}
    for kind in RECORD_KINDS:
        kinds[kind] = _plan_kind(tx, kind, dataset, new_ids, suggested, summary)
        if want_origins:   # only conflicts name where a key came from: no second to_row else
            for row, where in zip(dataset.rows(kind), dataset.origins[kind]):
                origins[(kind, key_of(kind, row))] = where
    return _Plan(kinds, summary, origins)


def _plan_kind(tx: Tx, kind: str, dataset: Dataset, new_ids: dict[str, set[str]],
               suggested: frozenset[str], summary: LoadSummary) -> _Step:
    """Compare the records of one kind with the graph (``new_ids`` must hold the new ids of
    every node kind they refer to), counting the outcomes in ``summary``."""
    step = _Step()
    new, old = _split_new(kind, dataset, new_ids)
    summary.rows[kind] = len(new) + len(old)
    if kind in _CREATE_QUERIES and kind not in suggested:
        step.fresh = new
    else:
        old = new + old
    rows = old
    current = current_rows(tx, kind, [key_of(kind, r) for r in rows])
    for row in rows:
        now = current.get(key_of(kind, row))
        if now is None:
            step.created.append(row)
        elif kind in suggested and now.get("source") != row.get("source"):
            summary.kept[kind] += 1
            step.skipped += 1
        else:
            update = compare(kind, now, row)
            if update is None:
                summary.unchanged[kind] += 1
                step.skipped += 1
            else:
                step.updates.append(update)
    summary.created[kind] += len(step.fresh) + len(step.created)
    summary.updated[kind] += len(step.updates)
    summary.updates.extend(step.updates)
    return step


def find_conflicts(tx: Tx, plan: _Plan, stamp: dt.datetime) -> list[dict]:
    """Fields the import would change that someone changed in the graph after ``stamp`` (the
    moment the file was exported), and records it would bring back that were deleted since."""
    wanted: dict[tuple[str, tuple], tuple[str, dict]] = {}
    for kind, step in plan.kinds.items():
        for update in step.updates:
            wanted[(kind, update.key)] = ("update", update.after)
        for row in step.created:
            wanted[(kind, key_of(kind, row))] = ("create", row)
    if not wanted:
        return []
    ids = sorted({str(ends(kind, key, None)[0]) for kind, key in wanted})
    conflicts = []
    for change in tx.run("find_changes_since", ids=ids, since=stamp):
        kind, key = change["kind"], tuple(loads(change["key"]))
        if (kind, key) not in wanted:
            continue
        what, values = wanted[(kind, key)]
        if what == "update" and change["op"] == "update":
            fields = [f for f in change["fields"] if f in values]
        elif what == "create" and change["op"] == "delete":
            fields = ["(the whole record)"]
        else:
            continue
        for name in fields:
            conflicts.append({
                "where": str(plan.origins.get((kind, key), kind)), "kind": kind, "key": list(key),
                "field": name,
                "file_value": values.get(name) if name in values else "(bring back)",
                "graph_value": _graph_value(tx, kind, key, name) if what == "update" else None,
                "changed_by": change["who"], "changed_at": change["at"].to_native()
                if hasattr(change["at"], "to_native") else change["at"],
                "change_set": change["set"]})
    conflicts.sort(key=lambda c: (c["where"], c["field"]))
    return conflicts


def _graph_value(tx: Tx, kind: str, key: tuple, name: str):
    row = current_rows(tx, kind, [key]).get(key)
    return row.get(name) if row else None


#: record kinds with a create_<kind>.cypher for records known to be new (no lookup, no diff)
_CREATE_QUERIES = ("organizations", "units", "people", "employment", "reports_to", "influence",
                   "relationships", "opportunities", "decision_chain")


def _split_new(kind: str, dataset: Dataset, new_ids: dict[str, set[str]]
               ) -> tuple[list[dict], list[dict]]:
    """The rows of ``kind`` as (rows that cannot be in the graph yet, the others). A node is
    new when its id is not in the graph; an edge is new when one of its ends is a node this
    load creates."""
    pairs = zip(dataset.records[kind], dataset.rows(kind))
    new: list[dict] = []
    old: list[dict] = []
    if kind in _NODE_KINDS:
        ids = new_ids[kind]
        for record, row in pairs:
            (new if record.id in ids else old).append(row)  # type: ignore[attr-defined]
        return new, old
    refs = [(f, t) for f, t in _REFERENCES.get(kind, ()) if t != "units"]
    for record, row in pairs:
        fresh = any(getattr(record, f) in new_ids[t] for f, t in refs
                    if isinstance(getattr(record, f), str))
        (new if fresh else old).append(row)
    return new, old


def _references(dataset: Dataset) -> Iterable[tuple[str, str, str, str]]:
    """Every reference the dataset makes: (where, field, node kind it must name, id)."""
    for kind, refs in _REFERENCES.items():
        for record, where in dataset.items(kind):
            for field_name, target in refs:
                value = getattr(record, field_name)
                for ref in value if isinstance(value, tuple) else [value]:
                    if ref is not None:
                        yield where, field_name, target, ref


def _duplicate_ids(dataset: Dataset, kind: str) -> list[Problem]:
    problems, seen = [], {}
    for record, where in dataset.items(kind):
        rid = record.id  # type: ignore[attr-defined]
        if rid in seen:
            problems.append(Problem(where, "id", _("duplicate id %(id)r (first at %(first)s)",
                                                   id=rid, first=seen[rid])))
        seen.setdefault(rid, where)
    return problems


def _duplicate_edges(dataset: Dataset, kind: str, key_fields: tuple[str, ...]) -> list[Problem]:
    problems, seen = [], {}
    for record, where in dataset.items(kind):
        key = tuple(getattr(record, f) for f in key_fields)
        if key in seen:
            problems.append(Problem(where, "", _(
                "the same %(kind)s as %(first)s (%(key)s)", kind=_singular(kind),
                first=seen[key], key=_describe(key_fields, key))))
        seen.setdefault(key, where)
    return problems


def _referenced_ids(dataset: Dataset) -> dict[str, set[str]]:
    """Every id the dataset refers to, by the node kind it must name."""
    wanted: dict[str, set[str]] = {kind: set() for kind in (*_NODE_KINDS, "staff")}
    for kind, refs in _REFERENCES.items():
        for field_name, target in refs:
            for value in {getattr(r, field_name) for r in dataset.records[kind]}:
                if isinstance(value, tuple):     # a list of ids (an activity's attendees)
                    wanted[target].update(value)
                elif value is not None:
                    wanted[target].add(value)
    return wanted


def _existing_ids(graph: Graph, ids: dict[str, set[str]],
                  wanted: dict[str, set[str]]) -> dict[str, set[str]]:
    """Which of the dataset's own ids (``ids``) and of the ids it refers to (``wanted``) are
    in the graph already."""
    params = {kind: sorted(ids.get(kind, set()) | wanted[kind]) for kind in (*_NODE_KINDS, "staff")}
    row = graph.read("find_existing_ids", **params)[0]
    return {kind: set(row[kind]) for kind in params}


def _batches(rows: list[dict], size: int) -> Iterable[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


#: one record of each kind, in words (problems name what a reference should name)
_SINGULAR = {"people": N_("person"), "staff": N_("staff member (a person with a team_role)"),
             "opportunities": N_("opportunity"), "activities": N_("activity"),
             "employment": N_("employment"), "reports_to": N_("reporting line"),
             "influence": N_("influence edge"), "conflicts": N_("conflict"),
             "decision_chain": N_("decision-chain member"), "org_ties": N_("organization tie"),
             "organizations": N_("organization"), "units": N_("unit"),
             "relationships": N_("relationship"), "favors": N_("favor"), "bids": N_("bid")}


def _singular(kind: str) -> str:
    return _(_SINGULAR[kind]) if kind in _SINGULAR else kind[:-1]


def _describe(fields: tuple[str, ...], key: tuple) -> str:
    return ", ".join(f"{f} {v}" for f, v in zip(fields, key))
