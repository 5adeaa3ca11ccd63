"""Broker analysis cost: ``python -m bench.brokers`` (pure Python, no Neo4j needed).

What the gap report adds per account for its brokers (``powermap.analysis.brokers.find_brokers``
on the tie graph), on an ordinary account and on dense ones, against the alternatives in the
same run: the same function with networkx's betweenness, exact and estimated from 48 sample
sources (what Powermap used before rustworkx). Writes ``bench/results/brokers.json``;
docs/performance.md summarises it.
"""

from __future__ import annotations

import json
import platform
import random
import statistics
import time
from pathlib import Path
from unittest import mock

import networkx as nx

from powermap.analysis import brokers

RESULTS = Path(__file__).resolve().parent / "results"


def ordinary_account(people: int = 100, influence_per_person: float = 1.5, seed: int = 1):
    """Like the synthetic portfolio's accounts: a reporting tree and random influence."""
    rng = random.Random(seed)
    ties = [(f"p{i}", f"p{rng.randrange(max(1, i // 4), i) if i > 4 else 0}")
            for i in range(1, people)]
    ties += [(f"p{rng.randrange(people)}", f"p{rng.randrange(people)}")
             for _ in range(int(people * influence_per_person))]
    return ties


def dense_account(people: int):
    """Everyone influences everyone (the hostile case of issue 13, item 5)."""
    return [(f"d{a}", f"d{b}") for a in range(people) for b in range(people) if a != b]


def _time(ties, runs: int) -> dict:
    # CPU time of this process: the machine is shared, and wall time would mostly measure the
    # other work; both are recorded
    cpu, wall = [], []
    for _ in range(runs):
        brokers._find_brokers.cache_clear()  # measure the computation, not the cache
        start, start_cpu = time.perf_counter(), time.process_time()
        found = brokers.find_brokers(ties)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    cpu.sort()
    return {"cpu_p50_ms": round(statistics.median(cpu), 2),
            "cpu_p95_ms": round(cpu[min(len(cpu) - 1, int(0.95 * len(cpu)))], 2),
            "wall_p50_ms": round(statistics.median(wall), 2), "runs": runs,
            "top": [b["node"] for b in found]}


def cached(ties, runs: int = 30) -> dict:
    """The same tie set asked for again (the report, map and chart of one page)."""
    brokers.find_brokers(ties)
    cpu = []
    for _ in range(runs):
        start = time.process_time()
        brokers.find_brokers(ties)
        cpu.append((time.process_time() - start) * 1000)
    return {"cpu_p50_ms": round(statistics.median(cpu), 3), "runs": runs}


def _networkx_exact(graph):
    return nx.betweenness_centrality(graph)


def _networkx_sampled(graph):
    # the estimate used until 2026-11-26: 48 sample sources above 48 people, fixed seed
    if graph.number_of_nodes() > 48:
        return nx.betweenness_centrality(graph, k=48, seed=0)
    return nx.betweenness_centrality(graph)


def run() -> dict:
    cases = {"ordinary account, 100 people": (ordinary_account(), 30),
             "ordinary account, 400 people": (ordinary_account(400), 10),
             "dense account, 110 people (11,990 ties)": (dense_account(110), 3),
             "dense account, 200 people (39,800 ties)": (dense_account(200), 3)}
    result = {}
    for name, (ties, runs) in cases.items():
        found = _time(ties, runs)
        # the alternatives: networkx's betweenness, exact and sampled
        with mock.patch.object(brokers, "_betweenness", _networkx_exact):
            exact = _time(ties, max(1, runs // 3))
        with mock.patch.object(brokers, "_betweenness", _networkx_sampled):
            sampled = _time(ties, runs)
        result[name] = {"ties": len(ties), "find_brokers": found,
                        "networkx_exact_betweenness": exact,
                        "networkx_sampled_betweenness": sampled,
                        "networkx_sampled_to_rustworkx_cpu": round(
                            sampled["cpu_p50_ms"] / found["cpu_p50_ms"], 1),
                        "asked_again": cached(ties)}
        print(f"{name}: CPU {found['cpu_p50_ms']} ms, top {found['top']} (networkx exact: "
              f"CPU {exact['cpu_p50_ms']} ms, top {exact['top']}; networkx sampled: CPU "
              f"{sampled['cpu_p50_ms']} ms, top {sampled['top']})")
    return result


def main() -> None:
    result = {"suite": "brokers", "machine": {"python": platform.python_version(),
                                              "platform": platform.platform()},
              "load_average_at_end": [round(x, 2) for x in __import__("os").getloadavg()],
              "cases": run()}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "brokers.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
