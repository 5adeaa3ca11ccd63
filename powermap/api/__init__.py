"""The web app: ``create_app`` reads like a table of contents."""

from __future__ import annotations

from typing import Any, Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from powermap.config import Settings, load_settings
from powermap.secretfile import read_or_create


def create_app(test_config: Mapping[str, Any] | None = None,
               settings: Settings | None = None) -> Flask:
    """Build the Flask app: settings, the graph connection, error pages, blueprints."""
    app = Flask(__name__)
    settings = settings or load_settings()
    app.config.from_mapping(
        POWERMAP_SETTINGS=settings,
        SECRET_KEY=settings.secret_key or read_or_create(settings.data_dir / "secret-key", 32),
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=50 * 1024 * 1024,  # uploads
        # the session cookie: not readable by scripts, not sent by other sites' forms,
        # HTTPS-only when secure_cookies is set; a working day long
        SESSION_COOKIE_NAME="powermap_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=12 * 3600,
        WTF_CSRF_CHECK_DEFAULT=False,  # checked in auth._authenticate, not for API tokens
        WTF_CSRF_TIME_LIMIT=None,      # valid as long as the session
    )
    if test_config:
        app.config.from_mapping(test_config)

    from powermap.api import asof, auth, db, errors, history_api, i18n, openapi, pages, security, v1
    db.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    auth.init_app(app)      # login for everything but /health; roles; CSRF
    i18n.init_app(app)      # the page language: the user's setting, else Accept-Language
    asof.init_app(app)      # ?as_of=YYYY-MM-DD: the graph as recorded by the end of that day
    pages.init_app(app)     # HTML pages
    from powermap.api import history_pages
    history_pages.init_app(app)  # KPI trends, portfolio, win/loss: pages and JSON
    v1.init_app(app)        # the JSON API under /api/v1
    history_api.init_app(app)  # /api/v1/…/diff: what changed between two days
    openapi.init_app(app)   # /api/v1/openapi.json
    if settings.web_proxies:
        # Behind a TLS reverse proxy: take the client's address, scheme and host from the
        # X-Forwarded-* headers the last web_proxies proxies added, and from nobody else.
        n = settings.web_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)
    return app

