"""iCalendar (.ics) → activities with their attendees, and suggested relationship strengths.

Each event becomes an activity (kind ``meeting``) whose attendees are the people of the graph
whose email is among the event's attendees and organizer. Cancelled events, and events none of
whose attendees is in the graph, are skipped and listed.

For every pair of one of our staff and a non-staff person who met, a strength is suggested from
how often and how recently they met (``suggested_strength``), counting the meetings already in
the graph and those in the file. It is written with source ``calendar``, and only where no one
entered a relationship by hand: an entered strength is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from powermap.errors import Problem, ValidationError
from powermap.graph.store import Graph
from powermap.i18n import _
from powermap.importers.matching import PeopleIndex, normalize_email
from powermap.importers.plan import ImportPlan, Skip
from powermap.model import Dataset
from powermap.importers.tables import at_line

SOURCE = "calendar"
#: a meeting's weight halves every HALF_LIFE_DAYS days
HALF_LIFE_DAYS = 90
#: a calendar alone never suggests more than 3 (trusted): support is a judgement, not a count
MAX_SUGGESTED = 3


def suggested_strength(meeting_dates: list[dt.date], today: dt.date) -> int:
    """The relationship strength suggested by the dates two people met.

    Parameters
    ----------
    meeting_dates : the dates of their shared activities (future ones are ignored)
    today : the date the suggestion is made

    Returns
    -------
    0–3: ``score = Σ 0.5 ** (age_in_days / 90)`` over past meetings; 0 when there is none,
    1 (aware) when score < 1, 2 (contact) when score < 2.5, else 3 (trusted).

    Notes
    -----
    A meeting today weighs 1, one 90 days ago 0.5, one a year ago about 0.06; so three meetings
    in the last three weeks suggest "trusted", and ten meetings two years ago only "aware".
    O(n) in the dates.

    Examples
    --------
    >>> today = dt.date(2026, 11, 23)
    >>> suggested_strength([today - dt.timedelta(days=d) for d in (1, 8, 15)], today)
    3
    >>> suggested_strength([today - dt.timedelta(days=120)] * 2, today)
    1
    >>> suggested_strength([today - dt.timedelta(days=10), today - dt.timedelta(days=40)], today)
    2
    >>> suggested_strength([today + dt.timedelta(days=3)], today)
    0
    """
    score = sum(0.5 ** ((today - d).days / HALF_LIFE_DAYS) for d in meeting_dates if d <= today)
    if score == 0:
        return 0
    if score < 1:
        return 1
    return 2 if score < 2.5 else MAX_SUGGESTED


def parse_ics(graph: Graph, path: Path, today: dt.date | None = None) -> ImportPlan:
    path = Path(path)
    return parse_ics_bytes(graph, path.read_bytes(), path.name, today)


def parse_ics_bytes(graph: Graph, data: bytes, name: str,
                    today: dt.date | None = None) -> ImportPlan:
    """Read an .ics file into a plan of activities and suggested relationships."""
    from icalendar import Calendar

    today = today or dt.date.today()
    _check_nesting(data, name)
    try:
        calendar = Calendar.from_ical(data)
        found = list(calendar.walk("VEVENT"))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError) as e:
        reason = str(e).splitlines()[0][:120] if str(e) else type(e).__name__
        raise ValidationError(Problem(name, "", _("not an iCalendar file: %(reason)s",
                                                  reason=reason))) from None
    events, problems = [], []
    for number, event in enumerate(found, start=1):
        where = _("%(file)s event %(number)s", file=name, number=number)
        repeated = [p for p in _SINGLE if isinstance(event.get(p), list)]
        # icalendar sets a value it cannot parse aside in .errors; for the properties used
        # here that would silently drop or change the event
        broken = [(p, str(m)) for p, m in getattr(event, "errors", ()) if p in _SINGLE]
        if repeated or broken:
            problems += [Problem(where, p, _("appears %(n)s times; an event has one",
                                             n=len(event.get(p)))) for p in repeated]
            problems += [Problem(where, p, _("not a valid value: %(error)s", error=m[:120]))
                         for p, m in broken]
            continue
        uid = str(event.get("UID") or "").strip()
        start = event.get("DTSTART")
        if not uid:
            problems.append(Problem(where, "UID", _("required, missing")))
            continue
        if start is None:
            problems.append(Problem(where, "DTSTART", _("required, missing")))
            continue
        when = getattr(start, "dt", None)
        when = when.date() if isinstance(when, dt.datetime) else when
        if not isinstance(when, dt.date):
            problems.append(Problem(where, "DTSTART", _("expected a date or a date and time")))
            continue
        recurrence = event.get("RECURRENCE-ID")
        emails = [_email(a) for a in _list(event.get("ATTENDEE")) + _list(event.get("ORGANIZER"))]
        events.append(dict(where=f"{where} ({uid[:60]})", uid=uid, date=when,
                           recurrence=_iso(recurrence) if recurrence else None,
                           subject=str(event.get("SUMMARY") or "").strip() or "(no subject)",
                           status=str(event.get("STATUS") or "").upper(),
                           emails=sorted({e for e in emails if e})))
    if problems:
        raise ValidationError(problems)

    people = PeopleIndex(graph, emails=[e for ev in events for e in ev["emails"]])
    data, skipped, met = Dataset(), [], {}
    seen: dict[str, str] = {}
    for ev in events:
        if ev["status"] == "CANCELLED":
            skipped.append(Skip(ev["where"], _("cancelled")))
            continue
        attendees = {}
        for email in ev["emails"]:
            person, _how = people.match(email, None, None, None)
            if person is not None:
                attendees[person["id"]] = person
        if not attendees:
            skipped.append(Skip(ev["where"], _("none of its attendees is in the graph (matched "
                                               "by email)")))
            continue
        activity_id = _activity_id(ev["uid"], ev["recurrence"])
        if activity_id in seen:
            skipped.append(Skip(ev["where"], _("the same event as %(first)s",
                                               first=seen[activity_id])))
            continue
        seen[activity_id] = ev["where"]
        data.add("activities", {"id": activity_id, "kind": "meeting", "date": ev["date"],
                                "subject": ev["subject"][:300],
                                "attendee_ids": sorted(attendees)}, ev["where"])
        staff = [p for p in attendees.values() if p["team_role"]]
        others = [p for p in attendees.values() if not p["team_role"]]
        for s in staff:
            for p in others:
                met.setdefault((s["id"], p["id"]), {})[activity_id] = ev["date"]

    if met:
        pairs = [{"staff_id": s, "person_id": p} for s, p in sorted(met)]
        for row in graph.read("find_shared_activities", pairs=pairs):
            date = row["date"].to_native() if hasattr(row["date"], "to_native") else row["date"]
            met[(row["staff_id"], row["person_id"])].setdefault(row["activity_id"], date)
    for (staff_id, person_id), dates in sorted(met.items()):
        strength = suggested_strength(list(dates.values()), today)
        if strength == 0:
            continue  # they have only met in the future
        data.add("relationships", {
            "staff_id": staff_id, "person_id": person_id, "strength": strength,
            "source": SOURCE, "confidence": 0.5, "as_of": max(d for d in dates.values() if d <= today),
            "note": f"suggested from {len(dates)} shared meetings"}, f"{name} (suggested)")
    notes = [_("strengths suggested from meetings: score = Σ 0.5^(age in days / %(half_life)s); "
               "<1 → 1, <2.5 → 2, else 3 (as of %(date)s)", half_life=HALF_LIFE_DAYS,
               date=today.isoformat())]
    return ImportPlan("ics", data, skipped, frozenset({"relationships"}), notes)


#: properties an event has at most once
_SINGLE = ("UID", "DTSTART", "RECURRENCE-ID", "SUMMARY", "STATUS")
#: how deep components may nest (VCALENDAR › VEVENT › VALARM, VTIMEZONE › STANDARD)
MAX_NESTING = 5


def _check_nesting(data: bytes, name: str) -> None:
    """Refuse components nested deeper than ``MAX_NESTING``, in one pass over the lines and
    before the parser (which recurses, once per level) sees them."""
    depth = 0
    for number, line in enumerate(data.splitlines(), start=1):
        head = line[:6].upper()
        if head.startswith(b"BEGIN:"):
            depth += 1
            if depth > MAX_NESTING:
                raise ValidationError(Problem(at_line(name, number), "", _(
                    "components nested more than %(limit)s deep; expected events inside one "
                    "calendar", limit=MAX_NESTING)))
        elif head.startswith(b"END:"):
            depth -= 1


def _iso(value) -> str:
    when = getattr(value, "dt", value)
    return when.isoformat() if hasattr(when, "isoformat") else str(when)


def _list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _email(address) -> str | None:
    text = normalize_email(str(address))  # full-width ＠ and letters (NFKC), lower case
    if text.startswith("mailto:"):
        text = text[7:]
    return text.lower() if re.fullmatch(r"[^@\s]+@[^@\s]+", text) else None


def _activity_id(uid: str, recurrence: str | None) -> str:
    key = uid + (f"#{recurrence}" if recurrence else "")
    clean = re.sub(r"\s+", "_", key)
    if len(clean) > 180:
        clean = clean[:120] + "~" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return "ics:" + clean
