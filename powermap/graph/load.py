"""Write a validated ``Dataset`` into the graph: references checked first, then every record
in one transaction, in batches of ``UNWIND $rows``.

This is the one write path for the demo data and every importer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from powermap.errors import Problem, ValidationError
from powermap.graph.store import Graph, Tx
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
_EDGE_KEYS: dict[str, tuple[str, ...]] = {
    "employment": ("person_id", "organization_id", "since"),
    "reports_to": ("person_id", "manager_id"),
    "influence": ("from_id", "to_id"),
    "conflicts": ("from_id", "to_id"),
    "relationships": ("staff_id", "person_id"),
    "favors": ("person_id", "organization_id"),
    "bids": ("competitor_id", "opportunity_id"),
    "decision_chain": ("person_id", "opportunity_id"),
    "org_ties": ("from_id", "to_id", "kind"),
}

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

    def totals(self) -> dict[str, int]:
        return {outcome: sum(getattr(self, outcome).values()) for outcome in OUTCOMES}

    def by_kind(self) -> dict[str, dict[str, int]]:
        """kind → {rows, created, updated, unchanged, kept}, for kinds with rows only."""
        return {kind: {"rows": n, **{o: getattr(self, o)[kind] for o in OUTCOMES}}
                for kind, n in self.rows.items() if n}

    def as_dict(self) -> dict:
        return {"totals": self.totals(), "kinds": self.by_kind(), "counters": dict(self.counters)}


def check_dataset(graph: Graph, dataset: Dataset) -> dict[str, set[str]]:
    """Reject duplicate ids and references to nothing; return the ids already in the graph.

    Raises ``ValidationError`` with one problem per bad record, naming where it came from,
    together with the problems of the rows the importer left out (``dataset.problems``), so
    that field, duplicate and reference problems of one file are reported in one pass.
    """
    problems: list[Problem] = list(dataset.problems)
    ids: dict[str, set[str]] = {}
    for kind in _NODE_KINDS:
        seen: dict[str, str] = {}
        for record, where in dataset.items(kind):
            rid = record.id  # type: ignore[attr-defined]
            if rid in seen:
                problems.append(Problem(where, "id", f"duplicate id {rid!r} (first at {seen[rid]})"))
            seen.setdefault(rid, where)
        ids[kind] = set(seen)
    for kind, key_fields in _EDGE_KEYS.items():
        seen = {}
        for record, where in dataset.items(kind):
            key = tuple(getattr(record, f) for f in key_fields)
            if key in seen:
                problems.append(Problem(where, "", f"the same {_singular(kind)} as "
                                                   f"{seen[key]} ({_describe(key_fields, key)})"))
            seen.setdefault(key, where)
    ids["staff"] = {p.id for p in dataset.records["people"] if p.team_role}  # type: ignore[attr-defined]
    existing = _existing_ids(graph, dataset, ids)
    known = {kind: ids[kind] | existing[kind] for kind in ids}
    rejected = dataset.rejected_ids
    rejected = {**rejected, "staff": rejected.get("people", set())}
    for where, field_name, target, ref in _references(dataset):
        if ref not in known[target] and ref not in rejected.get(target, ()):
            problems.append(Problem(where, field_name, f"{ref!r} names no {_singular(target)}"))
    if problems:
        raise ValidationError(problems)
    return existing


def load_dataset(graph: Graph, dataset: Dataset,
                 progress: Callable[[str, int], None] = lambda kind, n: None,
                 suggested: frozenset[str] = frozenset()) -> LoadSummary:
    """Check ``dataset``, then write all of it in one transaction: all or nothing.

    ``progress(kind, rows)`` is called after each batch is sent. Record kinds in ``suggested``
    (only ``relationships`` so far) are written only where no one else entered a value: an
    existing relationship from another source is kept and counted as such.
    """
    existing = check_dataset(graph, dataset)
    new_ids = {kind: {r.id for r in dataset.records[kind]} - existing[kind]  # type: ignore[attr-defined]
               for kind in _NODE_KINDS}
    new_ids["staff"] = new_ids["people"]

    def work(tx: Tx) -> LoadSummary:
        summary = LoadSummary()
        for kind in RECORD_KINDS:
            new, old = _split_new(kind, dataset, new_ids)
            summary.rows[kind] = len(new) + len(old)
            if kind in _CREATE_QUERIES and kind not in suggested:
                for batch in _batches([r.to_row() for r in new], BATCH_SIZE):
                    (result,), counters = tx.run_with_counters(f"create_{kind}", rows=batch)
                    summary.counters.update(counters)
                    summary.created[kind] += result["created"]
                    progress(kind, len(batch))
            else:
                old = new + old
            rows = [record.to_row() for record in old]
            query = f"upsert_suggested_{kind}" if kind in suggested else f"upsert_{kind}"
            for batch in _batches(rows, BATCH_SIZE):
                (result,), counters = tx.run_with_counters(query, rows=batch)
                summary.counters.update(counters)
                summary.created[kind] += result["created"]
                summary.updated[kind] += result["updated"]
                summary.unchanged[kind] += result["written"] - result["created"] - result["updated"]
                summary.kept[kind] += len(batch) - result["written"]
                progress(kind, len(batch))
        return summary

    return graph.write_once(work)


#: record kinds with a create_<kind>.cypher for records known to be new (no lookup, no diff)
_CREATE_QUERIES = ("organizations", "units", "people", "employment", "reports_to", "influence",
                   "relationships", "opportunities", "decision_chain")


def _split_new(kind: str, dataset: Dataset, new_ids: dict[str, set[str]]
               ) -> tuple[list, list]:
    """(records that cannot be in the graph yet, the others). A node is new when its id is not
    in the graph; an edge is new when one of its ends is a node this load creates."""
    if kind in _NODE_KINDS:
        ids = new_ids[kind]
        new = [r for r in dataset.records[kind] if r.id in ids]  # type: ignore[attr-defined]
        old = [r for r in dataset.records[kind] if r.id not in ids]  # type: ignore[attr-defined]
        return new, old
    refs = [(f, t) for f, t in _REFERENCES.get(kind, ()) if t != "units"]
    new, old = [], []
    for record in dataset.records[kind]:
        fresh = any(getattr(record, f) in new_ids[t] for f, t in refs
                    if isinstance(getattr(record, f), str))
        (new if fresh else old).append(record)
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


def _existing_ids(graph: Graph, dataset: Dataset, ids: dict[str, set[str]]) -> dict[str, set[str]]:
    """Which of the dataset's own ids and of the ids it refers to are in the graph already."""
    wanted: dict[str, set[str]] = {kind: set(v) for kind, v in ids.items()}
    for _, _, target, ref in _references(dataset):
        wanted[target].add(ref)
    params = {kind: sorted(wanted[kind]) for kind in (*_NODE_KINDS, "staff")}
    row = graph.read("find_existing_ids", **params)[0]
    return {kind: set(row[kind]) for kind in params}


def _batches(rows: list[dict], size: int) -> Iterable[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _singular(kind: str) -> str:
    return {"people": "person", "staff": "staff member (a person with a team_role)",
            "opportunities": "opportunity", "activities": "activity",
            "employment": "employment", "reports_to": "reporting line",
            "influence": "influence edge", "conflicts": "conflict",
            "decision_chain": "decision-chain member", "org_ties": "organization tie",
            }.get(kind, kind[:-1])


def _describe(fields: tuple[str, ...], key: tuple) -> str:
    return ", ".join(f"{f} {v}" for f, v in zip(fields, key))
