"""History in the JSON API: what changed at an account or an opportunity between two days.

(``?as_of=`` on every read is ``powermap.api.asof``; the audit log of change sets is with the
other admin endpoints.)"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, Response, current_app, request

from powermap.analysis.templates import load_templates
from powermap.api.auth import requires
from powermap.api.db import get_graph
from powermap.errors import Problem, ValidationError
from powermap.history.asof import parse_day
from powermap.history.diff import diff, marks
from powermap.viz.text import to_json

bp = Blueprint("v1_history", __name__, url_prefix="/api/v1")


def diff_data(account_id: str | None = None, opportunity_id: str | None = None) -> dict:
    """``diff`` for ``?from=YYYY-MM-DD[&to=YYYY-MM-DD]`` (``from`` is required)."""
    since = parse_day(request.args.get("from"), "from")
    if since is None:
        raise ValidationError(Problem("query", "from", "required: the earlier day, YYYY-MM-DD"))
    until = parse_day(request.args.get("to"), "to") or dt.date.today()
    settings = current_app.config["POWERMAP_SETTINGS"]
    templates = load_templates(settings.role_templates_file) if settings.role_templates_file \
        else None
    return diff(get_graph(), account_id, opportunity_id, since, until,
                stale_days=settings.stale_days, templates=templates)


def compared(account_id: str | None = None, opportunity_id: str | None = None) -> dict | None:
    """For ``?compare=YYYY-MM-DD`` on a map: what changed since that day (up to ``?as_of=``,
    or today) — the diff and the marks per person the map draws; None without ``compare``."""
    since = parse_day(request.args.get("compare"), "compare")
    if since is None:
        return None
    until = parse_day(request.args.get("as_of")) or dt.date.today()
    if until < since:
        since, until = until, since
    settings = current_app.config["POWERMAP_SETTINGS"]
    result = diff(get_graph(), account_id, opportunity_id, since, until,
                  stale_days=settings.stale_days)
    return {"from": since, "to": until, "marks": marks(result), "diff": result}


@bp.get("/accounts/<account_id>/diff")
@requires("viewer")
def account_diff(account_id: str) -> Response:
    """What changed at an account between ``?from=`` and ``?to=`` (default today)."""
    return Response(to_json(diff_data(account_id=account_id), compact=True), mimetype="application/json")


@bp.get("/opportunities/<opportunity_id>/diff")
@requires("viewer")
def opportunity_diff(opportunity_id: str) -> Response:
    """What changed at an opportunity between ``?from=`` and ``?to=`` (default today)."""
    return Response(to_json(diff_data(opportunity_id=opportunity_id), compact=True),
                    mimetype="application/json")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
