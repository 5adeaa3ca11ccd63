"""The web app: ``create_app`` reads like a table of contents."""

from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

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
    )
    if test_config:
        app.config.from_mapping(test_config)

    from powermap.api import db, errors, security, views
    db.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    views.init_app(app)
    return app

