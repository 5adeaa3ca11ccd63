"""Tables read from CSV files and .xlsx sheets, every row with the line it came from.

All importers read their files through here, so every format gets the same handling of
encodings (UTF-8 with or without BOM), quoted fields with commas and line breaks, blank lines,
and the same errors: the file, the line and the column, and what was expected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from powermap.errors import Problem, ValidationError


@dataclass
class Table:
    """The rows of one CSV file or sheet: column name → cell text (``None`` when empty)."""

    name: str            # how messages name it: "people.csv", "book.xlsx[people]"
    columns: list[str]
    rows: list[tuple[int, dict[str, str | None]]] = field(default_factory=list)  # (line, row)

    header_line: int = 1
    row_label: str = "line"   # JSON tables count items, not lines
    has_header: bool = True   # JSON tables have none: each item names its fields

    def where(self, line: int) -> str:
        return f"{self.name} {self.row_label} {line}"

    def require(self, columns: list[str]) -> None:
        """Reject the table when a column is missing from its header."""
        missing = [c for c in columns if c not in self.columns]
        if missing:
            raise ValidationError([Problem(self.where(self.header_line), c,
                                           "required column is missing from the header; found "
                                           f"{', '.join(self.columns) or 'no columns'}")
                                   for c in missing])


def decode(data: bytes, name: str) -> str:
    """UTF-8 text of a file, without its BOM; an error names the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise ValidationError(Problem(
            f"{name} line {line}", "",
            f"byte 0x{data[e.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(in Excel: 'CSV UTF-8 (comma delimited)')")) from None


def read_csv(path: Path, header_starts: str | None = None) -> Table:
    """Read a CSV file whose first line is the header.

    With ``header_starts``, lines before the first line that begins with it are skipped (the
    notes LinkedIn puts above its header).
    """
    text = decode(path.read_bytes(), path.name)
    return parse_csv(text, path.name, header_starts)


def parse_csv(text: str, name: str, header_starts: str | None = None) -> Table:
    lines = io.StringIO(text, newline="")
    skipped = 0
    if header_starts is not None:
        rest = text
        while rest and not rest.startswith(header_starts):
            _, newline, rest = rest.partition("\n")
            skipped += 1
            if not newline:
                raise ValidationError(Problem(name, "", f"no header line starting with "
                                                        f"{header_starts!r} found"))
        lines = io.StringIO(rest, newline="")
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise ValidationError(Problem(f"{name} line {skipped + 1}", "", f"not valid CSV: {e}"))
    if not header or not any(h.strip() for h in header):
        raise ValidationError(Problem(name, "", "the file is empty; expected a header line"))
    columns = [h.strip() for h in header]
    _check_header(columns, name, skipped + 1)
    table = Table(name, columns, header_line=skipped + 1)
    start = reader.line_num + 1
    try:
        for cells in reader:
            line = start + skipped
            start = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue  # blank line
            if len(cells) > len(columns):
                raise ValidationError(Problem(
                    table.where(line), "", f"{len(cells)} fields but the header has "
                                           f"{len(columns)}; quote fields that contain commas"))
            cells = cells + [""] * (len(columns) - len(cells))
            table.rows.append((line, {c: _cell(v) for c, v in zip(columns, cells)}))
    except csv.Error as e:
        raise ValidationError(Problem(table.where(reader.line_num + skipped), "",
                                      f"not valid CSV: {e}")) from None
    return table


def read_workbook(path: Path) -> dict[str, Table]:
    """Every sheet of an .xlsx workbook as a table; the first row of a sheet is its header."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    import zipfile

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as e:
        raise ValidationError(Problem(path.name, "", f"not an .xlsx workbook ({e})")) from None
    tables = {}
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            name = f"{path.name}[{sheet.title}]"
            header = next(rows, None)
            if header is None:
                continue
            columns = [str(h).strip() if h is not None else "" for h in header]
            while columns and not columns[-1]:
                columns.pop()
            _check_header(columns, name, 1)
            table = Table(name, columns)
            for line, values in enumerate(rows, start=2):
                cells = [_excel_cell(v) for v in values[:len(columns)]]
                if any(values[len(columns):]) if len(values) > len(columns) else False:
                    raise ValidationError(Problem(table.where(line), "",
                                                  "a value right of the last header column"))
                if not any(cells):
                    continue
                cells += [None] * (len(columns) - len(cells))
                table.rows.append((line, dict(zip(columns, cells))))
            tables[sheet.title.strip()] = table
    finally:
        book.close()
    return tables


def _check_header(columns: list[str], name: str, line: int) -> None:
    seen = set()
    for c in columns:
        if not c:
            raise ValidationError(Problem(f"{name} line {line}", "", "a header cell is empty"))
        if c in seen:
            raise ValidationError(Problem(f"{name} line {line}", c, "the column appears twice"))
        seen.add(c)


def _cell(value: str) -> str | None:
    value = value.strip()
    return value or None


def _excel_cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return (value.date().isoformat() if value.time() == dt.time(0) else value.isoformat())
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _cell(str(value))


# Spreadsheets run a cell that starts with one of these as a formula ("CSV injection"). CSV
# exports put a ' before such a value, and native CSV imports take exactly one ' off again, so
# a round trip is exact for every string (a value that already starts with ' before one of
# these characters gets one more).
_FORMULA_START = tuple("=+-@\t\r")


def sheet_safe(value: str) -> str:
    """A cell value a spreadsheet shows as text, never runs.

    >>> sheet_safe("=HYPERLINK(1)"), sheet_safe("'=x"), sheet_safe("Anna")
    ("'=HYPERLINK(1)", "''=x", 'Anna')
    """
    return "'" + value if value.lstrip("'").startswith(_FORMULA_START) else value


def sheet_unsafe(value: str) -> str:
    """The value ``sheet_safe`` was given.

    >>> all(sheet_unsafe(sheet_safe(v)) == v for v in ["=1", "'=1", "''", "'a", "-", "+49 1"])
    True
    """
    if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_START):
        return value[1:]
    return value
