"""Competitor-held people (竞争对手控制).

A person is held by a competitor when, in this order of strength of evidence:

1. ``works_for`` — they work for the competitor now;
2. ``favors`` — they favor the competitor more strongly than they favor us (no favor for us
   counts as 0);
3. ``former_employee`` — they used to work for the competitor and favor us less than 3;
4. ``influenced_by`` — someone held by 1 or 2 influences them with strength ≥ 3 and they favor
   us less than 3. One hop only: an indirect hold never spreads further, and a hold that
   rests only on former employment (weak evidence) does not spread at all.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable

from powermap.analysis.context import NetworkEdge, Person

REASONS = ("works_for", "favors", "former_employee", "influenced_by")
SPREADING = ("works_for", "favors")
INFLUENCE_STRENGTH = 3
LOYAL_FAVOR = 3


@dataclass(frozen=True)
class Hold:
    competitor_id: str
    competitor_name: str
    reason: str
    evidence: str
    via: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def own_favor(person: Person) -> int:
    return max((f["strength"] for f in person.favors if f["kind"] == "own"), default=0)


def direct_holds(person: Person) -> list[Hold]:
    """Holds that rest on the person's own employment and favors."""
    ours = own_favor(person)
    holds: dict[str, Hold] = {}
    for e in person.current_employers():
        if e["kind"] == "competitor":
            holds.setdefault(e["organization_id"], Hold(
                e["organization_id"], e["name"], "works_for", f"works for {e['name']}"))
    for f in person.favors:
        if f["kind"] == "competitor" and f["strength"] > ours:
            holds.setdefault(f["organization_id"], Hold(
                f["organization_id"], f["name"], "favors",
                f"favors {f['name']} ({f['strength']}/5) over us ({ours}/5); "
                f"source {f['source']}, as of {f['as_of']}"))
    if ours < LOYAL_FAVOR:
        for e in person.former_employers():
            if e["kind"] == "competitor":
                holds.setdefault(e["organization_id"], Hold(
                    e["organization_id"], e["name"], "former_employee",
                    f"worked for {e['name']} until {e['until']}"))
    return list(holds.values())


def holds_by_person(people: dict[str, Person], influence: Iterable[NetworkEdge]) -> dict:
    """person id → list of ``Hold`` (empty lists left out)."""
    direct = {pid: direct_holds(p) for pid, p in people.items()}
    result = {pid: list(h) for pid, h in direct.items() if h}
    spreading = {pid: [h for h in hs if h.reason in SPREADING] for pid, hs in direct.items()}
    for edge in influence:
        source = spreading.get(edge.from_id)
        target = people.get(edge.to_id)
        if not source or target is None or direct.get(edge.to_id):
            continue
        if (edge.strength or 0) < INFLUENCE_STRENGTH or own_favor(target) >= LOYAL_FAVOR:
            continue
        influencer = people[edge.from_id]
        for hold in source:
            already = {h.competitor_id for h in result.get(edge.to_id, [])}
            if hold.competitor_id not in already:
                result.setdefault(edge.to_id, []).append(Hold(
                    hold.competitor_id, hold.competitor_name, "influenced_by",
                    f"influenced by {influencer.name} (strength {edge.strength}), who "
                    f"{hold.evidence}", via=edge.from_id))
    return result
