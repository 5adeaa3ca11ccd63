"""Power (权力): how much a person weighs in a decision.

``power = 100 · (0.40 · seniority + 0.35 · role + 0.25 · reach)``, each term in [0, 1]:

- seniority: ``SENIORITY_WEIGHT / 5`` (c_level 1.0 … individual 0.2; unknown 0.2);
- role: the heaviest buying role the person holds in the opportunity (``ROLE_WEIGHT``; no
  role 0.1);
- reach: the person's two-hop influence reach in the account's influence graph, scaled so the
  most far-reaching person of the account has 1.0 (``algorithms.influence_centrality``).
"""

from __future__ import annotations

from typing import Iterable, Mapping

from powermap.analysis.algorithms import influence_centrality
from powermap.analysis.context import NetworkEdge, Person
from powermap.model import SENIORITY_WEIGHT, Seniority

ROLE_WEIGHT = {
    "decision_maker": 1.0, "approver": 0.9, "technical_evaluator": 0.7,
    "commercial_evaluator": 0.7, "influencer": 0.6, "gatekeeper": 0.4, "coach": 0.3,
    "user": 0.3,
}
NO_ROLE_WEIGHT = 0.1
WEIGHTS = {"seniority": 0.40, "role": 0.35, "reach": 0.25}


def power_score(seniority: str | None, roles: Iterable[str], reach: float) -> float:
    """The power of one person, 0–100.

    >>> power_score("c_level", ["decision_maker"], 1.0)
    100.0
    >>> power_score("individual", [], 0.0)
    11.5
    """
    sen = SENIORITY_WEIGHT.get(Seniority(seniority), 1) / 5 if seniority else 0.2
    role = max((ROLE_WEIGHT.get(r, NO_ROLE_WEIGHT) for r in roles), default=NO_ROLE_WEIGHT)
    total = (WEIGHTS["seniority"] * sen + WEIGHTS["role"] * role + WEIGHTS["reach"] * reach)
    return round(100 * total, 1)


def power_by_person(people: Mapping[str, Person], roles: Mapping[str, list[str]],
                    influence: Iterable[NetworkEdge]) -> dict:
    """Power of each person in ``people``, given their buying roles (id → roles; none when
    absent) and the account's influence edges."""
    edges = [(e.from_id, e.to_id, e.strength or 1) for e in influence]
    reach = influence_centrality(edges, nodes=people)
    return {pid: power_score(p.seniority, roles.get(pid, ()), reach.get(pid, 0.0))
            for pid, p in people.items()}
