"""Records as history sees them: which fields identify one (its key), how a key is looked up,
and how values travel through the JSON text a change record stores.

Keys are also what the importers check for duplicates (``powermap.graph.load``): a node by its
id, an edge by its ends (plus the start date of an employment and the kind of an organization
tie).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

#: the fields that identify a record of each kind
KEYS: dict[str, tuple[str, ...]] = {
    "organizations": ("id",),
    "units": ("id",),
    "people": ("id",),
    "opportunities": ("id",),
    "activities": ("id",),
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

#: the second id a change record is found by (``b``): for nodes, what they belong to, so the
#: changes of one account are found by its id and the ids of its people and opportunities
_SECOND: dict[str, str] = {"units": "organization_id", "opportunities": "customer_id",
                           "activities": "opportunity_id"}

#: fields that hold dates (JSON has none: they travel as ISO text)
DATE_FIELDS = frozenset({"since", "until", "as_of", "close_date", "date"})

Key = tuple


def key_of(kind: str, row: dict) -> Key:
    """The key of a record row. An employment's start date is part of it as text, the way the
    graph stores it on the edge (``key``; empty when the start is unknown)."""
    if kind == "employment":
        key = row.get("key")
        if key is None:
            key = row["since"].isoformat() if row.get("since") else ""
        return row["person_id"], row["organization_id"], key
    return tuple(row[f] for f in KEYS[kind])


def lookup(kind: str, key: Key) -> dict:
    """The parts of a key as the ``find_current_*`` queries take them: a, b and c."""
    if len(KEYS[kind]) == 1:
        return {"a": key[0]}
    if kind == "employment":
        return {"a": key[0], "b": key[1], "c": key[2]}
    return {"a": key[0], "b": key[1], "c": key[2] if len(key) > 2 else None}


def ends(kind: str, key: Key, row: dict | None) -> tuple[str, str | None]:
    """The two ids a change to this record is found by (``a`` and ``b``).

    ``a`` is the record itself or the person it is about: a relationship is found by the
    customer person (``a``) before our staff member (``b``), so reading one account's history
    looks up our staff and other organizations by ``a`` only and never pulls in their
    relationships and employees across the whole portfolio."""
    if len(KEYS[kind]) == 1:
        return key[0], (row or {}).get(_SECOND.get(kind, ""))
    if kind == "relationships":
        return key[1], key[0]
    return key[0], key[1]


def data_fields(kind: str, row: dict) -> dict:
    """The row without history's own bookkeeping (fields starting with ``_``)."""
    return {k: v for k, v in row.items() if not k.startswith("_")}


#: what the driver decodes that is never a temporal value: returned as it is, without the
#: ``hasattr(value, "to_native")`` check (a failed ``hasattr`` raises and catches an
#: AttributeError: that was most of the time of converting a hundred people's details)
_PLAIN = frozenset({str, int, float, bool, type(None)})


def native(value: Any) -> Any:
    """Neo4j temporal values → Python dates and times, recursively, in any nesting of lists
    and dicts (the analyses import it as ``native_values``).

    >>> import neo4j.time
    >>> native({"since": neo4j.time.Date(2024, 5, 1), "tags": ["a", None, 3]})
    {'since': datetime.date(2024, 5, 1), 'tags': ['a', None, 3]}
    """
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [native(v) for v in value]
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


def dumps(value: Any) -> str:
    """JSON text of a row or a list of rows: dates as ISO text, keys sorted (stable)."""
    return json.dumps(value, default=_iso, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def loads(text: str | None) -> Any:
    """A row (or rows) back from ``dumps``, date fields as dates again."""
    if text is None:
        return None
    value = json.loads(text)
    return [_dates(v) for v in value] if isinstance(value, list) else _dates(value)


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "to_native"):
        return value.to_native().isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a change record")


def _dates(row: Any) -> Any:
    if not isinstance(row, dict):
        return row
    return {k: (dt.date.fromisoformat(v) if k in DATE_FIELDS and isinstance(v, str) else v)
            for k, v in row.items()}
