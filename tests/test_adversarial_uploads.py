"""Hostile files through every way in (issue 13): the upload core, the /import page, the API
upload and the CLI. Each must be refused with a clear error that names the file and the problem
— a 400 or 413, never a 500 — leave the graph's counts unchanged, and answer in at most 1 MB and
5 seconds.

Every file is built here, small; loops are bounded. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import html
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.datastructures import FileStorage

from powermap import users
from powermap.api import create_app
from powermap.api.uploads import run_upload
from powermap.cli import main
from powermap.errors import ValidationError
from tests.support import graph_counts, wipe_test_graph

MAX_BYTES = 1024 * 1024
MAX_SECONDS = 5.0
PASSWORD = "correct horse battery"
STAFF = "st-ravi-iyer"  # one of the demo portfolio's staff (LinkedIn imports need one)


# --- building hostile files ------------------------------------------------------------------

def workbook(rows=(("id", "name", "kind"), ("acme2", "Acme", "customer")),
             title="organizations") -> bytes:
    from openpyxl import Workbook
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet_xml(xml: bytes | str, data: bytes | None = None) -> bytes:
    """A valid workbook whose first sheet's XML is replaced by ``xml``."""
    source = zipfile.ZipFile(io.BytesIO(data or workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = xml.encode() if isinstance(xml, str) else xml
            target.writestr(info.filename, content)
    return out.getvalue()


def sheet(rows: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main">' + dim + "<sheetData>" + rows
            + "</sheetData></worksheet>")


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER = '<row r="1">' + cell("A1", "id") + cell("B1", "name") + cell("C1", "kind") + "</row>"
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
          + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1">' + cell("A1", "&lol9;") + "</row></sheetData></worksheet>")


def calendar(*events: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + "".join(events)
            + "END:VCALENDAR\r\n").encode()


def event(*lines: str) -> str:
    return "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"


PEOPLE = "id,name,title,seniority,email,linkedin_url,team_role,notes\n"

#: case → (source, [(file name, content)], fragments the error must contain)
CASES: dict[str, tuple[str, list[tuple[str, bytes]], list[str]]] = {
    # 1: two files for one table
    "two files for one table": (
        "native", [("people.csv", (PEOPLE + "n1,Ann,,,,,,\n").encode()),
                   ("sub/people.csv", (PEOPLE + "n2,Bob,,,,,,\n").encode()),
                   ("employment.csv", b"person_id,organization_id\nn1,acme\n")],
        ["two files for one table", "'people.csv'", "'sub/people.csv'"]),
    "two Salesforce files of one name": (
        "salesforce", [("Account.csv", b"Id,Name\n001,A\n"), ("account.csv", b"Id,Name\n002,B\n")],
        ["two files for one table", "'Account.csv'", "'account.csv'"]),
    # 4: Infinity and NaN are not numbers
    "Infinity in JSON": (
        "native", [("data.json", b'{"opportunities": [{"id": "o9", "name": "X", '
                                 b'"customer_id": "acme", "amount": Infinity}]}')],
        ["data.json", "Infinity is not a number JSON allows"]),
    "Infinity in CSV": (
        "native", [("opportunities.csv", b"id,name,customer_id,amount\no9,X,acme,Infinity\n")],
        ["opportunities.csv line 2 (id o9)", "'amount'", "finite number"]),
    "NaN in a workbook": (
        "native", [("deal.xlsx", workbook([("id", "name", "customer_id", "amount"),
                                           ("o9", "X", "acme", "NaN")], "opportunities"))],
        ["deal.xlsx[opportunities] line 2 (id o9)", "finite number"]),
    # 6: workbooks that cost minutes before
    "a sheet declaring a million rows": (
        "native", [("big.xlsx", with_sheet_xml(sheet(HEADER, "A1:XFD1048576")))],
        ["big.xlsx[organizations]", "declares 1,048,576 rows"]),
    "a workbook of empty rows": (
        "native", [("empty.xlsx", with_sheet_xml(sheet(
            HEADER + "".join(f'<row r="{i}"/>' for i in range(2, 300_000)))))],
        ["empty.xlsx (sheet1.xml)", "more than 50,000 rows"]),
    "a row a million lines down": (
        "native", [("far.xlsx", with_sheet_xml(sheet(
            HEADER + '<row r="1048576">' + cell("A1048576", "x") + "</row>")))],
        ["far.xlsx (sheet1.xml)", "more than 50,000 rows"]),
    "a header of 300 columns": (
        "native", [("wide.xlsx", workbook([[f"c{i}" for i in range(300)]]))],
        ["wide.xlsx (sheet1.xml)", "row 1 has more than 200 cells"]),
    # 7: bounded answers
    "half a million columns": (
        "native", [("organizations.csv", b"c," * 500_000 + b"c\n")],
        ["organizations.csv line 1", "500,001 columns; at most 200"]),
    "five thousand bad rows": (
        "native", [("organizations.csv", b"id,name,kind\n" + b"".join(
            b"o%d,Org,friend\n" % i for i in range(5_000)))],
        ["organizations.csv line 2 (id o0)", "'friend' is not allowed", "more"]),
    # 8: LinkedIn header search
    "a LinkedIn file of a million lines without a header": (
        "linkedin", [("Connections.csv", b"note\n" * 1_000_000)],
        ["Connections.csv", "no header line starting with 'First Name,' in the first 50 lines"]),
    # 9: length limits
    "20 MB of notes": (
        "native", [("people.csv", (PEOPLE + "big,Big,,,,,,").encode() + b"n" * 20_000_000)],
        ["people.csv line 2", "longer than 131,072 characters", "at most 10,000"]),
    "a 9,000-character email": (
        "native", [("people.csv", (PEOPLE + f"e1,E,,,{'e' * 9_000}@x.example,,,\n").encode())],
        ["people.csv line 2 (id e1)", "'email'", "at most 254 characters"]),
    "a 9,000-character profile URL": (
        "native", [("people.csv", (PEOPLE + f"u1,U,,,,https://x.example/{'u' * 9_000},,\n")
                    .encode())],
        ["people.csv line 2 (id u1)", "'linkedin_url'", "at most 2,000 characters"]),
    "a 100,000-character column name": (
        "native", [("organizations.csv", b"id,name,kind," + b"x" * 100_000 + b"\n")],
        ["organizations.csv line 1", "unknown column", "(100,000 characters)"]),
    "a 1 MB column name": (
        "native", [("organizations.csv", b"id,name,kind," + b"x" * 1_000_000 + b"\n")],
        ["organizations.csv line 1", "longer than 131,072 characters"]),
    # 11: parsers that used to fail with a 500
    "JSON nested 100,000 deep": (
        "native", [("deep.json", b"[" * 100_000 + b"]" * 100_000)],
        ["deep.json", "nested too deeply"]),
    "a calendar with two DTSTART": (
        "ics", [("cal.ics", calendar(event("UID:1", "DTSTART:20260101T100000Z",
                                           "DTSTART:20260102T100000Z")))],
        ["cal.ics event 1", "'DTSTART'", "appears 2 times"]),
    "a calendar with two RECURRENCE-ID": (
        "ics", [("cal.ics", calendar(event("UID:1", "DTSTART:20260101T100000Z",
                                           "RECURRENCE-ID:20260101T100000Z",
                                           "RECURRENCE-ID:20260108T100000Z")))],
        ["cal.ics event 1", "'RECURRENCE-ID'", "appears 2 times"]),
    "5,000 nested VEVENTs": (
        "ics", [("nest.ics", calendar("BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260101\r\n" * 5_000
                                      + "END:VEVENT\r\n" * 5_000))],
        ["nest.ics line", "nested more than 5 deep"]),
    "malformed sheet XML": (
        "native", [("broken.xlsx", with_sheet_xml("<worksheet><sheetData><row><c r='A1'"))],
        ["broken.xlsx", "not a readable .xlsx workbook"]),
    "a cell reference ZZZZZZ…": (
        "native", [("cols.xlsx", with_sheet_xml(sheet(
            HEADER + '<row r="2">' + cell("Z" * 5_000 + "2", "x") + "</row>")))],
        ["cols.xlsx[organizations]", "a cell reference names a column beyond XFD"]),
    "an entity-expansion workbook": (
        "native", [("laughs.xlsx", with_sheet_xml(LAUGHS))],
        ["laughs.xlsx", "declares entities"]),
    "a file that is no workbook": (
        "native", [("fake.xlsx", b"PK\x03\x04 not really a zip")],
        ["fake.xlsx", "not an .xlsx workbook"]),
    "a NUL byte in a file name": (
        "native", [("peo\x00ple.csv", (PEOPLE + "n1,Ann,,,,,,\n").encode())],
        ["peo\\x00ple.csv", "control character U+0000"]),
}

#: cases that cannot be files in one folder on disk (the CLI reads a path)
NOT_ON_DISK = {"two files for one table", "two Salesforce files of one name",
               "a NUL byte in a file name"}


# --- one graph, one logged-in client for the whole module (nothing is ever written) --------

@pytest.fixture(scope="module")
def world(session_graph, test_settings):
    wipe_test_graph(session_graph, test_settings)
    from powermap.importers.demo import load_demo
    load_demo(session_graph)
    assert session_graph.read("find_staff"), "the demo portfolio has staff"
    return session_graph


@pytest.fixture(scope="module")
def client(world, test_settings):
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": world}, settings=test_settings)
    client = app.test_client()
    users.create_user(world, "mallory", "admin", PASSWORD)
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = client.post("/login", data={"username": "mallory", "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    return client, re.search(r'name="csrf-token" content="([^"]+)"', home)[1]


def staff_id(graph) -> str:
    ids = [s["id"] for s in graph.read("find_staff")]
    return STAFF if STAFF in ids else ids[0]


def timed(call):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def assert_names_file_and_problem(text: str, case: str) -> None:
    for fragment in CASES[case][2]:
        assert fragment in text, (case, fragment, text[:2000])


@pytest.mark.parametrize("case", CASES)
def test_the_upload_core_refuses_it(world, case):
    source, files, _ = CASES[case]
    before = graph_counts(world, history=True)
    storages = [FileStorage(io.BytesIO(data), filename=name) for name, data in files]
    start = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        run_upload(world, source, storages, staff_id(world), "mallory")
    seconds = time.perf_counter() - start
    text = str(caught.value)
    assert_names_file_and_problem(text, case)
    assert len(caught.value.problems) <= 20 and len(text.encode()) <= MAX_BYTES
    assert seconds <= MAX_SECONDS, seconds
    assert graph_counts(world, history=True) == before


@pytest.mark.parametrize("case", CASES)
def test_the_import_page_refuses_it(world, client, case):
    web, token = client
    source, files, _ = CASES[case]
    before = graph_counts(world, history=True)
    data = {"csrf_token": token, "source": source, "staff_id": staff_id(world),
            "file": [(io.BytesIO(content), name) for name, content in files]}
    response, seconds = timed(lambda: web.post("/import", data=data,
                                               content_type="multipart/form-data"))
    body = response.get_data()
    assert response.status_code in (400, 413), body[:2000]
    assert len(body) <= MAX_BYTES and seconds <= MAX_SECONDS, (len(body), seconds)
    assert_names_file_and_problem(html.unescape(body.decode()), case)
    assert graph_counts(world, history=True) == before


@pytest.mark.parametrize("case", CASES)
def test_the_api_upload_refuses_it(world, client, case):
    web, token = client
    source, files, _ = CASES[case]
    before = graph_counts(world, history=True)
    data = {"staff_id": staff_id(world),
            "file": [(io.BytesIO(content), name) for name, content in files]}
    response, seconds = timed(lambda: web.post(f"/api/v1/imports/{source}?check=1", data=data,
                                               headers={"X-CSRFToken": token},
                                               content_type="multipart/form-data"))
    body = response.get_data()
    assert response.status_code in (400, 413), body[:2000]
    assert len(body) <= MAX_BYTES and seconds <= MAX_SECONDS, (len(body), seconds)
    error = response.get_json()["error"]
    assert len(error["problems"]) <= 20
    assert_names_file_and_problem(error["message"], case)
    assert graph_counts(world, history=True) == before


@pytest.mark.parametrize("case", [c for c in CASES if c not in NOT_ON_DISK])
def test_the_command_line_refuses_it(world, test_settings, tmp_path, case):
    source, files, _ = CASES[case]
    before = graph_counts(world, history=True)
    for name, content in files:
        (tmp_path / name).write_bytes(content)
    path = tmp_path / files[0][0]
    args = {"native": ["native", str(tmp_path if path.suffix == ".csv" else path)],
            "salesforce": ["salesforce", str(tmp_path)],
            "linkedin": ["linkedin", str(path), "--staff", staff_id(world)],
            "ics": ["ics", str(path)]}[source]
    result, seconds = timed(lambda: CliRunner().invoke(main, ["import", *args],
                                                       obj=test_settings))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert len(result.output.encode()) <= MAX_BYTES
    assert_names_file_and_problem(result.output, case)
    assert graph_counts(world, history=True) == before


def test_the_answers_say_how_many_problems_were_left_out(world, client):
    web, token = client
    _, files, _ = CASES["five thousand bad rows"]
    response = web.post("/api/v1/imports/native", data={
        "file": [(io.BytesIO(files[0][1]), files[0][0])]}, headers={"X-CSRFToken": token},
        content_type="multipart/form-data")
    error = response.get_json()["error"]
    assert len(error["problems"]) == 20
    # the native reader stops after 1,000 problems and says so first: 1,001 kept, 20 shown
    assert error["problems"][0] == {
        "where": "organizations.csv line 1001 (id o999)", "field": "",
        "message": "stopped reading here after 1,000 problems; there may be more below"}
    assert error["message"].endswith("… and 981 more")
    page = web.post("/import", data={"csrf_token": token, "source": "native",
                                     "file": (io.BytesIO(files[0][1]), files[0][0])},
                    content_type="multipart/form-data").get_data(as_text=True)
    assert "… and 981 more problems not shown" in page
