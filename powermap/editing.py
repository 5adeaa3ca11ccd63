"""Edits from the web app: add a person (optionally straight into an opportunity's decision
chain), change a person's details, department and manager, end an employment, set a buying role
and stance, a relationship strength, draw an influence edge, and remove a relationship, an
influence edge or a person's place in a decision chain.

Two people editing the same thing: each edit says what its author last saw (``expected``). If
the graph no longer holds that, the edit is refused with ``Conflict`` and the current value, so
the later save never silently undoes the earlier one. The check and the write happen in one
transaction that first takes a write lock on the node the edit hangs off. Adding a person is
atomic too: it ``CREATE``s under the uniqueness constraint on ``Person.id``, so of two requests
for one id exactly one succeeds and the other gets ``IdTaken`` (409).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from neo4j import exceptions as neo4j_errors

from powermap.errors import NotFound, PowermapError, Problem, ValidationError
from powermap.graph.load import check_dataset
from powermap.graph.store import Graph, Tx
from powermap.history.changes import (ChangeSet, compare, current_rows, delete_records,
                                      record_creations, record_deletions, record_updates)
from powermap.history.records import dumps, ends, native
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
    """Create a person employed by an organization (and optionally in a department); with
    ``opportunity_id`` and ``roles`` (and optionally ``stance``) they join that opportunity's
    decision chain in the same transaction, so they appear on its map at once."""
    require_types(data, text=("id", "name", "title", "seniority", "email", "linkedin_url",
                               "notes", "organization_id", "unit_id", "opportunity_id",
                               "stance"), text_lists=("roles",))
    organization_id = data.get("organization_id")
    opportunity_id = data.get("opportunity_id") or None
    person = {k: v for k, v in data.items()
              if k in ("id", "name", "title", "seniority", "email", "linkedin_url", "notes")
              and v not in (None, "")}
    person.setdefault("id", _new_id(person.get("name", "")))
    dataset = Dataset()
    problems: list[Problem] = []
    records = [("people", person),
               ("employment", {"person_id": person["id"],
                               "organization_id": organization_id,
                               "unit_id": data.get("unit_id") or None,
                               "title": person.get("title")})]
    if opportunity_id:
        records.append(("decision_chain", {"person_id": person["id"],
                                           "opportunity_id": opportunity_id,
                                           "roles": data.get("roles") or [],
                                           "stance": data.get("stance") or None,
                                           "source": SOURCE_PREFIX + username}))
    elif data.get("roles") or data.get("stance"):
        problems.append(Problem("request body", "opportunity_id", "required with roles or a "
                                "stance: the opportunity whose decision chain they join"))
    for kind, record in records:
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
    chain_rows = [r.to_row() for r in dataset.records.get("decision_chain", [])]
    changeset = ChangeSet(who=username, via="web", what="add person")

    def create(tx: Tx) -> None:
        if chain_rows:
            # the chain's opportunity must be this organization's: a person joins the decision
            # chain of a deal at their own employer (locked, so a concurrent chain edit waits)
            found = tx.run("lock_opportunity", opportunity_id=opportunity_id)
            if not found:
                raise NotFound(f"no opportunity with id {opportunity_id!r}")
            if found[0]["customer_id"] != organization_id:
                raise ValidationError(Problem(
                    "request body", "opportunity_id",
                    f"the opportunity {opportunity_id!r} is for another customer; expected an "
                    f"opportunity of {organization_id!r}, where the person works"))
        # CREATE, never MERGE: of two requests for one id, the second fails on the constraint
        # instead of overwriting the first's person and adding a second current employer
        tx.run("create_people", rows=[person_row], **changeset.params())
        if not tx.run("create_employment", rows=[employment_row],
                      **changeset.params())[0]["created"]:
            raise NotFound(f"no organization with id {organization_id!r}")  # deleted meanwhile
        record_creations(tx, changeset, "people", [person_row])
        record_creations(tx, changeset, "employment", [employment_row])
        if chain_rows:
            tx.run("create_decision_chain", rows=chain_rows, **changeset.params())
            record_creations(tx, changeset, "decision_chain", chain_rows)
        changeset.close(tx)

    try:
        graph.write_tx(create)
    except ValidationError as e:
        if isinstance(e.__cause__, neo4j_errors.ConstraintError):
            raise IdTaken(person["id"]) from e
        raise
    created = {"id": person["id"], "name": person["name"], "organization_id": organization_id}
    if chain_rows:
        created["decision_chain"] = {"opportunity_id": opportunity_id,
                                     "roles": chain_rows[0]["roles"],
                                     "stance": chain_rows[0]["stance"]}
    return created


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
                   _with_last_change(graph, "decision_chain", (person_id, opportunity_id),
                                     current[0]) if current else None)


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
                   "value and save again",
                   _with_last_change(graph, kind, tuple(keys.values()), current[0])
                   if current else None)


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
    raise Conflict("someone changed this influence edge since you loaded it",
                   _with_last_change(graph, "influence", (from_id, to_id), current[0]))


#: a person's details the edit form changes (``PATCH /api/v1/people/<id>``): their own fields,
#: and the department and manager of their current employment
PERSON_FIELDS = ("name", "title", "seniority", "email")
EDITABLE_FIELDS = PERSON_FIELDS + ("unit_id", "manager_id")


def person_to_edit(graph: Graph, person_id: str) -> dict:
    """What the edit form of a person shows: the values now (``current``), the employment the
    department and manager belong to, and what they can be chosen from (``choices``: the
    departments of that organization and the people who work there now)."""
    rows = graph.read("find_person_to_edit", person_id=person_id)
    if not rows:
        raise NotFound(f"no person with id {person_id!r}")
    row = rows[0]
    employment = _main_employment(row["employments"])
    current = _current_values(row, employment)
    choices = {"units": [], "people": []}
    if employment:
        choices = graph.read("find_employment_choices", person_id=person_id,
                             organization_id=employment["organization_id"])[0]
    return {"current": current, "employment": employment, "employments": row["employments"],
            "choices": choices}


def _main_employment(employments: list[dict]) -> dict | None:
    """The current employment a department and manager belong to: at a customer if there is
    one (the query orders by kind, customers first), else the first."""
    found = [e for e in employments if e["kind"] == "customer"] or employments
    return native(found[0]) if found else None


def _current_values(row: dict, employment: dict | None) -> dict:
    person = row["person"]
    managers = row["manager_ids"]
    return {**{name: person.get(name) for name in PERSON_FIELDS},
            "unit_id": employment["unit_id"] if employment else None,
            # several managers come only from imports; the form shows and replaces the first
            "manager_id": managers[0] if managers else None}


def update_person(graph: Graph, person_id: str, data: dict, username: str) -> dict:
    """Change a person's details: any of name, title, seniority, email, department
    (``unit_id``) and manager (``manager_id``; null: none). ``expected`` holds the value the
    editor saw of each field they change; if one differs now, ``Conflict`` with the values now.
    The person's own fields, the current employment (department, and its title with the
    person's) and the reporting line change in one transaction, recorded in history."""
    require_types(data, text=EDITABLE_FIELDS)
    unknown = sorted(set(data) - set(EDITABLE_FIELDS) - {"expected"})
    if unknown:
        raise ValidationError(Problem("request body", unknown[0], "not a field you can change "
                                      f"here; expected some of {', '.join(EDITABLE_FIELDS)}"))
    changes = {name: (data[name] or None) for name in EDITABLE_FIELDS if name in data}
    if not changes:
        raise ValidationError(Problem("request body", "", "nothing to change; send one or more "
                                      f"of {', '.join(EDITABLE_FIELDS)}"))
    expected = data.get("expected")
    if not isinstance(expected, dict):
        raise ValidationError(Problem("request body", "expected", "required: an object with the "
                                      "value you saw of each field you change"))
    missing = [name for name in changes if name not in expected]
    if missing:
        raise ValidationError(Problem("request body", "expected", "the value you saw of "
                                      f"{missing[0]!r} is missing"))
    wrong = [name for name in changes
             if expected[name] is not None and not isinstance(expected[name], str)]
    if wrong:
        raise ValidationError(Problem("request body", "expected", f"the value you saw of "
                                      f"{wrong[0]!r}: expected text or null"))
    seen = {name: expected[name] or None for name in changes}
    changeset = ChangeSet(who=username, via="web", what="edit person")

    def work(tx: Tx) -> dict:
        if not tx.run("lock_person", person_id=person_id):
            raise NotFound(f"no person with id {person_id!r}")
        row = tx.run("find_person_to_edit", person_id=person_id)[0]
        employment = _main_employment(row["employments"])
        now = _current_values(row, employment)
        if any(_same(now[name]) != _same(seen[name]) for name in changes):
            return {"conflict": now, "created": row["created"]}
        if employment is None and (changes.get("unit_id") or changes.get("manager_id")):
            raise ValidationError(Problem("request body", "unit_id" if changes.get("unit_id")
                                          else "manager_id", "this person works nowhere now; "
                                          "a department and a manager belong to a current "
                                          "employment"))
        if employment is not None and ("unit_id" in changes or "manager_id" in changes):
            choices = tx.run("find_employment_choices", person_id=person_id,
                             organization_id=employment["organization_id"])[0]
            _check_choice(changes, "unit_id", choices["units"], "department",
                          employment["organization"])
            _check_choice(changes, "manager_id", choices["people"], "person who works",
                          employment["organization"])
        person_changes = {k: v for k, v in changes.items() if k in PERSON_FIELDS}
        if person_changes:
            before = current_rows(tx, "people", [(person_id,)])[(person_id,)]
            record = validate_record("people", {
                **{k: v for k, v in before.items() if not k.startswith("_") and v is not None},
                **{k: v for k, v in person_changes.items() if v is not None}},
                "request body")
            new_row = {**record.to_row(), **{k: None for k, v in person_changes.items()
                                             if v is None}}
            if new_row.get("name") is None:
                raise ValidationError(Problem("request body", "name", "a person needs a name"))
            tx.run("upsert_people", rows=[new_row], **changeset.params())
            update = compare("people", before, new_row)
            if update:
                record_updates(tx, changeset, [update])
        if employment is not None and ("unit_id" in changes or "title" in changes):
            _update_employment(tx, changeset, person_id, employment,
                               unit_id=changes.get("unit_id", employment["unit_id"]),
                               title=changes.get("title", employment["title"]),
                               until=None)
        if "manager_id" in changes and changes["manager_id"] != now["manager_id"]:
            _set_manager(tx, changeset, person_id, row["manager_ids"], changes["manager_id"],
                         username)
        changeset.close(tx)
        row = tx.run("find_person_to_edit", person_id=person_id)[0]
        return _current_values(row, _main_employment(row["employments"]))

    result = graph.write_tx(work)
    if "conflict" in result:
        current = {**result["conflict"], **_last_change(
            graph, person_id, ["people", "employment", "reports_to"], None,
            result["created"])}
        raise Conflict("someone changed this person since you loaded them; look at the current "
                       "values and save again", current)
    return {"id": person_id, **result}


def _same(value: Any) -> Any:
    """A text as compared with what an editor saw: "" and null are both "none"."""
    return value or None


def _check_choice(changes: dict, name: str, choices: list[dict], what: str,
                  organization: str) -> None:
    value = changes.get(name)
    if value is not None and value not in {c["id"] for c in choices}:
        raise ValidationError(Problem("request body", name, f"{value!r} names no {what} at "
                                      f"{organization}; expected one of theirs"))


def _update_employment(tx: Tx, changeset: ChangeSet, person_id: str, employment: dict,
                       unit_id: str | None, title: str | None, until) -> None:
    """Change one current employment's department, title or end, recorded as an update."""
    key = (person_id, employment["organization_id"], employment["key"])
    before = current_rows(tx, "employment", [key])[key]
    tx.run("update_employment", person_id=person_id, key=employment["key"],
           organization_id=employment["organization_id"], unit_id=unit_id, title=title,
           until=until)
    after = current_rows(tx, "employment", [key])[key]
    update = compare("employment", before, after)
    if update:
        record_updates(tx, changeset, [update])


def _set_manager(tx: Tx, changeset: ChangeSet, person_id: str, old: list[str],
                 new: str | None, username: str) -> None:
    """Replace the person's reporting lines by one to ``new`` (none when null); the removed
    lines are recorded whole, so an undo brings them back."""
    delete_records(tx, changeset, "reports_to", [(person_id, m) for m in old if m != new])
    if new is not None and new not in old:
        row = validate_record("reports_to", {"person_id": person_id, "manager_id": new,
                                             "source": SOURCE_PREFIX + username},
                              "request body").to_row()
        tx.run("upsert_reports_to", rows=[row], **changeset.params())
        record_creations(tx, changeset, "reports_to", [row])


def end_employment(graph: Graph, person_id: str, data: dict, username: str) -> dict:
    """The person left: close their current employment at ``organization_id`` (default: the
    one their department and manager belong to) on ``until`` (a date, ISO). Their department
    membership ends the same day; the employment stays, closed, as history. Ending one that
    is already closed is a ``Conflict`` with the date it ended."""
    require_types(data, text=("until", "organization_id"))
    unknown = sorted(set(data) - {"until", "organization_id"})
    if unknown:
        raise ValidationError(Problem("request body", unknown[0], "not a field here; expected "
                                      "until and, optionally, organization_id"))
    if not data.get("until"):
        raise ValidationError(Problem("request body", "until", "required: the day the person "
                                      "left, like 2026-11-26"))
    organization_id = data.get("organization_id") or None
    changeset = ChangeSet(who=username, via="web", what="end employment")

    def work(tx: Tx) -> dict:
        if not tx.run("lock_person", person_id=person_id):
            raise NotFound(f"no person with id {person_id!r}")
        row = tx.run("find_person_to_edit", person_id=person_id)[0]
        open_ = [native(e) for e in row["employments"]
                 if organization_id is None or e["organization_id"] == organization_id]
        employment = _main_employment(open_)
        if employment is None:
            return {"conflict": {"organization_id": organization_id, "employed": False},
                    "created": row["created"]}
        record = validate_record("employment", {
            "person_id": person_id, "organization_id": employment["organization_id"],
            "since": employment["since"], "until": data["until"]}, "request body")
        _update_employment(tx, changeset, person_id, employment, employment["unit_id"],
                           employment["title"], record.until)  # type: ignore[attr-defined]
        changeset.close(tx)
        return {"person_id": person_id, "organization_id": employment["organization_id"],
                "until": record.until}  # type: ignore[attr-defined]

    result = graph.write_tx(work)
    if "conflict" in result:
        raise Conflict("this person has no current employment there any more; someone ended "
                       "it since you loaded the page", {**result["conflict"], **_last_change(
                           graph, person_id, ["employment"], None, result["created"])})
    return result


def delete_relationship(graph: Graph, staff_id: str, person_id: str, expected: int | None,
                        username: str) -> None:
    """Remove one of our staff's relationship to a person, if its strength is still
    ``expected``; the whole record is kept in history (undo brings it back)."""
    if expected is None:
        raise ValidationError(Problem("query", "expected", "required: the strength you saw"))
    _expected_strength(expected, 0, where="query")
    _delete_checked(graph, "relationships", (staff_id, person_id), "lock_person",
                    {"person_id": person_id}, lambda row: row["strength"] == expected,
                    ChangeSet(who=username, via="web", what="remove relationship"),
                    "find_relationship", {"staff_id": staff_id, "person_id": person_id},
                    f"no relationship of {staff_id!r} to {person_id!r}",
                    "someone changed this relationship since you loaded it")


def delete_chain_member(graph: Graph, opportunity_id: str, person_id: str,
                        expected: dict, username: str) -> None:
    """Take a person out of an opportunity's decision chain (all their buying roles and their
    stance there), if the roles and stance are still ``expected``."""
    roles, stance = expected.get("roles"), expected.get("stance")
    if not isinstance(roles, list) or not roles or not all(isinstance(r, str) for r in roles):
        raise ValidationError(Problem("query", "expected_roles", "required: the buying roles "
                                      "you saw, separated by commas"))
    _delete_checked(graph, "decision_chain", (person_id, opportunity_id), "lock_opportunity",
                    {"opportunity_id": opportunity_id},
                    lambda row: sorted(row["roles"] or []) == sorted(roles)
                    and (row["stance"] or None) == (stance or None),
                    ChangeSet(who=username, via="web", what="remove from decision chain"),
                    "find_chain_member", {"person_id": person_id,
                                          "opportunity_id": opportunity_id},
                    f"{person_id!r} is not in the decision chain of {opportunity_id!r}",
                    "someone changed this person's role or stance since you loaded it")


def _delete_checked(graph: Graph, kind: str, key: tuple, lock: str, lock_params: dict,
                    still, changeset: ChangeSet, find: str, find_params: dict, missing: str,
                    conflict: str) -> None:
    """Delete one record if ``still(record)`` holds, after locking the node it hangs off;
    NotFound when there is no such record, Conflict (with the record now) when it changed."""
    def work(tx: Tx) -> bool | None:
        tx.run(lock, **lock_params)
        found = current_rows(tx, kind, [key])
        if not found:
            return None
        if not still(found[key]):
            return False
        delete_records(tx, changeset, kind, [key])
        changeset.close(tx)
        return True

    done = graph.write_tx(work)
    if done:
        return
    if done is None:
        raise NotFound(missing)
    current = graph.read(find, **find_params)
    if not current:
        raise NotFound(missing)
    raise Conflict(conflict, _with_last_change(graph, kind, key, current[0]))


def _with_last_change(graph: Graph, kind: str, key: tuple, current: dict) -> dict:
    """The record now, with who last changed it and when (``changed_by``, ``changed_at``),
    so a conflict can say so; the bookkeeping field ``_created`` is left out."""
    current = dict(current)
    created = current.pop("_created", None)
    first, _ = ends(kind, key, None)
    return {**current, **_last_change(graph, first, [kind], dumps(list(key)), created)}


def _last_change(graph: Graph, first_id: str, kinds: list[str], key: str | None,
                 created) -> dict:
    """Who changed a record last and when: its latest recorded update or deletion, or the
    change set that created it (found by the creation stamp ``created``: a datetime, or
    milliseconds since the epoch; None when the record predates history)."""
    row = graph.read("find_last_change_of_record", a=first_id, kinds=kinds, key=key,
                     created_ms=_epoch_ms(created))[0]
    candidates = [(row["updated_at"], row["updated_by"]), (row["created_at"], row["created_by"])]
    candidates = [(native(at), who) for at, who in candidates if at is not None]
    if not candidates:
        return {"changed_by": None, "changed_at": None}
    at, who = max(candidates, key=lambda c: c[0])
    return {"changed_by": who, "changed_at": at.isoformat()}


def _epoch_ms(stamp) -> int:
    """A creation stamp as milliseconds since the epoch (0, which no change set has: none)."""
    if stamp is None:
        return 0
    if isinstance(stamp, int):
        return stamp
    # exact integer arithmetic: a float timestamp can round a millisecond away
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    return (native(stamp) - epoch) // dt.timedelta(milliseconds=1)


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
