"""Brokers: the people who bridge otherwise separate groups of an account.

A broker sits on the paths between groups that would otherwise not talk to each other: the
finance side and the network side, the head office and a region. Winning a broker over opens
the other side; losing one cuts it off. Two classic measures find them, both computed with
networkx on the account's *tie graph* — reporting lines and influence edges, each taken as a
tie in both directions (a reporting line carries word both ways; so does influence, for the
purpose of who is connected to whom), unweighted:

- **betweenness** (Freeman 1977): the share of shortest paths between two other people that run
  through the person, normalised to [0, 1], exact (Brandes' algorithm, computed by rustworkx in
  compiled code: the same numbers as ``networkx.betweenness_centrality``, about ten times
  faster than networkx's estimate from 48 sample sources, which it replaces);
- **Burt's constraint** (Burt 1992): how much a person's ties are tied to each other; low
  constraint means their contacts do not know one another, so they broker between them
  (``networkx.constraint``'s numbers, from its formula for unweighted ties: ``_constraint``;
  1/degree for a star's hub … 1 for a single tie).

The groups a broker connects are the communities of the tie graph (Louvain, fixed seed, so the
same graph always gives the same groups) that hold the broker's neighbours; a group is named by
its most common department, or else by its most senior person. The first functions are pure
functions of edges; ``account_brokers`` and ``opportunity_brokers`` fetch or take the account's
structure and return plain dicts for the gap report and the maps.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Hashable, Iterable, Mapping

import networkx as nx
import rustworkx as rx

from powermap.graph.store import Graph
from powermap.i18n import _, ngettext, sentences
from powermap.model import SENIORITY_WEIGHT, Seniority

#: a person is a broker candidate from this (normalised) betweenness on
MIN_BETWEENNESS = 0.1
#: at most this many brokers are listed per account or opportunity
LIMIT = 5
#: rustworkx computes betweenness on several threads from this many nodes on; a web worker
#: serves many requests at once already, so it stays on the request's own thread
SINGLE_THREADED = 2**62
#: a group lists at most this many of its people (the most senior first)
GROUP_PEOPLE = 8

Tie = tuple[Hashable, Hashable]


def tie_graph(ties: Iterable[Tie], nodes: Iterable[Hashable] = ()) -> nx.Graph:
    """The undirected, unweighted graph of ``ties``; self-ties are dropped.

    Examples
    --------
    >>> g = tie_graph([("a", "b"), ("b", "a"), ("b", "b")], nodes=["c"])
    >>> sorted(g.nodes), g.number_of_edges()
    (['a', 'b', 'c'], 1)
    """
    g = nx.Graph()
    g.add_nodes_from(sorted(set(nodes), key=str))
    g.add_edges_from(sorted({tuple(sorted((a, b), key=str)) for a, b in ties if a != b}, key=str))
    return g


def brokerage(graph: nx.Graph, nodes: Iterable[Hashable] | None = None) -> dict:
    """Betweenness and Burt's constraint of each node.

    Parameters
    ----------
    graph : an undirected tie graph (``tie_graph``).
    nodes : the nodes whose constraint to compute (default: all); betweenness is computed for
        every node, as it needs every shortest path anyway.

    Returns
    -------
    dict node → {"betweenness": float in [0, 1], "constraint": float or None}; constraint is
    None for a node without ties (it is undefined there) and for nodes not asked for.

    Notes
    -----
    Betweenness by Brandes' algorithm, exact, O(V·E) unweighted, in rustworkx's compiled code
    (``_betweenness``). Constraint is O(Σ deg²) over the nodes asked for. Values are rounded to
    3 decimals.

    Examples
    --------
    A star's hub carries every path and is least constrained:

    >>> scores = brokerage(tie_graph([("hub", x) for x in "abc"]))
    >>> scores["hub"], scores["a"]
    ({'betweenness': 1.0, 'constraint': 0.333}, {'betweenness': 0.0, 'constraint': 1.0})
    """
    return _brokerage(graph, _betweenness(graph), nodes)


def _betweenness(graph: nx.Graph) -> dict:
    """Exact normalised betweenness of every node, as ``networkx.betweenness_centrality``
    computes it, by rustworkx (compiled): 1.3 ms instead of 21 ms (exact) or 11 ms (estimated
    from 48 sources) on a 100-person account (bench/brokers.py).

    >>> g = nx.florentine_families_graph()
    >>> exact = nx.betweenness_centrality(g)
    >>> max(abs(exact[v] - b) for v, b in _betweenness(g).items()) < 1e-12
    True
    """
    nodes = list(graph)
    index = {v: i for i, v in enumerate(nodes)}
    ties = rx.PyGraph(multigraph=False)
    ties.add_nodes_from(nodes)
    ties.add_edges_from_no_data([(index[a], index[b]) for a, b in graph.edges])
    scores = rx.graph_betweenness_centrality(ties, normalized=True,
                                             parallel_threshold=SINGLE_THREADED)
    return {v: scores[i] for i, v in enumerate(nodes)}


def _brokerage(graph: nx.Graph, between: dict, nodes: Iterable[Hashable] | None) -> dict:
    wanted = list(graph) if nodes is None else [v for v in nodes if v in graph]
    tied = [v for v in wanted if graph.degree(v) > 0]
    constraint = _constraint(graph, tied)
    return {v: {"betweenness": round(between.get(v, 0.0), 3),
                "constraint": round(constraint[v], 3) if v in constraint else None}
            for v in graph}


def _constraint(graph: nx.Graph, nodes: list) -> dict:
    """Burt's constraint of each of ``nodes`` (each with at least one tie), as
    ``networkx.constraint`` computes it on an unweighted undirected graph, where a tie's
    proportional strength p(i, j) is 1/degree(i):
    constraint(i) = Σ over i's contacts j of (p(i, j) + Σ over i's other contacts q tied to j
    of p(i, q)·p(q, j))². networkx computes the same sums through a generic weighted routine, a
    function call per term: seven times slower on a 100-person account.

    >>> g = nx.florentine_families_graph()
    >>> expected = nx.constraint(g)
    >>> max(abs(expected[v] - c) for v, c in _constraint(g, list(g)).items()) < 1e-12
    True
    """
    degree = dict(graph.degree())
    result = {}
    for i in nodes:
        contacts = graph[i]
        p_i = 1 / degree[i]
        total = 0.0
        for j in contacts:
            ties_of_j = graph[j]
            indirect = sum(1 / degree[q] for q in contacts if q != j and q in ties_of_j)
            total += (p_i + p_i * indirect) ** 2
        result[i] = total
    return result


def bridged_groups(graph: nx.Graph, node: Hashable, communities: list[set]) -> list[set]:
    """The groups ``node`` connects: the communities that hold its neighbours (its own first,
    then the others by size); when all its neighbours share one community, the parts that
    community falls into without ``node``.

    Examples
    --------
    >>> g = tie_graph([("a1", "a2"), ("a2", "x"), ("x", "b1"), ("b1", "b2")])
    >>> [sorted(s) for s in bridged_groups(g, "x", [{"a1", "a2", "x"}, {"b1", "b2"}])]
    [['a1', 'a2', 'x'], ['b1', 'b2']]
    >>> [sorted(s) for s in bridged_groups(g, "x", [set(g)])]
    [['a1', 'a2'], ['b1', 'b2']]
    """
    of = {v: i for i, c in enumerate(communities) for v in c}
    neighbours = list(graph.neighbors(node))
    own = of.get(node)
    found = sorted({of[v] for v in neighbours if v in of} | ({own} if own is not None else set()),
                   key=lambda i: (i != own, -len(communities[i]), min(map(str, communities[i]))))
    if len(found) >= 2:
        return [set(communities[i]) for i in found]
    rest = graph.subgraph(v for v in graph if v != node)
    parts = [set(c) for c in nx.connected_components(rest) if any(v in c for v in neighbours)]
    parts.sort(key=lambda c: (-len(c), min(map(str, c))))
    return parts if len(parts) >= 2 else []


def find_brokers(ties: Iterable[Tie], min_betweenness: float = MIN_BETWEENNESS,
                 limit: int | None = LIMIT) -> list[dict]:
    """The brokers of a tie graph, strongest first.

    Parameters
    ----------
    ties : (a, b) pairs; direction is ignored. People without a tie are left out: they bridge
        nothing, and counting them would dilute everyone's betweenness as an account records
        more people it has not mapped yet.
    min_betweenness : the least betweenness of a broker.
    limit : at most this many (None: all).

    Returns
    -------
    list of {"node", "betweenness", "constraint", "groups"}: people with betweenness of at
    least ``min_betweenness`` who connect two or more groups (``bridged_groups``), ordered by
    betweenness (high first), then constraint (low first).

    Notes
    -----
    Communities by Louvain modularity (``networkx.community.louvain_communities``, seed 0),
    O(E) per pass; betweenness O(V·E) in compiled code (see ``brokerage``).

    Examples
    --------
    Padgett's Florentine families, marriage ties: the Medici broker Florence.

    >>> top = find_brokers(nx.florentine_families_graph().edges)[0]
    >>> top["node"], top["betweenness"], top["constraint"], len(top["groups"])
    ('Medici', 0.522, 0.21, 3)
    """
    key = frozenset(tuple(sorted((a, b), key=str)) for a, b in ties if a != b)
    # A page shows one account's report, map and chart at once: each asks for the same
    # brokers, so the answer for a tie set is kept (a copy is handed out each time).
    return [{**b, "groups": [set(g) for g in b["groups"]]}
            for b in _find_brokers(key, min_betweenness, limit)]


@lru_cache(maxsize=64)
def _find_brokers(key: frozenset, min_betweenness: float, limit: int | None) -> tuple:
    graph = tie_graph(key)
    if graph.number_of_edges() == 0:
        return ()
    between = _betweenness(graph)
    candidates = sorted((v for v in graph if round(between[v], 3) >= min_betweenness),
                        key=lambda v: (-between[v], str(v)))
    if not candidates:
        return ()
    communities = [set(c) for c in nx.community.louvain_communities(graph, seed=0)]
    bridging = {}
    for v in candidates:
        groups = bridged_groups(graph, v, communities)
        if groups:
            bridging[v] = groups
    # constraint (O(deg²) each) only for those who can make the list: ties in betweenness at
    # the cut are ordered by it, so keep everyone as high as the last one listed
    ranked = list(bridging)
    if limit is not None and len(ranked) > limit:
        cut = round(between[ranked[limit - 1]], 3)
        ranked = [v for v in ranked if round(between[v], 3) >= cut]
    scores = _brokerage(graph, between, ranked)
    found = [{"node": v, **scores[v], "groups": bridging[v]} for v in ranked]
    found.sort(key=lambda b: (-b["betweenness"], b["constraint"] if b["constraint"] is not None
                              else 1.0, str(b["node"])))
    found = found[:limit] if limit is not None else found
    return tuple({**b, "groups": tuple(frozenset(g) for g in b["groups"])} for b in found)


# --- the account's brokers, named ---------------------------------------------------------

def describe(broker: str, first: dict, second: dict, more: int = 0) -> str:
    """The sentence a bid team reads about a broker; groups are {"kind", "name"}.

    >>> describe("Wei Zhang", {"kind": "department", "name": "Finance"},
    ...          {"kind": "person", "name": "Li Na"}, more=1)
    'Wei Zhang connects the Finance side with the people around Li Na. They also reach 1 more group.'
    """
    a_dept, b_dept = first["kind"] == "department", second["kind"] == "department"
    a, b = first["name"], second["name"]
    # whole sentences with named parts, so a translation can reorder them
    if a_dept and b_dept:
        text = _("%(broker)s connects the %(a)s side with the %(b)s side.", broker=broker,
                 a=a, b=b)
    elif a_dept:
        text = _("%(broker)s connects the %(a)s side with the people around %(b)s.",
                 broker=broker, a=a, b=b)
    elif b_dept:
        text = _("%(broker)s connects the people around %(a)s with the %(b)s side.",
                 broker=broker, a=a, b=b)
    else:
        text = _("%(broker)s connects the people around %(a)s with the people around %(b)s.",
                 broker=broker, a=a, b=b)
    if more:
        text = sentences(text, ngettext("They also reach %(n)s more group.",
                                        "They also reach %(n)s more groups.", more))
    return text


def name_brokers(found: list[dict], people: Mapping[str, dict]) -> list[dict]:
    """``find_brokers`` results with names: ``people`` maps id → {"name", "seniority",
    "unit"} (unit and seniority may be None). Each broker becomes {"id", "name",
    "betweenness", "constraint", "groups": [{"kind", "name", "size", "people"}], "text"}."""
    result = []
    for b in found:
        groups = [_label(g, b["node"], people) for g in b["groups"]]
        names = Counter(g["name"] for g in groups if g["kind"] == "department")
        for g in groups:  # two groups of one department: tell them apart by their senior person
            if g["kind"] == "department" and names[g["name"]] > 1:
                g.update(kind="person", name=g["senior"])
        for g in groups:
            del g["senior"]
        name = people[b["node"]]["name"]
        result.append({"id": b["node"], "name": name, "betweenness": b["betweenness"],
                       "constraint": b["constraint"], "groups": groups,
                       "text": describe(name, groups[0], groups[1], more=len(groups) - 2)})
    return result


def _seniority(person: dict) -> int:
    s = person.get("seniority")
    return SENIORITY_WEIGHT.get(Seniority(s), 0) if s else 0


def _label(group: set, broker: str, people: Mapping[str, dict]) -> dict:
    members = sorted((v for v in group if v in people),
                     key=lambda v: (-_seniority(people[v]), people[v]["name"], v))
    others = [v for v in members if v != broker] or members
    senior = people[others[0]]["name"]
    units = Counter(people[v]["unit"] for v in others if people[v].get("unit"))
    if units:
        unit, n = min(units.items(), key=lambda kv: (-kv[1], kv[0]))
        if 2 * n >= sum(units.values()):
            return {"kind": "department", "name": unit, "senior": senior, "size": len(group),
                    "people": [{"id": v, "name": people[v]["name"]}
                               for v in others[:GROUP_PEOPLE]]}
    return {"kind": "person", "name": senior, "senior": senior, "size": len(group),
            "people": [{"id": v, "name": people[v]["name"]} for v in others[:GROUP_PEOPLE]]}


def structure_brokers(structure: Iterable[dict], influence: Iterable[tuple[str, str]],
                      outsiders: Mapping[str, dict] = {}, focus: Iterable[str] | None = None,
                      limit: int | None = LIMIT) -> list[dict]:
    """The named brokers of an account, from its structure (rows of
    ``find_account_structure``: id, name, seniority, unit, managers), its influence edges
    (from, to) and the people outside it who take part in them (id → {"name", "seniority"}).
    With ``focus`` (an opportunity's decision chain), only brokers who are in it or connect a
    group that holds one of its members."""
    people: dict[str, dict] = {pid: {"name": p["name"], "seniority": p.get("seniority"),
                                     "unit": None} for pid, p in outsiders.items()}
    ties = []
    for row in structure:
        people[row["id"]] = {"name": row["name"], "seniority": row["seniority"],
                             "unit": row["unit"]}
        ties += [(row["id"], m) for m in row["managers"]]
    ties = [(a, b) for a, b in [*ties, *influence] if a in people and b in people]
    found = find_brokers(ties, limit=None)
    if focus is not None:
        chain = set(focus)
        found = [b for b in found if b["node"] in chain or any(g & chain for g in b["groups"])]
    return name_brokers(found[:limit] if limit is not None else found, people)


def account_brokers(context, reporting: Iterable[dict] = ()) -> list[dict]:
    """The brokers of an ``AccountContext`` given its reporting lines ({person_id,
    manager_id}), named by its departments (pure: no database access)."""
    managers: dict[str, list[str]] = {}
    for r in reporting:
        managers.setdefault(r["person_id"], []).append(r["manager_id"])
    structure = [{"id": pid, "name": context.people[pid].name,
                  "seniority": context.people[pid].seniority, "unit": context.units.get(pid),
                  "managers": managers.get(pid, [])}
                 for pid in context.insiders if pid in context.people]
    return structure_brokers(structure, _influence(context.network), _outsiders(context.people))


def opportunity_brokers(graph: Graph, context, exclude: Iterable[str] = ()) -> list[dict]:
    """The brokers that matter to an ``OpportunityContext``: the account's brokers who are in
    its decision chain or connect a group that holds a member, as if the people in ``exclude``
    had left. Reads the account's structure (one query anchored on the account) unless the
    context holds it already."""
    gone = set(exclude)
    rows = context.structure
    if rows is None:
        rows = graph.read("find_account_structure",
                          account_id=context.customer["id"])[0]["people"]
    structure = [{**row, "managers": [m for m in row["managers"] if m not in gone]}
                 for row in rows if row["id"] not in gone]
    return structure_brokers(structure, _influence(context.network), _outsiders(context.people),
                             focus=[m.id for m in context.members])


def _influence(network) -> list[tuple[str, str]]:
    # Conflict edges are not channels: a broker carries word between groups.
    return [(e.from_id, e.to_id) for e in network if e.type == "INFLUENCES"]


def _outsiders(people: Mapping) -> dict[str, dict]:
    return {pid: {"name": p.name, "seniority": p.seniority} for pid, p in people.items()}
