"""Undo a change set: set back what it did, as a new change set (via "undo").

- an **update** is set back to its values before;
- a **deletion** is brought back (the record as it was, written through the upsert queries);
- a **creation** of an edge record is deleted; a creation of a node (person, organization …)
  is deleted only when nothing else refers to it any more, otherwise the undo is refused and
  says what still refers to it.

Everything happens in one transaction with its change records, so an undo is all or nothing.
An undo is refused when a later change set touched the same fields or records (``force`` goes
ahead anyway: the later values are overwritten, and the history keeps them), and when the
change set was undone already.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from powermap.errors import NotFound, Refused
from powermap.graph.store import Graph, Tx
from powermap.history.changes import (DELETABLE, ChangeSet, compare, current_rows, delete_records,
                                      record_creations, record_deletions, record_updates)
from powermap.history.records import data_fields, key_of, loads, lookup, native
from powermap.i18n import _, ngettext
from powermap.model import RECORD_KINDS
from powermap.report.words import kind_words

#: node record kinds (an undo deletes such a record only when nothing else refers to it)
NODE_KINDS = ("organizations", "units", "people", "opportunities", "activities")

#: edges that are part of a node's own record (type, outgoing?): they go with the node
_OWN_EDGES = {
    "units": {("PART_OF", True), ("SUB_UNIT_OF", True)},
    "opportunities": {("FOR_CUSTOMER", True)},
    "activities": {("ABOUT", True), ("ATTENDED", False)},
}

#: how many blocking changes or references an error lists
_LISTED = 20


@dataclass
class UndoResult:
    """What an undo did: the new change set and its counts."""

    undone: str
    change_set: str | None
    created: int = 0
    updated: int = 0
    deleted: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"undone": self.undone, "change_set": self.change_set, "created": self.created,
                "updated": self.updated, "deleted": self.deleted, "notes": self.notes}

    def line(self) -> str:
        return _("Undid change set %(undone)s as change set %(change_set)s: %(created)s brought "
                 "back, %(updated)s set back, %(deleted)s removed.", undone=self.undone,
                 change_set=self.change_set, created=self.created, updated=self.updated,
                 deleted=self.deleted)


class UndoBlocked(Refused):
    """Later changes touched what an undo would set back; ``later`` lists them."""

    code = "undo_blocked"

    def __init__(self, set_id: str, later: list[dict]):
        self.later = later
        lines = [(_("change set %(set)s (%(what)s) by %(who)s on %(when)s UTC: %(op)s of "
                    "%(kind)s %(key)s, fields %(fields)s.", fields=", ".join(c["fields"]),
                    **_later_values(c)) if c["fields"] else
                  _("change set %(set)s (%(what)s) by %(who)s on %(when)s UTC: %(op)s of "
                    "%(kind)s %(key)s.", **_later_values(c)))
                 for c in later[:_LISTED]]
        if len(later) > _LISTED:
            lines.append(ngettext("… and %(n)s more.", "… and %(n)s more.",
                                  len(later) - _LISTED))
        super().__init__(ngettext(
            "Change set %(set)s cannot be undone: %(n)s later change touched the same records. "
            "Undo it first, or undo with --force to overwrite it (the history keeps its "
            "values):",
            "Change set %(set)s cannot be undone: %(n)s later changes touched the same "
            "records. Undo them first, or undo with --force to overwrite them (the history "
            "keeps their values):", len(later), set=set_id) + "\n" + "\n".join(lines))


def _later_values(c: dict) -> dict:
    return {"set": c["set"], "what": c["what"], "who": c["who"],
            "when": f"{c['at']:%Y-%m-%d %H:%M}", "op": c["op"], "kind": kind_words(c["kind"]),
            "key": " → ".join(str(k) for k in c["key"])}


def undo_change_set(graph: Graph, set_id: str, who: str, force: bool = False) -> UndoResult:
    """Undo change set ``set_id`` as ``who``; see the module's docstring for what that means.

    Raises ``NotFound`` for an unknown id, ``Refused`` when it was undone already or a node it
    created is still referred to, ``UndoBlocked`` when later changes touched the same records
    (unless ``force``).
    """
    def work(tx: Tx) -> UndoResult:
        head = tx.run("find_change_set_to_undo", id=set_id)
        if not head:
            raise NotFound(_("no change set with id %(id)r", id=set_id))
        head = native(head[0])
        if head["undone_by"]:
            raise Refused(_("Change set %(set)s was undone already, by %(who)s on %(when)s UTC "
                            "(change set %(by)s); undo that one to redo it.", set=set_id,
                            who=head["undone_by_who"],
                            when=f"{head['undone_at']:%Y-%m-%d %H:%M}",
                            by=head["undone_by"]))
        changes = [native(c) for c in tx.run("find_changes_of_set", id=set_id)]
        if not force:
            later = later_changes(tx, head, changes)
            if later:
                raise UndoBlocked(set_id, later)
        cs = ChangeSet(who=who, via="undo", what=f"undo of {set_id}")
        cs.open(tx)
        tx.run("mark_undo", id=cs.id, undoes=set_id)
        result = UndoResult(set_id, cs.id)
        _apply(tx, cs, changes, result)
        cs.close(tx)
        result.created, result.updated, result.deleted = (
            cs.counts["created"], cs.counts["updated"], cs.counts["deleted"])
        return result

    return graph.write_once(work)


def touched(changes: list[dict]) -> dict[tuple[str, tuple], set[str] | None]:
    """(kind, key) → the fields a change set changed (None: the whole record)."""
    out: dict[tuple[str, tuple], set[str] | None] = {}
    for c in changes:
        if c["op"] == "create":
            for key in loads(c["keys"]) or []:
                out[(c["kind"], tuple(key))] = None
        elif c["op"] == "update":
            where = (c["kind"], tuple(loads(c["key"])))
            fields = out.get(where, set())
            out[where] = None if fields is None else fields | set(c["fields"] or [])
        else:
            out[(c["kind"], tuple(loads(c["key"])))] = None
    return out


def later_changes(tx: Tx, head: dict, changes: list[dict]) -> list[dict]:
    """Changes of later change sets that touched the records (and, for updates, the fields)
    this change set touched."""
    mine = touched(changes)
    if not mine:
        return []
    ids = sorted({str(key[0]) for _, key in mine})
    found = []
    for c in tx.run("find_later_changes", ids=ids, at=head["at"], set=head["id"]):
        c = native(c)
        keys = [tuple(k) for k in loads(c["keys"])] if c["op"] == "create" \
            else [tuple(loads(c["key"]))]
        for key in keys:
            if (c["kind"], key) not in mine:
                continue
            fields = mine[(c["kind"], key)]
            theirs = set(c["fields"] or []) if c["op"] == "update" else None
            if fields is not None and theirs is not None and not fields & theirs:
                continue
            found.append({"set": c["set"], "what": c["what"], "who": c["who"], "at": c["at"],
                          "op": c["op"], "kind": c["kind"], "key": list(key),
                          "fields": sorted(theirs or [])})
    return found


def _apply(tx: Tx, cs: ChangeSet, changes: list[dict], result: UndoResult) -> None:
    """Set back deletions (nodes first), then updates, then remove creations (edges first)."""
    order = list(RECORD_KINDS)
    deletions = sorted((c for c in changes if c["op"] == "delete"),
                       key=lambda c: order.index(c["kind"]))
    for c in deletions:
        _bring_back(tx, cs, c["kind"], data_fields(c["kind"], loads(c["before"])))
    for c in changes:
        if c["op"] == "update":
            _set_back(tx, cs, c["kind"], tuple(loads(c["key"])), loads(c["before"]), result)
    creations = [c for c in changes if c["op"] == "create"]
    for c in sorted(creations, key=lambda c: -order.index(c["kind"])):
        keys = [tuple(k) for k in loads(c["keys"]) or []]
        if c["kind"] in DELETABLE:
            delete_records(tx, cs, c["kind"], keys)
    nodes = {kind: [tuple(k) for c in creations if c["kind"] == kind
                    for k in loads(c["keys"]) or []] for kind in NODE_KINDS}
    if any(nodes.values()):
        _delete_nodes(tx, cs, nodes)


def _write(tx: Tx, cs: ChangeSet, kind: str, row: dict) -> None:
    rows = tx.run(f"upsert_{kind}", rows=[row], **cs.params())
    if not rows or not rows[0].get("written"):
        raise Refused(_("The %(kind)s record %(key)s cannot be set back: a record it refers to "
                        "no longer exists.", kind=kind_words(kind),
                        key=" → ".join(str(k) for k in key_of(kind, row))))


def _bring_back(tx: Tx, cs: ChangeSet, kind: str, row: dict) -> None:
    """Write a deleted record as it was; record it as created (or as updated, when someone
    created it again in the meantime and the undo was forced)."""
    key = key_of(kind, row)
    if kind == "employment":
        row = {**row, "key": key[2]}
    now = current_rows(tx, kind, [key]).get(key)
    _write(tx, cs, kind, row)
    if now is None:
        record_creations(tx, cs, kind, [row])
    else:
        update = compare(kind, now, row)
        if update:
            record_updates(tx, cs, [update])


def _set_back(tx: Tx, cs: ChangeSet, kind: str, key: tuple, before: dict,
              result: UndoResult) -> None:
    now = current_rows(tx, kind, [key]).get(key)
    if now is None:
        result.notes.append(_("The %(kind)s record %(key)s no longer exists; its update was "
                              "not set back.", kind=kind_words(kind),
                              key=" → ".join(str(k) for k in key)))
        return
    row = {**data_fields(kind, now), **before}
    update = compare(kind, now, row)
    if update is None:
        return
    _write(tx, cs, kind, row)
    record_updates(tx, cs, [update])


def _delete_nodes(tx: Tx, cs: ChangeSet, nodes: dict[str, list[tuple]]) -> None:
    """Delete created nodes nothing else refers to; refuse (the whole undo) otherwise."""
    refs = tx.run("find_references_to_nodes",
                  **{kind: sorted({str(k[0]) for k in keys}) for kind, keys in nodes.items()})
    going = {str(k[0]) for keys in nodes.values() for k in keys}
    # a unit's PART_OF its organization, created and removed together, blocks neither
    blocking = [r for r in refs if r["other_id"] not in going
                and (r["type"], r["outgoing"]) not in _OWN_EDGES.get(r["kind"], set())]
    if blocking:
        lines = [_("%(id)s (%(kind)s) is referred to by %(other)s (%(other_id)s) through "
                   "%(type)s.", id=r["id"], kind=kind_words(r["kind"]), other=r["other_name"],
                   other_id=r["other_id"], type=r["type"]) for r in blocking[:_LISTED]]
        if len(blocking) > _LISTED:
            lines.append(ngettext("… and %(n)s more.", "… and %(n)s more.",
                                  len(blocking) - _LISTED))
        raise Refused(_("This undo would delete records that other records still refer to; "
                        "nothing was changed. Remove or undo those first:") + "\n"
                      + "\n".join(lines))
    for kind in reversed(NODE_KINDS):
        found = current_rows(tx, kind, nodes[kind])
        if found:
            tx.run(f"delete_{kind}_records", keys=[lookup(kind, k) for k in found])
            record_deletions(tx, cs, kind, list(found.values()))

