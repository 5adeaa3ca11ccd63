"""One error handler: Powermap errors become one JSON shape under /api, a readable page elsewhere."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from powermap.errors import PowermapError, QueryTimeout, ValidationError
from powermap.i18n import N_, _


#: the longest message an error answer carries: messages quote the input, and hostile input
#: may be megabytes long
MAX_MESSAGE = 2000


#: what a page says for an HTTP error raised without a sentence of ours
DEFAULT_MESSAGES = {
    400: N_("The request was not understood."),
    401: N_("Log in to see this page."),
    403: N_("You may not see this page."),
    404: N_("There is no such page. Check the address, or start again from the accounts."),
    405: N_("This page cannot be reached that way."),
    413: N_("The upload is too large."),
    500: N_("Something failed on our side. Try again; if it keeps failing, tell an "
            "administrator."),
}


def error_body(code: str, message: str, problems: list | None = None,
               **extra) -> dict:
    body = {"error": {"code": code, "message": bounded(message), **extra}}
    if problems:
        body["error"]["problems"] = [{**p, "message": bounded(p["message"])} for p in problems]
    return body


def bounded(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` cut to about ``limit`` characters in the middle, saying how much was cut: the
    beginning says what went wrong, the end of a validation message how many problems more.

    >>> bounded("x" * 10, 4)
    'xx… (6 characters cut) …xx'
    """
    if len(text) <= limit:
        return text
    tail = min(200, limit // 2)
    head = limit - tail
    return f"{text[:head]}… ({len(text) - limit:,} characters cut) …{text[-tail:]}"


def init_app(app: Flask) -> None:
    @app.errorhandler(PowermapError)
    def powermap_error(e: PowermapError):
        problems = ([{"where": p.where, "field": p.field, "message": p.message}
                     for p in e.problems] if isinstance(e, ValidationError) else None)
        extra = {"current": e.current} if hasattr(e, "current") else {}
        # a timed-out query may well succeed when the server is less busy
        headers = {"Retry-After": "30"} if isinstance(e, QueryTimeout) else {}
        if request.path.startswith("/api/"):
            return jsonify(error_body(e.code, str(e), problems, **extra)), e.status, headers
        return (render_template("error.html", status=e.status, message=bounded(str(e))), e.status,
                headers)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        if e.code == 400 and "CSRF" in (e.description or ""):
            e.description = _("%(reason)s Reload the page and try again; scripts should send "
                              "an API token instead of a session cookie.",
                              reason=e.description)
        if request.path.startswith("/api/"):
            return jsonify(error_body(e.name.lower().replace(" ", "_"), e.description)), e.code
        message = e.description
        if message == type(e).description and e.code in DEFAULT_MESSAGES:
            message = _(DEFAULT_MESSAGES[e.code])  # werkzeug's own sentence is English only
        return render_template("error.html", status=e.code, message=message), e.code
