"""HTML pages. They render the frame; the maps and reports inside come from /api/v1 as JSON,
so an edit redraws them without reloading the page."""

from __future__ import annotations

from pathlib import Path

import pyvis
from flask import (Blueprint, Flask, Response, abort, current_app, g, jsonify, redirect,
                   render_template, request, send_from_directory, url_for)

from powermap import editing, users
from powermap.analysis.crosscustomer import QUERIES, cross_customer, who_knows
from powermap.analysis.person import person_profile
from powermap.api.auth import requires
from powermap.api.db import get_graph, graph_health
from powermap.api.i18n import label
from powermap.api.v1 import (account_head, account_map_data, account_page, competitors_data,
                             opportunity_head, opportunity_list, opportunity_map_data,
                             paths_data, report_data, role_templates, safe_filename,
                             search_data, spof_data, whatif_data)
from powermap.errors import Problem, ValidationError
from powermap.history.asof import parse_day
from powermap.i18n import _
from powermap.viz.text import to_json

bp = Blueprint("pages", __name__)

#: vis-network as pyvis ships it: served from here, never from a CDN
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
STATIC_DIR = Path(__file__).parent / "static"


@bp.get("/health")
def health():
    """Liveness and database reachability; needs no login: 200, or 503 when Neo4j is away."""
    body, status = graph_health()
    return jsonify(body), status


@bp.get("/vendor/<path:name>")
def vendor(name: str):
    """vis-network's script and style sheet, from the pyvis package."""
    if name not in ("vis-network.min.js", "vis-network.css"):
        abort(404)
    return send_from_directory(VIS_DIR, name, max_age=3600)


@bp.get("/")
def accounts():
    """Customer accounts with tier, open opportunities, coverage and competitors."""
    return render_template("accounts.html", **account_page())


@bp.get("/accounts/<account_id>")
def account(account_id: str):
    """An account's power map (drawn from /api/v1/accounts/<id>/map)."""
    head = account_head(account_id)
    opportunities = [opportunity_head(oid)["opportunity"] for oid in head["open_opportunities"]]
    day = _history_args()
    return render_template("map.html", kind="account", account=head["account"],
                           opportunities=opportunities, staff=get_graph().read("find_staff"),
                           map_url=url_for("v1.account_map", account_id=account_id, **day),
                           export_url=url_for("pages.account_export", account_id=account_id),
                           related=_account_links(account_id), **day)


@bp.get("/opportunities/<opportunity_id>")
def opportunity(opportunity_id: str):
    """An opportunity's power map with its gap report (both drawn from /api/v1)."""
    head = opportunity_head(opportunity_id)
    day = _history_args()
    return render_template(
        "map.html", kind="opportunity", opportunity=head["opportunity"],
        account=head["customer"], staff=get_graph().read("find_staff"),
        map_url=url_for("v1.opportunity_map", opportunity_id=opportunity_id, **day),
        report_url=url_for("v1.gaps", opportunity_id=opportunity_id, as_of=day["as_of"]),
        export_url=url_for("pages.opportunity_export", opportunity_id=opportunity_id),
        related=[{"label": _("Single points of contact in this deal"),
                  "url": url_for("pages.spof", opportunity_id=opportunity_id)},
                 {"label": _("Competitors in this deal"),
                  "url": url_for("pages.competitors", opportunity_id=opportunity_id)},
                 *_account_links(head["customer"]["id"])], **day)


def _history_args() -> dict:
    """``as_of`` and ``compare`` of a map page (days as YYYY-MM-DD, or None): the map, the
    report and the chart read the graph as of ``as_of`` and mark what changed since ``compare``."""
    return {"as_of": request.args.get("as_of") and parse_day(request.args.get("as_of")),
            "compare": request.args.get("compare") and parse_day(request.args.get("compare"),
                                                                 "compare")}


def _account_links(account_id: str) -> list[dict]:
    """The report pages about one account, for the links under the header of its pages."""
    return [{"label": _("Opportunities of the account, open and closed"),
             "url": url_for("pages.opportunities", account_id=account_id)},
            {"label": _("Single points of contact at the account"),
             "url": url_for("pages.spof", account_id=account_id)},
            {"label": _("Competitors at the account"),
             "url": url_for("pages.competitors", account_id=account_id)},
            {"label": _("Who in our company knows them"),
             "url": url_for("pages.knows", organization_id=account_id)}]


@bp.get("/opportunities/<opportunity_id>/report")
def report(opportunity_id: str):
    """The gap report alone, laid out for printing, with the next steps' owners and dates."""
    from powermap.report.nextsteps import find_next_steps, steps_of_report
    from powermap.report.words import TEMPLATE_WORDS
    data = report_data(opportunity_id)
    steps = steps_of_report(data, find_next_steps(get_graph(), opportunity_id))
    return render_template("report.html", report=data, steps={s["key"]: s for s in steps},
                           staff=get_graph().read("find_staff"), w=TEMPLATE_WORDS)


@bp.get("/opportunities/<opportunity_id>/pack.pdf")
def pack_pdf(opportunity_id: str):
    """The bid-review pack: summary, power map, roles, findings by person, next steps (PDF)."""
    from powermap.report.pack import pack_of, render_pack_pdf
    pack = pack_of(get_graph(), opportunity_id, current_app.config["POWERMAP_SETTINGS"].stale_days,
                   role_templates())
    pdf = render_pack_pdf(pack)
    users.audit(get_graph(), g.user["username"], "export", f"opportunity {opportunity_id}",
                "bid-review pack as PDF")
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition":
            f'attachment; filename="bid-review-pack-{safe_filename(opportunity_id)}.pdf"'})


@bp.post("/opportunities/<opportunity_id>/next-steps")
@requires("editor")
def next_step(opportunity_id: str):
    """Set who owns a finding's next step and by when (the report page's form, or JSON)."""
    from powermap.report.nextsteps import set_next_step
    body = request.get_json(silent=True) if request.is_json else request.form
    if not isinstance(body, dict) and request.is_json:
        raise ValidationError(Problem("request body", "", "expected a JSON object"))
    step = set_next_step(get_graph(), report_data(opportunity_id), body.get("key"),
                         body.get("owner"), body.get("due"), g.user["username"],
                         "request body" if request.is_json else "form")
    users.audit(get_graph(), g.user["username"], "set next step",
                f"opportunity {opportunity_id}",
                f"{step['key']}: owner {step['owner_id']}, due {step['due']}")
    if request.is_json:
        return Response(to_json(step, compact=True), mimetype="application/json")
    return redirect(url_for("pages.report", opportunity_id=opportunity_id)
                    + f"#step-{step['key']}", 303)


@bp.get("/opportunities/<opportunity_id>/gaps.json")
def report_json(opportunity_id: str):
    """The gap report as a JSON download."""
    data = report_data(opportunity_id)
    users.audit(get_graph(), g.user["username"], "export", f"opportunity {opportunity_id}",
                "gap report as JSON")
    return Response(to_json(data), mimetype="application/json", headers={
        "Content-Disposition":
            f'attachment; filename="gap-report-{safe_filename(opportunity_id)}.json"'})


@bp.get("/accounts/<account_id>/map.html")
def account_export(account_id: str):
    """The account's power map as one HTML file that works offline."""
    return _standalone(account_map_data(account_id), f"account {account_id}",
                       f"power-map-{safe_filename(account_id)}.html")


@bp.get("/opportunities/<opportunity_id>/map.html")
def opportunity_export(opportunity_id: str):
    """The opportunity's power map as one HTML file that works offline."""
    return _standalone(opportunity_map_data(opportunity_id), f"opportunity {opportunity_id}",
                       f"power-map-{safe_filename(opportunity_id)}.html")


@bp.get("/people/<person_id>")
def person(person_id: str):
    """A person: roles, relationships with strength and owner, employment, findings."""
    def read(_tx) -> tuple:
        profile = person_profile(get_graph(), person_id, templates=role_templates())
        # our own staff are the start of every path, never the target of an introduction
        paths = None if profile["person"]["is_staff"] else paths_data(person_id)
        # editors get the edit section (person_edit.html): the values now and the choices
        edit = (editing.person_to_edit(get_graph(), person_id)
                if users.role_allows(g.user["role"], "editor") else None)
        return profile, paths, edit
    # one read transaction for the whole page: the analyses' reads join it
    profile, paths, edit = get_graph().read_tx(read)
    return render_template("person.html", p=profile, paths=paths, edit=edit)


@bp.get("/search")
def search():
    """Search people, accounts and opportunities by name, e-mail address or title."""
    return render_template("search.html", result=search_data())


@bp.get("/opportunities")
def opportunities():
    """Opportunities, open and closed, filtered by status, customer and stage."""
    return render_template("opportunities.html", data=opportunity_list())


@bp.get("/spof")
def spof():
    """Single points of contact: the portfolio, one account or one opportunity."""
    data = spof_data()
    opportunity_id = request.args.get("opportunity_id")
    return render_template(
        "spof.html", data=data, choices=_customers(),
        opportunity=opportunity_head(opportunity_id)["opportunity"] if opportunity_id else None)


@bp.get("/competitors")
def competitors():
    """Competitor-held people weighted by power: the portfolio, one account or one deal."""
    organizations = get_graph().read("find_all_organizations")
    return render_template("competitors.html", data=competitors_data(), choices=_customers(),
                           competitor_choices=[o for o in organizations
                                               if o["kind"] == "competitor"])


@bp.get("/whatif")
def whatif():
    """What we would lose if a person left (pick one of our staff, or come from a person)."""
    person_id = request.args.get("person_id")
    return render_template("whatif.html", data=whatif_data(person_id) if person_id else None,
                           staff=get_graph().read("find_staff"))


@bp.get("/knows")
def knows():
    """Who in our company knows anyone at an organization."""
    organization_id = request.args.get("organization_id")
    choices = sorted((o for o in get_graph().read("find_all_organizations")
                      if o["kind"] != "own"), key=lambda o: (o["kind"] != "customer",
                                                             o["name"] or ""))
    return render_template("knows.html", choices=choices,
                           data=who_knows(get_graph(), organization_id) if organization_id
                           else None)


def _customers() -> list[dict]:
    """Customer accounts by name, for the account pickers of the report pages."""
    return sorted((o for o in get_graph().read("find_all_organizations")
                   if o["kind"] == "customer"), key=lambda o: (o["name"] or "", o["id"]))


@bp.get("/queries")
def queries():
    """Cross-customer questions."""
    question = request.args.get("q", "movers")
    if question not in QUERIES:
        abort(404, _("There is no question %(question)s.", question=repr(question)))
    return render_template("queries.html", question=question, questions=list(QUERIES),
                           result=cross_customer(get_graph(), question))


@bp.route("/import", methods=["GET", "POST"])
@requires("admin")
def upload():
    """Upload a file to import and read the validation report (or the preview, or the
    conflicts to confirm)."""
    from powermap.api.uploads import SOURCES, confirm_upload, run_upload_or_ask
    result, error, status = None, None, 200
    if request.method == "POST":
        source = request.form.get("source", "")
        try:
            if request.form.get("confirm"):
                result = confirm_upload(get_graph(), request.form["confirm"], g.user["username"])
            else:
                result = run_upload_or_ask(get_graph(), source, request.files.getlist("file"),
                                           request.form.get("staff_id"), g.user["username"],
                                           check="check" in request.form)
        except ValidationError as e:
            error, status = e, 400
    staff = get_graph().read("find_staff")
    return render_template("import.html", sources=SOURCES, result=result, error=error,
                           staff=staff), status


@bp.route("/admin/users", methods=["GET", "POST"])
@requires("admin")
def admin_users():
    """Users and their roles; create one, issue an API token."""
    message, token, error, status = None, None, None, 200
    graph = get_graph()
    if request.method == "POST":
        try:
            if request.form.get("action") == "token":
                name = request.form.get("username", "")
                token = users.new_token(graph, name)
                users.audit(graph, g.user["username"], "issue token", f"user {name}")
            else:
                created = users.create_user(graph, request.form.get("username", ""),
                                            request.form.get("role", ""),
                                            request.form.get("password", ""))
                users.audit(graph, g.user["username"], "create user",
                            f"user {created['username']}", f"role {created['role']}")
                message = _("Saved %(user)s (%(role)s).", user=created["username"],
                            role=label("user_role", created["role"]))
        except ValidationError as e:
            error, status = e, 400
    return render_template("admin_users.html", users_list=graph.read("find_users"),
                           roles=users.ROLES, message=message, token=token, error=error), status


@bp.get("/admin/audit")
@requires("viewer")
def admin_audit():
    """The audit log: change sets (who changed what, when), filtered and paged; for admins
    also the logins, exports and user administration."""
    from powermap.history.audit import Filters, change_sets, parse_filters
    graph = get_graph()
    error, status = None, 200
    try:
        filters = parse_filters(request.args)
    except ValidationError as e:
        error, status, filters = e, 400, Filters()
    is_admin = users.role_allows(g.user["role"], "admin")
    tab = "events" if request.args.get("tab") == "events" and is_admin else "changes"
    return render_template(
        "admin_audit.html", tab=tab, is_admin=is_admin, error=error,
        log=change_sets(graph, filters) if tab == "changes" else None,
        authors=[r["who"] for r in graph.read("find_change_set_authors")],
        accounts=graph.read("find_account_names"), args=request.args,
        entries=graph.read("find_audit_entries", limit=500) if tab == "events" else None
    ), status


@bp.get("/admin/changes/<set_id>")
@requires("viewer")
def change_set_page(set_id: str):
    """One change set: every change, updates field by field, and an undo button for editors."""
    return _change_set_page(set_id)


@bp.post("/admin/changes/<set_id>/undo")
@requires("editor")
def undo_change_set(set_id: str):
    """Undo a change set as a new change set (refused when later changes touched the same
    records, unless "undo anyway" was chosen)."""
    from powermap.errors import Refused
    from powermap.history.undo import UndoBlocked
    from powermap.history.undo import undo_change_set as undo
    try:
        result = undo(get_graph(), set_id, g.user["username"],
                      force=request.form.get("force") == "1")
    except UndoBlocked as e:
        return _change_set_page(set_id, blocked=e, status=409)
    except Refused as e:
        return _change_set_page(set_id, refused=e, status=409)
    return redirect(url_for("pages.change_set_page", set_id=result.change_set, undid=set_id))


def _change_set_page(set_id: str, blocked=None, refused=None, status: int = 200):
    from powermap.history.audit import change_set
    page = request.args.get("page", "1")
    data = change_set(get_graph(), set_id, int(page) if page.isdigit() and int(page) > 0 else 1)
    return render_template("change_set.html", data=data, blocked=blocked, refused=refused,
                           can_undo=users.role_allows(g.user["role"], "editor"),
                           undid=request.args.get("undid")), status


def _standalone(data: dict, target: str, filename: str) -> Response:
    users.audit(get_graph(), g.user["username"], "export", target, "power map as HTML")
    from powermap.report.pack import standalone_map_html
    html = standalone_map_html(data, data["title"])
    return Response(html, mimetype="text/html", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        # the file is self-contained; in the browser it must not run anything of ours
        "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
                                   "style-src 'unsafe-inline'; img-src data:"})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

