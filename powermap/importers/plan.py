"""What every importer hands over: an ``ImportPlan`` (validated records plus the rows it left
out and why), and ``apply_plan``, which writes it through the one write path.

Importers parse and validate without touching the graph's data (some read it, to match people);
nothing is written until the whole input is valid, and then all of it is written in one
transaction. There is no CLI code here: the command line and the web upload call the same
functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from powermap.graph.load import OUTCOMES, LoadSummary, load_dataset
from powermap.graph.store import Graph
from powermap.model import Dataset

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Skip:
    """An input row that was deliberately not imported."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ImportPlan:
    source: str                   # "native", "salesforce", "linkedin", "ics"
    dataset: Dataset
    skipped: list[Skip] = field(default_factory=list)
    #: record kinds written only where nobody else entered a value (see load_dataset)
    suggested: frozenset[str] = frozenset()
    #: lines worth telling the user (the strength formula used, say)
    notes: list[str] = field(default_factory=list)

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
        out = [f"{self.source} import: " + ", ".join(f"{totals[o]} {o}" for o in OUTCOMES)
               + f", {len(self.skipped)} skipped"]
        for kind, counts in self.load.by_kind().items():
            out.append(f"  {kind}: " + ", ".join(f"{counts[o]} {o}" for o in OUTCOMES
                                                 if counts[o] or o != "kept"))
        out.extend(self.notes)
        if self.skipped:
            out.append(f"skipped ({len(self.skipped)}):")
            out.extend(f"  {s}" for s in self.skipped[:show_skipped])
            if len(self.skipped) > show_skipped:
                out.append(f"  … and {len(self.skipped) - show_skipped} more")
        return out


def apply_plan(graph: Graph, plan: ImportPlan, progress: Progress = lambda kind, n: None
               ) -> ImportSummary:
    """Write a plan in one transaction (all or nothing) and say what happened to each row."""
    load = load_dataset(graph, plan.dataset, progress, suggested=plan.suggested)
    return ImportSummary(plan.source, load, plan.skipped, plan.notes)
