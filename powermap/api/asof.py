"""``?as_of=YYYY-MM-DD`` on any page or API call: the maps, reports and analyses of that
request read the graph as Powermap had recorded it by the end of that day."""

from __future__ import annotations

from flask import Flask, g, request

from powermap.analysis.context import AS_OF
from powermap.history.asof import parse_day


def _begin() -> None:
    day = parse_day(request.args.get("as_of"))
    g.as_of = day
    g.as_of_token = AS_OF.set(day if day is not None and day < _today() else None)


def _end(_exc: BaseException | None) -> None:
    token = g.pop("as_of_token", None)
    if token is not None:
        AS_OF.reset(token)


def _today():
    import datetime as dt
    return dt.date.today()


def init_app(app: Flask) -> None:
    app.before_request(_begin)
    app.teardown_request(_end)
    # the date pickers of the pages stop at today
    app.context_processor(lambda: {"today": _today().isoformat()})
