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


@dataclass
class LoadSummary:
    rows: dict[str, int] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)  # new nodes per node kind
    counters: Counter = field(default_factory=Counter)     # what Neo4j reports it did

    def as_dict(self) -> dict:
        return {"rows": self.rows, "created": self.created, "counters": dict(self.counters)}


def check_dataset(graph: Graph, dataset: Dataset) -> dict[str, set[str]]:
    """Reject duplicate ids and references to nothing; return the ids already in the graph.

    Raises ``ValidationError`` with one problem per bad record, naming where it came from.
    """
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for kind in _NODE_KINDS:
        seen: dict[str, str] = {}
        for record, where in dataset.items(kind):
            rid = record.id  # type: ignore[attr-defined]
            if rid in seen:
                problems.append(Problem(where, "id", f"duplicate id {rid!r} (first at {seen[rid]})"))
            seen.setdefault(rid, where)
        ids[kind] = set(seen)
    ids["staff"] = {p.id for p in dataset.records["people"] if p.team_role}  # type: ignore[attr-defined]
    existing = _existing_ids(graph, dataset, ids)
    known = {kind: ids[kind] | existing[kind] for kind in ids}
    for where, field_name, target, ref in _references(dataset):
        if ref not in known[target]:
            problems.append(Problem(where, field_name, f"{ref!r} names no {_singular(target)}"))
    if problems:
        raise ValidationError(problems)
    return existing


def load_dataset(graph: Graph, dataset: Dataset,
                 progress: Callable[[str, int], None] = lambda kind, n: None) -> LoadSummary:
    """Check ``dataset``, then write all of it in one transaction: all or nothing.

    ``progress(kind, rows)`` is called after each batch is sent.
    """
    existing = check_dataset(graph, dataset)
    summary = LoadSummary()
    for kind in RECORD_KINDS:
        summary.rows[kind] = len(dataset.records[kind])
        if kind in _NODE_KINDS:
            summary.created[kind] = len({r.id for r in dataset.records[kind]}  # type: ignore[attr-defined]
                                        - existing.get(kind, set()))

    def work(tx: Tx) -> None:
        for kind in RECORD_KINDS:
            rows = [record.to_row() for record in dataset.records[kind]]
            for batch in _batches(rows, BATCH_SIZE):
                summary.counters.update(tx.run_for_counters(f"upsert_{kind}", rows=batch))
                progress(kind, len(batch))

    graph.write_tx(work)
    return summary


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
            "opportunities": "opportunity", "activities": "activity"}.get(kind, kind[:-1])
