"""Influence paths: who can introduce us to a person.

A path starts at one of our current staff, follows one of their relationships (a thread,
strength ≥ 2) and then at most three influence edges to the target: at most 4 hops. Its score
is the product of strength/5 along the way, so a short path of strong ties beats a long or weak
one.

Paths are ranked in three tiers, and a tier is shown only after every path of the tiers before
it (up to the limit):

1. **safe and trusted** — nobody between our staff member and the target is an enemy, and
   every link has strength ≥ 3;
2. **safe with a weak tie** — some link has strength 2: it counts as a thread, but it must not
   look as good as a trusted path, whatever its score;
3. **risky** — it runs through an enemy: someone with a recorded stance of skeptic or opponent,
   or held by a competitor (contested does not count). Shown last, with the reason; never
   counted as access (see ``safe_influence``).

The search runs in Python over the subgraph of the target's account that the analyses already
fetch (never the whole database): a best-first search backwards from the target, bounded by an
exact upper bound on what a partial path can still score and by ``MAX_EXPANSIONS``, so a
densely connected account costs a bounded amount of work.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from powermap.analysis.context import (COVERED_STRENGTH, AccountContext, NetworkEdge, Person,
                                       load_account)
from powermap.analysis.held import holds_by_person
from powermap.errors import NotFound
from powermap.graph.store import Graph
from powermap.i18n import _, clauses, listing
from powermap.report.words import stance_words

#: influence hops after the first relationship (4 hops in all)
MAX_INFLUENCE_HOPS = 3
#: partial paths taken off the queue per target and tier before the search gives up
MAX_EXPANSIONS = 20_000
HOSTILE = {"skeptic", "opponent"}
SUPPORTIVE = {"champion", "supporter"}


@dataclass
class Path:
    people: list[dict]    # first our staff member, last the target
    edges: list[dict]     # type, strength, source, as_of for each hop
    score: float
    risks: list[str] = field(default_factory=list)   # why the path runs through an enemy
    weak: bool = False                                 # some link has strength < 3

    @property
    def safe(self) -> bool:
        return not self.risks

    def as_dict(self) -> dict:
        return {"people": self.people, "edges": self.edges, "score": round(self.score, 4),
                "safe": self.safe, "risks": self.risks, "weak": self.weak,
                "introduction": describe_introduction(self)}


def enemies_of(people: Mapping[str, Person], influence: Iterable[NetworkEdge],
               stances: Mapping[str, str | None]) -> dict[str, str]:
    """person id → why an introduction through them is risky: a hostile recorded stance
    (``stances``: id → stance) or a competitor's hold (contested holds do not count)."""
    influence = list(influence)
    supporters = [pid for pid, s in stances.items() if s in SUPPORTIVE]
    enemies = {}
    for pid, hs in holds_by_person(dict(people), influence, supporters).items():
        held = [h for h in hs if h.held]
        if held:
            enemies[pid] = _("%(name)s is held by %(competitor)s (%(evidence)s)",
                             name=people[pid].name, competitor=held[0].competitor_name,
                             evidence=held[0].evidence)
    for pid, stance in stances.items():
        if stance in HOSTILE and pid in people:
            enemies[pid] = _("%(name)s is recorded as %(stance)s", name=people[pid].name,
                             stance=stance_words(stance))
    return enemies


def safe_influence(influence: Iterable[tuple[str, str]], enemies: Iterable[str]) -> list:
    """The influence edges that count as access: none leaves an enemy (we may reach an enemy,
    but nobody can be introduced onward through them)."""
    enemies = set(enemies)
    return [e for e in influence if e[0] not in enemies]


def search_paths(targets: Iterable[str], people: Mapping[str, Person],
                 influence: Iterable[NetworkEdge], enemies: Mapping[str, str],
                 from_staff: str | None = None, limit: int = 5,
                 exclude: frozenset = frozenset()) -> dict[str, list[Path]]:
    """The best paths to each target, safe and trusted first, then safe with a weak tie, then
    risky; targets no path reaches are left out. ``people`` must carry the coverage (our
    staff's relationships) of everyone the search may pass."""
    into: dict[str, dict[str, NetworkEdge]] = {}
    for e in influence:
        if (e.strength or 0) <= 0 or e.from_id == e.to_id:
            continue
        if e.from_id in exclude or e.to_id in exclude:
            continue
        best = into.setdefault(e.to_id, {}).get(e.from_id)
        if best is None or (e.strength or 0) > (best.strength or 0):
            into[e.to_id][e.from_id] = e
    tiers: dict[str, _Tier] = {}   # built when first needed: each costs O(E)
    found: dict[str, list[Path]] = {}
    for target in targets:
        if target not in people or target in exclude:
            continue
        paths: list[Path] = []
        for name in ("trusted", "weak", "risky"):
            if len(paths) >= limit:
                break
            if name not in tiers:
                tiers[name] = _Tier(name, people, into, enemies, from_staff, exclude)
            paths += tiers[name].best(target, limit - len(paths))
        if paths:
            found[target] = paths
    return found


class _Tier:
    """One tier of the search: which links and people it may use, which paths it accepts,
    and the bound that guides it (computed once for all targets)."""

    def __init__(self, name: str, people: Mapping[str, Person], into: dict,
                 enemies: Mapping[str, str], from_staff: str | None, exclude: frozenset):
        self.name, self.people, self.into, self.enemies = name, people, into, enemies
        min_strength = COVERED_STRENGTH if name == "trusted" else 0
        allow_enemies = name == "risky"
        self.threads: dict[str, list[dict]] = {}
        self.sources: dict[str, list[NetworkEdge]] = {}
        for pid, p in people.items():
            ts = [t for t in p.threads(exclude) if t["strength"] >= min_strength
                  and (from_staff is None or t["staff_id"] == from_staff)]
            if ts:
                self.threads[pid] = ts
        for pid, edges in into.items():
            ok = [e for e in edges.values() if (e.strength or 0) >= min_strength
                  and e.from_id in people and (allow_enemies or e.from_id not in enemies)]
            if ok:
                self.sources[pid] = ok
        # bound[h][v]: the best score any (not necessarily simple) path can reach from our
        # staff to v with at most h influence hops — an upper bound for the simple paths, so
        # the best-first search below takes complete paths off the queue in order.
        layer = {v: max(t["strength"] for t in ts) / 5 for v, ts in self.threads.items()}
        self.bound = [layer]
        for _hop in range(MAX_INFLUENCE_HOPS):
            prev, layer = layer, dict(layer)
            for v, edges in self.sources.items():
                best = max(((e.strength / 5) * prev.get(e.from_id, 0.0) for e in edges),
                           default=0.0)
                if best > layer.get(v, 0.0):
                    layer[v] = best
            self.bound.append(layer)

    def accepts(self, path: Path) -> bool:
        if self.name == "weak":
            return path.weak and path.safe
        if self.name == "risky":
            return not path.safe
        return path.safe

    def best(self, target: str, limit: int) -> list[Path]:
        """Up to ``limit`` paths to ``target`` of this tier, best first."""
        start = self.bound[MAX_INFLUENCE_HOPS].get(target, 0.0)
        if not start:
            return []
        # (-upper bound, tiebreak, node, chain from node to target, score so far, complete)
        queue = [(-start, 0, target, (target,), 1.0, False)]
        results: list[Path] = []
        pops = counter = 0
        while queue and len(results) < limit and pops < MAX_EXPANSIONS:
            _, _, node, chain, score, done = heapq.heappop(queue)
            pops += 1
            if done:
                path = _make_path(chain, score, self.people, self.into, self.enemies)
                if self.accepts(path):
                    results.append(path)
                continue
            for t in self.threads.get(node, ()):
                counter += 1
                s = score * t["strength"] / 5
                heapq.heappush(queue, (-s, counter, t["staff_id"], (t["staff_id"], *chain),
                                       s, True))
            left = MAX_INFLUENCE_HOPS - len(chain)   # hops left after taking one more
            if left < 0:
                continue
            for e in self.sources.get(node, ()):
                if e.from_id in chain:
                    continue
                s = score * e.strength / 5
                upper = s * self.bound[left].get(e.from_id, 0.0)
                if upper:
                    counter += 1
                    heapq.heappush(queue, (-upper, counter, e.from_id, (e.from_id, *chain),
                                           s, False))
        return results


def _make_path(chain: tuple, score: float, people: Mapping[str, Person], into: dict,
               enemies: Mapping[str, str]) -> Path:
    staff_id, first = chain[0], chain[1]
    thread = next(t for t in people[first].coverage if t["staff_id"] == staff_id)
    nodes = [{"id": staff_id, "name": thread["name"], "title": None}]
    nodes += [{"id": pid, "name": people[pid].name, "title": people[pid].title}
              for pid in chain[1:]]
    edges = [{"type": "KNOWS", "strength": thread["strength"], "source": thread["source"],
              "as_of": thread["as_of"]}]
    for a, b in zip(chain[1:], chain[2:]):
        e = into[b][a]
        edges.append({"type": "INFLUENCES", "strength": e.strength, "source": e.source,
                      "as_of": e.as_of})
    risks = [enemies[pid] for pid in chain[1:-1] if pid in enemies]
    weak = any((e["strength"] or 0) < COVERED_STRENGTH for e in edges)
    return Path(nodes, edges, score, risks, weak)


def account_paths(ctx: AccountContext, person_ids: list[str], from_staff: str | None = None,
                  limit: int = 5) -> dict[str, list[Path]]:
    """Paths to people of one account, from its fetched context (pure: no database access).
    Enemies: held by a competitor, or hostile in any open opportunity of the account."""
    influence = ctx.influence_edges()
    enemies = enemies_of(ctx.people, influence, account_stances(ctx))
    return search_paths(person_ids, ctx.people, influence, enemies, from_staff, limit)


def account_stances(ctx: AccountContext, opportunity_id: str | None = None) -> dict:
    """person → the stance that decides whether they are an enemy: their stance in the
    opportunity, or, without one, hostile in any open opportunity of the account (else
    supportive in any)."""
    stances: dict[str, str | None] = {}
    for pid, chains in ctx.chains.items():
        found = [c["stance"] for c in chains
                 if opportunity_id is None or c["opportunity_id"] == opportunity_id]
        hostile = [x for x in found if x in HOSTILE]
        good = [x for x in found if x in SUPPORTIVE]
        stances[pid] = hostile[0] if hostile else (good[0] if good else None)
    return stances


def paths_report(graph: Graph, person_id: str, from_staff: str | None = None,
                 limit: int = 5) -> dict:
    """``powermap paths``: the target, and the best paths to them through their account."""
    target = graph.read("find_person", person_id=person_id)
    if not target:
        raise NotFound(_("no person with id %(id)r", id=person_id))
    if from_staff is not None:
        staff = graph.read("find_person", person_id=from_staff)
        if not staff or not staff[0]["is_staff"]:
            raise NotFound(_("no staff member with id %(id)r", id=from_staff))
    details = graph.read("find_people_details", person_ids=[person_id])[0]["people"][0]
    accounts = sorted({e["organization_id"] for e in details["employment"]
                       if e["until"] is None and e["kind"] != "own"})
    paths: list[Path] = []
    for account_id in accounts:
        paths += account_paths(load_account(graph, account_id), [person_id], from_staff,
                               limit).get(person_id, [])
    if not accounts:   # works nowhere we know: only our staff's own relationships reach them
        from powermap.analysis.context import _people
        people = graph.read_tx(lambda tx: _people(tx.run, {person_id}))
        paths = search_paths([person_id], people, [], {}, from_staff, limit).get(person_id, [])
    paths.sort(key=path_rank)
    return {"target": target[0]["person"], "from_staff": from_staff,
            "paths": [p.as_dict() for p in paths[:limit]]}


def path_rank(path: Path) -> tuple:
    """Sort key: safe before risky, trusted before weak, then higher score, then shorter."""
    return (not path.safe, path.weak, -path.score, len(path.edges))


def describe_introduction(path: Path) -> str:
    """The next step a path suggests, in words.

    >>> describe_introduction(Path([{"name": "Ann"}, {"name": "Bo"}, {"name": "Cy"},
    ...                             {"name": "Di"}], [], 0.3))
    'Ask Bo to introduce Ann to Di through Cy.'
    >>> describe_introduction(Path([{"name": "Ann"}, {"name": "Di"}], [{"strength": 2}], 0.4))
    'Ann already knows Di (strength 2): deepen that relationship.'
    >>> describe_introduction(Path([{"name": "Ann"}, {"name": "Bo"}, {"name": "Di"}], [], 0.3,
    ...                            ["Bo is recorded as opponent"]))
    'Risky: Bo is recorded as opponent. Ask Bo to introduce Ann to Di only if no safe path works.'
    """
    staff, target, middle = path.people[0], path.people[-1], path.people[1:-1]
    if not middle:
        strength = path.edges[0]["strength"] if path.edges else "?"
        return _("%(staff)s already knows %(target)s (strength %(strength)s): deepen that "
                 "relationship.", staff=staff["name"], target=target["name"], strength=strength)
    names = {"intro": middle[0]["name"], "staff": staff["name"], "target": target["name"],
             "through": listing(p["name"] for p in middle[1:])}
    if path.risks:
        reasons = clauses(path.risks)
        if len(middle) > 1:
            return _("Risky: %(reasons)s. Ask %(intro)s to introduce %(staff)s to %(target)s "
                     "through %(through)s only if no safe path works.", reasons=reasons, **names)
        return _("Risky: %(reasons)s. Ask %(intro)s to introduce %(staff)s to %(target)s only "
                 "if no safe path works.", reasons=reasons, **names)
    if len(middle) > 1:
        return _("Ask %(intro)s to introduce %(staff)s to %(target)s through %(through)s.",
                 **names)
    return _("Ask %(intro)s to introduce %(staff)s to %(target)s.", **names)
