"""The audit log as people read it: change sets filtered by user, date range and account, a page
at a time, and one change set with every change (records by name, updates field by field).

The audit page, the CLI and ``/api/v1/changes`` all read through here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from powermap.errors import NotFound, Problem, ValidationError
from powermap.graph.store import Graph
from powermap.history.records import KEYS, loads, native
from powermap.i18n import _

#: change sets on one page of the audit log
SETS_PER_PAGE = 50
#: change records on one page of a change set
CHANGES_PER_PAGE = 200
#: creations shown with their values (a batch lists at most this many records on the page)
CREATED_SHOWN = 50


@dataclass(frozen=True)
class Filters:
    """What the audit log is filtered by; None: not filtered by that."""

    user: str | None = None
    start: dt.date | None = None      # from this day (UTC) …
    end: dt.date | None = None        # … to this day, inclusive
    account: str | None = None
    page: int = 1

    def as_dict(self) -> dict:
        return {"user": self.user, "from": self.start, "to": self.end,
                "account": self.account, "page": self.page}


def parse_filters(args: dict, where: str = "query") -> Filters:
    """Filters from query parameters (``user``, ``from``, ``to``, ``account``, ``page``); a
    bad value is a ``ValidationError`` naming the parameter and what was expected."""
    problems = []

    def day(name: str) -> dt.date | None:
        text = (args.get(name) or "").strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            problems.append(Problem(where, name, _("expected a date like 2026-11-25, found "
                                                   "%(got)r", got=text[:40])))
            return None

    start, end = day("from"), day("to")
    page_text = (args.get("page") or "1").strip()
    page = int(page_text) if page_text.isdigit() and 0 < int(page_text) < 1_000_000 else None
    if page is None:
        problems.append(Problem(where, "page", _("expected a page number from 1, found %(got)r",
                                                 got=page_text[:40])))
    if start and end and end < start:
        problems.append(Problem(where, "to", _("the end date is before the start date")))
    if problems:
        raise ValidationError(problems)
    return Filters(user=(args.get("user") or "").strip() or None, start=start, end=end,
                   account=(args.get("account") or "").strip() or None, page=page or 1)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)


def change_sets(graph: Graph, filters: Filters, per_page: int = SETS_PER_PAGE) -> dict:
    """One page of the change sets matching ``filters``, newest first, and how many match."""
    params = {"who": filters.user,
              "from": _midnight(filters.start) if filters.start else None,
              "to": _midnight(filters.end + dt.timedelta(days=1)) if filters.end else None,
              "skip": (filters.page - 1) * per_page, "limit": per_page}
    if filters.account:
        row = graph.read("find_change_sets_of_account", account=filters.account, **params)[0]
    else:
        row = graph.read("find_change_sets", **params)[0]
    total = row["total"]
    sets = [native(cs) for cs in row["page"]]
    _add_samples(graph, sets)
    return {"filters": filters.as_dict(), "page": filters.page, "per_page": per_page,
            "total": total, "pages": max(1, -(-total // per_page)), "change_sets": sets}


#: records each change set of the log names (the rest is on its page)
SAMPLES = 3


def _add_samples(graph: Graph, sets: list[dict]) -> None:
    """Give each change set ``records``: the first few records it touched, by name, with the
    fields it changed (``more``: how many change records are not named)."""
    if not sets:
        return
    rows = {r["id"]: r["sample"] for r in graph.read("find_change_samples",
                                                     ids=[cs["id"] for cs in sets],
                                                     per_set=SAMPLES + 1)}
    keys = {cs["id"]: [] for cs in sets}
    for set_id, sample in rows.items():
        for c in sample[:SAMPLES]:
            if c["op"] == "create":
                created = loads(c["keys"]) or []
                keys[set_id] += [(c["kind"], "create", k, []) for k in created[:1]]
            else:
                keys[set_id].append((c["kind"], c["op"], loads(c["key"]), c["fields"] or []))
    ids = sorted({str(p) for entries in keys.values() for _, _, key, _ in entries
                  for p in key[:2]})
    names = {r["id"]: r["name"] for r in graph.read("find_names_of_ids", ids=ids)} if ids else {}
    for cs in sets:
        cs["records"] = [{"kind": kind, "op": op, "fields": fields,
                          "record": [_named(p, names) for p in key[:2]]}
                         for kind, op, key, fields in keys[cs["id"]]]
        touched = sum((cs.get(n) or 0) for n in ("created", "updated", "deleted"))
        cs["more"] = max(0, touched - len(cs["records"]))


def change_set(graph: Graph, set_id: str, page: int = 1,
               per_page: int = CHANGES_PER_PAGE) -> dict:
    """One change set and a page of its changes: kind, record (with names), and for updates
    each field before → after, for deletions the record as it was, for creations the keys
    (and values, where the change record kept them)."""
    head = graph.read("find_change_set", id=set_id)
    if not head:
        raise NotFound(_("no change set with id %(id)r", id=set_id))
    head = native(head[0])
    rows = [native(r) for r in graph.read("find_changes_of_set_page", id=set_id,
                                          skip=(page - 1) * per_page, limit=per_page)]
    changes = [_change(r) for r in rows]
    ids = sorted({i for c in changes for i in c["ids"]})
    names = {r["id"]: r["name"] for r in graph.read("find_names_of_ids", ids=ids)} if ids else {}
    for c in changes:
        c["record"] = [_named(part, names) for part in c["key"]] if c["key"] else []
        for rec in c.get("created", []):
            rec["record"] = [_named(part, names) for part in rec["key"]]
        del c["ids"]
    records = head.pop("records")
    return {"change_set": head, "changes": changes, "page": page, "per_page": per_page,
            "total": records, "pages": max(1, -(-records // per_page))}


def _named(part, names: dict) -> dict:
    return {"id": part, "name": names.get(part) if isinstance(part, str) else None}


def _change(row: dict) -> dict:
    """A change record as the log shows it."""
    kind, op = row["kind"], row["op"]
    out: dict = {"op": op, "kind": kind, "key": None, "fields": [], "ids": set()}
    if op == "create":
        keys = loads(row["keys"]) or []
        values = loads(row["after"])
        out["count"] = row["count"]
        out["created"] = [
            {"key": key, "values": _shown_fields(kind, values[i]) if values else None}
            for i, key in enumerate(keys[:CREATED_SHOWN])]
        out["more"] = max(0, len(keys) - CREATED_SHOWN)
        out["ids"] = {str(p) for key in keys[:CREATED_SHOWN] for p in key[:2]}
        return out
    key = loads(row["key"])
    out["key"] = key
    out["ids"] = {str(p) for p in key[:2]}
    before, after = loads(row["before"]) or {}, loads(row["after"]) or {}
    if op == "update":
        out["fields"] = [{"field": f, "before": before.get(f), "after": after.get(f)}
                         for f in row["fields"] or sorted(after)]
    else:
        out["fields"] = [{"field": f, "before": v, "after": None}
                         for f, v in _shown_fields(kind, before).items()]
    return out


def _shown_fields(kind: str, values: dict) -> dict:
    """A record's fields without history's bookkeeping and without its key (shown apart)."""
    return {k: v for k, v in sorted(values.items())
            if not k.startswith("_") and k not in KEYS[kind] and k != "key" and v is not None}
