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
from powermap.i18n import _, format_number


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
        if self.row_label == "item":
            return _("%(file)s item %(line)s", file=self.name, line=line)
        return at_line(self.name, line)

    def row_count(self) -> int:
        return len(self.rows)

    def require(self, columns: list[str]) -> None:
        """Reject the table when a column is missing from its header."""
        missing = [c for c in columns if c not in self.columns]
        if missing:
            raise ValidationError([Problem(self.where(self.header_line), c,
                                           _("required column is missing from the header; "
                                             "found %(columns)s",
                                             columns=", ".join(self.columns)
                                             or _("no columns")))
                                   for c in missing])


class ColumnTable(Table):
    """A table read column by column (``parse_csv``): ``cells`` holds each column's values
    (None where empty) and ``lines`` the line each row starts on. The rows, one dictionary
    each, are made the first time something asks for them; a native import of clean files
    never does (see ``powermap.importers.columns``)."""

    def __init__(self, name: str, columns: list[str], cells: dict[str, list],
                 lines: list[int], header_line: int = 1):
        super().__init__(name, columns, header_line=header_line)
        self.cells: dict[str, list] | None = cells
        self.lines = lines

    @property   # type: ignore[override]
    def rows(self) -> list[tuple[int, dict[str, str | None]]]:
        if self.cells is not None:
            by_row = zip(*[self.cells[c] for c in self.columns])
            self._rows = [(line, dict(zip(self.columns, values)))
                          for line, values in zip(self.lines, by_row)]
            self.cells = None   # from now on the rows are the table
        return self._rows

    @rows.setter
    def rows(self, value: list) -> None:
        self._rows, self.cells = value, None

    def row_count(self) -> int:
        return len(self.lines) if self.cells is not None else len(self._rows)


def at_line(name: str, line: int) -> str:
    """Where a problem is: a file (or sheet) and a line of it, as messages name it.

    >>> at_line("people.csv", 3)
    'people.csv line 3'
    """
    return _("%(file)s line %(line)s", file=name, line=line)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text of a file, without its BOM; an error names the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise ValidationError(Problem(
            at_line(name, line), "",
            _("byte 0x%(byte)s is not UTF-8; save the file as UTF-8 (in Excel: 'CSV UTF-8 "
              "(comma delimited)')", byte=f"{data[e.start]:02x}"))) from None


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
                raise ValidationError(Problem(name, "", _(
                    "no header line starting with %(start)r in the first %(n)s lines",
                    start=header_starts, n=HEADER_SEARCH_LINES)))
            start = newline + 1
    stream = io.StringIO(text[start:] if start else text, newline="")
    reader = csv.reader(stream, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise _csv_problem(at_line(name, skipped + 1), e) from None
    if not header or not any(h.strip() for h in header):
        raise ValidationError(Problem(name, "", _("the file is empty; expected a header line")))
    if len(header) > MAX_COLUMNS:
        raise ValidationError(Problem(at_line(name, skipped + 1), "", _(
            "the header has %(n)s columns; at most %(limit)s are read",
            n=format_number(len(header)), limit=MAX_COLUMNS)))
    columns = [h.strip() for h in header]
    _check_header(columns, name, skipped + 1)
    width = len(columns)
    lines: list[int] = []
    rows: list[list[str]] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            line = start + skipped
            start = reader.line_num + 1
            if len(cells) != width:
                if not any(c.strip() for c in cells):
                    continue  # blank line
                if len(cells) > width:
                    raise ValidationError(Problem(at_line(name, line), "", _(
                        "%(n)s fields but the header has %(columns)s; quote fields that "
                        "contain commas", n=len(cells), columns=width)))
                cells = cells + [""] * (width - len(cells))
            elif not cells[0].strip() and not any(c.strip() for c in cells):
                continue  # blank line
            lines.append(line)
            rows.append(cells)
    except csv.Error as e:
        raise _csv_problem(at_line(name, reader.line_num + skipped), e) from None
    # column by column: a strip per cell in C, and "" (empty) becomes None
    by_column = list(zip(*rows)) if rows else [()] * width
    del rows
    cells_of = {c: [v or None for v in map(str.strip, column)]
                for c, column in zip(columns, by_column)}
    return ColumnTable(name, columns, cells_of, lines, header_line=skipped + 1)


def _csv_problem(where: str, error: csv.Error) -> ValidationError:
    if "field larger than field limit" in str(error):
        from powermap.model import MAX_LENGTH
        return ValidationError(Problem(where, "", _(
            "a value is longer than %(limit)s characters; text fields take at most %(most)s",
            limit=format_number(csv.field_size_limit()),
            most=format_number(max(MAX_LENGTH.values())))))
    return ValidationError(Problem(where, "", _("not valid CSV: %(error)s", error=error)))


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
                raise ValidationError(Problem(name, "", _(
                    "the workbook unpacks to %(n)s bytes; at most %(limit)s are read (save big "
                    "tables as CSV files)", n=format_number(unpacked),
                    limit=format_number(MAX_WORKBOOK_XML))))
            _prescan(archive, name)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as e:
        raise ValidationError(Problem(name, "", _("not an .xlsx workbook (%(reason)s)",
                                                  reason=_reason(e, path, name)))) from None
    unreadable = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError,
                  TypeError, IndexError, AttributeError, ParseError, EOFError, RecursionError,
                  *_defused_errors())
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except unreadable as e:
        raise ValidationError(Problem(name, "", _("not a readable .xlsx workbook (%(reason)s)",
                                                  reason=_reason(e, path, name)))) from None
    tables = {}
    sheet_name = name
    try:
        for sheet in book.worksheets:
            sheet_name = f"{name}[{sheet.title}]"
            table = _read_sheet(sheet, sheet_name)
            key = sheet.title.strip()
            if key in tables:
                raise ValidationError(Problem(sheet_name, "", _(
                    "two sheets for one table: %(first)s and %(second)s; put the rows into one "
                    "sheet", first=tables[key].name, second=sheet_name)))
            if table is not None:
                tables[key] = table
    except ValidationError:
        raise
    except unreadable as e:
        raise ValidationError(Problem(sheet_name, "", _("the sheet cannot be read (%(reason)s)",
                                                        reason=_reason(e, path, name)))) from None
    finally:
        book.close()
    return tables


def _read_sheet(sheet, name: str) -> Table | None:
    """One sheet, streamed; None for a sheet without a header (an empty sheet)."""
    # The size a sheet declares (its <dimension>) comes first: a sheet that says it is
    # A1:XFD1048576 is refused before a row is read.
    if (sheet.max_row or 0) > MAX_SHEET_ROWS + 1 or (sheet.max_column or 0) > MAX_COLUMNS:
        raise ValidationError(Problem(name, "", _(
            "the sheet declares %(rows)s rows and %(columns)s columns; at most %(max_rows)s "
            "rows under the header and %(max_columns)s columns are read",
            rows=format_number(sheet.max_row), columns=format_number(sheet.max_column),
            max_rows=format_number(MAX_SHEET_ROWS), max_columns=MAX_COLUMNS)))
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
        raise ValidationError(Problem(at_line(name, 1), "", _(
            "more than %(limit)s columns; at most %(limit)s are read", limit=MAX_COLUMNS)))
    _check_header(columns, name, 1)
    table = Table(name, columns)
    for line, values in enumerate(rows, start=2):
        if line > MAX_SHEET_ROWS + 1:
            raise ValidationError(Problem(name, "", _(
                "more than %(limit)s rows under the header; save big tables as CSV files",
                limit=format_number(MAX_SHEET_ROWS))))
        if len(values) > len(columns) and any(v is not None for v in values[len(columns):]):
            raise ValidationError(Problem(table.where(line), "",
                                          _("a value right of the last header column")))
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
                            raise ValidationError(Problem(where, "", _(
                                "row %(row)s has more than %(limit)s cells; at most %(limit)s "
                                "columns are read", row=format_number(rows),
                                limit=MAX_COLUMNS)))
                        continue
                    rows, cells = rows + 1, 0
                    number = _ROW_NUMBER.search(match.group(2))
                    if number:
                        highest = max(highest, int(number.group(1)))
                if max(rows, highest) > MAX_SHEET_ROWS + 1:
                    raise ValidationError(Problem(where, "", _(
                        "more than %(limit)s rows under the header; save big tables as CSV "
                        "files", limit=format_number(MAX_SHEET_ROWS))))
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
        return _("its XML declares entities, which a workbook never needs")
    text = str(error).replace(str(path), name)
    if "is not a valid column name" in text:
        return _("a cell reference names a column beyond XFD")
    text = text.splitlines()[0] if text else type(error).__name__
    return text if len(text) <= 120 else text[:120] + "…"


def _check_header(columns: list[str], name: str, line: int) -> None:
    seen = set()
    for c in columns:
        if not c:
            raise ValidationError(Problem(at_line(name, line), "", _("a header cell is empty")))
        if c in seen:
            raise ValidationError(Problem(at_line(name, line), c,
                                          _("the column appears twice")))
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
