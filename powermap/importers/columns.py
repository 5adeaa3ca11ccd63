"""Validate a whole table column by column, when every cell of it is plainly valid.

Validating a million rows one by one through the models (``powermap.model``) costs a call
into pydantic, a dictionary and a record per row: most of the time an import of 200,000
people spent in Python. Most tables are clean exports, so this module first checks each
column at once (lengths, enumerations, numbers, dates, identifiers, control characters) and,
when every cell passes, builds the records and their rows directly.

It never words a problem: when any cell fails a check, or a table holds something it does not
check (a kind of field it does not know, a value of a type it does not expect), ``validate``
returns None and the caller validates that table row by row as before, so every problem is
still found and worded by the models. Its checks are stricter than the models' (a number
written ``+3`` or a date with a time goes the slow way), never looser: it accepts only what
the models accept, and builds records equal to theirs. tests/test_columns.py compares both
on generated tables.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import types
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Union, get_args, get_origin

from annotated_types import Ge, Le, MaxLen, MinLen

from powermap.model import RECORD_KINDS, Employment, OrgKind, Record, row_value

#: the patterns fields have, checked with Python's ``re`` (its ``\s`` covers more characters
#: than pydantic's, so a negated ``[^\s]`` accepts less: never a value the model refuses)
PATTERNS = (r"^[^\s]+$", r"^[^@\s]+@[^@\s]+$", r"^[A-Z]{3}$")

#: the model and field validators of the models, each done here too (a new one must be added
#: here, else the tests fail: a check this module does not know would be skipped)
VALIDATORS = {
    ("Record", "_plain_text"): "no control character and no carriage return in any text",
    ("Organization", "_tier_only_for_customers"): "_tier_only_for_customers below",
    ("Person", "_lower_email"): "lower-cased email, in _after_field",
    ("Employment", "_since_before_until"): "_since_before_until below",
}

_INT = re.compile(r"0|[1-9][0-9]{0,8}")
_DECIMAL = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: a cell that starts or ends with white space (the cells of a column joined with NUL)
_EDGE_SPACE = re.compile(r"(?:^|\x00)\s|\s(?:\x00|$)")
_ANY_SPACE = re.compile(r"\s")
#: what ``Record._plain_text`` refuses or changes, but NUL: it joins the cells here
_NOT_PLAIN = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\r]")

_new = object.__new__
_set = object.__setattr__


class _Unclean(Exception):
    """A cell that is not plainly valid: the table goes the slow way."""


@dataclass(frozen=True)
class _Field:
    name: str
    required: bool
    default: Any
    #: cell values (None where empty) → (record values, row values); raises _Unclean
    convert: Callable[[list], tuple[list, list]]


def validate(kind: str, cells: dict[str, list]) -> tuple[list[Record], list[dict]] | None:
    """The records of ``kind`` and their rows (``Record.to_row``) from the columns of a table
    (column name → its cells, None where a cell is empty), or None when the table must be
    validated row by row."""
    plan = _PLANS.get(kind)
    if plan is None or not set(cells) <= {f.name for f in plan}:
        return None
    size = len(next(iter(cells.values()), []))
    try:
        values, rows, present = [], [], []
        for f in plan:
            column = cells.get(f.name)
            if column is None:
                if f.required:
                    raise _Unclean
                value, row = [f.default] * size, row_value(f.default)
                values.append(value)
                rows.append(value if row is f.default else [row] * size)
                continue
            if f.required and None in column:
                raise _Unclean
            v, r = f.convert(column)
            values.append(v)
            rows.append(r)
            present.append((f.name, column))
        _RULES.get(kind, _no_rule)(dict(zip([f.name for f in plan], values)))
    except _Unclean:
        return None
    return _build(RECORD_KINDS[kind], [f.name for f in plan], values, rows, present, size)


def _build(model: type[Record], names: list[str], values: list[list], rows: list[list],
           present: list[tuple[str, list]], size: int) -> tuple[list[Record], list[dict]]:
    # which fields each row set (pydantic's fields_set): shared by rows that set the same ones
    always = {name for name, column in present if None not in column}
    sometimes = [(name, column) for name, column in present if name not in always]
    shared: dict[tuple, set[str]] = {}
    if sometimes:
        patterns = list(zip(*[[v is not None for v in column] for _, column in sometimes]))
    else:
        patterns = [()] * size
    # a row is the record's values but where they differ: enumerations as their values,
    # tuples as lists, and an employment's key (``Record.to_row``)
    differ = [(name, row) for name, value, row in zip(names, values, rows) if row is not value]
    if model is Employment:
        since = values[names.index("since")]
        differ.append(("key", [d.isoformat() if d else "" for d in since]))
    differ_names = [name for name, _row in differ]
    changes = zip(*[row for _name, row in differ]) if differ else [()] * size
    records, made = [], []
    for record_values, pattern, change in zip(zip(*values), patterns, changes):
        fields_set = shared.get(pattern)
        if fields_set is None:
            fields_set = shared[pattern] = always | {n for (n, _c), p in zip(sometimes, pattern)
                                                     if p}
        fields = dict(zip(names, record_values))
        record = _new(model)
        _set(record, "__dict__", fields)
        _set(record, "__pydantic_fields_set__", fields_set)
        _set(record, "__pydantic_extra__", None)
        _set(record, "__pydantic_private__", None)
        records.append(record)
        row = fields.copy()
        row.update(zip(differ_names, change))
        made.append(row)
    return records, made


# --- checks of one column --------------------------------------------------------------------

def _text(min_length: int, max_length: int | None, pattern: str | None,
          after: Callable[[str], str] | None, default: Any):
    """Text: no white space around it (pydantic strips it), no control character and no
    carriage return (``Record._plain_text``), within its lengths and pattern."""
    anywhere = pattern == PATTERNS[0]   # an id: no white space anywhere, one search of all
    space = _ANY_SPACE if anywhere else _EDGE_SPACE
    check = re.compile(pattern).fullmatch if pattern and not anywhere else None

    def convert(column: list) -> tuple[list, list]:
        given = [v for v in column if v is not None] if None in column else column
        try:
            joined = "\x00".join(given)
        except TypeError:     # not all text
            raise _Unclean from None
        if _NOT_PLAIN.search(joined) or joined.count("\x00") != max(len(given) - 1, 0) \
                or space.search(joined):
            raise _Unclean
        if given and (min_length and "" in given or
                      max_length is not None and max(map(len, given)) > max_length):
            raise _Unclean
        if check is not None and not all(map(check, given)):
            raise _Unclean
        out = [default if v is None else v for v in column] if given is not column \
            else list(column)
        if after is not None:
            out = [after(v) if v is not None else v for v in out]
        return out, out
    return convert


def _enum(enum: type[Enum], default: Any):
    members = {m.value: m for m in enum}
    default_value = row_value(default)

    def convert(column: list) -> tuple[list, list]:
        given = set(column)
        given.discard(None)
        if any(type(v) is not str for v in given) or not given <= members.keys():
            raise _Unclean
        return ([default if v is None else members[v] for v in column],
                [default_value if v is None else v for v in column])
    return convert


def _number(integer: bool, ge: float | None, le: float | None, default: Any):
    pattern = _INT if integer else _DECIMAL
    allowed = {str, int, type(None)} if integer else {str, int, float, type(None)}
    cast = int if integer else float

    def number(v: Any) -> Any:
        if v is None:
            return default
        kind = type(v)
        if kind is str:
            if pattern.fullmatch(v) is None:
                raise _Unclean
            v = cast(v)
        elif kind is int:
            v = cast(v)
        elif kind is float and not integer and math.isfinite(v):
            pass
        else:
            raise _Unclean
        if ge is not None and v < ge or le is not None and v > le:
            raise _Unclean
        return v

    def convert(column: list) -> tuple[list, list]:
        kinds = set(map(type, column))
        if not kinds <= allowed:      # a bool, say, which a set would take for 1 or 0
            raise _Unclean
        if float in kinds:            # 0 and -0.0 are one key: convert each cell
            out = list(map(number, column))
        else:   # few distinct values (strengths 1–5, some confidences): convert each once
            numbers = {v: number(v) for v in set(column)}
            out = [numbers[v] for v in column]
        return out, out
    return convert


def _date(default: Any):
    def convert(column: list) -> tuple[list, list]:
        dates: dict[Any, Any] = {None: default}
        for v in set(column) - {None}:
            if type(v) is not str or _DATE.fullmatch(v) is None:
                raise _Unclean
            try:
                dates[v] = dt.date.fromisoformat(v)
            except ValueError:
                raise _Unclean from None
        out = [dates[v] for v in column]
        return out, out
    return convert


def _roles(enum: type[Enum], min_length: int):
    members = {m.value: m for m in enum}

    def convert(column: list) -> tuple[list, list]:
        values = []
        for v in column:
            if type(v) is not list or len(v) < min_length or \
                    any(type(i) is not str or i not in members for i in v):
                raise _Unclean
            values.append(tuple(members[i] for i in v))
        return values, [list(v) for v in column]
    return convert


# --- the rules across fields (the models' validators) ----------------------------------------

def _tier_only_for_customers(columns: dict[str, list]) -> None:
    if any(t is not None and k is not OrgKind.CUSTOMER
           for k, t in zip(columns["kind"], columns["tier"])):
        raise _Unclean


def _since_before_until(columns: dict[str, list]) -> None:
    if any(s and u and u < s for s, u in zip(columns["since"], columns["until"])):
        raise _Unclean


def _no_rule(columns: dict[str, list]) -> None:
    pass


_RULES = {"organizations": _tier_only_for_customers, "employment": _since_before_until}
_AFTER_FIELD = {("Person", "email"): str.lower}


# --- plans, made from the models ------------------------------------------------------------

def _plan(model: type[Record]) -> list[_Field] | None:
    """How to check each field of ``model``, or None when one is of a kind not checked here."""
    fields = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if get_origin(annotation) in (Union, types.UnionType):   # X | None
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return None
            annotation = args[0]
        limits: dict[str, Any] = {}
        for m in info.metadata:
            if isinstance(m, MinLen):
                limits["min"] = m.min_length
            elif isinstance(m, MaxLen):
                limits["max"] = m.max_length
            elif isinstance(m, Ge):
                limits["ge"] = m.ge
            elif isinstance(m, Le):
                limits["le"] = m.le
            elif getattr(m, "pattern", None) in PATTERNS:
                limits["pattern"] = m.pattern
            else:
                return None
        default = None if info.is_required() else info.default
        if annotation is str:
            convert = _text(limits.pop("min", 0), limits.pop("max", None),
                            limits.pop("pattern", None),
                            _AFTER_FIELD.get((model.__name__, name)), default)
        elif isinstance(annotation, type) and issubclass(annotation, Enum):
            convert = _enum(annotation, default)
        elif annotation in (int, float):
            convert = _number(annotation is int, limits.pop("ge", None), limits.pop("le", None),
                              default)
        elif annotation is dt.date:
            convert = _date(default)
        elif get_origin(annotation) is tuple and len(get_args(annotation)) == 2 \
                and isinstance(get_args(annotation)[0], type) \
                and issubclass(get_args(annotation)[0], Enum):
            convert = _roles(get_args(annotation)[0], limits.pop("min", 0))
        else:
            return None
        if limits:   # a limit the conversion does not check
            return None
        fields.append(_Field(name, info.is_required(), default, convert))
    return fields


_PLANS = {kind: plan for kind, model in RECORD_KINDS.items() if (plan := _plan(model))}
