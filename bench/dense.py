"""One dense account must not slow the others (issue 13, item 5).

Loads a portfolio of ordinary synthetic accounts (100 people each), measures the gap report and
the opportunity map data (what the web app's map endpoint computes) of ordinary accounts, then
adds a 200-person account where everyone influences everyone (39,800 influence edges) and
measures the same reports again, plus the dense account's own. The obvious alternative — the
previous introduction-path query, which started from every staff member and expanded three
influence hops through the whole graph — is timed on one ordinary member, with a 60-second limit.
"""

from __future__ import annotations

import random
import statistics
import time

import neo4j

from powermap.analysis.context import load_opportunity
from powermap.analysis.gaps import gap_report_of
from powermap.graph.load import load_dataset
from powermap.importers.synthetic import build_synthetic
from powermap.model import Dataset
from powermap.viz import powermap as maps

DENSE_PEOPLE = 200
ORDINARY_ACCOUNTS = 20

#: the introduction-path query this change replaced (find_paths_to_people.cypher)
OLD_PATHS_QUERY = """
UNWIND $person_ids AS person_id
MATCH (t:Person {id: person_id})
USING INDEX SEEK t:Person(id)
CALL (t) {
  MATCH path = (s:Staff)-[k:KNOWS]->(first:Person)-[:INFLUENCES*0..3]->(t)
  WHERE k.strength >= 2
    AND EXISTS { (s)-[ws:WORKS_FOR]->(us) WHERE ws.until IS NULL AND us.kind = 'own' }
    AND all(i IN range(0, size(nodes(path)) - 2) WHERE NOT nodes(path)[i] IN nodes(path)[i + 1..])
  WITH path, reduce(score = 1.0, r IN relationships(path) | score * r.strength / 5.0) AS score
  RETURN path, score ORDER BY score DESC, length(path) ASC LIMIT 1
}
RETURN t.id AS target, score
"""


def run(graph, runs: int) -> dict:
    load_dataset(graph, build_synthetic(accounts=ORDINARY_ACCOUNTS, people_per_account=100,
                                        staff=20, prefix="o", seed=3))
    ordinary = [f"o-acc-{a}-opp0" for a in range(ORDINARY_ACCOUNTS)]
    for opp in ordinary[:5]:          # warm-up: JVM, plan cache, page cache
        _gap(graph, opp)
        _map(graph, opp)
    before = _measure(graph, ordinary, runs)
    print("before", before, flush=True)
    started = time.perf_counter()
    load_dataset(graph, dense_account(DENSE_PEOPLE, own_org_id="o-own",
                                      staff=[f"o-st-{i}" for i in range(20)]))
    load_seconds = round(time.perf_counter() - started, 1)
    after = _measure(graph, ordinary, runs)
    print("after", after, flush=True)
    dense_runs = max(5, runs // 6)
    dense = {"gap_report": _timed(lambda _: _gap(graph, "dense-opp"), range(dense_runs)),
             "map_data": _timed(lambda _: _map(graph, "dense-opp"), range(dense_runs)),
             # where the dense report's time goes: reading the account, then the analyses
             "load_context": _timed(lambda _: load_opportunity(graph, "dense-opp"),
                                    range(dense_runs)),
             "analyses_only": _timed(lambda c: gap_report_of(graph, c),
                                     [load_opportunity(graph, "dense-opp")] * dense_runs)}
    print("dense", dense, flush=True)
    member = graph.read("find_decision_chain", opportunity_id=ordinary[0])[0]["person"]["id"]
    old = _old_paths_query(graph, member)
    print("old paths query", old, flush=True)
    ratio = {k: round(after[k]["p95_ms"] / before[k]["p95_ms"], 2) for k in before}
    return {
        "suite": "dense", "runs": runs, "ordinary_accounts": ORDINARY_ACCOUNTS,
        "dense_people": DENSE_PEOPLE, "dense_influence_edges": DENSE_PEOPLE * (DENSE_PEOPLE - 1),
        "dense_load_seconds": load_seconds,
        "ordinary_before": before, "ordinary_after": after,
        "ordinary_p95_ratio_after_to_before": ratio,
        "dense_own": dense,
        "old_paths_query_one_ordinary_member": old,
        "targets": {"ordinary_within_x": 1.5, "dense_gap_report_ms": 2000},
    }


def dense_account(n: int, own_org_id: str, staff: list[str]) -> Dataset:
    """An account of ``n`` people who all influence each other (strength 1–5), an open
    opportunity with a 7-member decision chain, and our staff knowing every tenth person."""
    rng = random.Random(5)
    data = Dataset()
    data.add("organizations", dict(id="dense-acc", name="Dense Account", kind="customer"))
    people = [f"dense-{i}" for i in range(n)]
    for i, pid in enumerate(people):
        data.add("people", dict(id=pid, name=f"Dense {i}"))
        data.add("employment", dict(person_id=pid, organization_id="dense-acc"))
    for a in people:
        for b in people:
            if a != b:
                data.add("influence", dict(from_id=a, to_id=b, strength=rng.randint(1, 5)))
    for i in range(0, n, 10):
        data.add("relationships", dict(staff_id=staff[i % len(staff)], person_id=people[i],
                                       strength=rng.randint(2, 4)))
    data.add("opportunities", dict(id="dense-opp", name="Dense deal", customer_id="dense-acc"))
    roles = ["decision_maker", "approver", "technical_evaluator", "commercial_evaluator",
             "user", "coach", "influencer"]
    for i, role in enumerate(roles):
        data.add("decision_chain", dict(person_id=people[i * 7 + 1], opportunity_id="dense-opp",
                                        roles=[role], stance=[None, "supporter", "skeptic"][i % 3]))
    return data


def _gap(graph, opportunity_id: str) -> dict:
    return gap_report_of(graph, load_opportunity(graph, opportunity_id)).as_dict()


def _map(graph, opportunity_id: str) -> dict:
    """What the web app's opportunity map endpoint computes (api/v1.opportunity_map_data)."""
    context = load_opportunity(graph, opportunity_id)
    report = gap_report_of(graph, context).as_dict()
    return maps.opportunity_map(context, report, context.reporting_lines())


def _measure(graph, opportunities: list[str], runs: int) -> dict:
    rng = random.Random(1)
    picks = [rng.choice(opportunities) for _ in range(runs)]
    return {"gap_report": _timed(lambda o: _gap(graph, o), picks),
            "map_data": _timed(lambda o: _map(graph, o), picks)}


def _old_paths_query(graph, person_id: str) -> dict:
    started = time.perf_counter()
    try:
        with graph.driver.session(database=graph.database) as session:
            session.run(neo4j.Query(OLD_PATHS_QUERY, timeout=60),
                        person_ids=[person_id]).consume()
        outcome = "finished"
    except neo4j.exceptions.Neo4jError as e:
        outcome = f"stopped: {e.code}"
    return {"seconds": round(time.perf_counter() - started, 2), "outcome": outcome}


def _timed(fn, picks) -> dict:
    """Wall-clock p50/p95/max, and the p50 of this process's CPU time (the machine is shared:
    CPU time shows the client's own work, whatever the load)."""
    times, cpu = [], []
    for i in picks:
        started, started_cpu = time.perf_counter(), time.process_time()
        fn(i)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2),
            "max_ms": round(times[-1], 2), "client_cpu_p50_ms": round(statistics.median(cpu), 2),
            "runs": len(times)}
