"""Record every change in the transaction that makes it.

A write opens a ``ChangeSet`` (one import, one edit, one undo: who, when, through what, which
file) and records what it did to each record:

- an **update** as one ``(:Change {op: 'update'})`` per record, holding the key, the fields that
  changed and their values before and after;
- a **deletion** as one ``(:Change {op: 'delete'})`` holding the whole record as it was, so it
  can be brought back;
- **creations** as one ``(:Change {op: 'create'})`` per record kind and batch, listing the keys
  (and, for small batches, the values); every created node and edge carries ``_created`` (when, epoch
  milliseconds), which is what "as of" reads.

Everything is written with the change itself, so a failed or killed write leaves neither data
nor history. See docs/model.md ("History").
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Iterable

from powermap.graph.store import Tx
from powermap.history.records import KEYS, Key, data_fields, dumps, ends, key_of, lookup, native

#: creations of more records than this in one batch keep their keys only (the records hold
#: the values): copying a 200,000-person import into the log would double its cost
CREATE_VALUES_UP_TO = 1_000


@dataclass
class ChangeSet:
    """One unit of work as the audit log shows it."""

    who: str                       # a user name, or "(cli)", "(demo)"
    via: str                       # web, api, cli, import, demo, undo
    what: str                      # "native import of people.csv", "set stance", …
    file: str | None = None
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    counts: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0,
                                                            "deleted": 0})
    #: the transaction the change set was opened in: a retried transaction (``write_tx``
    #: retries on transient errors) opens it again, from nothing, since the failed attempt's
    #: writes were rolled back
    opened_in: object = None

    @property
    def opened(self) -> bool:
        """Whether anything was recorded (a change set is only opened then)."""
        return self.opened_in is not None

    def params(self) -> dict:
        """What the create/upsert queries stamp on an element they create: ``_created``, when,
        as epoch milliseconds (an integer costs less to store and to compare than a datetime;
        the change set that created it is found through its ``create`` change record)."""
        return {"created_ms": round(self.at.timestamp() * 1000)}

    def open(self, tx: Tx) -> None:
        if self.opened_in is not tx.transaction:
            self.counts = {"created": 0, "updated": 0, "deleted": 0}
            tx.run("create_change_set", id=self.id, at=self.at, who=self.who, via=self.via,
                   what=self.what, file=self.file)
            self.opened_in = tx.transaction

    def close(self, tx: Tx) -> None:
        """Store how many records the change set created, updated and deleted (a change set is
        only opened when there is something to record)."""
        if self.opened_in is not tx.transaction:
            return
        tx.run("close_change_set", id=self.id, created=self.counts["created"],
               updated=self.counts["updated"], deleted=self.counts["deleted"])


@dataclass
class Update:
    kind: str
    key: Key
    before: dict          # the changed fields, as they were
    after: dict           # the changed fields, as they are now
    row: dict             # the whole new row (for finding its ends)


def current_rows(tx: Tx, kind: str, keys: Iterable[Key]) -> dict[Key, dict]:
    """The records of ``kind`` with these keys as the graph holds them now (missing keys are
    absent from the answer)."""
    keys = list(keys)
    if not keys:
        return {}
    found: dict[Key, dict] = {}
    for start in range(0, len(keys), 5_000):
        rows = tx.run(f"find_current_{kind}",
                      keys=[lookup(kind, k) for k in keys[start:start + 5_000]])
        for row in rows:
            row = native(row)
            found[key_of(kind, row)] = row
    return found


def compare(kind: str, current: dict | None, row: dict) -> Update | None:
    """What writing ``row`` over ``current`` would change (None: nothing)."""
    if current is None:
        return None
    before, after = {}, {}
    for name, value in data_fields(kind, row).items():
        if name in KEYS[kind] or name == "key":
            continue
        old = current.get(name)
        if _normal(name, old) != _normal(name, value):
            before[name], after[name] = old, value
    return Update(kind, key_of(kind, row), before, after, row) if after else None


def _normal(name: str, value):
    """A value as compared: lists as lists, attendees in any order (they are a set)."""
    if isinstance(value, (tuple, list)):
        return sorted(value) if name == "attendee_ids" else list(value)
    return value


def record_updates(tx: Tx, cs: ChangeSet, updates: list[Update]) -> None:
    if not updates:
        return
    cs.open(tx)
    rows = []
    for u in updates:
        a, b = ends(u.kind, u.key, u.row)
        rows.append({"kind": u.kind, "key": dumps(list(u.key)), "a": a, "b": b,
                     "fields": sorted(u.after), "before": dumps(u.before),
                     "after": dumps(u.after)})
    for start in range(0, len(rows), 5_000):
        tx.run("record_changes", set=cs.id, at=cs.at, op="update", changes=rows[start:start + 5_000])
    cs.counts["updated"] += len(updates)


def record_creations(tx: Tx, cs: ChangeSet, kind: str, rows: list[dict]) -> None:
    """One change record for a batch of records of one kind that were just created."""
    if not rows:
        return
    cs.open(tx)
    keys = [list(key_of(kind, r)) for r in rows]
    values = [data_fields(kind, r) for r in rows] if len(rows) <= CREATE_VALUES_UP_TO else None
    tx.run("record_creations", set=cs.id, at=cs.at, kind=kind, count=len(rows),
           keys=dumps(keys), ids=sorted({str(k[0]) for k in keys}
                                        | {str(k[1]) for k in keys if len(k) > 1}),
           after=dumps(values) if values is not None else None)
    cs.counts["created"] += len(rows)


def record_deletions(tx: Tx, cs: ChangeSet, kind: str, rows: list[dict]) -> None:
    """One change record per deleted record, holding all of it (``_created`` included)."""
    if not rows:
        return
    cs.open(tx)
    changes = []
    for row in rows:
        key = key_of(kind, row)
        a, b = ends(kind, key, row)
        changes.append({"kind": kind, "key": dumps(list(key)), "a": a, "b": b,
                        "fields": sorted(data_fields(kind, row)), "before": dumps(row),
                        "after": None})
    tx.run("record_changes", set=cs.id, at=cs.at, op="delete", changes=changes)
    cs.counts["deleted"] += len(rows)


#: edge record kinds that ``delete_records`` can delete (nodes are never deleted by a write:
#: a person who left keeps their closed employment)
DELETABLE = frozenset({"employment", "reports_to", "influence", "conflicts", "relationships",
                       "favors", "bids", "decision_chain", "org_ties"})


def delete_records(tx: Tx, cs: ChangeSet, kind: str, keys: Iterable[Key]) -> list[dict]:
    """Delete the records of ``kind`` with these keys and record each as it was; the rows
    deleted are returned (keys that name nothing are left out)."""
    if kind not in DELETABLE:
        raise ValueError(f"records of kind {kind!r} cannot be deleted")
    found = current_rows(tx, kind, keys)
    if found:
        tx.run(f"delete_{kind}_records", keys=[lookup(kind, k) for k in found])
        record_deletions(tx, cs, kind, list(found.values()))
    return list(found.values())
