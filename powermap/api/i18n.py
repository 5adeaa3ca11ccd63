"""The page language: chosen per request, used by the templates, switched from the header.

Which language a request gets, first that applies: the signed-in user's own setting, the
``powermap_lang`` cookie the header's switch sets (for the login page and visitors), the
browser's ``Accept-Language``, English.
"""

from __future__ import annotations

import functools
from pathlib import Path

from flask import Flask, g, request

from powermap import i18n

COOKIE = "powermap_lang"


def chosen_language() -> str:
    user = g.get("user") or {}
    return (i18n.normalise(user.get("lang"))
            or i18n.normalise(request.cookies.get(COOKIE))
            or i18n.best_language(request.headers.get("Accept-Language"))
            or i18n.DEFAULT)


def _enter_language() -> None:
    g.lang_token = i18n.set_language(chosen_language())


def _leave_language(_exc: BaseException | None = None) -> None:
    token = g.pop("lang_token", None)
    if token is not None:
        try:
            i18n.reset_language(token)
        except ValueError:  # set in another context (a streamed response): nothing to undo
            pass


def init_app(app: Flask) -> None:
    """Call after ``auth.init_app``: the user's own setting needs ``g.user``."""
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.translate, i18n.translate_plural, newstyle=True)
    app.before_request(_enter_language)
    app.teardown_request(_leave_language)
    app.jinja_env.filters.update(
        number=i18n.format_number, percent=i18n.format_percent,
        date_words=i18n.format_date, moment=i18n.format_datetime)

    @app.context_processor
    def language_in_templates():
        return {"lang": i18n.language(), "languages": i18n.LANGUAGES,
                "script_words": script_words}


def script_words(lang: str | None = None) -> dict[str, str]:
    """The map script's sentences in ``lang``: ``{English: translation}``, for the page to embed
    as JSON (``<script type="application/json" id="pm-words">``) so the script's ``_()`` finds
    them. English pages get an empty table: the script's own words are English."""
    lang = lang or i18n.language()
    if lang == i18n.DEFAULT:
        return {}
    return {message: i18n.translate(message) for message in _script_messages()}


@functools.lru_cache(maxsize=1)
def _script_messages() -> tuple[str, ...]:
    """Every ``_("…")`` of the scripts under ``static/``, found as ``pybabel extract`` finds them."""
    from babel.messages.extract import extract
    found: list[str] = []
    for path in sorted((Path(__file__).parent / "static").glob("**/*.js")):
        with path.open("rb") as handle:
            # babel's extract() yields (line, message, comments, context)
            for _line, message, _comments, _context in extract("javascript", handle,
                                                               keywords={"_": None}):
                if isinstance(message, str):
                    found.append(message)
    return tuple(dict.fromkeys(found))
