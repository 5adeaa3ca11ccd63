"""Tables read from CSV files and .xlsx sheets, every row with the line it came from.

All importers read their files through here, so every format gets the same handling of
encodings (UTF-8 with or without BOM), quoted fields with commas and line breaks, blank lines,
and the same errors: the file, the line and the column, and what was expected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zlib
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


#: how many lines a search for a header line looks at (LinkedIn puts about three lines of notes
#: above its header)
HEADER_SEARCH_LINES = 50
#: the most columns a table may have (native tables have at most 10, Salesforce files ~60)
MAX_COLUMNS = 200
#: the most rows one sheet of a workbook may have; bigger tables go in CSV files
MAX_SHEET_ROWS = 50_000
#: the most bytes a workbook's XML parts may unpack to (a small zip can hide gigabytes)
MAX_WORKBOOK_XML = 50 * 1024 * 1024


def parse_csv(text: str, name: str, header_starts: str | None = None) -> Table:
    """A table from CSV text whose first line (or, with ``header_starts``, whose first line
    that begins with it, among the first ``HEADER_SEARCH_LINES``) is the header."""
    skipped = 0
    start = 0
    if header_starts is not None:
        # one pass over at most HEADER_SEARCH_LINES lines: linear in what it looks at
        while not text.startswith(header_starts, start):
            newline = text.find("\n", start)
            skipped += 1
            if newline < 0 or skipped >= HEADER_SEARCH_LINES:
                raise ValidationError(Problem(name, "", f"no header line starting with "
                                              f"{header_starts!r} in the first "
                                              f"{HEADER_SEARCH_LINES} lines"))
            start = newline + 1
    lines = io.StringIO(text[start:] if start else text, newline="")
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise _csv_problem(f"{name} line {skipped + 1}", e) from None
    if not header or not any(h.strip() for h in header):
        raise ValidationError(Problem(name, "", "the file is empty; expected a header line"))
    if len(header) > MAX_COLUMNS:
        raise ValidationError(Problem(f"{name} line {skipped + 1}", "", f"the header has "
                                      f"{len(header):,} columns; at most {MAX_COLUMNS} are read"))
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
        raise _csv_problem(table.where(reader.line_num + skipped), e) from None
    return table


def _csv_problem(where: str, error: csv.Error) -> ValidationError:
    if "field larger than field limit" in str(error):
        from powermap.model import MAX_LENGTH
        return ValidationError(Problem(where, "", f"a value is longer than "
                                       f"{csv.field_size_limit():,} characters; text fields "
                                       f"take at most {max(MAX_LENGTH.values()):,}"))
    return ValidationError(Problem(where, "", f"not valid CSV: {error}"))


def read_workbook(path: Path, name: str | None = None) -> dict[str, Table]:
    """Every sheet of an .xlsx workbook as a table; the first row of a sheet is its header.

    ``name`` is how messages name the file (default: the file's own name). The workbook is
    checked before it is read: its XML must unpack to at most ``MAX_WORKBOOK_XML`` bytes and
    each sheet's declared size must be within ``MAX_SHEET_ROWS`` and ``MAX_COLUMNS``; rows are
    then streamed (read-only mode) and reading stops at those limits whatever the sheet
    declares. Entity declarations in the XML are refused (defusedxml), so a "billion laughs"
    workbook costs nothing. Raises ``ValidationError`` naming the file (and sheet) and the
    problem.
    """
    import zipfile
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = name or path.name
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
            if unpacked > MAX_WORKBOOK_XML:
                raise ValidationError(Problem(name, "", f"the workbook unpacks to {unpacked:,} "
                                              f"bytes; at most {MAX_WORKBOOK_XML:,} are read "
                                              "(save big tables as CSV files)"))
            _prescan(archive, name)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as e:
        raise ValidationError(Problem(name, "", f"not an .xlsx workbook "
                                                f"({_reason(e, path, name)})")) from None
    unreadable = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError,
                  TypeError, IndexError, AttributeError, ParseError, EOFError, RecursionError,
                  *_defused_errors())
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except unreadable as e:
        raise ValidationError(Problem(name, "", f"not a readable .xlsx workbook "
                                                f"({_reason(e, path, name)})")) from None
    tables = {}
    sheet_name = name
    try:
        for sheet in book.worksheets:
            sheet_name = f"{name}[{sheet.title}]"
            table = _read_sheet(sheet, sheet_name)
            key = sheet.title.strip()
            if key in tables:
                raise ValidationError(Problem(sheet_name, "", f"two sheets for one table: "
                                              f"{tables[key].name} and {sheet_name}; put the "
                                              "rows into one sheet"))
            if table is not None:
                tables[key] = table
    except ValidationError:
        raise
    except unreadable as e:
        raise ValidationError(Problem(sheet_name, "", f"the sheet cannot be read "
                                                      f"({_reason(e, path, name)})")) from None
    finally:
        book.close()
    return tables


def _read_sheet(sheet, name: str) -> Table | None:
    """One sheet, streamed; None for a sheet without a header (an empty sheet)."""
    # The size a sheet declares (its <dimension>) comes first: a sheet that says it is
    # A1:XFD1048576 is refused before a row is read.
    if (sheet.max_row or 0) > MAX_SHEET_ROWS + 1 or (sheet.max_column or 0) > MAX_COLUMNS:
        raise ValidationError(Problem(name, "", f"the sheet declares {sheet.max_row:,} rows and "
                                      f"{sheet.max_column:,} columns; at most "
                                      f"{MAX_SHEET_ROWS:,} rows under the header and "
                                      f"{MAX_COLUMNS} columns are read"))
    # Whatever it declared, never ask for more than one row and column past the limits.
    rows = sheet.iter_rows(values_only=True, max_row=MAX_SHEET_ROWS + 2,
                           max_col=MAX_COLUMNS + 1)
    header = next(rows, None)
    if header is None:
        return None
    columns = [str(h).strip() if h is not None else "" for h in header]
    while columns and not columns[-1]:
        columns.pop()
    if not columns:
        return None
    if len(columns) > MAX_COLUMNS:
        raise ValidationError(Problem(f"{name} line 1", "", f"more than {MAX_COLUMNS} columns; "
                                                            f"at most {MAX_COLUMNS} are read"))
    _check_header(columns, name, 1)
    table = Table(name, columns)
    for line, values in enumerate(rows, start=2):
        if line > MAX_SHEET_ROWS + 1:
            raise ValidationError(Problem(name, "", f"more than {MAX_SHEET_ROWS:,} rows under "
                                                    "the header; save big tables as CSV files"))
        if len(values) > len(columns) and any(v is not None for v in values[len(columns):]):
            raise ValidationError(Problem(table.where(line), "",
                                          "a value right of the last header column"))
        cells = [_excel_cell(v) for v in values[:len(columns)]]
        if not any(cells):
            continue
        cells += [None] * (len(columns) - len(cells))
        table.rows.append((line, dict(zip(columns, cells))))
    return table


_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s>/]([^>]*)")
_ROW_NUMBER = re.compile(rb'\br="(\d{1,12})"')


def _prescan(archive, name: str) -> None:
    """Refuse a sheet with more rows than ``MAX_SHEET_ROWS`` (counted, or numbered) or a row
    with more cells than ``MAX_COLUMNS``, from the raw XML and before openpyxl parses any of
    it: a regular expression runs at C speed, where openpyxl spends tens of microseconds on
    each row and cell (and reads a whole sheet once just to look for its size)."""
    for info in archive.infolist():
        part = info.filename
        if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
            continue
        rows, highest, cells, rest = 0, 0, 0, b""
        where = f"{name} ({part.removeprefix('xl/worksheets/')})"
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(1 << 20)
                text = rest + chunk
                cut = text.rfind(b"<") if chunk else -1  # a tag may straddle two chunks
                text, rest = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
                for match in _TAG.finditer(text):
                    if match.group(1) == b"c":
                        cells += 1
                        if cells > MAX_COLUMNS:
                            raise ValidationError(Problem(where, "", f"row {rows:,} has more "
                                                          f"than {MAX_COLUMNS} cells; at most "
                                                          f"{MAX_COLUMNS} columns are read"))
                        continue
                    rows, cells = rows + 1, 0
                    number = _ROW_NUMBER.search(match.group(2))
                    if number:
                        highest = max(highest, int(number.group(1)))
                if max(rows, highest) > MAX_SHEET_ROWS + 1:
                    raise ValidationError(Problem(where, "", f"more than {MAX_SHEET_ROWS:,} rows "
                                                             "under the header; save big tables "
                                                             "as CSV files"))
                if not chunk:
                    break


def _defused_errors() -> tuple[type[Exception], ...]:
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - defusedxml is a dependency
        return ()
    return (DefusedXmlException,)


def _reason(error: Exception, path: Path, name: str) -> str:
    """A short reason for a reader's exception, without echoing megabytes of input or the
    server's temporary paths."""
    chain, seen = error, []
    while chain is not None and len(seen) < 10:
        seen.append(chain)
        chain = chain.__cause__ or chain.__context__
    if any(type(e).__name__ == "EntitiesForbidden" for e in seen):
        return "its XML declares entities, which a workbook never needs"
    text = str(error).replace(str(path), name)
    if "is not a valid column name" in text:
        return "a cell reference names a column beyond XFD"
    text = text.splitlines()[0] if text else type(error).__name__
    return text if len(text) <= 120 else text[:120] + "…"


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
