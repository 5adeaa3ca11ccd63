"""The next steps of an opportunity: who of our staff owns each finding's next step, and by when.

Stored in the graph as ``(:Opportunity)-[:HAS_NEXT_STEP]->(:NextStep {key})-[:OWNED_BY]->
(:Staff)``, one node per finding key (``Finding.key``), so an owner and a due date survive
every re-rendering of the report while the finding's subject stays the same.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from powermap.analysis.context import native_values
from powermap.errors import NotFound, Problem, ValidationError
from powermap.graph.store import Graph
from powermap.report.words import _


def find_next_steps(graph: Graph, opportunity_id: str) -> dict[str, dict]:
    """The stored next steps of an opportunity by finding key (owner, due date, who set it)."""
    return {row["key"]: native_values(row)
            for row in graph.read("find_next_steps", opportunity_id=opportunity_id)}


def set_next_step(graph: Graph, report: dict, key: str, owner_id: Any, due: Any,
                  username: str, where: str = "request") -> dict:
    """Give the next step of the finding ``key`` of ``report`` (a gap report as a dict) an
    owner (a staff id) and a due date (``YYYY-MM-DD``).

    Raises ``ValidationError`` naming the field (``key``, ``owner``, ``due``) for a key that
    is not one of the report's findings, an owner who is not one of our staff, or a date that
    is not a date.
    """
    findings = {f["key"]: f for f in report["findings"]}
    problems = []
    if not isinstance(key, str) or key not in findings:
        problems.append(Problem(where, "key", _(
            "expected the key of one of the report's findings (%(keys)s), got %(got)r",
            keys=", ".join(sorted(findings)) or _("none"), got=key)))
    day = parse_due(due, where, problems)
    if not isinstance(owner_id, str) or not owner_id.strip():
        problems.append(Problem(where, "owner", _("expected the id of one of our staff")))
    if problems:
        raise ValidationError(problems)
    finding = findings[key]
    rows = graph.write("upsert_next_step", opportunity_id=report["opportunity"]["id"], key=key,
                       owner_id=owner_id.strip(), due=day.isoformat(), title=finding["title"],
                       action=finding["action"], username=username)
    if not rows:
        if not graph.read("find_opportunity", opportunity_id=report["opportunity"]["id"]):
            raise NotFound(_("no opportunity with id %(id)r", id=report["opportunity"]["id"]))
        raise ValidationError(Problem(where, "owner", _(
            "expected the id of one of our staff, got %(got)r", got=owner_id)))
    return native_values(rows[0])


def delete_next_step(graph: Graph, opportunity_id: str, key: str) -> bool:
    """Forget the owner and due date of one next step; True if there was one."""
    return graph.write("delete_next_step", opportunity_id=opportunity_id,
                       key=key)[0]["deleted"] > 0


def parse_due(value: Any, where: str, problems: list[Problem]) -> dt.date | None:
    """A due date from ``YYYY-MM-DD``; a problem is appended for anything else.

    >>> parse_due("2026-12-01", "form", [])
    datetime.date(2026, 12, 1)
    >>> found = []; parse_due("1st of May", "form", found); str(found[0])
    "form: field 'due': expected a date as YYYY-MM-DD, got '1st of May'"
    """
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(Problem(where, "due", _("expected a date as YYYY-MM-DD, got %(got)r",
                                            got=value)))
    return None


def steps_of_report(report: dict, stored: dict[str, dict]) -> list[dict]:
    """Every finding's next step, in the report's order, with the owner and due date set for
    it (None when not set yet) and whether it is overdue on the report's day."""
    today = report["generated_on"]
    steps = []
    for f in report["findings"]:
        kept = stored.get(f["key"]) or {}
        due = kept.get("due")
        steps.append({"key": f["key"], "severity": f["severity"], "title": f["title"],
                      "action": f["action"], "owner": kept.get("owner"),
                      "owner_id": kept.get("owner_id"), "due": due,
                      "overdue": bool(due and today and due < today)})
    return steps
