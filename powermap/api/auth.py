"""Login, sessions, API tokens, roles and CSRF.

Every request needs a user except the health endpoint, the login page and static files. A
browser logs in with a password and gets a session cookie (HttpOnly, SameSite=Lax, Secure when
``secure_cookies`` is set); a script sends ``Authorization: Bearer <token>``. Every
state-changing request that rides on the session cookie must carry the CSRF token (form field
``csrf_token`` or header ``X-CSRFToken``; Flask-WTF checks it). Token requests carry no cookie,
so CSRF cannot forge them.
"""

from __future__ import annotations

import functools
from urllib.parse import urlparse

from flask import Blueprint, Flask, abort, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from powermap import users
from powermap.api.db import get_graph

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()

#: endpoints anyone may reach
PUBLIC = {"auth.login", "pages.health", "static", "pages.vendor"}


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with a user name and password."""
    error = None
    if request.method == "POST":
        user = users.authenticate(get_graph(), request.form.get("username", ""),
                                  request.form.get("password", ""))
        if user is None:
            error = "Wrong user name or password."
        else:
            session.clear()
            session["username"] = user["username"]
            session.permanent = True
            users.audit(get_graph(), user["username"], "login", user["username"])
            return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", error=error), (401 if error else 200)


@bp.post("/logout")
def logout():
    """Log out."""
    session.clear()
    return redirect(url_for("auth.login"))


def requires(role: str):
    """A view decorator: the user's role must allow ``role`` (viewer < editor < admin)."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not users.role_allows(g.user["role"], role):
                abort(403, f"this needs the {role} role; you are {g.user['role']}")
            return view(*args, **kwargs)
        wrapped.required_role = role  # the OpenAPI document reads it
        return wrapped
    return decorate


def _authenticate() -> None:
    g.user = None
    if request.endpoint in PUBLIC or request.endpoint is None:
        if request.endpoint == "auth.login" and request.method == "POST":
            csrf.protect()
        return
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        g.user = users.user_for_token(get_graph(), header[7:].strip())
        g.via_token = True
        if g.user is None:
            abort(401, "the API token is not valid")
        return
    g.via_token = False
    if "username" in session:
        g.user = users.find_user(get_graph(), session["username"])
    if g.user is None:
        session.clear()
        if request.path.startswith("/api/"):
            abort(401, "log in, or send an API token: Authorization: Bearer <token>")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never redirect to another host after login."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlparse(target).netloc:
        return target
    return url_for("pages.accounts")


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.register_blueprint(bp)
    app.before_request(_authenticate)

    @app.context_processor
    def user_in_templates():
        return {"user": g.get("user"), "can": lambda role: users.role_allows(
            (g.get("user") or {}).get("role"), role)}

