"""The one error tree of Powermap.

Everything a user can cause or meet is a ``PowermapError``; its message is written for the user
and is shown as it is by the CLI, the pages and the JSON API. Driver errors are translated into
these at the graph boundary (``powermap.graph.store``).
"""

from __future__ import annotations

from dataclasses import dataclass

from powermap.i18n import _, format_number, ngettext


class PowermapError(Exception):
    """Base of every error Powermap reports to a user."""

    #: HTTP status the API answers with.
    status = 500
    #: short machine-readable code in the JSON error shape.
    code = "error"


class ConfigError(PowermapError):
    """A setting or the configuration file is wrong."""

    code = "config"


class LocalServerError(PowermapError):
    """The local Neo4j could not be built, started, reached or stopped."""

    status = 503
    code = "local_server"


class DatabaseUnavailable(PowermapError):
    """Neo4j cannot be reached or refused the credentials."""

    status = 503
    code = "database_unavailable"


class DatabaseError(PowermapError):
    """A query failed inside Neo4j."""

    code = "database"


class QueryTimeout(DatabaseError):
    """A query ran longer than the transaction timeout and Neo4j stopped it."""

    status = 503
    code = "query_timeout"


class NotFound(PowermapError):
    """An id names nothing in the graph."""

    status = 404
    code = "not_found"


class Refused(PowermapError):
    """An operation was refused to protect data (non-empty graph, not the test server …)."""

    status = 409
    code = "refused"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is, which field, and what was expected."""

    where: str
    field: str
    message: str

    def __post_init__(self) -> None:
        # importers may name a row lazily (an object that becomes text only when asked, so
        # that a million good rows cost no text): a problem holds the text itself
        if not isinstance(self.where, str):
            object.__setattr__(self, "where", str(self.where))

    def bounded(self, limit: int = 500) -> "Problem":
        """The same problem with each part cut to ``limit`` characters: a hostile file must
        not turn into a megabyte answer through one oversized column name or value."""
        def cut(text: str) -> str:
            return text if len(text) <= limit else _("%(start)s… (%(length)s characters)",
                                                     start=text[:limit],
                                                     length=format_number(len(text)))
        return Problem(cut(self.where), cut(self.field), cut(self.message))

    def __str__(self) -> str:
        # four whole patterns rather than a prefix and a field stitched on: a translation
        # writes "字段" where English writes "field"
        if self.where and self.field:
            return _("%(where)s: field '%(field)s': %(message)s", where=self.where,
                     field=self.field, message=self.message)
        if self.field:
            return _("field '%(field)s': %(message)s", field=self.field, message=self.message)
        if self.where:
            return _("%(where)s: %(message)s", where=self.where, message=self.message)
        return self.message


#: how many problems an error keeps and shows; the rest are only counted (a file with a million
#: bad cells must not become a million-line answer)
MAX_PROBLEMS = 20


class ValidationError(PowermapError):
    """Input was rejected; ``problems`` lists the first ``MAX_PROBLEMS`` things wrong with it
    and ``omitted`` counts the others."""

    status = 400
    code = "invalid"

    def __init__(self, problems: list[Problem] | Problem, omitted: int = 0):
        problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.problems = [p.bounded() for p in problems[:MAX_PROBLEMS]]
        self.omitted = omitted + len(problems) - len(self.problems)
        text = "\n".join(str(p) for p in self.problems)
        if self.omitted:
            text += "\n" + ngettext("… and %(n)s more", "… and %(n)s more", self.omitted)
        super().__init__(text)


class ImportConflict(PowermapError):
    """An import would overwrite values someone changed in the graph after the file was
    exported; ``conflicts`` lists each field (row, file value, graph value, who, when)."""

    status = 409
    code = "import_conflict"

    def __init__(self, conflicts: list[dict]):
        self.conflicts = conflicts
        lines = [_("%(where)s: field '%(field)s': the file says %(file_value)s, the graph says "
                   "%(graph_value)s, changed by %(who)s on %(when)s UTC after this file was "
                   "exported", where=c["where"], field=c["field"],
                   file_value=_shown(c["file_value"]), graph_value=_shown(c["graph_value"]),
                   who=c["changed_by"], when=f"{c['changed_at']:%Y-%m-%d %H:%M}")
                 for c in conflicts[:MAX_PROBLEMS]]
        more = len(conflicts) - len(lines)
        if more:
            lines.append(ngettext("… and %(n)s more", "… and %(n)s more", more))
        super().__init__(_(
            "%(n)s value(s) in this file are older than the graph's; nothing was imported. "
            "Export again and edit that file, or import with --overwrite to replace the newer "
            "values:", n=len(conflicts)) + "\n" + "\n".join(lines))


def _shown(value) -> str:
    """A value in a conflict message: text quoted, dates as ISO text, lists joined, none as
    "(empty)" (never a Python repr such as ``datetime.date(2026, 11, 6)``)."""
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(value, (list, tuple)):
        return "'" + "; ".join(str(v) for v in value) + "'"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value) if isinstance(value, str) else str(value)
