"""The native format: one table per kind of record, as a folder of CSV files, the sheets of one
.xlsx workbook, or one JSON document. ``export_native`` writes what ``parse_native`` reads, so
an export imported into an empty graph reproduces it exactly.

The tables and their columns come from the model (``powermap.model``); docs/import.md lists
them. Two columns hold lists: ``roles`` of decision_chain (``decision_maker;approver``), and the
attendees of an activity, which have a table of their own (``attendees``: activity_id,
person_id) so that every table is flat.

An export carries an **export stamp** (when it was written, UTC, and the newest change set in
the graph then): a top-level ``export_stamp`` object in JSON, an ``export_stamp.csv`` file in a
CSV folder, an ``export_stamp`` sheet in a workbook. Importing the file later compares it with
what changed in the graph since (see ``powermap.graph.load.find_conflicts``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from operator import itemgetter
from pathlib import Path
from typing import Any

from powermap.errors import Problem, ValidationError
from powermap.gc_pause import paused_gc
from powermap.graph.store import Graph
from powermap.i18n import _, format_number
from powermap.importers import columns
from powermap.importers.plan import ExportStamp, ImportPlan
from powermap.importers.tables import (ColumnTable, Table, at_line, decode, parse_csv,
                                       read_workbook, sheet_safe, sheet_unsafe)
from powermap.model import RECORD_KINDS, Dataset, Judgement, shorten

FORMAT_NAME = "powermap-native"
FORMAT_VERSION = 1

#: columns that hold a list, written as values separated by ";"
LIST_SEPARATOR = ";"
_LIST_COLUMNS = {("decision_chain", "roles")}

ATTENDEES = "attendees"

#: the table (JSON key, CSV file stem, sheet name) that holds the export stamp
STAMP = "export_stamp"
STAMP_COLUMNS = ["exported_at", "change_set"]


def table_columns() -> dict[str, list[str]]:
    """Table name → its columns, in the order exports write them."""
    tables = {}
    for kind, model in RECORD_KINDS.items():
        own = [n for n in model.model_fields if n not in Judgement.model_fields]
        tables[kind] = [n for n in own + [n for n in model.model_fields if n not in own]
                        if (kind, n) != ("activities", "attendee_ids")]
        if kind == "activities":
            tables[ATTENDEES] = ["activity_id", "person_id"]
    return tables


def required_columns(table: str) -> list[str]:
    if table == ATTENDEES:
        return ["activity_id", "person_id"]
    model = RECORD_KINDS[table]
    return [name for name, info in model.model_fields.items()
            if info.is_required() and name != "attendee_ids"]


# --- reading -------------------------------------------------------------------------------

@paused_gc()
def parse_native(path: Path) -> ImportPlan:
    """Read a native export (folder of CSV files, .xlsx or .json) into a validated plan.

    Raises ``ValidationError`` naming the file, line and column of every problem found.
    """
    path = Path(path)
    if path.is_dir():
        tables = _read_folder(path)
    elif path.suffix.lower() == ".xlsx":
        tables = _known_tables(read_workbook(path), path.name)
    elif path.suffix.lower() == ".json":
        tables = _read_json(path.read_bytes(), path.name)
    elif path.suffix.lower() == ".csv":
        raise ValidationError(Problem(path.name, "", _("give the folder that holds the CSV "
                                                       "files, not one file")))
    elif not path.exists():
        raise ValidationError(Problem(str(path), "", _("no such file or folder")))
    else:
        raise ValidationError(Problem(path.name, "", _("expected a folder of CSV files, an "
                                                       ".xlsx workbook or a .json file")))
    return _plan(tables)


def _plan(tables: dict[str, Table]) -> ImportPlan:
    stamp = read_stamp(tables.pop(STAMP)) if STAMP in tables else None
    return ImportPlan("native", dataset_from_tables(tables), stamp=stamp)


def read_stamp(table: Table) -> ExportStamp:
    """The export stamp from its one-row table; a stamp that cannot be read is refused (an
    import must not quietly lose the protection of newer values)."""
    table.require(STAMP_COLUMNS)
    if len(table.rows) != 1:
        raise ValidationError(Problem(table.name, "", _(
            "expected exactly one row in the export stamp, found %(n)s", n=len(table.rows))))
    line, row = table.rows[0]
    text = row.get("exported_at")
    try:
        at = dt.datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise ValidationError(Problem(table.where(line), "exported_at", _(
            "expected a date and time like 2026-11-25T23:50:00+00:00, found %(got)r",
            got=text))) from None
    if at.tzinfo is None:
        raise ValidationError(Problem(table.where(line), "exported_at", _(
            "expected a time with its time zone (+00:00)")))
    change_set = row.get("change_set")
    return ExportStamp(at.astimezone(dt.timezone.utc),
                       str(change_set) if change_set not in (None, "") else None)


@paused_gc()
def parse_native_upload(name: str, data: bytes) -> ImportPlan:
    """The same for one uploaded file: a .json, an .xlsx, or a single CSV table named after
    its kind (``people.csv``)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return _plan(_read_json(data, name))
    if suffix == ".xlsx":
        import tempfile
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
            f.write(data)
            f.flush()
            tables = read_workbook(Path(f.name), name)
        return _plan(_known_tables(tables, name))
    if suffix == ".csv":
        table = parse_csv(decode(data, name), name)
        return _plan(_known_tables({Path(name).stem: _unescape(table)}, name))
    raise ValidationError(Problem(name, "", _("expected a .json, .xlsx or .csv file")))


def _read_folder(folder: Path) -> dict[str, Table]:
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise ValidationError(Problem(str(folder), "", _(
            "no .csv files in this folder; expected %(files)s",
            files=", ".join(f"{t}.csv" for t in table_columns()))))
    tables = {}
    for f in files:
        text = decode(f.read_bytes(), f.name)
        table = parse_csv(text, f.name)
        # one search of the file spares a look at every cell when none starts with a quote
        tables[f.stem] = _unescape(table) if _QUOTE_AT_START.search(text) else table
    return _known_tables(tables, str(folder))


#: a cell that may start with a quote (after the spaces a cell's value loses)
_QUOTE_AT_START = re.compile(r"(?:^|[,\n\"])\s*'")


def _unescape(table: Table) -> Table:
    if isinstance(table, ColumnTable) and table.cells is not None:
        for column, values in table.cells.items():
            if "\x00'" in "\x00" + "\x00".join(filter(None, values)):
                table.cells[column] = [sheet_unsafe(v) if v and v[0] == "'" else v
                                       for v in values]
        return table
    for _line, row in table.rows:
        for column, value in row.items():
            if value and value[0] == "'":      # only a leading quote can be an escape
                row[column] = sheet_unsafe(value)
    return table


def _known_tables(tables: dict[str, Table], source: str) -> dict[str, Table]:
    known = table_columns()
    # the export stamp is no table of records: written by exports, never named to people
    problems = [Problem(t.name, "", _("unknown table %(name)r; expected one of %(known)s",
                                      name=name, known=", ".join(known)))
                for name, t in tables.items() if name not in known and name != STAMP]
    if problems:
        raise ValidationError(problems)
    return tables


def _read_json(data: bytes, name: str) -> dict[str, Table]:
    text = decode(data, name)
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise ValidationError(Problem(at_line(name, e.lineno), "",
                                      _("not valid JSON: %(error)s (column %(column)s)",
                                        error=e.msg, column=e.colno))) from None
    except _NotANumber as e:
        raise ValidationError(Problem(name, "", _(
            "%(value)s is not a number JSON allows; write the number itself, or leave the "
            "field out", value=e))) from None
    except RecursionError:
        raise ValidationError(Problem(name, "", _(
            "the JSON is nested too deeply; expected one object with one list of objects per "
            "table"))) from None
    if not isinstance(document, dict):
        raise ValidationError(Problem(name, "", _("expected a JSON object with one list per "
                                                  "table")))
    known = table_columns()
    problems, tables = [], {}
    for key, rows in document.items():
        if key in ("format", "version"):
            continue
        if key == STAMP:
            if not isinstance(rows, dict):
                problems.append(Problem(name, key, _("expected an object with exported_at and "
                                                     "change_set")))
                continue
            table = Table(f"{name} {key}", list(rows), row_label="item", has_header=False)
            table.rows = [(1, dict(rows))]
            tables[key] = table
            continue
        if key not in known:
            problems.append(Problem(name, key, _("unknown table; expected one of %(known)s",
                                                 known=", ".join(known))))
            continue
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            problems.append(Problem(name, key, _("expected a list of objects")))
            continue
        # JSON has no header: every item names its own fields, so a missing required field is
        # a problem of that item (found when it is validated), and an empty list is no rows.
        columns = list(dict.fromkeys(c for r in rows for c in r))
        table = Table(f"{name} {key}", columns, row_label="item", has_header=False)
        table.rows = [(i, dict(r)) for i, r in enumerate(rows, start=1)]
        tables[key] = table
    if document.get("format", FORMAT_NAME) != FORMAT_NAME:
        problems.append(Problem(name, "format", _("expected %(format)r", format=FORMAT_NAME)))
    if problems:
        raise ValidationError(problems)
    return tables


class _NotANumber(ValueError):
    pass


def _no_constant(text: str):
    raise _NotANumber(text)


#: the native import stops reading after this many problems: the first ones are shown anyway
MAX_PROBLEMS_READ = 1_000


class _Everything(frozenset):
    """The rejected ids of a table that could not be read: references to it are not checked."""

    def __contains__(self, item: object) -> bool:
        return True


def dataset_from_tables(tables: dict[str, Table]) -> Dataset:
    """Validate every row of every table into a dataset.

    Rows with problems are left out and their problems kept in ``dataset.problems``, which
    ``check_dataset`` reports together with duplicates and dangling references. A table whose
    header is wrong is not read at all; its header problems are kept the same way. An empty
    table (a header without rows, an empty list) simply adds no rows.
    """
    columns = table_columns()
    dataset = Dataset()
    unreadable = set()
    for name, table in tables.items():
        problems = _header_problems(name, table, columns[name])
        if problems:
            dataset.problems += problems
            unreadable.add(name)
            dataset.rejected_ids[name] = _Everything()

    attendees: dict[str, list[str]] = {}
    attendee_rows: dict[str, str] = {}
    if ATTENDEES in tables and ATTENDEES not in unreadable:
        table = tables[ATTENDEES]
        for line, row in table.rows:
            activity, person = row.get("activity_id"), row.get("person_id")
            where = table.where(line) + _row_label(ATTENDEES, row)
            for column, value in (("activity_id", activity), ("person_id", person)):
                if value in (None, ""):
                    dataset.problems.append(Problem(where, column, _("required, missing")))
            if activity and person:
                attendees.setdefault(str(activity), []).append(str(person))
                attendee_rows.setdefault(str(activity), where)

    for kind in RECORD_KINDS:
        table = tables.get(kind)
        if table is None or kind in unreadable:
            continue
        if kind != "activities" and _validate_columns(dataset, kind, table):
            continue
        lists = [c for k, c in _LIST_COLUMNS if k == kind]
        for line, row in table.rows:
            data = {c: v for c, v in row.items() if v not in (None, "")}
            for column in lists:
                if column in data:
                    data[column] = _value(kind, column, data[column])
            where = _RowPlace(table, line, kind, data)
            if kind == "activities":
                data["attendee_ids"] = attendees.pop(str(data.get("id")), [])
                if not data["attendee_ids"]:
                    if ATTENDEES not in unreadable:  # else its header problems say it all
                        dataset.problems.append(Problem(where, "attendee_ids", _(
                            "an activity needs at least one row in the attendees table")))
                    dataset.rejected_ids.setdefault(kind, set()).add(str(data.get("id")))
                    continue
            dataset.try_add(kind, data, where)
            if len(dataset.problems) >= MAX_PROBLEMS_READ:
                # first, so that it is among the problems shown
                dataset.problems.insert(0, Problem(where, "", _(
                    "stopped reading here after %(n)s problems; there may be more below",
                    n=format_number(MAX_PROBLEMS_READ))))
                return dataset
    for activity, where in attendee_rows.items():
        if activity in attendees and "activities" not in unreadable:
            dataset.problems.append(Problem(where, "activity_id", _(
                "%(id)s names no activity in the activities table", id=shorten(activity))))
    return dataset


def _validate_columns(dataset: Dataset, kind: str, table: Table) -> bool:
    """Add the rows of ``table`` to ``dataset`` validated column by column, when every cell of
    it is plainly valid (``powermap.importers.columns``); False: validate it row by row."""
    if not table.row_count():
        return False
    if isinstance(table, ColumnTable) and table.cells is not None:   # a CSV file
        cells, lines = dict(table.cells), table.lines
    else:
        rows = [row for _line, row in table.rows]
        lines = [line for line, _row in table.rows]
        cells = {}
        for c in table.columns:
            try:
                column = list(map(itemgetter(c), rows))
            except KeyError:    # a JSON item without this field
                column = [row.get(c) for row in rows]
            cells[c] = [None if v == "" else v for v in column] if "" in column else column
    for k, column in _LIST_COLUMNS:
        if k == kind and column in cells:
            cells[column] = [None if v is None else _value(kind, column, v)
                             for v in cells[column]]
    valid = columns.validate(kind, cells)
    if valid is None:
        return False
    records, rows = valid
    if kind in _ID_KINDS:
        ids: Any = cells["id"]
    else:
        ids = list(zip(*[cells[f] for f in _EDGE_ENDS[kind]]))
    dataset.extend(kind, records, [_RowPlace.at(table, line, i) for line, i in zip(lines, ids)],
                   rows)
    return True


def _header_problems(name: str, table: Table, known: list[str]) -> list[Problem]:
    """Unknown columns (a typo must not lose data silently) and, for tables with a header and
    rows, missing required ones."""
    problems = []
    for c in table.columns:
        if c not in known:
            where = table.where(table.header_line)
            if not table.has_header:  # a JSON key: name the first item that has it
                where = table.where(next(line for line, row in table.rows if c in row))
            problems.append(Problem(where, c, _("unknown column; expected only %(known)s",
                                                known=", ".join(known))))
    if table.has_header and table.row_count():
        try:
            table.require(required_columns(name))
        except ValidationError as e:
            problems += e.problems
    return problems


#: how much of an id a row label shows
_LABEL_ID_LENGTH = 40


def _row_label(kind: str, data: dict[str, Any]) -> str:
    """How a message names a row besides its line: its id, or the ids an edge joins.

    >>> _row_label("people", {"id": "p1"}), _row_label("influence", {"from_id": "a", "to_id": "b"})
    (' (id p1)', ' (a → b)')
    """
    return _label(_RowPlace.ids_of(kind, data))


def _label(ids: Any) -> str:
    if not isinstance(ids, tuple):
        return f" (id {_short(ids)})" if ids not in (None, "") else ""
    if ids and all(e not in (None, "") for e in ids):
        return " (" + " → ".join(_short(e) for e in ids) + ")"
    return ""


class _RowPlace:
    """Where a row is, as problems name it (``people.csv line 3 (id p1)``). The text is made
    only when a problem or a conflict asks for it (``str``): a million good rows cost no text,
    which was a third of the time of validating them."""

    __slots__ = ("table", "line", "ids")

    def __init__(self, table: Table, line: int, kind: str, data: dict[str, Any]):
        self.table, self.line, self.ids = table, line, self.ids_of(kind, data)

    @classmethod
    def at(cls, table: Table, line: int, ids: Any) -> "_RowPlace":
        """The place of a row whose ids (``ids_of``) are known already."""
        place = cls.__new__(cls)
        place.table, place.line, place.ids = table, line, ids
        return place

    @staticmethod
    def ids_of(kind: str, data: dict[str, Any]) -> Any:
        """What the label shows: the row's id, or the tuple of the ids an edge joins."""
        if kind in _ID_KINDS:
            return data.get("id")
        return tuple([data.get(f) for f in _EDGE_ENDS.get(kind, ())])

    def __str__(self) -> str:
        return self.table.where(self.line) + _label(self.ids)


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _LABEL_ID_LENGTH else text[:_LABEL_ID_LENGTH] + "…"


_ID_KINDS = ("organizations", "units", "people", "opportunities", "activities")
_EDGE_ENDS = {
    "employment": ("person_id", "organization_id"), "reports_to": ("person_id", "manager_id"),
    "influence": ("from_id", "to_id"), "conflicts": ("from_id", "to_id"),
    "relationships": ("staff_id", "person_id"), "favors": ("person_id", "organization_id"),
    "bids": ("competitor_id", "opportunity_id"),
    "decision_chain": ("person_id", "opportunity_id"), "org_ties": ("from_id", "to_id"),
    ATTENDEES: ("activity_id", "person_id"),
}


def _value(kind: str, column: str, value: Any) -> Any:
    if (kind, column) in _LIST_COLUMNS and isinstance(value, str):
        return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
    return value


# --- writing -------------------------------------------------------------------------------

def read_all(graph: Graph) -> dict[str, list[dict[str, Any]]]:
    """Every record of the graph as native table rows, in one read transaction."""
    return read_all_stamped(graph)[0]


def read_all_stamped(graph: Graph) -> tuple[dict[str, list[dict[str, Any]]], ExportStamp]:
    """Every record of the graph as native table rows, and the export stamp of that moment
    (read in the same transaction, so the stamp's change set is the newest the rows hold)."""
    def work(tx) -> tuple[dict, ExportStamp]:
        at = dt.datetime.now(dt.timezone.utc)
        latest = tx.run("find_latest_change_set")
        # the queries also say when each record was recorded (_created): not part of the format
        records = {kind: [{k: v for k, v in _native(row).items() if not k.startswith("_")}
                          for row in tx.run(f"find_all_{kind}")]
                   for kind in RECORD_KINDS}
        return records, ExportStamp(at, latest[0]["id"] if latest else None)

    records, stamp = graph.read_tx(work)
    tables: dict[str, list[dict[str, Any]]] = {}
    for kind, rows in records.items():
        if kind == "activities":
            tables[kind] = [{k: v for k, v in r.items() if k != "attendee_ids"} for r in rows]
            tables[ATTENDEES] = [{"activity_id": r["id"], "person_id": p}
                                 for r in rows for p in r["attendee_ids"]]
        else:
            tables[kind] = rows
    return tables, stamp


def tables_from_dataset(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    """A dataset as native table rows (what ``read_all`` returns for a graph)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for kind in RECORD_KINDS:
        rows = [record.to_row() for record in dataset.records[kind]]
        if kind == "activities":
            tables[ATTENDEES] = [{"activity_id": r["id"], "person_id": p}
                                 for r in rows for p in r["attendee_ids"]]
        tables[kind] = rows
    return tables


def write_csv_folder(tables: dict[str, list[dict[str, Any]]], folder: Path,
                     stamp: ExportStamp | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in to_csv_files(tables, stamp).items():
        (folder / f"{name}.csv").write_bytes(text)


def export_native(graph: Graph, path: Path) -> dict[str, int]:
    """Write the whole graph in the native format; the suffix of ``path`` picks the form
    (.json, .xlsx, anything else: a folder of CSV files). Returns rows per table."""
    path = Path(path)
    tables, stamp = read_all_stamped(graph)
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_bytes(to_json(tables, stamp))
    elif suffix == ".xlsx":
        write_workbook(tables, path, stamp)
    else:
        write_csv_folder(tables, path, stamp)
    return {name: len(rows) for name, rows in tables.items()}


def to_json(tables: dict[str, list[dict[str, Any]]], stamp: ExportStamp | None = None) -> bytes:
    document: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    if stamp is not None:
        document[STAMP] = stamp.as_dict()
    for name, rows in tables.items():
        document[name] = [{k: _json_value(v) for k, v in r.items() if v is not None} for r in rows]
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def to_csv_files(tables: dict[str, list[dict[str, Any]]], stamp: ExportStamp | None = None
                 ) -> dict[str, bytes]:
    """Table name → CSV bytes (UTF-8 with a BOM, so that Excel reads accents and CJK right)."""
    columns = {**table_columns(), STAMP: STAMP_COLUMNS}
    files = {}
    if stamp is not None:
        tables = {**tables, STAMP: [stamp.as_dict()]}
    for name, rows in tables.items():
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns[name])
        for row in rows:
            writer.writerow([sheet_safe(_text(row.get(c))) for c in columns[name]])
        files[name] = out.getvalue().encode("utf-8-sig")
    return files


def write_workbook(tables: dict[str, list[dict[str, Any]]], path: Path,
                   stamp: ExportStamp | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    columns = {**table_columns(), STAMP: STAMP_COLUMNS}
    if stamp is not None:
        tables = {**tables, STAMP: [stamp.as_dict()]}
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        sheet.append(columns[name])
        for row in rows:
            cells = []
            for c in columns[name]:
                value = row.get(c)
                if isinstance(value, (int, float)) and not isinstance(value, bool) \
                        and float("%.16g" % value) == value:
                    cells.append(value)  # openpyxl writes 16 significant digits: exact here
                    continue
                cell = WriteOnlyCell(sheet, value=_text(value) or None)
                cell.data_type = "s"  # text, never a formula, whatever it starts with
                cells.append(cell)
            sheet.append(cells)
    book.save(path)


def _native(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.to_native() if hasattr(v, "to_native") else v) for k, v in row.items()}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value

