"""LinkedIn connections → relationships of one of our staff to the people it matches.

The Connections.csv LinkedIn lets a member download has a few lines of notes above the header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``; emails are often empty.
Rows are matched to people already in the graph by email, then profile URL, then name together
with company. A row that matches nobody (or several people) is listed as skipped: the importer
never creates people, so it cannot create duplicates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from powermap.errors import Problem, ValidationError
from powermap.graph.store import Graph
from powermap.i18n import _
from powermap.importers.matching import PeopleIndex, full_name, name_spellings
from powermap.importers.plan import ImportPlan, Skip
from powermap.importers.tables import decode, parse_csv
from powermap.model import Dataset

SOURCE = "linkedin"
HEADER_START = "First Name,"
COLUMNS = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
           "Connected On"]
#: strength of a LinkedIn connection: 2 "contact" — they know each other, no more is known
STRENGTH = 2


def parse_linkedin(graph: Graph, path: Path, staff_id: str) -> ImportPlan:
    """Match a Connections.csv file's rows to people; a plan of relationships of ``staff_id``."""
    path = Path(path)
    return parse_linkedin_text(graph, decode(path.read_bytes(), path.name), path.name, staff_id)


def parse_linkedin_text(graph: Graph, text: str, name: str, staff_id: str) -> ImportPlan:
    # checked first: with no row matched, nothing would reference the staff member, and an
    # unknown id would pass as an empty import
    staff = graph.read("find_person", person_id=staff_id)
    if not staff or not staff[0]["is_staff"]:
        raise ValidationError(Problem(name, "staff_id", _(
            "%(id)r is not one of our staff; expected the id of a staff member", id=staff_id)))
    table = parse_csv(text, name, header_starts=HEADER_START)
    table.require(["First Name", "Last Name", "URL", "Email Address", "Company"])
    problems: list[Problem] = []
    rows = []
    for line, row in table.rows:
        connected = None
        if row.get("Connected On"):
            connected = _date(row["Connected On"])
            if connected is None:
                problems.append(Problem(table.where(line), "Connected On", _(
                    "%(got)r is not a date; expected like '12 Mar 2024' or 2024-03-12",
                    got=row["Connected On"])))
        rows.append((line, row, connected))
    if problems:
        raise ValidationError(problems)

    people = PeopleIndex(graph, emails=[r.get("Email Address") for _, r, _ in rows],
                         urls=[r.get("URL") for _, r, _ in rows if r.get("URL")],
                         names=[n for _, r, _ in rows for n in _spellings(r)])
    data, skipped, matched = Dataset(), [], {}
    for line, row, connected in rows:
        where = table.where(line)
        person, how = people.match(row.get("Email Address"), row.get("URL"), _spellings(row),
                                   row.get("Company"))
        if person is None:
            skipped.append(Skip(where, _("%(name)s (%(company)s): %(reason)s", name=_name(row),
                                         company=row.get("Company") or _("no company"),
                                         reason=how)))
            continue
        if person["id"] == staff_id:
            skipped.append(Skip(where, _("%(name)s is the staff member themself",
                                         name=_name(row))))
            continue
        if person["id"] in matched:
            skipped.append(Skip(where, _("%(name)s is %(id)s again (first at %(first)s)",
                                         name=_name(row), id=person["id"],
                                         first=matched[person["id"]])))
            continue
        matched[person["id"]] = where
        data.add("relationships", {"staff_id": staff_id, "person_id": person["id"],
                                   "strength": STRENGTH, "source": SOURCE, "confidence": 0.6,
                                   "as_of": connected,
                                   "note": f"LinkedIn connection, matched by {how}"}, where)
    return ImportPlan(SOURCE, data, skipped, frozenset({"relationships"}),
                      [_("%(matched)s of %(n)s connections matched a person",
                         matched=len(matched), n=len(rows))])


def _name(row: dict) -> str:
    return full_name(row.get("First Name"), row.get("Last Name"))


def _spellings(row: dict) -> list[str]:
    # LinkedIn puts a CJK family name in "Last Name": 李明 arrives as "明" + "李"
    return name_spellings(row.get("First Name"), row.get("Last Name"))


def _date(text: str) -> dt.date | None:
    for fmt in ("%d %b %Y", "%Y-%m-%d", "%d %B %Y", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None

