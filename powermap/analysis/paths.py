"""Influence paths: who can introduce us to a person.

A path starts at one of our current staff, follows one of their relationships (strength ≥ 2)
and then at most three influence edges to the target: at most 4 hops. Its score is the product
of strength/5 along the way, so a short path of strong ties beats a long or weak one.
"""

from __future__ import annotations

from dataclasses import dataclass

from powermap.analysis.context import THREAD_STRENGTH, native_values
from powermap.errors import NotFound
from powermap.graph.store import Graph


@dataclass
class Path:
    people: list[dict]    # first our staff member, last the target
    edges: list[dict]     # type, strength, source, as_of for each hop
    score: float

    def as_dict(self) -> dict:
        return {"people": self.people, "edges": self.edges, "score": round(self.score, 4),
                "introduction": describe_introduction(self)}


def find_paths(graph: Graph, person_ids: list[str], from_staff: str | None = None,
               limit: int = 5, exclude: frozenset = frozenset()) -> dict[str, list[Path]]:
    """The strongest paths from our staff (or from ``from_staff``) to each of ``person_ids``,
    in one query; targets no path reaches are left out."""
    rows = graph.read("find_paths_to_people", person_ids=list(person_ids),
                      from_staff=from_staff, limit=limit, min_strength=THREAD_STRENGTH,
                      exclude=sorted(exclude))
    found: dict[str, list[Path]] = {}
    for r in rows:
        found.setdefault(r["target"], []).append(Path(r["people"], native_values(r["edges"]), r["score"]))
    return found


def paths_report(graph: Graph, person_id: str, from_staff: str | None = None,
                 limit: int = 5) -> dict:
    """``powermap paths``: the target, and the strongest paths to them."""
    target = graph.read("find_person", person_id=person_id)
    if not target:
        raise NotFound(f"no person with id {person_id!r}")
    if from_staff is not None:
        staff = graph.read("find_person", person_id=from_staff)
        if not staff or not staff[0]["is_staff"]:
            raise NotFound(f"no staff member with id {from_staff!r}")
    paths = find_paths(graph, [person_id], from_staff, limit).get(person_id, [])
    return {"target": target[0]["person"], "from_staff": from_staff,
            "paths": [p.as_dict() for p in paths]}


def describe_introduction(path: Path) -> str:
    """The next step a path suggests, in words.

    >>> describe_introduction(Path([{"name": "Ann"}, {"name": "Bo"}, {"name": "Cy"},
    ...                             {"name": "Di"}], [], 0.3))
    'Ask Bo to introduce Ann to Di through Cy.'
    >>> describe_introduction(Path([{"name": "Ann"}, {"name": "Di"}], [{"strength": 2}], 0.4))
    'Ann already knows Di (strength 2): deepen that relationship.'
    """
    staff, target, middle = path.people[0], path.people[-1], path.people[1:-1]
    if not middle:
        strength = path.edges[0]["strength"] if path.edges else "?"
        return f"{staff['name']} already knows {target['name']} (strength {strength}): deepen that relationship."
    text = f"Ask {middle[0]['name']} to introduce {staff['name']} to {target['name']}"
    if len(middle) > 1:
        text += " through " + ", ".join(p["name"] for p in middle[1:])
    return text + "."
