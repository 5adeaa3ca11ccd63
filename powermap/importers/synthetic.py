"""Synthetic portfolios of any size, for benchmarks and scale tests.

Deterministic for a given seed. Each account gets departments, a reporting tree, informal
influence, coverage by a few of our staff, and opportunities whose chains fill the standard
template. Ids carry a prefix so several portfolios can live in one graph.
"""

from __future__ import annotations

import datetime as dt
import random

from powermap.model import Dataset

ROLES = ("decision_maker", "approver", "technical_evaluator", "commercial_evaluator", "user",
         "coach", "influencer")
STANCES = ("champion", "supporter", "neutral", "neutral", "skeptic", "opponent", None)
SENIORITY = ("c_level", "vp", "director", "manager", "individual")


def build_synthetic(accounts: int, people_per_account: int, staff: int = 20,
                    opportunities_per_account: int = 2, prefix: str = "syn",
                    seed: int = 7, today: dt.date | None = None,
                    own_org_id: str | None = None) -> Dataset:
    """A portfolio of ``accounts`` customers × ``people_per_account`` people.

    Edges per account person: one reporting line, ~1.5 influence edges, ~0.6 relationships
    from our staff; plus decision chains of 7 members per opportunity. With ``own_org_id`` the
    staff join that existing own organization (there is only ever one "us") and no competitors
    are created.
    """
    with_own_org = own_org_id is None
    rng = random.Random(seed)
    today = today or dt.date.today()
    data = Dataset()
    own = own_org_id or f"{prefix}-own"
    competitors = [f"{prefix}-comp-{i}" for i in range(3)]
    if with_own_org:
        data.add("organizations", dict(id=own, name=f"Us ({prefix})", kind="own"))
        for i, cid in enumerate(competitors):
            data.add("organizations", dict(id=cid, name=f"Competitor {i}", kind="competitor"))
    staff_ids = [f"{prefix}-st-{i}" for i in range(staff)]
    for i, sid in enumerate(staff_ids):
        data.add("people", dict(id=sid, name=f"Staff {i}", seniority=SENIORITY[1 + i % 4],
                                team_role=("AR", "SR", "FR", "exec")[i % 4]))
        data.add("employment", dict(person_id=sid, organization_id=own))
    for a in range(accounts):
        acc = f"{prefix}-acc-{a}"
        data.add("organizations", dict(id=acc, name=f"Account {a}", kind="customer",
                                       tier="SABC"[a % 4]))
        units = [f"{acc}/u{u}" for u in range(max(1, people_per_account // 25))]
        for u, uid in enumerate(units):
            data.add("units", dict(id=uid, name=f"Department {u}", organization_id=acc))
        people = [f"{acc}-p{i}" for i in range(people_per_account)]
        for i, pid in enumerate(people):
            level = 0 if i == 0 else min(4, 1 + int(rng.random() * 4))
            data.add("people", dict(id=pid, name=f"Person {a}.{i}", seniority=SENIORITY[level]))
            data.add("employment", dict(person_id=pid, organization_id=acc,
                                        unit_id=units[i % len(units)]))
            if i:
                data.add("reports_to", dict(person_id=pid, manager_id=people[rng.randrange(i)]))
        seen: set = set()
        for _ in range(int(people_per_account * 1.5)):
            x, y = rng.sample(people, 2)
            if (x, y) not in seen:
                seen.add((x, y))
                data.add("influence", dict(from_id=x, to_id=y, strength=rng.randint(1, 5),
                                           kind=rng.choice(("formal", "informal"))))
        covered: set = set()
        for _ in range(int(people_per_account * 0.6)):
            pair = (rng.choice(staff_ids), rng.choice(people))
            if pair not in covered:
                covered.add(pair)
                data.add("relationships", dict(staff_id=pair[0], person_id=pair[1],
                                               strength=rng.randint(1, 5),
                                               as_of=today - dt.timedelta(rng.randint(1, 300))))
        if with_own_org and rng.random() < 0.3:
            data.add("favors", dict(person_id=rng.choice(people),
                                    organization_id=rng.choice(competitors),
                                    strength=rng.randint(2, 5)))
        for o in range(opportunities_per_account):
            oid = f"{acc}-opp{o}"
            data.add("opportunities", dict(id=oid, name=f"Deal {a}.{o}", customer_id=acc,
                                           kind="standard"))
            if with_own_org:
                data.add("bids", dict(competitor_id=rng.choice(competitors), opportunity_id=oid))
            for role, pid in zip(ROLES, rng.sample(people, min(len(ROLES), len(people)))):
                data.add("decision_chain", dict(person_id=pid, opportunity_id=oid, roles=[role],
                                                stance=rng.choice(STANCES)))
    return data
