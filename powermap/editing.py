"""Edits from the web app: add a person, set a buying role and stance, a relationship strength,
draw or remove an influence edge.

Two people editing the same thing: each edit says what its author last saw (``expected``). If
the graph no longer holds that, the edit is refused with ``Conflict`` and the current value, so
the later save never silently undoes the earlier one. The check and the write happen in one
transaction that first takes a write lock on the node the edit hangs off. Adding a person is
atomic too: it ``CREATE``s under the uniqueness constraint on ``Person.id``, so of two requests
for one id exactly one succeeds and the other gets ``IdTaken`` (409).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from neo4j import exceptions as neo4j_errors

from powermap.errors import NotFound, PowermapError, Problem, ValidationError
from powermap.graph.load import check_dataset
from powermap.graph.store import Graph, Tx
from powermap.history.changes import (ChangeSet, compare, record_creations, record_deletions,
                                      record_updates)
from powermap.history.records import native
from powermap.model import Dataset, validate_record

SOURCE_PREFIX = "web:"


class IdTaken(PowermapError):
    """A new person's id names someone already in the graph."""

    status = 409
    code = "id_taken"

    def __init__(self, person_id: str):
        super().__init__(f"the id {person_id!r} is taken by another person; choose another id, "
                         "or leave it out and one is made up from the name")
        self.person_id = person_id


class Conflict(PowermapError):
    """Someone changed the thing being edited since the editor read it."""

    status = 409
    code = "conflict"

    def __init__(self, message: str, current: Any):
        super().__init__(message)
        self.current = current


def add_person(graph: Graph, data: dict, username: str) -> dict:
    """Create a person employed by an organization (and optionally in a department)."""
    require_types(data, text=("id", "name", "title", "seniority", "email", "linkedin_url",
                               "notes", "organization_id", "unit_id"))
    organization_id = data.get("organization_id")
    person = {k: v for k, v in data.items()
              if k in ("id", "name", "title", "seniority", "email", "linkedin_url", "notes")
              and v not in (None, "")}
    person.setdefault("id", _new_id(person.get("name", "")))
    dataset = Dataset()
    problems: list[Problem] = []
    for kind, record in (("people", person),
                         ("employment", {"person_id": person["id"],
                                         "organization_id": organization_id,
                                         "unit_id": data.get("unit_id") or None,
                                         "title": person.get("title")})):
        try:
            dataset.add(kind, record, "request body")
        except ValidationError as e:
            problems += e.problems
    if problems:
        raise ValidationError(problems)
    # organization and department must exist; a person id already taken is refused here with a
    # clear message, and again atomically by the uniqueness constraint when two requests race
    if person["id"] in check_dataset(graph, dataset)["people"]:
        raise IdTaken(person["id"])
    person_row = dataset.records["people"][0].to_row()
    employment_row = dataset.records["employment"][0].to_row()
    changeset = ChangeSet(who=username, via="web", what="add person")

    def create(tx: Tx) -> None:
        # CREATE, never MERGE: of two requests for one id, the second fails on the constraint
        # instead of overwriting the first's person and adding a second current employer
        tx.run("create_people", rows=[person_row], **changeset.params())
        if not tx.run("create_employment", rows=[employment_row],
                      **changeset.params())[0]["created"]:
            raise NotFound(f"no organization with id {organization_id!r}")  # deleted meanwhile
        record_creations(tx, changeset, "people", [person_row])
        record_creations(tx, changeset, "employment", [employment_row])
        changeset.close(tx)

    try:
        graph.write_tx(create)
    except ValidationError as e:
        if isinstance(e.__cause__, neo4j_errors.ConstraintError):
            raise IdTaken(person["id"]) from e
        raise
    return {"id": person["id"], "name": person["name"], "organization_id": organization_id}


def set_chain_member(graph: Graph, opportunity_id: str, person_id: str, data: dict,
                     username: str) -> dict:
    """Set roles and stance of ``person_id`` in ``opportunity_id``."""
    require_types(data, text=("stance",), text_lists=("roles",))
    # null is "unknown"; an empty text is no stance at all and is refused by the model
    record = validate_record("decision_chain", {
        "person_id": person_id, "opportunity_id": opportunity_id,
        "roles": data.get("roles") or [], "stance": data.get("stance")}, "request body")
    row = record.to_row()
    expected = data.get("expected")
    if expected is not None:
        if not isinstance(expected, dict):
            raise ValidationError(Problem("request body", "expected", "expected an object "
                                          "with the roles and stance you saw, or null"))
        roles, stance = expected.get("roles") or [], expected.get("stance")
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles) \
                or not isinstance(stance, (str, type(None))):
            raise ValidationError(Problem("request body", "expected", "roles: a list of "
                                          "strings; stance: a string or null"))
        expected = {"roles": roles, "stance": stance}
    result = _recorded_write(graph, "set_chain_member", "decision_chain",
                             {"person_id": person_id, "opportunity_id": opportunity_id},
                             {"roles": row["roles"], "stance": row["stance"],
                              "expected": expected, "source": SOURCE_PREFIX + username},
                             ChangeSet(who=username, via="web", what="set role and stance"))
    if result:
        return result
    _require(graph, person_id=person_id, opportunity_id=opportunity_id)
    current = graph.read("find_chain_member", person_id=person_id, opportunity_id=opportunity_id)
    raise Conflict("someone changed this person's role or stance since you loaded it; "
                   "look at the current value and save again",
                   current[0] if current else None)


def set_relationship(graph: Graph, staff_id: str, person_id: str, data: dict,
                     username: str) -> dict:
    require_types(data, integers=("strength",))
    record = validate_record("relationships", {"staff_id": staff_id, "person_id": person_id,
                                               "strength": data.get("strength")}, "request body")
    keys = {"staff_id": staff_id, "person_id": person_id}
    return _write_or_conflict(
        graph, "set_relationship", "relationships", keys,
        {"strength": record.strength,  # type: ignore[attr-defined]
         "expected": _expected_strength(data.get("expected"), 0),
         "source": SOURCE_PREFIX + username},
        ChangeSet(who=username, via="web", what="set relationship strength"),
        "find_relationship", "relationship", lambda: _require(graph, **keys))


def set_influence(graph: Graph, from_id: str, to_id: str, data: dict, username: str) -> dict:
    require_types(data, text=("kind",), integers=("strength",))
    if from_id == to_id:
        raise ValidationError(Problem("request body", "to_id", "a person cannot influence "
                                                               "themself"))
    record = validate_record("influence", {"from_id": from_id, "to_id": to_id,
                                           "strength": data.get("strength"),
                                           "kind": "informal" if data.get("kind") is None
                                           else data["kind"]},
                             "request body")
    row = record.to_row()
    keys = {"from_id": from_id, "to_id": to_id}
    return _write_or_conflict(
        graph, "set_influence", "influence", keys,
        {"strength": row["strength"], "kind": row["kind"],
         "expected": _expected_strength(data.get("expected"), 1),
         "source": SOURCE_PREFIX + username},
        ChangeSet(who=username, via="web", what="set influence"),
        "find_influence", "influence edge",
        lambda: _require(graph, person_id=from_id, other_person_id=to_id))


def _write_or_conflict(graph: Graph, write: str, kind: str, keys: dict, params: dict,
                       changeset: ChangeSet, find: str, what: str, require) -> dict:
    """Run a compare-and-set write; when it wrote nothing, say why: an id names nothing
    (``require`` raises NotFound) or someone changed the value (``Conflict`` with it)."""
    result = _recorded_write(graph, write, kind, keys, params, changeset)
    if result:
        return result
    require()
    current = graph.read(find, **keys)
    raise Conflict(f"someone changed this {what} since you loaded it; look at the current "
                   "value and save again", current[0] if current else None)


def _recorded_write(graph: Graph, write: str, kind: str, keys: dict, params: dict,
                    changeset: ChangeSet) -> dict | None:
    """Run a compare-and-set write that returns ``before`` and ``after`` (the edge's
    properties) and record what it changed in ``changeset``, in the same transaction. The
    answer is the query's other columns; None when it wrote nothing."""
    def work(tx: Tx) -> dict | None:
        rows = tx.run(write, **keys, **params, **changeset.params())
        if not rows:
            return None
        row = rows[0]
        before, after = native(row.pop("before")), native(row.pop("after"))
        if before is None:
            record_creations(tx, changeset, kind, [{**keys, **after}])
        else:
            update = compare(kind, before, {**keys, **after})
            if update:
                record_updates(tx, changeset, [update])
        changeset.close(tx)
        return row
    return graph.write_tx(work)


def delete_influence(graph: Graph, from_id: str, to_id: str, expected: int | None,
                     username: str = "(unknown)") -> None:
    if expected is None:
        raise ValidationError(Problem("query", "expected", "required: the strength you saw"))
    _expected_strength(expected, 1, where="query")
    changeset = ChangeSet(who=username, via="web", what="remove influence")

    def work(tx: Tx) -> bool:
        rows = tx.run("delete_influence", from_id=from_id, to_id=to_id, expected=expected)
        if not rows:
            return False
        record_deletions(tx, changeset, "influence",
                         [{"from_id": from_id, "to_id": to_id, **native(rows[0]["before"])}])
        changeset.close(tx)
        return True

    if graph.write_tx(work):
        return
    current = graph.read("find_influence", from_id=from_id, to_id=to_id)
    if not current:
        raise NotFound(f"no influence edge from {from_id!r} to {to_id!r}")
    raise Conflict("someone changed this influence edge since you loaded it", current[0])


def require_types(data: dict, text: tuple[str, ...] = (), text_lists: tuple[str, ...] = (),
                   integers: tuple[str, ...] = ()) -> None:
    """Refuse a field of the wrong JSON type before anything reads it: a ``false``, ``0`` or
    ``[]`` must not pass for "not given" and clear a value.

    >>> require_types({"name": "Ada", "title": None}, text=("name", "title"))
    >>> require_types({"name": ["Ada"], "roles": "user"}, text=("name",), text_lists=("roles",))
    Traceback (most recent call last):
    ...
    powermap.errors.ValidationError: request body: field 'name': expected text or null, got a list
    request body: field 'roles': expected a list of texts or null, got text
    """
    problems = []
    for name in text:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            problems.append(Problem("request body", name,
                                    f"expected text or null, got {_json_type(value)}"))
    for name in text_lists:
        value = data.get(name)
        if value is not None and not (isinstance(value, list)
                                      and all(isinstance(v, str) for v in value)):
            got = ("a list that holds something other than text" if isinstance(value, list)
                   else _json_type(value))
            problems.append(Problem("request body", name,
                                    f"expected a list of texts or null, got {got}"))
    for name in integers:
        value = data.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            problems.append(Problem("request body", name,
                                    f"expected a whole number, got {_json_type(value)}"))
    if problems:
        raise ValidationError(problems)


def _json_type(value: Any) -> str:
    """What a JSON value is, in words (never the value itself, which may be huge)."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def _expected_strength(value: Any, lowest: int, where: str = "request body") -> int | None:
    """The strength an editor saw: null (there was none) or an integer ``lowest``–5.

    >>> _expected_strength(None, 1), _expected_strength(3, 1)
    (None, 3)
    >>> _expected_strength(2 ** 63, 1, where="query")
    Traceback (most recent call last):
    ...
    powermap.errors.ValidationError: query: field 'expected': 9223372036854775808 is not a strength you can have seen; expected null or an integer 1–5
    """
    if value is None or (isinstance(value, int) and not isinstance(value, bool)
                         and lowest <= value <= 5):
        return value
    raise ValidationError(Problem(where, "expected", f"{value!r} is not a strength you can have "
                                  f"seen; expected null or an integer {lowest}–5"))


def _require(graph: Graph, person_id: str | None = None, opportunity_id: str | None = None,
             staff_id: str | None = None, other_person_id: str | None = None) -> None:
    """Raise NotFound for the first id that names nothing."""
    for pid in (person_id, other_person_id):
        if pid and not graph.read("find_person", person_id=pid):
            raise NotFound(f"no person with id {pid!r}")
    if opportunity_id and not graph.read("find_opportunity", opportunity_id=opportunity_id):
        raise NotFound(f"no opportunity with id {opportunity_id!r}")
    if staff_id and not graph.read("find_existing_ids", organizations=[], units=[], people=[],
                                   staff=[staff_id], opportunities=[], activities=[])[0]["staff"]:
        raise NotFound(f"no staff member with id {staff_id!r}")


def _new_id(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
    return f"p-{slug or 'person'}-{uuid.uuid4().hex[:6]}"
