"""Languages: which one is in force, the translated sentences, and numbers and dates per locale.

Powermap speaks English (``en``, the source language) and Simplified Chinese (``zh-CN``). The
sentences live in one gettext catalog, ``powermap/translations/zh_CN/LC_MESSAGES/messages.po``,
extracted from the Python code, the templates and the map script by ``pybabel`` (``make
translations``) and compiled to ``messages.mo`` by ``make setup``.

The language in force is a context variable: the web app sets it for each request (the user's
setting, else the browser's ``Accept-Language``), the command line from ``--lang`` or
``POWERMAP_LANG``. Code that writes for people calls ``_()``; it never builds a sentence from
fragments, and every value goes in through a named placeholder so a translation can reorder it.

JSON keys and enumeration values are the API contract and stay English whatever the language.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import io
import re
from pathlib import Path
from typing import Any, Iterator

from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

__all__ = ["LANGUAGES", "DEFAULT", "language", "speaking", "normalise", "best_language",
           "_", "N_", "ngettext", "pgettext", "sentences", "clauses", "listing", "translate",
           "translate_plural", "format_number", "format_percent", "format_date",
           "format_datetime", "sort_key", "locale_of", "placeholders", "CATALOG_DIR"]

#: the languages Powermap speaks, by their BCP 47 tag, with their own name for the switch
LANGUAGES = {"en": "English", "zh-CN": "中文"}
DEFAULT = "en"
CATALOG_DIR = Path(__file__).parent / "translations"
_DOMAIN = "messages"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("powermap_language",
                                                                default=DEFAULT)


def language() -> str:
    """The language in force: ``"en"`` or ``"zh-CN"``."""
    return _current.get()


@contextlib.contextmanager
def speaking(lang: str | None) -> Iterator[str]:
    """Everything inside speaks ``lang`` (a tag :func:`normalise` accepts; ``None`` = default)."""
    chosen = normalise(lang) or DEFAULT
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def set_language(lang: str | None) -> contextvars.Token:
    """Set the language until :func:`reset_language` (the web app's per-request hook)."""
    return _current.set(normalise(lang) or DEFAULT)


def reset_language(token: contextvars.Token) -> None:
    _current.reset(token)


def normalise(tag: str | None) -> str | None:
    """One of :data:`LANGUAGES` for a language tag, or ``None`` when Powermap does not speak it.

    >>> [normalise(t) for t in ("zh", "zh_CN", "zh-Hans-CN", "ZH-cn", "en-GB", "en", "fr", "")]
    ['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'en', 'en', None, None]
    """
    if not tag:
        return None
    parts = re.split(r"[-_]", tag.strip().lower())
    if parts[0] == "zh":
        # Traditional Chinese (zh-TW, zh-Hant…) is not what we have; do not pretend it is
        rest = set(parts[1:])
        return None if rest & {"tw", "hk", "mo", "hant"} else "zh-CN"
    if parts[0] == "en":
        return "en"
    return None


def best_language(accept_language: str | None) -> str | None:
    """The language an ``Accept-Language`` header prefers among ours, or ``None``.

    >>> best_language("fr-FR,zh-CN;q=0.8,en;q=0.5")
    'zh-CN'
    >>> best_language("de, fr") is None
    True
    """
    choices: list[tuple[float, int, str]] = []
    for order, item in enumerate((accept_language or "").split(",")):
        tag, _sep, params = item.strip().partition(";")
        quality = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                continue
        ours = normalise(tag)
        if ours and quality > 0:
            choices.append((-quality, order, ours))
    return min(choices)[2] if choices else None


def locale_of(lang: str | None = None) -> Locale:
    """Babel's locale for one of our languages (the one in force by default)."""
    return _locale(lang or language())


@functools.lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang, sep="-")


# --- the catalog ----------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _translations(lang: str) -> NullTranslations:
    """The compiled catalog of ``lang``; read from the ``.po`` when ``make setup`` has not
    compiled it yet (an install without make), so a missing ``.mo`` never means English."""
    if lang == DEFAULT:
        return NullTranslations()
    folder = CATALOG_DIR / lang.replace("-", "_") / "LC_MESSAGES"
    mo, po = folder / f"{_DOMAIN}.mo", folder / f"{_DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=_DOMAIN)
    if po.exists():
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang.replace("-", "_"))
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=_DOMAIN)
    return NullTranslations()


def reload_catalogs() -> None:
    """Forget the loaded catalogs (after ``make translations`` in a running process, tests)."""
    _translations.cache_clear()


def translate(message: str) -> str:
    """``message`` in the language in force, placeholders left as they are (Jinja fills them)."""
    return _translations(language()).ugettext(message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    return _translations(language()).ungettext(singular, plural, n)


def _(message: str, /, **values: Any) -> str:
    """The translated ``message`` with its named placeholders filled in.

    >>> _("%(name)s is held by %(competitor)s", name="Dora", competitor="Rival")
    'Dora is held by Rival'
    """
    text = translate(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The singular or plural sentence for ``n``; ``%(n)s`` is ``n`` formatted for the locale.

    >>> ngettext("%(n)s person", "%(n)s people", 1200)
    '1,200 people'
    """
    values.setdefault("n", format_number(n))
    return translate_plural(singular, plural, n) % values


def sentences(*texts: str) -> str:
    """Whole sentences one after the other, as the language in force writes them: a space
    between English sentences, none after a Chinese full stop.

    >>> sentences("Ann left.", "", "Bo stays.")
    'Ann left. Bo stays.'
    """
    joiner = "" if language() == "zh-CN" else " "
    return joiner.join(t for t in texts if t)


def clauses(items) -> str:
    """Clauses joined as a list of them: ``a; b`` in English, ``a；b`` in Chinese."""
    return ("；" if language() == "zh-CN" else "; ").join(items)


def listing(items) -> str:
    """Names or words joined as a list: ``a, b`` in English, ``a、b`` in Chinese."""
    return ("、" if language() == "zh-CN" else ", ").join(items)


def pgettext(context: str, message: str, /, **values: Any) -> str:
    """``_()`` for a word that means different things in different places: "supporter" is a
    stance (支持者) and a relationship strength (支持); the context tells them apart.

    >>> pgettext("relationship strength", "supporter")
    'supporter'
    """
    text = _translations(language()).upgettext(context, message)
    return text % values if values else text


def N_(message: str) -> str:
    """Mark a module-level label for extraction; translate it with ``_()`` where it is shown."""
    return message


def placeholders(message: str) -> set[str]:
    """The named placeholders of a sentence, to check a translation keeps them all.

    >>> sorted(placeholders("%(name)s has %(n)s threads (100%%)"))
    ['n', 'name']
    """
    return set(re.findall(r"%\((\w+)\)[sdifr]", message.replace("%%", "")))


# --- numbers, dates, names ------------------------------------------------------------------

def format_number(value: int | float | None, lang: str | None = None) -> str:
    """
    >>> format_number(1234567), format_number(0.5), format_number(None)
    ('1,234,567', '0.5', '')
    """
    if value is None:
        return ""
    return numbers.format_decimal(value, locale=locale_of(lang))


def format_percent(value: float | None, lang: str | None = None, digits: int = 0) -> str:
    """A share (0.25) as a percentage in the locale: ``25%``.

    >>> format_percent(0.256), format_percent(0.256, digits=1)
    ('26%', '25.6%')
    """
    if value is None:
        return ""
    pattern = "#,##0%" if digits == 0 else "#,##0." + "0" * digits + "%"
    return numbers.format_percent(value, format=pattern, locale=locale_of(lang))


def format_date(value: dt.date | dt.datetime | str | None, lang: str | None = None,
                form: str = "medium") -> str:
    """A date as people of the locale write it: ``26 Nov 2026`` / ``2026年11月26日``.

    >>> format_date("2026-11-26"), format_date("2026-11-26", "zh-CN")
    ('Nov 26, 2026', '2026年11月26日')
    """
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        value = value.date()
    return dates.format_date(value, format=form, locale=locale_of(lang))


def format_datetime(value: dt.datetime | None, lang: str | None = None,
                    form: str = "medium") -> str:
    """A moment, in UTC, as the locale writes it (minutes, no seconds)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    pattern = {"en": "MMM d, y HH:mm", "zh-CN": "y年M月d日 HH:mm"}[normalise(lang) or language()]
    return dates.format_datetime(value, pattern, tzinfo=dt.timezone.utc, locale=locale_of(lang))


def sort_key(name: str | None) -> tuple:
    """Sort names of mixed scripts the way a Chinese or English reader looks them up.

    Chinese names sort by their pinyin among the Latin names (李明 beside "Li, Anna" under L),
    then by the characters themselves; Latin names by their case-folded, accent-free letters.

    >>> sorted(["Zhou Ming", "李明", "Anna", "王芳", "émile"], key=sort_key)
    ['Anna', 'émile', '李明', '王芳', 'Zhou Ming']
    """
    text = (name or "").strip()
    return (_spelling(text), text.casefold(), text)


@functools.lru_cache(maxsize=65536)
def _spelling(text: str) -> str:
    import unicodedata
    if any("\u3400" <= ch <= "\u9fff" for ch in text):
        from pypinyin import Style, lazy_pinyin
        text = " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))
