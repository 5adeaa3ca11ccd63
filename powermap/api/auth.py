"""Login, sessions, API tokens, roles and CSRF.

Every request needs a user except the health endpoint, the login page and static files. A
browser logs in with a password and gets a session cookie (HttpOnly, SameSite=Lax, Secure when
``secure_cookies`` is set); a script sends ``Authorization: Bearer <token>``. Every
state-changing request that rides on the session cookie must carry the CSRF token (form field
``csrf_token`` or header ``X-CSRFToken``; Flask-WTF checks it). Token requests carry no cookie,
so CSRF cannot forge them.

A session ends on logout, and when the user's password is reset, their role changes or they
are disabled: the cookie carries the user's session generation and is refused once the
generation stored with the user has moved on (``powermap.users``). Logins are throttled per user
name and per address (settings ``login_*``).
"""

from __future__ import annotations

import functools
from urllib.parse import urlparse

from flask import Blueprint, Flask, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from powermap import i18n, users
from powermap.api.db import get_graph
from powermap.api.i18n import COOKIE as LANG_COOKIE
from powermap.i18n import _

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()

#: endpoints anyone may reach
PUBLIC = {"auth.login", "auth.set_language", "pages.health", "static", "pages.vendor"}


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with a user name and password."""
    error, status = None, 200
    if request.method == "POST":
        try:
            user = users.login(get_graph(), request.form.get("username", ""),
                               request.form.get("password", ""), request.remote_addr or "",
                               users.Throttle.of(current_app.config["POWERMAP_SETTINGS"]))
        except users.LoginThrottled as e:
            user, error, status = None, str(e), e.status
        else:
            if user is None:
                error, status = _("Wrong user name or password."), 401
        if user is not None:
            session.clear()
            session["username"] = user["username"]
            session["generation"] = user["session_generation"]
            session.permanent = True
            users.audit(get_graph(), user["username"], "login", user["username"])
            return redirect(_safe_next(request.args.get("next")) or url_for("pages.accounts"))
    return render_template("login.html", error=error), status


@bp.post("/language")
def set_language():
    """Switch the page language (form field ``lang``: ``en``, ``zh-CN``, or empty to follow
    the browser) and go back to the page named by ``next``: sets the ``powermap_lang`` cookie
    and, for a signed-in user, their own setting."""
    lang = request.form.get("lang", "")
    chosen = i18n.normalise(lang) if lang else ""
    if chosen is None:
        abort(400, _("%(lang)s is not a language Powermap speaks.", lang=lang))
    user = _session_user()
    if user is not None:
        users.set_lang(get_graph(), user["username"], chosen)
    response = redirect(_safe_next(request.form.get("next")) or url_for("pages.accounts"), 303)
    if chosen:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, httponly=True,
                            samesite="Lax", secure=current_app.config.get(
                                "SESSION_COOKIE_SECURE", False))
    else:
        response.delete_cookie(LANG_COOKIE)
    return response


def _session_user() -> dict | None:
    """The user of a still-valid session cookie, or None (for public endpoints)."""
    if "username" not in session:
        return None
    user = users.find_user(get_graph(), session["username"])
    if user is None or session.get("generation") != user["session_generation"]:
        return None
    return user


@bp.post("/logout")
def logout():
    """Log out: this and every other session of the user end."""
    if g.user is not None and not g.via_token:
        users.end_sessions(get_graph(), g.user["username"])
    session.clear()
    return redirect(url_for("auth.login"))


def requires(role: str):
    """A view decorator: the user's role must allow ``role`` (viewer < editor < admin)."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not users.role_allows(g.user["role"], role):
                abort(403, _("this needs the %(needed)s role; you are %(role)s",
                             needed=role, role=g.user["role"]))
            return view(*args, **kwargs)
        wrapped.required_role = role  # the OpenAPI document reads it
        return wrapped
    return decorate


def _authenticate() -> None:
    g.user = None
    if request.endpoint is None:
        # no such page: still say so in the signed-in user's language, with their header
        g.user, g.via_token = _session_user(), False
        return
    if request.endpoint in PUBLIC:
        if request.endpoint in ("auth.login", "auth.set_language") \
                and request.method == "POST":
            csrf.protect()
        return
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        g.user = users.user_for_token(get_graph(), header[7:].strip())
        g.via_token = True
        if g.user is None:
            abort(401, _("the API token is not valid"))
        return
    g.via_token = False
    if "username" in session:
        g.user = users.find_user(get_graph(), session["username"])
        # a logout, password reset, role change or disable since the cookie was issued
        if g.user is not None and session.get("generation") != g.user["session_generation"]:
            g.user = None
    if g.user is None:
        session.clear()
        if request.path.startswith("/api/"):
            abort(401, _("log in, or send an API token: %(header)s",
                         header="Authorization: Bearer <token>"))
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()


def _safe_next(target: str | None) -> str | None:
    r"""Only a path on this site: never redirect to another host after login, and never put
    control characters (a CR/LF would split the Location header) or a backslash (browsers read
    ``/\host`` as ``//host``) into the redirect.

    >>> _safe_next("/accounts/org-1?x=1")
    '/accounts/org-1?x=1'
    >>> [_safe_next(t) is None for t in ("//evil.example", "/\\evil.example", "/\r\nSet-Cookie:x=1")]
    [True, True, True]
    """
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlparse(target).netloc and "\\" not in target \
            and not any(ord(c) < 0x20 or ord(c) == 0x7f for c in target):
        return target
    return None


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.register_blueprint(bp)
    app.before_request(_authenticate)

    @app.context_processor
    def user_in_templates():
        return {"user": g.get("user"), "can": lambda role: users.role_allows(
            (g.get("user") or {}).get("role"), role)}

