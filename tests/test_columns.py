"""Columnar validation (powermap.importers.columns) accepts only what the models accept, and
builds the same records, rows and places as validating row by row.

The property test reads generated tables twice, once with the columnar path and once with it
switched off, and the two datasets must be identical: the same records (value and type of
every field, and which fields were set), rows, places and problems. The cells mix clean values
with every kind of near miss: white space around or inside, control characters, carriage
returns, numbers written ``+3`` or ``3.0`` or ``1e0``, dates with times or impossible days,
values of the wrong type (JSON), enumerations in the wrong case, text one character too long.
"""

from __future__ import annotations

import sys
from typing import Annotated

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import StringConstraints, TypeAdapter

from powermap.importers import columns, native
from powermap.importers.tables import Table
from powermap.model import MAX_LENGTH, RECORD_KINDS, Record


def test_every_record_kind_but_activities_is_checked_column_by_column():
    # a field of a kind columns.py does not know would send its whole table the slow way
    assert set(columns._PLANS) == set(RECORD_KINDS) - {"activities"}


def test_every_validator_of_the_models_is_done_by_the_columnar_path_too():
    found = set()
    for model in {Record, *RECORD_KINDS.values()}:
        decorators = model.__pydantic_decorators__
        for name in [*decorators.model_validators, *decorators.field_validators]:
            owner = next(c for c in model.__mro__ if name in vars(c))
            found.add((owner.__name__, name))
    assert found == set(columns.VALIDATORS)


def _every_character() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]


def test_what_the_models_strip_python_calls_white_space():
    """A cell the columnar path takes as is (no ``\\s`` around it) is one pydantic leaves as
    is: every character pydantic strips is white space to Python's ``re``."""
    strip = TypeAdapter(list[Annotated[str, StringConstraints(strip_whitespace=True)]])
    chars = _every_character()
    stripped = strip.validate_python(["x" + c for c in chars])
    assert [c for c, s in zip(chars, stripped) if s == "x" and not c.isspace()] == []
    assert all(c.isspace() for c in "\u00a0\u2003\u3000\u2028\x85")   # and some it strips


def test_an_id_without_white_space_to_python_matches_the_models_id_pattern():
    pattern = TypeAdapter(list[Annotated[str, StringConstraints(pattern=columns.PATTERNS[0])]])
    chars = [c for c in _every_character() if not c.isspace()]
    pattern.validate_python(["x" + c + "y" for c in chars])   # raises on any it refuses


# --- generated tables, read both ways ---------------------------------------------------------

IDS = st.sampled_from(["p1", "p2", "o1", "acme-2", "李", "x" * MAX_LENGTH["id"], "a.b@c"])
TEXT = st.sampled_from(["Ana Li", "Acme", "Head of IT", "manual", "李娜", "Zoë", "a, b; c",
                        "line one\nline two", "tab\tinside", "emoji 🙂", "'=quoted",
                        "n" * MAX_LENGTH["title"]])
NEAR_TEXT = st.sampled_from([
    " lead", "trail ", "in side", "tab\there", "a\rb", "a\r\nb", "bell\x07", "nul\x00",
    "nbsp\u00a0", "\u3000ideographic", "line\nbreak", "", "x" * (MAX_LENGTH["id"] + 1),
    "n" * (MAX_LENGTH["name"] + 1), "\u200b", "\x1c", "\x85next", "\ufeffbom"])
NUMBERS = {"strength": st.sampled_from(["1", "2", "3", "4", "5"]),
           "confidence": st.sampled_from(["0", "1", "0.5", "0.25", "1.0", "0.123456789"]),
           "amount": st.sampled_from(["0", "250000", "1234.5", "99999999.99"])}
JSON_NUMBERS = {"strength": st.sampled_from([1, 3, 5]),
                "confidence": st.sampled_from([0, 1, 0.5, 1.0, 0.1]),
                "amount": st.sampled_from([0, 250000, 1234.5])}
NEAR_NUMBER = st.sampled_from(["0", "1", "3", "5", "6", "-1", "+3", "3.0", "03", "1e0", " 2",
                               "0.5", "1.5", ".5", "1.", "inf", "nan", "1_0", "２", "-0"])
NEAR_JSON_NUMBER = st.sampled_from([0, 1, 3, 6, -1, 0.5, 1.0, 3.0, -0.0, True, False,
                                    2 ** 70, float("inf"), float("nan"), [1], {"a": 1}])
DATES = st.sampled_from(["2026-11-26", "2024-02-29", "1900-01-01", "2100-12-31"])
NEAR_DATE = st.sampled_from(["2023-02-29", "2026-13-01", "2026-11-26T00:00:00", "20261126",
                             "0001-01-01", "9999-12-31", "0000-01-01", "2026-1-2",
                             "1700000000", "2026-11-26 ", "2026‐11‐26"])
ENUMS = {
    "kind": st.sampled_from(["customer", "competitor", "partner", "own", "formal",
                             "informal", "advisor", "call", "meeting", "joint_lab"]),
    "tier": st.sampled_from(["S", "A", "B", "C"]),
    "seniority": st.sampled_from(["c_level", "vp", "manager"]),
    "team_role": st.sampled_from(["AR", "SR", "exec"]),
    "stance": st.sampled_from(["champion", "neutral", "opponent"]),
    "status": st.sampled_from(["open", "won", "lost"]),
}
NEAR_ENUM = st.sampled_from(["Customer", "VP", "ar", "closed", "D", " open", "x"])
ROLES = st.sampled_from(["decision_maker", "user;coach", "approver; influencer"])
NEAR_ROLES = st.sampled_from(["boss", "user;;coach", ";", "Decision_maker", "user;\x07"])
EMAILS = st.sampled_from(["a@b.com", "Ana.Li@Example.COM", "x@y", "İ@x.tr"])
NEAR_EMAILS = st.sampled_from(["no-at", "a@b@c", "a b@c.d", "李@例子.中国", "a@b\u3000"])
CURRENCY = st.sampled_from(["EUR", "USD"])
NEAR_CURRENCY = st.sampled_from(["usd", "EURO", "CN¥", "ＥＵＲ"])


def _cell(kind: str, name: str, json: bool) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """A valid cell of column ``name`` and a near miss (which may happen to be valid)."""
    if name in ENUMS:
        return ENUMS[name], NEAR_ENUM
    if name == "roles":
        return ROLES, NEAR_ROLES
    if name == "email":
        return EMAILS, NEAR_EMAILS
    if name == "currency":
        return CURRENCY, NEAR_CURRENCY
    if name in NUMBERS:
        if json:
            return st.one_of(NUMBERS[name], JSON_NUMBERS[name]), st.one_of(NEAR_NUMBER,
                                                                           NEAR_JSON_NUMBER)
        return NUMBERS[name], NEAR_NUMBER
    if name in ("as_of", "since", "until", "close_date"):
        return DATES, NEAR_DATE
    if name.endswith("id"):
        return IDS, NEAR_TEXT
    return TEXT, NEAR_TEXT


@st.composite
def tables(draw) -> tuple[str, Table]:
    """A table of one kind: its required columns and some others; valid cells (or empty ones
    where a field is optional), and in most tables one near miss."""
    kind = draw(st.sampled_from(sorted(columns._PLANS)))
    model = RECORD_KINDS[kind]
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    optional = [n for n in model.model_fields if n not in required]
    names = required + draw(st.lists(st.sampled_from(optional), unique=True)) if optional \
        else required
    json = draw(st.booleans())
    rows = []
    for line in range(2, 2 + draw(st.integers(1, 5))):
        row = {}
        for n in names:
            valid, _near = _cell(kind, n, json)
            row[n] = draw(valid if n in required else st.one_of(valid, st.none()))
        rows.append((line, row))
    if draw(st.integers(0, 3)):   # one near miss
        line, row = draw(st.sampled_from(rows))
        n = draw(st.sampled_from(names))
        row[n] = draw(st.one_of(_cell(kind, n, json)[1], st.none(), st.just("")))
        if json and draw(st.booleans()):
            del row[n]    # a JSON item may leave a field out
    if not json and any(not isinstance(v, str) and v is not None
                        for _line, row in rows for v in row.values()):
        json = True
    table = Table(f"{kind}.csv", names, row_label="item" if json else "line",
                  has_header=not json)
    table.rows = rows
    return kind, table


def _read(kind: str, table: Table, columnar: bool, monkeypatch) -> dict:
    with monkeypatch.context() as m:
        if not columnar:
            m.setattr(columns, "validate", lambda kind, cells: None)
        dataset = native.dataset_from_tables({kind: table})
    return {
        "records": [(type(r), {k: (type(v), v) for k, v in r.__dict__.items()},
                     r.__pydantic_fields_set__, r.__pydantic_extra__, r.__pydantic_private__)
                    for r in dataset.records[kind]],
        "rows": [list(r.items()) for r in dataset.rows(kind)],
        "places": [str(w) for w in dataset.origins[kind]],
        "problems": [str(p) for p in dataset.problems],
        "rejected": dataset.rejected_ids,
    }


def _copy(table: Table) -> Table:
    copy = Table(table.name, list(table.columns), row_label=table.row_label,
                 has_header=table.has_header)
    copy.rows = [(line, dict(row)) for line, row in table.rows]
    return copy


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(tables())
def test_columnar_and_row_by_row_reading_give_the_same_dataset(monkeypatch, kind_table):
    kind, table = kind_table
    slow = _read(kind, _copy(table), False, monkeypatch)
    fast = _read(kind, _copy(table), True, monkeypatch)
    assert fast == slow


def test_a_clean_table_is_read_column_by_column_and_a_near_miss_row_by_row(monkeypatch):
    calls = []
    real = columns.validate

    def spy(kind, cells):
        result = real(kind, cells)
        calls.append((kind, result is not None))
        return result

    monkeypatch.setattr(columns, "validate", spy)
    clean = Table("people.csv", ["id", "name", "seniority"])
    clean.rows = [(2, {"id": "p1", "name": "Ana Li", "seniority": "vp"}),
                  (3, {"id": "p2", "name": "李娜", "seniority": None})]
    dataset = native.dataset_from_tables({"people": clean})
    assert [r.seniority for r in dataset.records["people"]] == ["vp", None]
    near = Table("people.csv", ["id", "name", "seniority"])
    near.rows = [(2, {"id": "p1", "name": "Ana Li", "seniority": "VP"})]
    dataset = native.dataset_from_tables({"people": near})
    assert [str(p) for p in dataset.problems] == [
        "people.csv line 2 (id p1): field 'seniority': 'VP' is not allowed; expected one of "
        "c_level, vp, director, manager, individual"]
    assert calls == [("people", True), ("people", False)]


def test_a_csv_table_is_read_by_column_and_gives_the_rows_it_gave_before():
    from powermap.importers.tables import parse_csv
    text = ('id,name,kind\r\n o1 ,Acme,customer\r\n\r\n , ,\r\n'
            'o2,"Multi\nline",partner\r\no3,Short\r\n')
    table = parse_csv(text, "organizations.csv")
    assert table.row_count() == 3
    assert table.cells == {"id": ["o1", "o2", "o3"], "name": ["Acme", "Multi\nline", "Short"],
                           "kind": ["customer", "partner", None]}
    assert table.rows == [(2, {"id": "o1", "name": "Acme", "kind": "customer"}),
                          (5, {"id": "o2", "name": "Multi\nline", "kind": "partner"}),
                          (7, {"id": "o3", "name": "Short", "kind": None})]
    assert table.cells is None and table.row_count() == 3   # the rows are the table now
