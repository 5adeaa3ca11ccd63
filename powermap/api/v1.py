"""The JSON API under /api/v1: everything the pages read or change. docs/api.md and
/api/v1/openapi.json describe it; tests/test_web.py and tests/test_docs.py check that both
list exactly these routes."""

from __future__ import annotations

import json
import math
import re

from flask import Blueprint, Flask, Response, current_app, g, request

from powermap import editing, users
from powermap.analysis.competitors import competitors_report
from powermap.analysis.context import _people as people_of
from powermap.analysis.context import load_account_map, load_opportunities, load_opportunity
from powermap.analysis.crosscustomer import QUERIES, cross_customer, who_knows
from powermap.analysis.gaps import gap_report_of
from powermap.analysis.paths import paths_report
from powermap.analysis.person import person_profile
from powermap.analysis.spof import spof_report
from powermap.analysis.whatif import whatif
from powermap.analysis.templates import load_templates
from powermap.api.auth import requires
from powermap.api.db import get_graph
from powermap.api.history_api import compared
from powermap.errors import NotFound, Problem, ValidationError
from powermap.graph import search as searching
from powermap.i18n import _, format_number
from powermap.model import OpportunityStatus
from powermap.viz import powermap as maps
from powermap.viz import quadrants
from powermap.viz.text import gap_report_markdown, to_json

bp = Blueprint("v1", __name__, url_prefix="/api/v1")


def _json(data, status: int = 200) -> Response:
    """JSON with dates as ISO strings (the CLI's encoder, without its indentation)."""
    return Response(to_json(data, compact=True), status=status, mimetype="application/json")


def role_templates():
    """The role templates of the settings (None: the built-in ones)."""
    settings = current_app.config["POWERMAP_SETTINGS"]
    return load_templates(settings.role_templates_file) if settings.role_templates_file else None


def _stale_days() -> int:
    return current_app.config["POWERMAP_SETTINGS"].stale_days


#: how deep a request body may nest objects and lists; no operation needs more than 3
MAX_BODY_DEPTH = 32


def _body() -> dict:
    """The request's JSON object, strictly parsed: a clear 400 for anything else."""
    return parse_body(request.get_data(cache=True))


def parse_body(raw: bytes) -> dict:
    """Parse a request body that must be a JSON object.

    Strict where Python's ``json`` is lenient: the bare ``NaN``, ``Infinity`` and
    ``-Infinity`` (not JSON at all) and numbers too big for a float (``1e999``) are refused, as
    is nesting deeper than ``MAX_BODY_DEPTH``, however deep (the parser's recursion error
    becomes the same clear 400).

    >>> parse_body(b'{"name": "Ada", "strength": 3}')
    {'name': 'Ada', 'strength': 3}
    >>> parse_body(b'{"amount": Infinity}')
    Traceback (most recent call last):
    ...
    powermap.errors.ValidationError: request body: Infinity is not a number JSON allows; send a finite number
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValidationError(Problem("request body", "", f"not UTF-8 text (byte {e.start})")
                              ) from None
    if not text.strip():
        raise ValidationError(Problem("request body", "", "expected a JSON object; the body "
                                      "is empty"))
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except _NotFinite as e:
        raise ValidationError(Problem("request body", "", f"{e} is not a number JSON allows; "
                                      "send a finite number")) from None
    except RecursionError:  # the C parser stops cleanly at the interpreter's recursion limit
        raise ValidationError(_too_deep()) from None
    except ValueError as e:
        raise ValidationError(Problem("request body", "", f"not valid JSON: {e}")) from None
    if _nesting(data) > MAX_BODY_DEPTH:
        raise ValidationError(_too_deep())
    if not isinstance(data, dict):
        raise ValidationError(Problem("request body", "", "expected a JSON object"))
    return data


def _texts(body: dict, *names: str) -> list[str]:
    """The named fields of a body, each text ("" when missing or null); any other JSON type is
    refused, never turned into text (a number must not become a password)."""
    editing.require_types(body, text=names)
    return [body.get(n) or "" for n in names]


def _too_deep() -> Problem:
    return Problem("request body", "", f"the JSON is nested more than {MAX_BODY_DEPTH} levels "
                                       "deep; no operation takes more than 3")


class _NotFinite(ValueError):
    """A non-finite number in a request body (its literal is the message)."""


def _no_constant(literal: str):
    raise _NotFinite(literal)


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _NotFinite(literal)
    return value


def _nesting(data) -> int:
    """How deep objects and lists nest in parsed JSON (without recursion).

    >>> _nesting({"a": [1, {"b": "[[["}]}), _nesting(3)
    (3, 0)
    """
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, depth)
            if depth <= MAX_BODY_DEPTH:  # deeper is refused anyway: stop counting there
                stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict)
                                                      else value))
    return deepest


# --- reading -------------------------------------------------------------------------------

@bp.get("/accounts")
def accounts():
    """Customer accounts with tier, open opportunities, coverage and competitors, a page at a
    time (?page=N&per_page=M)."""
    return _json(account_page())


@bp.get("/accounts/<account_id>")
def account(account_id: str):
    """One account and its open opportunities."""
    head = account_head(account_id)
    return _json({"account": head["account"],
                  "open_opportunities": _opportunity_heads(head["open_opportunities"])})


@bp.get("/accounts/<account_id>/map")
def account_map(account_id: str):
    """The account's power map: nodes, edges, panel details, legend."""
    return _json(account_map_data(account_id))


@bp.get("/opportunities/<opportunity_id>/map")
def opportunity_map(opportunity_id: str):
    """The opportunity's power map, with the findings of its gap report in the panels."""
    return _json(opportunity_map_data(opportunity_id))


@bp.get("/opportunities/<opportunity_id>/gaps")
def gaps(opportunity_id: str):
    """The gap report as JSON (docs/analyses.md has its shape)."""
    return _json(report_data(opportunity_id))


@bp.get("/opportunities/<opportunity_id>/gaps.md")
def gaps_markdown(opportunity_id: str):
    """The gap report as Markdown, for download."""
    report = report_data(opportunity_id)
    _audit("export", f"opportunity {opportunity_id}", "gap report as Markdown")
    return Response(gap_report_markdown(report), mimetype="text/markdown",
                    headers={"Content-Disposition": "attachment; filename="
                             f'"gap-report-{safe_filename(opportunity_id)}.md"'})


@bp.get("/opportunities/<opportunity_id>/quadrants")
def opportunity_quadrants(opportunity_id: str):
    """The relationship assessment chart of an opportunity as data (power, support, coverage)."""
    return _json(opportunity_quadrants_data(opportunity_id))


@bp.get("/opportunities/<opportunity_id>/quadrants.svg")
def opportunity_quadrants_svg(opportunity_id: str):
    """The relationship assessment chart of an opportunity, drawn as SVG."""
    return _svg(quadrants.render_svg(opportunity_quadrants_data(opportunity_id)))


@bp.get("/accounts/<account_id>/quadrants")
def account_quadrants(account_id: str):
    """The relationship assessment chart of an account's open opportunities as data."""
    return _json(account_quadrants_data(account_id))


@bp.get("/accounts/<account_id>/quadrants.svg")
def account_quadrants_svg(account_id: str):
    """The relationship assessment chart of an account's open opportunities, drawn as SVG."""
    return _svg(quadrants.render_svg(account_quadrants_data(account_id)))


def _svg(text: str) -> Response:
    # drawn by us with every name escaped; nosniff keeps browsers from reading it as anything else
    return Response(text, mimetype="image/svg+xml",
                    headers={"X-Content-Type-Options": "nosniff"})


@bp.get("/people/<person_id>")
def person(person_id: str):
    """A person: roles, relationships, employment history, findings that name them."""
    return _json(person_profile(get_graph(), person_id, templates=role_templates()))


@bp.get("/queries/<question>")
def query(question: str):
    """A cross-customer question: movers, spanners, advisors or contradictions."""
    if question not in QUERIES:
        raise NotFound(f"no question {question!r}; expected one of {', '.join(QUERIES)}")
    return _json(cross_customer(get_graph(), question))


@bp.get("/organizations/<organization_id>/knows")
def knows(organization_id: str):
    """Who in our company knows anyone at an organization."""
    return _json(who_knows(get_graph(), organization_id))


@bp.get("/search")
def search():
    """People, organizations and opportunities by name, e-mail address or title (?q=, ?limit=)."""
    return _json(search_data())


@bp.get("/opportunities")
def opportunities():
    """Opportunities, open and closed, a page at a time (?status=, ?account_id=, ?stage=,
    ?page=, ?per_page=)."""
    return _json(opportunity_list())


@bp.get("/spof")
def spof():
    """Single points of contact of one account (?account_id=), one opportunity
    (?opportunity_id=) or the portfolio, a page of accounts at a time (?page=)."""
    return _json(spof_data())


@bp.get("/competitors")
def competitors():
    """Competitor-held people weighted by power: per opportunity (?opportunity_id=), per account
    (?account_id=) or across the portfolio a page of accounts at a time; ?competitor_id= keeps
    one competitor."""
    return _json(competitors_data())


@bp.get("/people/<person_id>/paths")
def person_paths(person_id: str):
    """Who can introduce us: the best influence paths from our staff to a person
    (?from_staff=, ?limit=)."""
    return _json(paths_data(person_id))


@bp.get("/people/<person_id>/whatif")
def person_whatif(person_id: str):
    """What we would lose if a person left (?opportunity_id=, ?account_id= narrow it)."""
    return _json(whatif_data(person_id))


# --- editing -------------------------------------------------------------------------------

@bp.post("/people")
@requires("editor")
def add_person():
    """Add a person employed by an organization."""
    created = editing.add_person(get_graph(), _body(), g.user["username"])
    _audit("add person", f"person {created['id']}", created["name"])
    return _json(created, 201)


@bp.put("/opportunities/<opportunity_id>/members/<person_id>")
@requires("editor")
def set_member(opportunity_id: str, person_id: str):
    """Set a person's buying roles and stance in an opportunity (with the values you saw)."""
    result = editing.set_chain_member(get_graph(), opportunity_id, person_id, _body(),
                                      g.user["username"])
    _audit("set role and stance", f"opportunity {opportunity_id} person {person_id}",
           f"roles {', '.join(result['roles'])}; stance {result['stance'] or 'unknown'}")
    return _json(result)


@bp.put("/relationships/<staff_id>/<person_id>")
@requires("editor")
def set_relationship(staff_id: str, person_id: str):
    """Set one of our staff's relationship strength to a person (with the value you saw)."""
    result = editing.set_relationship(get_graph(), staff_id, person_id, _body(),
                                      g.user["username"])
    _audit("set relationship", f"staff {staff_id} person {person_id}",
           f"strength {result['strength']}")
    return _json(result)


@bp.put("/influence/<from_id>/<to_id>")
@requires("editor")
def set_influence(from_id: str, to_id: str):
    """Draw or change an influence edge (with the strength you saw, null for a new one)."""
    result = editing.set_influence(get_graph(), from_id, to_id, _body(), g.user["username"])
    _audit("set influence", f"person {from_id} → person {to_id}",
           f"strength {result['strength']} ({result['kind']})")
    return _json(result)


@bp.delete("/influence/<from_id>/<to_id>")
@requires("editor")
def delete_influence(from_id: str, to_id: str):
    """Remove an influence edge (?expected=<the strength you saw>)."""
    raw = request.args.get("expected")
    try:
        expected = int(raw) if raw is not None else None
    except ValueError:
        raise ValidationError(Problem("query", "expected", f"{raw!r} is not an integer")) from None
    editing.delete_influence(get_graph(), from_id, to_id, expected, g.user["username"])
    _audit("remove influence", f"person {from_id} → person {to_id}", "")
    return _json({"deleted": True})


@bp.patch("/people/<person_id>")
@requires("editor")
def update_person(person_id: str):
    """Change a person's name, title, seniority, email, department or manager (with the values
    you saw in ``expected``)."""
    result = editing.update_person(get_graph(), person_id, _body(), g.user["username"])
    _audit("edit person", f"person {person_id}", result["name"] or "")
    return _json(result)


@bp.post("/people/<person_id>/employment/end")
@requires("editor")
def end_employment(person_id: str):
    """The person left: end their current employment on a day."""
    result = editing.end_employment(get_graph(), person_id, _body(), g.user["username"])
    _audit("end employment", f"person {person_id}",
           f"organization {result['organization_id']} until {result['until']}")
    return _json(result)


@bp.delete("/relationships/<staff_id>/<person_id>")
@requires("editor")
def delete_relationship(staff_id: str, person_id: str):
    """Remove one of our staff's relationship to a person (?expected=<the strength you saw>)."""
    editing.delete_relationship(get_graph(), staff_id, person_id, _strength_arg(),
                                g.user["username"])
    _audit("remove relationship", f"staff {staff_id} person {person_id}", "")
    return _json({"deleted": True})


@bp.delete("/opportunities/<opportunity_id>/members/<person_id>")
@requires("editor")
def delete_member(opportunity_id: str, person_id: str):
    """Take a person out of an opportunity's decision chain (?expected_roles=a,b and
    ?expected_stance=: the roles and stance you saw)."""
    roles = [r for r in request.args.get("expected_roles", "").split(",") if r]
    editing.delete_chain_member(get_graph(), opportunity_id, person_id,
                                {"roles": roles,
                                 "stance": request.args.get("expected_stance") or None},
                                g.user["username"])
    _audit("remove from decision chain", f"opportunity {opportunity_id} person {person_id}", "")
    return _json({"deleted": True})


def _strength_arg() -> int | None:
    """?expected= as an integer (None when absent); anything else is a clear 400."""
    raw = request.args.get("expected")
    if raw is None:
        return None
    if not re.fullmatch(r"-?[0-9]{1,9}", raw):
        raise ValidationError(Problem("query", "expected", f"{raw[:20]!r} is not an integer"))
    return int(raw)


# --- admin ---------------------------------------------------------------------------------

@bp.post("/imports/<source>")
@requires("admin")
def import_file(source: str):
    """Upload a file to import (native, salesforce, linkedin, ics); ?check=1 validates only."""
    from powermap.api.uploads import run_upload
    return _json(run_upload(get_graph(), source, request.files.getlist("file"),
                            request.form.get("staff_id") or request.args.get("staff_id"),
                            g.user["username"], check=request.args.get("check") in ("1", "true"),
                            overwrite=request.args.get("overwrite") in ("1", "true")))


@bp.get("/audit")
@requires("admin")
def audit_log():
    """The latest audit entries (?limit=N, at most 1000)."""
    try:
        limit = min(1000, max(1, int(request.args.get("limit", 200))))
    except ValueError:
        raise ValidationError(Problem("query", "limit", "expected an integer")) from None
    return _json({"entries": get_graph().read("find_audit_entries", limit=limit)})


@bp.get("/changes")
@requires("viewer")
def list_changes():
    """Change sets, newest first: ?user=, ?from= and ?to= (dates), ?account=, ?page=."""
    from powermap.history.audit import change_sets, parse_filters
    return _json(change_sets(get_graph(), parse_filters(request.args)))


@bp.get("/changes/<set_id>")
@requires("viewer")
def get_change_set(set_id: str):
    """One change set with its changes (?page= for big ones): updates field by field."""
    from powermap.history.audit import change_set, parse_filters
    return _json(change_set(get_graph(), set_id, parse_filters({"page": request.args.get("page")
                                                                }).page))


@bp.get("/users")
@requires("admin")
def list_users():
    """Every user with role, whether active and whether they have an API token."""
    return _json({"users": get_graph().read("find_users")})


@bp.post("/users")
@requires("admin")
def create_user():
    """Create a user (or reset one's role and password)."""
    username, role, password = _texts(_body(), "username", "role", "password")
    created = users.create_user(get_graph(), username, role, password)
    _audit("create user", f"user {created['username']}", f"role {created['role']}")
    return _json(created, 201)


# --- what the API and the pages both read ---------------------------------------------------

def account_head(account_id: str) -> dict:
    """The account and the ids of its open opportunities (one indexed lookup)."""
    rows = get_graph().read("find_account", account_id=account_id)
    if not rows:
        raise NotFound(_("no organization with id %(id)s", id=repr(account_id)))
    return rows[0]


#: accounts on one page of the account list, unless ?per_page= says otherwise
ACCOUNTS_PER_PAGE = 100
MAX_ACCOUNTS_PER_PAGE = 500


def account_page() -> dict:
    """One page of the account list (?page=, 1-based, and ?per_page=, at most 500), with the
    total, so the counts are computed only for the accounts shown."""
    page = _int_arg("page", 1, 1, None)
    per_page = _int_arg("per_page", ACCOUNTS_PER_PAGE, 1, MAX_ACCOUNTS_PER_PAGE)
    graph = get_graph()
    total = graph.read("count_accounts")[0]["accounts"]
    rows = graph.read("find_accounts", skip=(page - 1) * per_page, limit=per_page)
    return {"accounts": rows, "total": total, "page": page, "per_page": per_page,
            "pages": max(1, -(-total // per_page))}


def _int_arg(name: str, default: int, lowest: int, highest: int | None) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default

    try:
        value = int(raw) if len(raw) <= 9 else None
    except ValueError:
        value = None
    if value is None or value < lowest or (highest is not None and value > highest):
        raise ValidationError(Problem("query", name, _(
            "expected a whole number from %(lowest)s to %(highest)s", lowest=lowest,
            highest=highest) if highest else _("expected a whole number of %(lowest)s or more",
                                               lowest=lowest)))
    return value


def opportunity_head(opportunity_id: str) -> dict:
    """The opportunity, its customer and the competitors bidding (one indexed lookup)."""
    rows = get_graph().read("find_opportunity", opportunity_id=opportunity_id)
    if not rows:
        raise NotFound(_("no opportunity with id %(id)s", id=repr(opportunity_id)))
    return rows[0]


def report_data(opportunity_id: str) -> dict:
    """The gap report, with the configured role templates and stale-relationship days."""
    return reports_data([opportunity_id])[0]


def reports_data(opportunity_ids: list[str]) -> list[dict]:
    """The gap reports of several opportunities, read together (``load_opportunities``: those
    of one account share the reads of its network and people)."""
    graph = get_graph()
    return _reports_of(graph, load_opportunities(graph, opportunity_ids))


def _reports_of(graph, contexts: list) -> list[dict]:
    """The gap reports of opportunity contexts already read."""
    return [gap_report_of(graph, context, _stale_days(), role_templates()).as_dict()
            for context in contexts]


def opportunity_quadrants_data(opportunity_id: str) -> dict:
    """The relationship assessment chart of an opportunity, from its gap report."""
    return quadrants.chart_of_report(report_data(opportunity_id))


def account_quadrants_data(account_id: str) -> dict:
    """The relationship assessment chart of an account, from its open opportunities' reports."""
    head = account_head(account_id)
    return quadrants.chart_of_reports(head["account"], reports_data(head["open_opportunities"]))


def account_map_data(account_id: str) -> dict:
    graph = get_graph()
    context, opportunities, reporting_lines = load_account_map(graph, account_id)
    findings: dict[str, list] = {}
    reports = _reports_of(graph, opportunities)
    for report in reports:
        for pid, found in maps.findings_by_person(report).items():
            findings.setdefault(pid, []).extend(found)
    data = maps.account_map(context, findings,
                            current_app.config["POWERMAP_SETTINGS"].map_max_people,
                            reporting_lines, opportunities=[r["opportunity"] for r in reports])
    changes = compared(account_id=account_id)          # ?compare=DATE (history)
    return {**data, "changes": changes} if changes else data


def opportunity_map_data(opportunity_id: str) -> dict:
    graph = get_graph()
    context = load_opportunity(graph, opportunity_id)
    report = gap_report_of(graph, context, _stale_days(), role_templates()).as_dict()
    # the context read the account's structure for the brokers: its managers are the org chart
    data = maps.opportunity_map(context, report, context.reporting_lines())
    changes = compared(opportunity_id=opportunity_id)  # ?compare=DATE (history)
    return {**data, "changes": changes} if changes else data


#: search results of each kind, unless ?limit= says otherwise
SEARCH_LIMIT = 20
#: opportunities on one page of the opportunity list
OPPORTUNITIES_PER_PAGE = 100
#: the largest list index Cypher takes (a 32-bit integer)
MAX_LIST_INDEX = 2**31 - 1
#: accounts analysed on one page of a portfolio report (each is read and analysed in turn)
ANALYSIS_ACCOUNTS_PER_PAGE = 25


def search_data() -> dict:
    """The search of ?q= (at most ?limit= of each kind, 1–100)."""
    text = request.args.get("q", "")
    if len(text) > searching.MAX_QUERY:
        raise ValidationError(Problem("query", "q", _(
            "expected at most %(n)s characters; got %(got)s", n=searching.MAX_QUERY,
            got=format_number(len(text)))))
    limit = _int_arg("limit", SEARCH_LIMIT, 1, searching.MAX_LIMIT)
    return searching.search(get_graph(), text, limit)


def opportunity_list() -> dict:
    """One page of the opportunity list, filtered by ?status=, ?account_id= and ?stage=, with the
    choices the filters offer."""
    status = _text_arg("status")
    if status is not None and status not in OpportunityStatus.values():
        raise ValidationError(Problem("query", "status", "expected one of "
                                      f"{', '.join(OpportunityStatus.values())}"))
    filters = {"status": status, "account_id": _text_arg("account_id"),
               "stage": _text_arg("stage")}
    page = _int_arg("page", 1, 1, None)
    per_page = _int_arg("per_page", OPPORTUNITIES_PER_PAGE, 1, MAX_ACCOUNTS_PER_PAGE)
    graph = get_graph()
    # Cypher slices lists with 32-bit indexes; no list has two billion opportunities, so a
    # page beyond that is simply empty
    skip = min((page - 1) * per_page, MAX_LIST_INDEX - per_page)
    found = graph.read("find_opportunities", **filters, skip=skip, limit=per_page)[0]
    choices = graph.read("find_opportunity_filters")[0]
    return {"opportunities": found["opportunities"], "total": found["total"], "page": page,
            "per_page": per_page, "pages": max(1, -(-found["total"] // per_page)),
            "filters": filters,
            "choices": {"statuses": OpportunityStatus.values(),
                        "accounts": sorted(choices["accounts"],
                                           key=lambda a: (a["name"] or "", a["id"])),
                        "stages": sorted(choices["stages"])}}


def spof_data() -> dict:
    """``spof_report`` for ?account_id= or ?opportunity_id=; without either, the portfolio's
    accounts ``ANALYSIS_ACCOUNTS_PER_PAGE`` at a time (?page=)."""
    graph = get_graph()
    account_id, opportunity_id = _text_arg("account_id"), _text_arg("opportunity_id")
    if account_id or opportunity_id:
        return {**spof_report(graph, account_id, opportunity_id), "page": 1, "pages": 1}
    page, ids, pages = _account_page()
    reports = [r for a in ids for r in spof_report(graph, a)["accounts"]]
    return {"scope": {"account_id": None, "opportunity_id": None}, "accounts": reports,
            "totals": {"single_threaded": sum(len(r["single_threaded"]) for r in reports),
                       "departures_that_cut": sum(len(r["departures_that_cut"])
                                                  for r in reports)},
            "page": page, "pages": pages}


def competitors_data() -> dict:
    """``competitors_report`` for ?opportunity_id= or ?account_id= (and ?competitor_id=);
    without either, the portfolio's accounts ``ANALYSIS_ACCOUNTS_PER_PAGE`` at a time, the
    totals per competitor summed over the accounts of the page."""
    graph = get_graph()
    account_id, opportunity_id = _text_arg("account_id"), _text_arg("opportunity_id")
    competitor_id = _text_arg("competitor_id")
    if account_id or opportunity_id:
        return {**competitors_report(graph, account_id, competitor_id, opportunity_id),
                "page": 1, "pages": 1}
    page, ids, pages = _account_page()
    reports = [competitors_report(graph, a, competitor_id) for a in ids]
    totals: dict[str, dict] = {}
    for report in reports:
        for c in report["by_competitor"]:
            t = totals.setdefault(c["competitor"]["id"], {"competitor": c["competitor"],
                                                          "people": 0, "power": 0.0,
                                                          "accounts": []})
            t["people"] += c["people"]
            t["power"] = round(t["power"] + c["power"], 1)
            t["accounts"] = sorted({*t["accounts"], *c["accounts"]})
    return {"scope": {"account_id": None, "competitor_id": competitor_id,
                      "opportunity_id": None},
            "scopes": [s for r in reports for s in r["scopes"]],
            "by_competitor": sorted(totals.values(), key=lambda c: -c["power"]),
            "page": page, "pages": pages}


def paths_data(person_id: str) -> dict:
    """``paths_report`` with ?from_staff= and ?limit= (1–20, default 5)."""
    return paths_report(get_graph(), person_id, _text_arg("from_staff"),
                        _int_arg("limit", 5, 1, 20))


def whatif_data(person_id: str) -> dict:
    """``whatif`` for a person, and, when they are our staff, the relationships that leave with
    them (``coverage_lost``): each person they know, with how many threads (strength ≥ 2) from
    our other staff that person keeps."""
    graph = get_graph()
    result = whatif(graph, person_id, _text_arg("opportunity_id"), _text_arg("account_id"))
    lost = []
    if result["is_staff"]:
        knows = graph.read("find_person_chains", person_id=person_id)[0]["knows"]
        people = graph.read_tx(lambda tx: people_of(tx.run, {k["person_id"] for k in knows}))
        gone = frozenset({person_id})
        lost = [{**k, "threads_left": len(people[k["person_id"]].threads(gone))}
                for k in knows if k["person_id"] in people]
    return {**result, "coverage_lost": lost}


def _text_arg(name: str) -> str | None:
    """A query argument; None when absent or empty."""
    value = request.args.get(name, "")
    return value or None


def _account_page() -> tuple[int, list[str], int]:
    """?page= of the customer accounts (tier and name order): the page, its ids, the pages."""
    page = _int_arg("page", 1, 1, None)
    ids = [row["id"] for row in get_graph().read("find_account_ids")]
    per = ANALYSIS_ACCOUNTS_PER_PAGE
    return page, ids[(page - 1) * per: page * per], max(1, -(-len(ids) // per))


def safe_filename(text: str) -> str:
    """An id made safe for a download's file name.

    >>> safe_filename('opp/1 "x"')
    'opp_1__x_'
    """
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[:80]


def _opportunity_heads(ids: list[str]) -> list[dict]:
    return [opportunity_head(oid)["opportunity"] for oid in ids]


def _audit(action: str, target: str, detail: str) -> None:
    users.audit(get_graph(), g.user["username"], action, target, detail)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

