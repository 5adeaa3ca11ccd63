"""Relationship KPIs over time on the web: the trend of an account or an opportunity (charts
drawn by the server as SVG), the portfolio this period against the last, and win/loss by KPI
band — as pages and as JSON under /api/v1 (docs/web.md, docs/api.md)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, Response, render_template, request, url_for

from powermap.api.db import get_graph
from powermap.api.v1 import role_templates
from powermap.errors import Problem, ValidationError
from powermap.history.asof import parse_day
from powermap.history.kpi import (EVERY, FIVE_MEANS, HEADLINE, LABELS, SHORT, kpi_trend,
                                  portfolio_kpis)
from powermap.history.outcomes import outcomes_report
from powermap.i18n import _
from powermap.viz.text import to_json
from powermap.viz.trend import arrow_color, trend_panels, value_text

bp = Blueprint("history", __name__)

#: a trend reads back this far unless ?from= says otherwise
DEFAULT_MONTHS = 12


def _every() -> str:
    every = request.args.get("every") or "month"
    if every not in EVERY:
        raise ValidationError(Problem("query", "every", _(
            "%(every)s is not a period; expected month or quarter", every=repr(every))))
    return every


def _range() -> tuple[dt.date, dt.date, str]:
    """?from=, ?to= and ?every= of a trend; by default the twelve months up to today."""
    end = parse_day(request.args.get("to"), "to") or dt.date.today()
    start = parse_day(request.args.get("from"), "from")
    if start is None:
        year, month = end.year, end.month - DEFAULT_MONTHS + 1
        while month < 1:
            year, month = year - 1, month + 12
        start = dt.date(year, month, 1)
    return start, end, _every()


def _json(data) -> Response:
    return Response(to_json(data, compact=True), mimetype="application/json")


def _trend(**subject) -> dict:
    start, end, every = _range()
    return kpi_trend(get_graph(), start, end, every, templates=role_templates(), **subject)


def _trend_page(trend: dict, json_url: str):
    return render_template("trend.html", trend=trend, panels=trend_panels(trend), labels=LABELS,
                           headline=list(HEADLINE), five_means=FIVE_MEANS,
                           value_text=value_text, json_url=json_url)


# -- pages -----------------------------------------------------------------------------------

@bp.get("/accounts/<account_id>/trend")
def account_trend(account_id: str):
    """An account's relationship KPIs, one point per month or quarter end."""
    trend = _trend(account_id=account_id)
    return _trend_page(trend, url_for("history.account_kpi", account_id=account_id,
                                      **request.args))


@bp.get("/opportunities/<opportunity_id>/trend")
def opportunity_trend(opportunity_id: str):
    """An opportunity's relationship KPIs, one point per month or quarter end."""
    trend = _trend(opportunity_id=opportunity_id)
    return _trend_page(trend, url_for("history.opportunity_kpi", opportunity_id=opportunity_id,
                                      **request.args))


#: the portfolio table's sort keys: a headline figure or the account's name
SORTS = ("name", *HEADLINE)


def _portfolio() -> dict:
    day = parse_day(request.args.get("to"), "to") or dt.date.today()
    return portfolio_kpis(get_graph(), day, _every(), role_templates())


@bp.get("/portfolio/kpi")
def portfolio_page():
    """Every customer account by tier: this period against the last, with arrows; sorted by
    ?sort= (a figure or name) and ?order= (asc or desc) within each tier."""
    result = _portfolio()
    sort = request.args.get("sort") or "name"
    if sort not in SORTS:
        raise ValidationError(Problem("query", "sort", _(
            "%(sort)s is not a column; expected one of %(columns)s", sort=repr(sort),
            columns=", ".join(SORTS))))
    descending = request.args.get("order") == "desc"
    for tier in result["tiers"]:
        tier["accounts"].sort(
            key=lambda r: (str(r["account"]["name"] or "").lower() if sort == "name"
                           else r["changes"][sort]["now"]), reverse=descending)
    return render_template("kpi_portfolio.html", result=result, labels=LABELS, short=SHORT,
                           headline=list(HEADLINE), value_text=value_text,
                           arrow_color=arrow_color, sort=sort, descending=descending,
                           args=request.args)


@bp.get("/portfolio/outcomes")
def outcomes_page():
    """Win rate of the closed deals by relationship-KPI band."""
    return render_template("outcomes.html", report=outcomes_report(get_graph(),
                                                                  templates=role_templates()),
                           value_text=value_text)


# -- JSON ------------------------------------------------------------------------------------

@bp.get("/api/v1/accounts/<account_id>/kpi")
def account_kpi(account_id: str):
    """An account's relationship KPIs per period end (?from=, ?to=, ?every=month|quarter)."""
    return _json(_trend(account_id=account_id))


@bp.get("/api/v1/opportunities/<opportunity_id>/kpi")
def opportunity_kpi(opportunity_id: str):
    """An opportunity's relationship KPIs per period end (?from=, ?to=, ?every=)."""
    return _json(_trend(opportunity_id=opportunity_id))


@bp.get("/api/v1/portfolio/kpi")
def portfolio_kpi():
    """Every customer account: the period ending ?to= against the one before, with arrows."""
    return _json(_portfolio())


@bp.get("/api/v1/portfolio/outcomes")
def portfolio_outcomes():
    """Win rate of the closed deals by relationship-KPI band, the KPIs at each close."""
    return _json(outcomes_report(get_graph(), templates=role_templates()))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
