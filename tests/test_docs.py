"""The docs keep step with the code: every command, setting, label, type and value is there."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from powermap.cli import main
from powermap.config import SETTINGS
from powermap.model import ENUMERATIONS, LABELS, RECORD_KINDS, RELATIONSHIP_TYPES

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _commands(group: click.Group, prefix: str = "powermap") -> list[str]:
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found += _commands(command, path)
        else:
            found.append(path)
    return found


@pytest.mark.parametrize("command", _commands(main))
def test_every_command_is_documented_and_has_help(command):
    assert f"`{command}" in (DOCS / "cli.md").read_text(encoding="utf-8")
    from click.testing import CliRunner
    result = CliRunner().invoke(main, [*command.split()[1:], "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting):
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    assert f"| `{setting.name}` | `{setting.env}` |" in text


def test_the_model_doc_names_every_label_type_value_and_record_kind():
    text = (DOCS / "model.md").read_text(encoding="utf-8")
    for label in LABELS:
        assert f"`{label}`" in text, label
    for rel_type in RELATIONSHIP_TYPES:
        assert f"`{rel_type}`" in text, rel_type
    for enum in ENUMERATIONS.values():
        for value in enum.values():
            assert f"`{value}`" in text, value
    for kind in RECORD_KINDS:
        assert f"`{kind}`" in text, kind


def test_the_analyses_doc_names_every_finding_kind_and_question():
    import inspect
    from powermap.analysis import gaps
    from powermap.analysis.crosscustomer import QUERIES
    text = (DOCS / "analyses.md").read_text(encoding="utf-8")
    kinds = set(__import__("re").findall(r'Finding\(\s*"([a-z_]+)"', inspect.getsource(gaps)))
    kinds |= {"missing_role"}
    assert len(kinds) >= 11
    for kind in kinds:
        assert f"`{kind}`" in text, kind
    for question in [*QUERIES, "knows"]:
        assert f"`{question}`" in text, question


def test_the_import_doc_names_every_table_column_and_salesforce_role():
    from powermap.importers import linkedin, salesforce
    from powermap.importers.native import table_columns
    text = (DOCS / "import.md").read_text(encoding="utf-8")
    for table, columns in table_columns().items():
        row = next((line for line in text.splitlines() if line.startswith(f"| `{table}` |")), "")
        assert row, table
        for column in columns:
            assert f"`{column}`" in row, (table, column)
    for role, (ours, confidence) in salesforce.ROLE_MAP.items():
        assert any(line.startswith(f"| {role}") and f"`{ours}` | {confidence}" in line
                   for line in text.splitlines()), role
    for name in salesforce.FILES:
        assert f"`{name}`" in text, name
    assert ",".join(linkedin.COLUMNS) in text


def test_the_api_doc_lists_every_route_and_the_web_doc_every_page():
    import re
    from powermap.api import create_app
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": object()})
    api = (DOCS / "api.md").read_text(encoding="utf-8")
    web = (DOCS / "web.md").read_text(encoding="utf-8")
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        if rule.rule.startswith("/api/v1/"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert f"`{method} {path}" in api, (method, path)
        elif not rule.rule.startswith(("/static", "/vendor", "/logout")):
            page = re.sub(r"<(?:\w+:)?\w+>", "<id>", rule.rule)
            assert f"`{page}" in web, page
