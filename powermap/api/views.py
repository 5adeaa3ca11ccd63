"""Pages: the list of accounts, and a health endpoint."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, render_template

from powermap.api.db import get_graph

bp = Blueprint("accounts", __name__)


@bp.get("/")
def accounts():
    """Customer accounts with tier, open opportunities, coverage and competitors."""
    rows = get_graph().read("find_accounts")
    return render_template("accounts.html", accounts=rows)


@bp.get("/api/v1/accounts")
def accounts_json():
    """The same list as JSON."""
    return jsonify({"accounts": get_graph().read("find_accounts")})


@bp.get("/health")
def health():
    """Liveness and database reachability; needs no login."""
    get_graph().read("count_graph")
    return jsonify({"status": "ok"})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
