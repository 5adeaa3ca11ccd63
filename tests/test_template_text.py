"""Every sentence a template shows goes through gettext: no visible text outside ``_()`` /
``{% trans %}``.

Jinja's own lexer splits each template into its literal HTML (``data`` tokens) and its
expressions; the literal HTML outside ``{% trans %}`` blocks must hold no words once the bodies of
``<script>``/``<style>`` and the tags themselves are taken away, except in the attributes a person
reads (``title``, ``placeholder``, ``aria-label``, ``alt``), which are checked too. Brand and
format names (Powermap, PDF, JSON …) are allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parent.parent / "powermap" / "api" / "templates"

#: names that are the same in every language
ALLOWED = {"Powermap", "PNG", "PDF", "CSV", "JSON", "API", "KPI", "SVG", "HTML", "Markdown",
           "UTC"}

#: the map's templates are translated in the map's own branch (mapzh); until that is merged
#: they are expected to fail here, and the test says so instead of skipping them

#: where the text of a template expression stands in the literal HTML
HOLE = "\x00"
READ_ATTRIBUTES = re.compile(r"""\b(title|placeholder|aria-label|alt)\s*=\s*("([^"]*)"|'([^']*)')""",
                             re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]{2,}")


def literal_html(source: str) -> list[tuple[int, str]]:
    """The template's literal HTML outside ``{% trans %}`` blocks, as (line, text) pieces joined
    where only an expression stands between them (the expression becomes ``HOLE``)."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    pieces: list[tuple[int, str]] = []
    in_trans, previous = False, None
    for line, kind, value in env.lexer.tokeniter(source, "t"):
        if kind == "whitespace":
            continue
        if kind == "name" and previous == "block_begin" and value in ("trans", "endtrans"):
            in_trans = value == "trans"
        if kind == "data" and not in_trans:
            pieces.append((line, value))
        elif kind in ("variable_begin", "block_begin") and pieces:
            pieces.append((line, HOLE))
        previous = kind
    return pieces


def visible_words(source: str) -> list[tuple[int, str]]:
    """(line, word) of every word a reader would see that is not in :data:`ALLOWED`."""
    pieces = literal_html(source)
    text = "".join(value for _line, value in pieces)
    # the line each character of ``text`` came from, to name it in the failure
    lines = [line + value[:k].count("\n") for line, value in pieces for k in range(len(value))]
    found: list[tuple[int, str]] = []

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))  # keep the offsets for the line numbers

    text = re.sub(r"<!--.*?-->", blank, text, flags=re.S)
    text = re.sub(r"<(script|style)\b[^>]*>.*?</\1\s*>", blank, text, flags=re.S | re.I)
    for tag in re.finditer(r"<[^>]*>", text):
        for attr in READ_ATTRIBUTES.finditer(tag.group(0)):
            value = attr.group(3) if attr.group(3) is not None else attr.group(4)
            start = tag.start() + attr.start(2)
            found += [(lines[start], w) for w in WORD.findall(value) if w not in ALLOWED]
    text = re.sub(r"<[^>]*>", blank, text)
    for word in WORD.finditer(text):
        if word.group(0) not in ALLOWED:
            found.append((lines[word.start()], word.group(0)))
    return sorted(found)


def _templates() -> list:
    params = []
    for path in sorted(TEMPLATES.glob("*.html")):
        params.append(pytest.param(path, id=path.name))
    return params


@pytest.mark.parametrize("path", _templates())
def test_template_shows_no_text_outside_gettext(path):
    words = visible_words(path.read_text(encoding="utf-8"))
    assert not words, f"{path.name}: text outside _() or {{% trans %}}: " + ", ".join(
        f"line {line}: {word!r}" for line, word in words)


def test_the_check_finds_text_attributes_and_ignores_scripts_styles_and_trans():
    """The checker itself, on a small template whose answer is known."""
    source = """{% extends "base.html" %}
<h1>Accounts</h1>
<style>.a { color: red; }</style><script>var x = "hidden";</script>
<input placeholder="Type here" aria-label="{{ _('Fine') }}" name="q" type="search">
<p>{{ _("Fine %(n)s", n=1) }} · PDF</p>
{% trans %}Also fine{% endtrans %}
<img alt="Chart of {{ name }}" src="x.png">
<p>{% if x %}Left{% endif %}</p>"""
    assert visible_words(source) == [(2, "Accounts"), (4, "Type"), (4, "here"), (7, "Chart"),
                                     (7, "of"), (8, "Left")]
