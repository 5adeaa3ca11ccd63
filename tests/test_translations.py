"""The zh-CN catalog is complete: every sentence people read has a translation that keeps its
placeholders. The sentences are found the way ``make translations`` finds them (babel.cfg)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from powermap import i18n

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("powermap/**.py", "python"), ("powermap/**/templates/**.html", "jinja2"),
           ("powermap/report/**.html", "jinja2"), ("powermap/api/static/**.js", "javascript")]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "gettext": None,
            "pgettext": ((1, "c"), 2)}


def _source_messages() -> dict[tuple[str, str | None], tuple[str, int]]:
    """Every extracted (message id, context) (plural ids keyed by their singular) → where."""
    found: dict[tuple[str, str | None], tuple[str, int]] = {}
    options = {pattern: {"extensions": "jinja2.ext.i18n"} for pattern, method in METHODS
               if method == "jinja2"}
    for filename, line, message, _comments, context in extract_from_dir(
            str(ROOT), METHODS, options, KEYWORDS,
            directory_filter=lambda d: "node_modules" not in d and ".venv" not in d
            and "__pycache__" not in d and not Path(d).name.startswith(".")):
        if not filename.startswith("powermap"):
            continue
        # a plural entry is keyed by its singular in the catalog: the plural is checked with it
        text = message[0] if isinstance(message, tuple) else message
        if text:
            found.setdefault((text, context), (filename, line))
    return found


@pytest.fixture(scope="module")
def catalog():
    path = i18n.CATALOG_DIR / "zh_CN" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale="zh_CN")


@pytest.fixture(scope="module")
def messages():
    return _source_messages()


def test_the_extraction_finds_the_sentences_it_must(messages):
    # a guard for the check itself: if extraction silently found nothing, nothing would fail
    assert ("an approver", None) in messages        # report/words.py, through N_()
    assert ("supporter", "relationship strength") in messages   # through pgettext()
    assert len(messages) > 100


def test_every_sentence_has_a_chinese_translation(catalog, messages):
    missing = []
    for (text, context), (filename, line) in sorted(messages.items(), key=lambda kv: kv[1]):
        entry = catalog.get(text, context=context)
        if entry is None or entry.fuzzy or not _translated(entry):
            missing.append(f"{filename}:{line}: {text!r}")
    assert not missing, (f"{len(missing)} sentences lack a zh-CN translation "
                         "(run `make translations`, then translate them in "
                         "powermap/translations/zh_CN/LC_MESSAGES/messages.po):\n"
                         + "\n".join(missing[:60]))


def test_no_translation_drops_or_invents_a_placeholder(catalog):
    wrong = []
    for entry in catalog:
        if not entry.id or not _translated(entry):
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = i18n.placeholders(ids[0]) | i18n.placeholders(ids[-1])
        for text in strings:
            if i18n.placeholders(text) != expected:
                wrong.append(f"{ids[0]!r} → {text!r}")
    assert not wrong, "translations whose placeholders differ:\n" + "\n".join(wrong)


def test_the_catalog_is_read_and_used():
    # one sentence from report/words.py, end to end through the compiled or the source catalog
    i18n.reload_catalogs()
    with i18n.speaking("zh-CN"):
        chinese = i18n._("an approver")
    with i18n.speaking("en"):
        english = i18n._("an approver")
    assert english == "an approver"
    assert chinese != english and all("\u4e00" <= ch <= "\u9fff" or ch in "（）" for ch in chinese)


def _translated(entry) -> bool:
    strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    return all(strings)
