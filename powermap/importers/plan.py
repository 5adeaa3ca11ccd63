"""What every importer hands over: an ``ImportPlan`` (validated records plus the rows it left
out and why), and ``apply_plan``, which writes it through the one write path.

Importers parse and validate without touching the graph's data (some read it, to match people);
nothing is written until the whole input is valid, and then all of it is written in one
transaction. There is no CLI code here: the command line and the web upload call the same
functions.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass, field
from typing import Callable

from powermap.graph.load import OUTCOMES, LoadSummary, load_dataset, preview_dataset
from powermap.graph.store import Graph
from powermap.history.changes import ChangeSet
from powermap.history.records import dumps
from powermap.i18n import _, ngettext
from powermap.model import Dataset
from powermap.report.words import kind_words, outcome_words

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Skip:
    """An input row that was deliberately not imported."""

    where: str
    reason: str

    def __str__(self) -> str:
        return _("%(where)s: %(reason)s", where=self.where, reason=self.reason)


@dataclass(frozen=True)
class ExportStamp:
    """When a native export was written and the newest change set it holds: an import of the
    file is compared with what changed in the graph after ``at``."""

    at: dt.datetime               # UTC, with its time zone
    change_set: str | None        # None: the graph had no history yet

    def as_dict(self) -> dict:
        return {"exported_at": self.at.isoformat(), "change_set": self.change_set}


@dataclass
class ImportPlan:
    source: str                   # "native", "salesforce", "linkedin", "ics"
    dataset: Dataset
    skipped: list[Skip] = field(default_factory=list)
    #: record kinds written only where nobody else entered a value (see load_dataset)
    suggested: frozenset[str] = frozenset()
    #: lines worth telling the user (the strength formula used, say)
    notes: list[str] = field(default_factory=list)
    #: the export stamp the file carried (native exports only)
    stamp: ExportStamp | None = None

    def total_rows(self) -> int:
        return sum(len(records) for records in self.dataset.records.values())


@dataclass
class ImportSummary:
    source: str
    load: LoadSummary
    skipped: list[Skip]
    notes: list[str]

    def as_dict(self) -> dict:
        return {"source": self.source, **self.load.as_dict(),
                "skipped": [{"where": s.where, "reason": s.reason} for s in self.skipped],
                "notes": self.notes}

    def lines(self, show_skipped: int = 20) -> list[str]:
        """The summary as text: one line of totals, one per kind, then the skipped rows."""
        totals = self.load.totals()
        out = [_("%(source)s import: %(outcomes)s, %(skipped)s skipped", source=self.source,
                 outcomes=", ".join(outcome_words(o, totals[o]) for o in OUTCOMES),
                 skipped=len(self.skipped))]
        for kind, counts in self.load.by_kind().items():
            out.append("  " + _("%(kind)s: %(outcomes)s", kind=kind_words(kind), outcomes=", ".join(
                outcome_words(o, counts[o]) for o in OUTCOMES if counts[o] or o != "kept")))
        out.extend(self.notes)
        if self.skipped:
            out.append(_("skipped (%(n)s):", n=len(self.skipped)))
            out.extend(f"  {s}" for s in self.skipped[:show_skipped])
            if len(self.skipped) > show_skipped:
                out.append("  " + ngettext("… and %(n)s more", "… and %(n)s more",
                                           len(self.skipped) - show_skipped))
        return out


def cli_user() -> str:
    """Who an import from the command line is recorded as: ``(cli) <os user>``."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment nor in the password file
        name = "unknown"
    return f"(cli) {name}"


def change_set_for(plan: ImportPlan, who: str, via: str, file: str | None) -> ChangeSet:
    """The change set an import is recorded in: who, through what, and from which file."""
    # the change set's description is stored, and read later in whatever language: it stays
    # English, like the audit log's other stored words
    what = f"{plan.source} import of {file}" if file else f"{plan.source} import"
    return ChangeSet(who=who, via=via, what=what, file=file)


def apply_plan(graph: Graph, plan: ImportPlan, progress: Progress = lambda kind, n: None, *,
               who: str = "(unknown)", via: str = "import", file: str | None = None,
               overwrite: bool = False) -> ImportSummary:
    """Write a plan in one transaction (all or nothing) and say what happened to each row.

    The writes are recorded as one change set of ``who`` (a user name, or ``cli_user()``),
    ``via`` ("import" from the command line, "web" from the upload page) and ``file``. When the
    plan carries an export stamp, values changed in the graph after it are conflicts: nothing
    is written and ``ImportConflict`` lists them, unless ``overwrite``.
    """
    load = load_dataset(graph, plan.dataset, progress, suggested=plan.suggested,
                        changeset=change_set_for(plan, who, via, file),
                        stamp=plan.stamp.at if plan.stamp else None, overwrite=overwrite)
    return ImportSummary(plan.source, load, plan.skipped, plan.notes)


def preview_plan(graph: Graph, plan: ImportPlan) -> ImportSummary:
    """What ``apply_plan`` would do, field by field, writing nothing (``--check``)."""
    load = preview_dataset(graph, plan.dataset, suggested=plan.suggested,
                           stamp=plan.stamp.at if plan.stamp else None)
    return ImportSummary(plan.source, load, plan.skipped, plan.notes)


def show(value) -> str:
    """A field value as the preview and the audit log show it (``(empty)`` for none)."""
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return dumps(value)
    return str(value)


def preview_lines(summary: ImportSummary, limit: int = 200) -> list[str]:
    """The field-level preview as text: counts, what would be created, each update as
    ``field: before → after``, and the conflicts with the graph."""
    load = summary.load
    totals = load.totals()
    out = [_("%(source)s: %(valid)s records are valid, %(skipped)s rows would be skipped; "
             "nothing written (--check)", source=summary.source, valid=sum(load.rows.values()),
             skipped=len(summary.skipped)),
           "  " + _("%(created)s would be created, %(updated)s updated, %(unchanged)s are "
                    "unchanged", created=totals["created"], updated=totals["updated"],
                    unchanged=totals["unchanged"])]
    for kind, counts in load.by_kind().items():
        if counts["created"]:
            out.append("  " + _("%(kind)s: %(n)s would be created", kind=kind_words(kind),
                                n=counts["created"]))
    shown = 0
    for update in load.updates:
        if shown >= limit:
            out.append("  " + ngettext("… and %(n)s more update", "… and %(n)s more updates",
                                       len(load.updates) - shown))
            break
        out.append("  " + _("update %(kind)s %(key)s:", kind=kind_words(update.kind),
                            key=" → ".join(str(k) for k in update.key)))
        for name in sorted(update.after):
            out.append(f"    {name}: {show(update.before.get(name))} → "
                       f"{show(update.after[name])}")
        shown += 1
    if load.conflicts:
        out.append(_("%(n)s conflict(s): the graph changed after this file was exported; the "
                     "import would stop unless --overwrite is given:", n=len(load.conflicts)))
        out.extend(f"  {line}" for line in conflict_lines(load.conflicts))
    out.extend(summary.notes)
    out.extend("  " + _("skipped %(row)s", row=skip) for skip in summary.skipped)
    return out


def conflict_lines(conflicts: list[dict]) -> list[str]:
    """One whole sentence per conflict: row, field, file value, graph value, who and when."""
    return [_("%(where)s: field %(field)s: the file says %(file_value)s, the graph says "
              "%(graph_value)s (changed by %(who)s on %(when)s UTC, change set %(change_set)s).",
              where=c["where"], field=c["field"], file_value=show(c["file_value"]),
              graph_value=show(c["graph_value"]), who=c["changed_by"],
              when=f"{c['changed_at']:%Y-%m-%d %H:%M}", change_set=c["change_set"])
            for c in conflicts]
