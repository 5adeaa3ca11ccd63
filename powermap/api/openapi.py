"""The OpenAPI 3.0 document of /api/v1, served at /api/v1/openapi.json.

Written by hand next to the views, and checked against them by tests/test_api.py: every route
under /api/v1 is in the document with the same methods, and schemathesis calls every operation
with generated input and requires no server error.
"""

from __future__ import annotations

from flask import Flask, jsonify

from powermap.model import BuyingRole, InfluenceKind, OpportunityStatus, Seniority, Stance

ID = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"^\S+$"}


def _path_params(*names: str) -> list[dict]:
    return [{"name": n, "in": "path", "required": True, "schema": ID} for n in names]


#: ``from`` and ``to`` of a diff: days as YYYY-MM-DD
_DIFF_PARAMS = [
    {"name": "from", "in": "query", "required": True,
     "schema": {"type": "string", "format": "date"},
     "description": "the earlier day: the graph as recorded by its end (UTC)"},
    {"name": "to", "in": "query", "required": False,
     "schema": {"type": "string", "format": "date"},
     "description": "the later day (default today)"},
]


def _ok(description: str, schema: dict | None = None, status: str = "200") -> dict:
    content = {"application/json": {"schema": schema or {"type": "object"}}}
    return {status: {"description": description, "content": content}}


def _errors(*codes: int) -> dict:
    texts = {400: "invalid input: the problems name each field", 401: "not logged in",
             403: "the role does not allow it", 404: "an id names nothing",
             409: "someone changed it since you read it (the current value is in the body)"}
    return {str(c): {"description": texts[c],
                     "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            for c in codes}


def _svg_ok() -> dict:
    return {"200": {"description": "an SVG document drawn by the server",
                    "content": {"image/svg+xml": {"schema": {"type": "string"}}}}}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "schema": schema, "description": description}


PAGE = {"type": "integer", "minimum": 1, "maximum": 999999999}


def _json_body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _op(summary: str, responses: dict, params: list | None = None, body: dict | None = None,
        role: str = "viewer") -> dict:
    op = {"summary": summary, "responses": responses, "x-powermap-role": role}
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = body
    return op


def document() -> dict:
    read = _errors(401, 404)
    write = _errors(400, 401, 403, 404, 409)
    strength = {"type": "integer", "minimum": 0, "maximum": 5}
    paths = {
        "/accounts": {"get": _op("Customer accounts with tier, open opportunities, coverage and "
                                 "competitors, one page at a time",
                                 {**_ok("accounts, total, page, per_page, pages"),
                                  **_errors(400, 401)},
                                 [{"name": "page", "in": "query",
                                   "schema": {"type": "integer", "minimum": 1,
                                              "maximum": 999999999}},
                                  {"name": "per_page", "in": "query",
                                   "schema": {"type": "integer", "minimum": 1,
                                              "maximum": 500}}])},
        "/accounts/{account_id}": {"get": _op("One account and its open opportunities",
                                              {**_ok("the account"), **read},
                                              _path_params("account_id"))},
        "/accounts/{account_id}/map": {"get": _op(
            "The account's power map", {**_ok("nodes, edges, details, legend",
                                              {"$ref": "#/components/schemas/Map"}), **read},
            _path_params("account_id"))},
        "/opportunities/{opportunity_id}/map": {"get": _op(
            "The opportunity's power map", {**_ok("nodes, edges, details, legend",
                                                  {"$ref": "#/components/schemas/Map"}), **read},
            _path_params("opportunity_id"))},
        "/opportunities/{opportunity_id}/gaps": {"get": _op(
            "The gap report (docs/analyses.md)", {**_ok("the report"), **read},
            _path_params("opportunity_id"))},
        "/opportunities/{opportunity_id}/gaps.md": {"get": _op(
            "The gap report as Markdown (an export; recorded in the audit log)",
            {"200": {"description": "Markdown", "content": {"text/markdown": {
                "schema": {"type": "string"}}}}, **read}, _path_params("opportunity_id"))},
        "/opportunities/{opportunity_id}/quadrants": {"get": _op(
            "The relationship assessment chart of an opportunity as data (docs/analyses.md)",
            {**_ok("power, support, coverage and quadrant of each member",
                   {"$ref": "#/components/schemas/Quadrants"}), **read},
            _path_params("opportunity_id"))},
        "/opportunities/{opportunity_id}/quadrants.svg": {"get": _op(
            "The relationship assessment chart of an opportunity as SVG",
            {**_svg_ok(), **read}, _path_params("opportunity_id"))},
        "/accounts/{account_id}/quadrants": {"get": _op(
            "The relationship assessment chart of an account's open opportunities as data",
            {**_ok("power, support, coverage and quadrant of each person",
                   {"$ref": "#/components/schemas/Quadrants"}), **read},
            _path_params("account_id"))},
        "/accounts/{account_id}/quadrants.svg": {"get": _op(
            "The relationship assessment chart of an account's open opportunities as SVG",
            {**_svg_ok(), **read}, _path_params("account_id"))},
        "/opportunities/{opportunity_id}/diff": {"get": _op(
            "What changed at an opportunity between the end of two days (docs/analyses.md)",
            {**_ok("people, chain, stances, threads, holds, roles, findings, power share"),
             **read}, _path_params("opportunity_id") + _DIFF_PARAMS)},
        "/accounts/{account_id}/diff": {"get": _op(
            "What changed at an account between the end of two days (docs/analyses.md)",
            {**_ok("people who joined or left, and each open opportunity's changes"), **read},
            _path_params("account_id") + _DIFF_PARAMS)},
        "/people/{person_id}": {"get": _op("A person: roles, relationships, employment, findings",
                                           {**_ok("the person"), **read},
                                           _path_params("person_id")),
                                "patch": _op(
            "Change a person's details, department or manager (with the values you saw)",
            {**_ok("the six values now"), **write}, _path_params("person_id"),
            _json_body({"$ref": "#/components/schemas/PersonEdit"}), role="editor")},
        "/people/{person_id}/employment/end": {"post": _op(
            "The person left: end their current employment on a day",
            {**_ok("person_id, organization_id, until"), **write}, _path_params("person_id"),
            _json_body({"type": "object", "required": ["until"], "additionalProperties": False,
                        "properties": {"until": {"type": "string", "format": "date"},
                                       "organization_id": ID}}), role="editor")},
        "/queries/{question}": {"get": _op(
            "A cross-customer question", {**_ok("rows"), **read},
            [{"name": "question", "in": "path", "required": True,
              "schema": {"type": "string", "enum": ["movers", "spanners", "advisors",
                                                    "contradictions"]}}])},
        "/organizations/{organization_id}/knows": {"get": _op(
            "Who in our company knows anyone at an organization", {**_ok("rows"), **read},
            _path_params("organization_id"))},
        "/search": {"get": _op(
            "People, organizations and opportunities by name, e-mail address or title; "
            "accents do not matter, the beginning of a word is enough, Chinese names are found "
            "whole or in part",
            {**_ok("query, people, organizations, opportunities, more"), **_errors(400, 401)},
            [_query("q", {"type": "string", "maxLength": 200}, "what the user typed"),
             _query("limit", {"type": "integer", "minimum": 1, "maximum": 100},
                    "results of each kind (default 20)")])},
        "/opportunities": {"get": _op(
            "Opportunities, open and closed, filtered, one page at a time",
            {**_ok("opportunities, total, page, per_page, pages, filters, choices"),
             **_errors(400, 401)},
            [_query("status", {"type": "string", "enum": OpportunityStatus.values()},
                    "only this status"),
             _query("account_id", ID, "only this customer's"),
             _query("stage", {"type": "string"}, "only this stage"),
             _query("page", PAGE, "from 1"),
             _query("per_page", {"type": "integer", "minimum": 1, "maximum": 500},
                    "default 100")])},
        "/spof": {"get": _op(
            "Single points of contact of one account, one opportunity, or the portfolio a "
            "page of 25 accounts at a time (docs/analyses.md)",
            {**_ok("scope, accounts, totals, page, pages"), **_errors(400, 401, 404)},
            [_query("account_id", ID, "one account"),
             _query("opportunity_id", ID, "one opportunity's decision chain"),
             _query("page", PAGE, "the portfolio's page of accounts")])},
        "/competitors": {"get": _op(
            "Competitor-held people weighted by power: one opportunity, one account, or the "
            "portfolio a page of 25 accounts at a time (docs/analyses.md)",
            {**_ok("scope, scopes, by_competitor, page, pages"), **_errors(400, 401, 404)},
            [_query("account_id", ID, "one account"),
             _query("opportunity_id", ID, "one opportunity"),
             _query("competitor_id", ID, "one competitor only"),
             _query("page", PAGE, "the portfolio's page of accounts")])},
        "/people/{person_id}/paths": {"get": _op(
            "Who can introduce us: the best paths from our staff to a person (docs/analyses.md)",
            {**_ok("target, from_staff, paths"), **_errors(400, 401, 404)},
            _path_params("person_id") + [
                _query("from_staff", ID, "only paths from this staff member"),
                _query("limit", {"type": "integer", "minimum": 1, "maximum": 20},
                       "paths (default 5)")])},
        "/people/{person_id}/whatif": {"get": _op(
            "What we would lose if a person left: new findings, coverage, power share, and the "
            "relationships that leave with one of our staff (docs/analyses.md)",
            {**_ok("removed, is_staff, opportunities, accounts, coverage_lost"),
             **_errors(401, 404)},
            _path_params("person_id") + [
                _query("opportunity_id", ID, "only this opportunity"),
                _query("account_id", ID, "only this account's open opportunities")])},
        "/people": {"post": _op("Add a person employed by an organization",
                                {**_ok("the new person", status="201"), **write},
                                body=_json_body({"$ref": "#/components/schemas/NewPerson"}),
                                role="editor")},
        "/opportunities/{opportunity_id}/members/{person_id}": {"put": _op(
            "Set a person's buying roles and stance in an opportunity",
            {**_ok("the roles and stance now"), **write},
            _path_params("opportunity_id", "person_id"),
            _json_body({"type": "object", "required": ["roles"], "properties": {
                "roles": {"type": "array", "minItems": 1,
                          "items": {"type": "string", "enum": BuyingRole.values()}},
                "stance": {"type": "string", "enum": Stance.values(), "nullable": True},
                "expected": {"type": "object", "nullable": True, "description":
                             "the roles and stance you saw; null if the person was not in the "
                             "chain", "properties": {
                                 "roles": {"type": "array", "items": {"type": "string"}},
                                 "stance": {"type": "string", "nullable": True}}}}}),
            role="editor"),
            "delete": _op(
                "Take a person out of an opportunity's decision chain (with the roles and "
                "stance you saw)", {**_ok("deleted"), **write},
                _path_params("opportunity_id", "person_id") + [
                    {"name": "expected_roles", "in": "query", "required": True,
                     "schema": {"type": "string"},
                     "description": "the buying roles you saw, separated by commas"},
                    {"name": "expected_stance", "in": "query", "schema": {"type": "string"},
                     "description": "the stance you saw; empty or absent: unknown"}],
                role="editor")},
        "/relationships/{staff_id}/{person_id}": {"put": _op(
            "Set one of our staff's relationship strength to a person",
            {**_ok("the strength now"), **write}, _path_params("staff_id", "person_id"),
            _json_body({"type": "object", "required": ["strength"], "properties": {
                "strength": strength,
                "expected": {**strength, "nullable": True,
                             "description": "the strength you saw; null if there was none"}}}),
            role="editor"),
            "delete": _op("Remove one of our staff's relationship to a person",
                          {**_ok("deleted"), **write},
                          _path_params("staff_id", "person_id") + [{
                              "name": "expected", "in": "query", "required": True,
                              "schema": {"type": "integer", "minimum": 0, "maximum": 5},
                              "description": "the strength you saw"}], role="editor")},
        "/influence/{from_id}/{to_id}": {
            "put": _op("Draw or change an influence edge", {**_ok("the edge now"), **write},
                       _path_params("from_id", "to_id"),
                       _json_body({"type": "object", "required": ["strength"], "properties": {
                           "strength": {"type": "integer", "minimum": 1, "maximum": 5},
                           "kind": {"type": "string", "enum": InfluenceKind.values()},
                           "expected": {"type": "integer", "nullable": True,
                                        "description": "the strength you saw; null for a new "
                                                       "edge"}}}),
                       role="editor"),
            "delete": _op("Remove an influence edge", {**_ok("deleted"), **write},
                          _path_params("from_id", "to_id") + [{
                              "name": "expected", "in": "query", "required": True,
                              "schema": {"type": "integer"},
                              "description": "the strength you saw"}], role="editor")},
        "/imports/{source}": {"post": _op(
            "Import uploaded files (docs/import.md); ?check=1 previews only (field by field, "
            "with conflicts); a conflict with newer values is a 409 unless ?overwrite=1",
            {**_ok("the import summary"), **_errors(400, 401, 403, 409)},
            [{"name": "source", "in": "path", "required": True,
              "schema": {"type": "string", "enum": ["native", "salesforce", "linkedin", "ics"]}},
             {"name": "check", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}},
             {"name": "overwrite", "in": "query",
              "schema": {"type": "string", "enum": ["0", "1"]}}],
            {"required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["file"], "properties": {
                    "file": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    "staff_id": {"type": "string"}}}}}}, role="admin")},
        "/audit": {"get": _op("The latest audit entries", {**_ok("entries"), **_errors(400, 401, 403)},
                              [{"name": "limit", "in": "query",
                                "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}],
                              role="admin")},
        "/changes": {"get": _op(
            "Change sets (the audit log), newest first, 50 a page",
            {**_ok("total, pages and change_sets"), **_errors(400, 401, 403)},
            [{"name": "user", "in": "query", "schema": {"type": "string"}},
             {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
             {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"},
              "description": "inclusive"},
             {"name": "account", "in": "query", "schema": {"type": "string"},
              "description": "an organization id: changes of it, anyone ever employed there "
                             "and its opportunities"},
             {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
            role="viewer")},
        "/changes/{set_id}": {"get": _op(
            "One change set with its changes, 200 a page: updates field by field",
            {**_ok("change_set, changes, total and pages"), **_errors(400, 401, 403, 404)},
            _path_params("set_id") + [{"name": "page", "in": "query",
                                       "schema": {"type": "integer", "minimum": 1}}],
            role="viewer")},
        "/users": {
            "get": _op("Every user", {**_ok("users"), **_errors(401, 403)}, role="admin"),
            "post": _op("Create a user (or reset one's role and password)",
                        {**_ok("the user", status="201"), **_errors(400, 401, 403)},
                        body=_json_body({"type": "object", "required": ["username", "role",
                                                                        "password"],
                                         "properties": {
                                             "username": {"type": "string"},
                                             "role": {"type": "string",
                                                      "enum": ["viewer", "editor", "admin"]},
                                             "password": {"type": "string", "minLength": 10}}}),
                        role="admin")},
    }
    paths.update(_kpi_paths(read))
    return {
        "openapi": "3.0.3",
        "info": {"title": "Powermap API", "version": "1",
                 "description": "Power maps, gap reports and edits. Log in with the session "
                                "cookie (state-changing requests then need the X-CSRFToken "
                                "header) or send Authorization: Bearer <API token>."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"token": []}, {"session": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"},
                                "session": {"type": "apiKey", "in": "cookie",
                                            "name": "powermap_session"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message"], "properties": {
                        "code": {"type": "string"}, "message": {"type": "string"},
                        "problems": {"type": "array", "items": {"type": "object", "properties": {
                            "where": {"type": "string"}, "field": {"type": "string"},
                            "message": {"type": "string"}}}},
                        "current": {"nullable": True}}}}},
                "Map": {"type": "object", "required": ["nodes", "edges", "details", "legend"],
                        "properties": {"title": {"type": "string"},
                                       "nodes": {"type": "array", "items": {"type": "object"}},
                                       "edges": {"type": "array", "items": {"type": "object"}},
                                       "details": {"type": "object"},
                                       "legend": {"type": "object"},
                                       "grouped": {"type": "boolean"},
                                       "people": {"type": "integer"}}},
                "Quadrants": {"type": "object", "required": ["scope", "axes", "quadrants",
                                                             "people"],
                              "properties": {
                                  "scope": {"type": "object"}, "axes": {"type": "object"},
                                  "quadrants": {"type": "array", "items": {"type": "object"}},
                                  "people": {"type": "array", "items": {
                                      "type": "object", "required": ["id", "name", "power",
                                                                     "support", "basis",
                                                                     "quadrant"],
                                      "properties": {
                                          "id": {"type": "string"}, "name": {"type": "string"},
                                          "power": {"type": "number"},
                                          "support": {"type": "number"},
                                          "basis": {"type": "string", "enum": [
                                              "recorded", "estimated", "unknown"]},
                                          "quadrant": {"type": "string", "enum": [
                                              "key_supporters", "powerful_neutrals",
                                              "powerful_opponents", "the_rest"]}}}},
                                  "note": {"type": "string", "nullable": True}}},
                "NewPerson": {"type": "object", "required": ["name", "organization_id"],
                              "properties": {
                                  "id": ID, "name": {"type": "string", "minLength": 1,
                                                     "maxLength": 300},
                                  "title": {"type": "string"},
                                  "seniority": {"type": "string", "enum": Seniority.values()},
                                  "email": {"type": "string"},
                                  "organization_id": ID, "unit_id": ID,
                                  "opportunity_id": {**ID, "description": "join this "
                                                     "opportunity's decision chain (of the "
                                                     "same organization) at once"},
                                  "roles": {"type": "array", "minItems": 1, "items": {
                                      "type": "string", "enum": BuyingRole.values()}},
                                  "stance": {"type": "string", "enum": Stance.values(),
                                             "nullable": True}}},
                "PersonEdit": {
                    "type": "object", "required": ["expected"], "additionalProperties": False,
                    "properties": {
                        "name": {"type": "string", "minLength": 1, "maxLength": 300},
                        "title": {"type": "string", "nullable": True},
                        "seniority": {"type": "string", "enum": Seniority.values(),
                                      "nullable": True},
                        "email": {"type": "string", "nullable": True},
                        "unit_id": {**ID, "nullable": True},
                        "manager_id": {**ID, "nullable": True},
                        "expected": {"type": "object", "description": "the value you saw of "
                                     "each field you change", "additionalProperties": {
                                         "type": "string", "nullable": True}}}},
            },
        },
    }


def _kpi_paths(read: dict) -> dict:
    """Relationship KPIs over time and win/loss (powermap/api/history_pages.py)."""
    day = {"type": "string", "format": "date"}
    trend = [{"name": "from", "in": "query", "schema": day,
              "description": "first day (default: twelve months back)"},
             {"name": "to", "in": "query", "schema": day, "description": "last day (today)"},
             {"name": "every", "in": "query",
              "schema": {"type": "string", "enum": ["month", "quarter"]}}]
    bad = _errors(400, 401, 404)
    return {
        "/accounts/{account_id}/kpi": {"get": _op(
            "An account's relationship KPIs, one point per month or quarter end",
            {**_ok("subject, every, from, to, points [{date, after, kpis}]"), **bad},
            _path_params("account_id") + trend)},
        "/opportunities/{opportunity_id}/kpi": {"get": _op(
            "An opportunity's relationship KPIs, one point per month or quarter end",
            {**_ok("subject, every, from, to, points [{date, after, kpis}]"), **bad},
            _path_params("opportunity_id") + trend)},
        "/portfolio/kpi": {"get": _op(
            "Every customer account by tier: the period ending ?to= against the one before",
            {**_ok("date, previous, every, tiers [{tier, accounts [{account, kpis, "
                   "previous, changes}]}]"), **_errors(400, 401)}, trend[1:])},
        "/portfolio/outcomes": {"get": _op(
            "Win rate of the won and lost deals by relationship-KPI band, KPIs at each close",
            {**_ok("deals, overall, bands, closed, apart, min_sample"), **read})},
    }


def init_app(app: Flask) -> None:
    @app.get("/api/v1/openapi.json")
    def openapi_json():
        """The OpenAPI document of this API."""
        return jsonify(document())
