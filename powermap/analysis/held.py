"""Competitor-held people (竞争对手控制).

A person is held by a competitor when, in this order of strength of evidence:

1. ``works_for`` — they work for the competitor now;
2. ``favors`` — they favor the competitor more strongly than they favor us (no favor for us
   counts as 0);
3. ``former_employee`` — they used to work for the competitor and favor us less than 3;
4. ``influenced_by`` — someone held by 1 or 2 influences them with strength ≥ 3 and they favor
   us less than 3. One hop only: an indirect hold never spreads further, and a hold that
   rests only on former employment (weak evidence) does not spread at all.

An indirect hold weighs both sides: ``against`` is the total strength of the influence from
people held by that competitor (1 or 2), ``for`` the total strength of the influence from people
on our side (a recorded champion or supporter, or a favor for us of at least 3, and not held
themselves). With ``balance = for − against``:

- balance ≤ −HELD_MARGIN: ``influenced_by`` (held);
- −HELD_MARGIN < balance < HELD_MARGIN: ``contested`` — reported with both sides, but not
  counted as held in the power share;
- balance ≥ HELD_MARGIN: our side carries; no hold.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable

from powermap.analysis.context import NetworkEdge, Person
from powermap.i18n import _, clauses
from powermap.report.words import recorded_words

REASONS = ("works_for", "favors", "former_employee", "influenced_by", "contested")
SPREADING = ("works_for", "favors")
INFLUENCE_STRENGTH = 3
LOYAL_FAVOR = 3
#: strength points by which one side must outweigh the other before an indirect hold is
#: decided; strengths are hand-entered on a 1–5 scale, so one point is within their noise
HELD_MARGIN = 2


@dataclass(frozen=True)
class Hold:
    competitor_id: str
    competitor_name: str
    reason: str
    evidence: str
    via: str | None = None
    balance: int | None = None       # for − against, indirect holds only

    @property
    def held(self) -> bool:
        """A hold that counts (not merely contested)."""
        return self.reason != "contested"

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
                e["organization_id"], e["name"], "works_for",
                _("works for %(competitor)s", competitor=e["name"])))
    for f in person.favors:
        if f["kind"] == "competitor" and f["strength"] > ours:
            holds.setdefault(f["organization_id"], Hold(
                f["organization_id"], f["name"], "favors",
                _in_brackets(_("favors %(competitor)s (%(strength)s/5) over us (%(ours)s/5)",
                               competitor=f["name"], strength=f["strength"], ours=ours),
                             recorded_words(f["source"], f["as_of"]))))
    if ours < LOYAL_FAVOR:
        for e in person.former_employers():
            if e["kind"] == "competitor":
                holds.setdefault(e["organization_id"], Hold(
                    e["organization_id"], e["name"], "former_employee",
                    _("worked for %(competitor)s until %(date)s", competitor=e["name"],
                      date=e["until"])))
    return list(holds.values())


def _in_brackets(clause: str, sentence: str) -> str:
    # the evidence is a clause other clauses are appended to: the sentence goes in brackets
    if not sentence:
        return clause
    return _("%(clause)s (%(note)s)", clause=clause,
             note=sentence[:1].lower() + sentence[1:].rstrip(".。"))


def holds_by_person(people: dict[str, Person], influence: Iterable[NetworkEdge],
                    supporters: Iterable[str] = ()) -> dict:
    """person id → list of ``Hold`` (empty lists left out); contested holds included
    (``Hold.held`` is False for them). ``supporters``: people with a recorded stance of
    champion or supporter, who count on our side of the balance."""
    direct = {pid: direct_holds(p) for pid, p in people.items()}
    result = {pid: list(h) for pid, h in direct.items() if h}
    spreading = {pid: [h for h in hs if h.reason in SPREADING] for pid, hs in direct.items()}
    ours = {pid for pid in supporters if pid in people} | {
        pid for pid, p in people.items() if own_favor(p) >= LOYAL_FAVOR}
    ours -= {pid for pid, hs in direct.items() if hs}
    into: dict[str, list[NetworkEdge]] = {}
    for edge in influence:
        if edge.from_id != edge.to_id and edge.to_id in people and edge.from_id in people:
            into.setdefault(edge.to_id, []).append(edge)
    for pid in sorted(into):
        target = people[pid]
        if direct.get(pid) or own_favor(target) >= LOYAL_FAVOR:
            continue
        pro = [e for e in into[pid] if e.from_id in ours]
        for_us = sum(e.strength or 0 for e in pro)
        by_competitor: dict[str, list[tuple[NetworkEdge, Hold]]] = {}
        for e in into[pid]:
            for hold in spreading.get(e.from_id, []):
                by_competitor.setdefault(hold.competitor_id, []).append((e, hold))
        for cid, pulls in sorted(by_competitor.items()):
            if max(e.strength or 0 for e, _hold in pulls) < INFLUENCE_STRENGTH:
                continue
            against = sum(e.strength or 0 for e, _hold in pulls)
            balance = for_us - against
            if balance >= HELD_MARGIN:
                continue
            e, hold = max(pulls, key=lambda eh: (eh[0].strength or 0, eh[0].from_id))
            them = clauses(_("influenced by %(name)s (strength %(strength)s), who %(evidence)s",
                             name=people[x.from_id].name, strength=x.strength,
                             evidence=h.evidence) for x, h in pulls)
            if balance <= -HELD_MARGIN:
                reason = "influenced_by"
                evidence = them
            else:
                reason = "contested"
                us = clauses(_("%(name)s (strength %(strength)s)", name=people[x.from_id].name,
                               strength=x.strength) for x in pro)
                evidence = _("contested: %(them)s; on our side: %(us)s; balance %(for_us)s for "
                             "us against %(against)s (margin %(margin)s)", them=them, us=us,
                             for_us=for_us, against=against, margin=f"{balance:+d}")
            if balance <= -HELD_MARGIN and pro:
                us = clauses(_("%(name)s (strength %(strength)s)", name=people[x.from_id].name,
                               strength=x.strength) for x in pro)
                evidence = _("%(evidence)s; on our side only: %(us)s (balance %(balance)s)",
                             evidence=evidence, us=us, balance=f"{balance:+d}")
            result.setdefault(pid, []).append(Hold(cid, hold.competitor_name, reason, evidence,
                                                   via=e.from_id, balance=balance))
    return result
