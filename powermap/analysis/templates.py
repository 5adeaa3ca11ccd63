"""Role templates: which buying roles an opportunity of a given kind must have filled.

The built-in templates can be replaced by a TOML file (setting ``role_templates_file``):

    standard = ["decision_maker", "approver", "technical_evaluator", "commercial_evaluator",
                "user", "coach"]
    framework = ["decision_maker", "approver", "commercial_evaluator", "coach"]

An opportunity whose kind has no template uses ``standard``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from powermap.errors import Problem, ValidationError
from powermap.i18n import _
from powermap.model import BuyingRole

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

STANDARD = ("decision_maker", "approver", "technical_evaluator", "commercial_evaluator",
            "user", "coach")
DEFAULT_TEMPLATES: dict[str, tuple[str, ...]] = {
    "standard": STANDARD,
    "major": STANDARD + ("influencer",),
}


def role_template(kind: str, templates: dict | None = None) -> tuple[str, ...]:
    """The roles an opportunity of ``kind`` needs.

    >>> role_template("major")[-1]
    'influencer'
    >>> role_template("unheard-of") == STANDARD
    True
    """
    templates = templates or DEFAULT_TEMPLATES
    return tuple(templates.get(kind) or templates.get("standard") or STANDARD)


def load_templates(path: Path) -> dict[str, tuple[str, ...]]:
    """Read role templates from a TOML file; every role must be a known buying role."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ValidationError(Problem(str(path), "", _("cannot read role templates: %(error)s",
                                                       error=e))) from e
    problems = []
    allowed = BuyingRole.values()
    for kind, roles in data.items():
        if not isinstance(roles, list) or not roles:
            problems.append(Problem(str(path), kind, _("expected a non-empty list of roles")))
            continue
        for role in roles:
            if role not in allowed:
                problems.append(Problem(str(path), kind, _(
                    "%(got)r is not allowed; expected one of %(allowed)s", got=role,
                    allowed=", ".join(allowed))))
    if problems:
        raise ValidationError(problems)
    return {kind: tuple(roles) for kind, roles in data.items()}
