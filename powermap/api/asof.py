"""``?as_of=YYYY-MM-DD`` on any page or API call: the maps, reports and analyses of that
request read the graph as Powermap had recorded it by the end of that day."""

from __future__ import annotations

import datetime as dt

from flask import Flask, g, request

from powermap.analysis.context import reading_as_of
from powermap.history.asof import parse_day


def _begin() -> None:
    day = parse_day(request.args.get("as_of"))
    g.as_of = day
    # the same rule as the command line's --as-of: reading_as_of decides what "past" means
    g.as_of_reading = reading_as_of(day)
    g.as_of_reading.__enter__()


def _end(_exc: BaseException | None) -> None:
    reading = g.pop("as_of_reading", None)
    if reading is not None:
        reading.__exit__(None, None, None)


def init_app(app: Flask) -> None:
    app.before_request(_begin)
    app.teardown_request(_end)
    # the date pickers of the pages stop at today
    app.context_processor(lambda: {"today": dt.date.today().isoformat()})
