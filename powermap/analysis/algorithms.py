"""Graph algorithms the analyses need where Cypher is the wrong tool.

Every function takes plain edges or a small networkx graph of ONE account or opportunity (never
the whole database) and returns plain values.
"""

from __future__ import annotations

from typing import Hashable, Iterable, Mapping

import networkx as nx

Edge = tuple[Hashable, Hashable, float]


def influence_centrality(edges: Iterable[Edge], nodes: Iterable[Hashable] = ()) -> dict:
    """How far each person's word reaches in the influence graph, scaled so the top is 1.0.

    Parameters
    ----------
    edges : (a, b, strength) triples, meaning "a's word counts for b" (strength 1–5).
    nodes : people to include even when they have no edge (they score 0).

    Returns
    -------
    dict node → score in [0, 1], the two-hop influence reach
    ``reach(a) = Σ_{a→b} s_ab/5 + ½ · Σ_{a→b→c, c≠a} (s_ab/5)(s_bc/5)``, divided by the
    largest reach in the graph.

    Notes
    -----
    Chosen over PageRank because a bid team can check it by hand: direct influence counts
    fully, influence through one intermediary counts half. O(Σ out-degree²) — small on one
    account's subgraph. A graph with no edges scores 0 for all.

    Examples
    --------
    >>> scores = influence_centrality([("a", "ceo", 5), ("b", "ceo", 3), ("c", "a", 2)])
    >>> max(scores, key=scores.get), scores["ceo"], scores["c"]
    ('a', 0.0, 0.6)
    >>> influence_centrality([], nodes=["x"])
    {'x': 0.0}
    """
    out: dict = {}
    everyone = set(nodes)
    for a, b, strength in edges:
        out.setdefault(a, {})[b] = max(out.get(a, {}).get(b, 0.0), strength / 5.0)
        everyone.update((a, b))
    reach = {}
    for a in everyone:
        direct = out.get(a, {})
        score = sum(direct.values())
        score += 0.5 * sum(w_ab * w_bc for b, w_ab in direct.items()
                           for c, w_bc in out.get(b, {}).items() if c != a)
        reach[a] = score
    top = max(reach.values(), default=0.0)
    return {n: round(v / top, 4) if top else 0.0 for n, v in reach.items()}


def reachable(edges: Iterable[tuple[Hashable, Hashable]], sources: Iterable[Hashable],
              max_hops: int | None = None) -> set:
    """Nodes reachable from any source along directed edges, within ``max_hops`` if given.

    Notes
    -----
    Breadth-first search, O(V + E).

    Examples
    --------
    >>> sorted(reachable([("a", "b"), ("b", "c"), ("c", "d")], ["a"], max_hops=2))
    ['a', 'b', 'c']
    """
    g = nx.DiGraph(list(edges))
    found: set = set()
    for source in sources:
        if source in g:
            lengths = nx.single_source_shortest_path_length(g, source, cutoff=max_hops)
            found.update(lengths)
        else:
            found.add(source)
    return found


def departures_that_cut(coverage: Iterable[tuple[Hashable, Hashable]],
                        influence: Iterable[tuple[Hashable, Hashable]],
                        staff: Iterable[Hashable], targets: Iterable[Hashable]) -> dict:
    """For each staff member: the targets no remaining staff member can reach if they leave.

    Parameters
    ----------
    coverage : (staff, person) relationships strong enough to act on.
    influence : (a, b) influence edges among people; we can be introduced along them.
    staff, targets : our staff, and the people that must stay reachable (decision makers).

    Returns
    -------
    dict staff → sorted list of targets cut off by their departure (only non-empty entries).

    Notes
    -----
    A staff member is an articulation point between "us" and a target when every path from
    us to the target runs through them. Computed directly: one BFS per staff member,
    O(S · (V + E)) — a handful of staff on one account's subgraph.

    Examples
    --------
    >>> departures_that_cut([("s1", "a"), ("s2", "b")], [("a", "dm")], ["s1", "s2"], ["dm"])
    {'s1': ['dm']}
    >>> departures_that_cut([("s1", "a"), ("s2", "dm")], [("a", "dm")], ["s1", "s2"], ["dm"])
    {}
    """
    coverage, influence, staff, targets = list(coverage), list(influence), list(staff), list(targets)
    edges = coverage + influence
    before = reachable(edges, staff) & set(targets)
    cut = {}
    for member in staff:
        remaining = [e for e in edges if e[0] != member]
        after = reachable(remaining, [s for s in staff if s != member]) & set(targets)
        lost = sorted(before - after)
        if lost:
            cut[member] = lost
    return cut


STANCE_SCORE = {"champion": 2.0, "supporter": 1.0, "neutral": 0.0, "skeptic": -1.0,
                "opponent": -2.0}


def infer_stances(influence: Iterable[Edge], known: Mapping[Hashable, float],
                  unknown: Iterable[Hashable], prior_weight: float = 5.0) -> dict:
    """Estimate the stance of people whose stance is unknown from those who influence them.

    Parameters
    ----------
    influence : (a, b, strength) — a's word counts for b.
    known : person → stance score in [-2, 2] (see ``STANCE_SCORE``), for people whose stance
        is recorded (or implied by a favor).
    unknown : the people to estimate.
    prior_weight : weight of the neutral prior; more evidence is needed to move far from 0.

    Returns
    -------
    dict person → (score, confidence): score is the strength-weighted mean of the known
    influencers' scores, shrunk toward neutral by the prior; confidence = w / (w + prior),
    where w is the total strength of the known influencers. No known influencer: (0.0, 0.0).

    Notes
    -----
    One round of weighted averaging over direct in-edges, O(E). Deliberately not iterated:
    an estimate is never used as evidence for another estimate.

    Examples
    --------
    >>> infer_stances([("a", "x", 5), ("b", "x", 5)], {"a": 2.0, "b": 1.0}, ["x", "y"])
    {'x': (1.0, 0.6667), 'y': (0.0, 0.0)}
    """
    total: dict = {}
    weight: dict = {}
    for a, b, strength in influence:
        if a in known:
            total[b] = total.get(b, 0.0) + known[a] * strength
            weight[b] = weight.get(b, 0.0) + strength
    result = {}
    for person in unknown:
        w = weight.get(person, 0.0)
        if w == 0:
            result[person] = (0.0, 0.0)
        else:
            result[person] = (round(total[person] / (w + prior_weight), 4),
                              round(w / (w + prior_weight), 4))
    return result


def stance_of_score(score: float) -> str:
    """The stance word for an inferred score.

    >>> [stance_of_score(s) for s in (1.6, 0.6, 0.1, -0.7, -1.8)]
    ['champion', 'supporter', 'neutral', 'skeptic', 'opponent']
    """
    if score >= 1.5:
        return "champion"
    if score >= 0.5:
        return "supporter"
    if score > -0.5:
        return "neutral"
    if score > -1.5:
        return "skeptic"
    return "opponent"
