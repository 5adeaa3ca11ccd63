"""Requests per second and latency of the web app under mixed load, production server against
the development server (and waitress, the one-process alternative), on the demo portfolio and on
a large synthetic one.

Everything is local: the servers are ``powermap serve`` (gunicorn), ``powermap serve --dev``
and waitress, started as child processes on 127.0.0.1 against the benchmark's own Neo4j; the
clients are threads of this process, each with its own keep-alive connection and an API token.
Each run is bounded in time. The mix: the account list, account and opportunity power maps, gap
reports, person pages, and relationship edits (compare-and-set with the value the client last
saw, so a conflict would show up as an error).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from powermap import users
from powermap.graph import local_server
from powermap.graph.load import load_dataset
from powermap.importers.demo import OWN, load_demo
from powermap.importers.synthetic import build_synthetic

#: what one request of the mix is, and how often it comes (weights add up to 100)
MIX = (("account_list", 10), ("account_map", 15), ("opportunity_map", 10), ("gap_report", 25),
       ("person_page", 30), ("edit", 10))
PEOPLE_PER_ACCOUNT = 100
CHUNK_ACCOUNTS = 100
EDIT_PAIRS = 200
WARM_UP_SECONDS = 5.0
#: the servers compared at concurrency 20, and in how many alternating rounds
COMPARED = ("development", "gunicorn", "waitress")
ROUNDS = 2


@dataclass
class Portfolio:
    """The ids the clients pick from, and the relationship strengths they last saw."""

    accounts: list[str]
    opportunities: list[str]
    people: list[str]
    pairs: list[tuple[str, str]]
    strengths: dict[tuple[str, str], int | None] = field(default_factory=dict)


def run(graph, settings, data_dir: Path, people: int, duration: float,
        workers: int | None, threads: int | None) -> dict:
    workers = workers or settings.web_workers
    threads = threads or settings.web_threads
    load_demo(graph)
    users.create_user(graph, "bench", "editor", "benchmark password")
    token = users.new_token(graph, "bench")
    env = _server_environment(data_dir, workers, threads)
    neo4j_pid = local_server.status(settings).pid
    servers: dict[str, Server] = {}
    result: dict = {"suite": "load", "mix": dict(MIX), "seconds_per_run": duration,
                    "gunicorn": {"workers": workers, "threads": threads},
                    "waitress": {"threads": workers * threads},
                    "portfolios": {}}
    try:
        servers["gunicorn"] = Server("gunicorn", ["serve"], env)
        servers["development"] = Server("development", ["serve", "--dev"], env)
        servers["waitress"] = Server("waitress", None, env, threads=workers * threads)
        plan = (("demo", _demo_portfolio(graph)), ("large", None))
        for name, portfolio in plan:
            if portfolio is None:
                portfolio = _grow(graph, people)
            counts = graph.read("count_graph")[0]
            for server in servers.values():  # every worker's caches, then the timed runs
                _drive(server.url, token, portfolio, 20, WARM_UP_SECONDS, seed=99)
            runs = {"gunicorn_c1": measure(servers["gunicorn"].url, token, portfolio, 1,
                                           duration)}
            print(f"  {name} gunicorn_c1: {_line(runs['gunicorn_c1'])}", flush=True)
            # The comparison at concurrency 20 alternates the servers in short rounds, so
            # that the other work on a shared machine weighs on each of them alike.
            rounds: dict[str, list] = {n: [[], [], 0.0, 0.0, 0.0] for n in COMPARED}
            for r in range(ROUNDS):
                for server_name in COMPARED:
                    server = servers[server_name]
                    cpu, neo4j_cpu = server.cpu_seconds(), _cpu_seconds(neo4j_pid)
                    samples, errors, elapsed = _drive(server.url, token, portfolio,
                                                      20, duration / ROUNDS, seed=r + 1)
                    totals = rounds[server_name]
                    totals[0] += samples
                    totals[1] += errors
                    totals[2] += elapsed
                    totals[3] += server.cpu_seconds() - cpu
                    totals[4] += _cpu_seconds(neo4j_pid) - neo4j_cpu
            for server_name in COMPARED:
                key = f"{server_name}_c20"
                samples, errors, elapsed, cpu, neo4j_cpu = rounds[server_name]
                runs[key] = _summarise(20, samples, errors, elapsed)
                # CPU time per request: where the two cores go (the app's Python or Neo4j)
                runs[key]["app_cpu_ms_per_request"] = round(1000 * cpu / len(samples), 1)
                runs[key]["neo4j_cpu_ms_per_request"] = round(1000 * neo4j_cpu / len(samples), 1)
                # what the machine's cores could serve if they did nothing else
                runs[key]["cpu_bound_requests_per_second"] = round(
                    (os.cpu_count() or 1) * len(samples) / (cpu + neo4j_cpu), 1)
                print(f"  {name} {key}: {_line(runs[key])}", flush=True)
            runs["gunicorn_c50"] = measure(servers["gunicorn"].url, token, portfolio, 50,
                                           duration)
            print(f"  {name} gunicorn_c50: {_line(runs['gunicorn_c50'])}", flush=True)
            g, d = runs["gunicorn_c20"], runs["development_c20"]
            result["portfolios"][name] = {
                "nodes": counts["nodes"], "relationships": counts["relationships"],
                "accounts": len(portfolio.accounts), "runs": runs,
                "gunicorn_to_development_throughput_c20": round(
                    g["requests_per_second"] / d["requests_per_second"], 2),
            }
    finally:
        for server in servers.values():
            server.stop()
    result["targets"] = {"throughput_vs_development_c20_at_least": 2.0,
                         "p95_ms_at_most": 500, "errors": 0}
    # how busy the machine was (the load average includes this benchmark's own servers and
    # Neo4j): say what was measured, rather than a fixed sentence about the conditions
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


# --- the portfolios --------------------------------------------------------------------------

def _demo_portfolio(graph) -> Portfolio:
    accounts = [row["id"] for row in graph.read("find_account_ids")]
    opportunities = [row["id"] for row in graph.read("find_all_opportunities")]
    people = [row["person"]["id"] for account in accounts
              for row in graph.read("find_account_people", account_id=account)[0]["people"]]
    staff = [row["id"] for row in graph.read("find_staff")]
    pairs = [(staff[i % len(staff)], people[(i * 7) % len(people)]) for i in range(EDIT_PAIRS)]
    return _with_strengths(graph, Portfolio(accounts, opportunities, people,
                                            list(dict.fromkeys(pairs))))


def _grow(graph, people: int) -> Portfolio:
    """Add ``people`` customer people in synthetic accounts of 100 to the demo, in chunks."""
    target = max(1, people // PEOPLE_PER_ACCOUNT)
    loaded = 0
    accounts: list[str] = []
    started = time.perf_counter()
    while loaded < target:
        n = min(CHUNK_ACCOUNTS, target - loaded)
        load_dataset(graph, build_synthetic(accounts=n, people_per_account=PEOPLE_PER_ACCOUNT,
                                            staff=20, prefix=f"c{loaded}", seed=loaded,
                                            own_org_id=OWN))
        accounts += [f"c{loaded}-acc-{a}" for a in range(n)]
        loaded += n
        if loaded % 500 == 0 or loaded == target:
            print(f"  loaded {loaded * PEOPLE_PER_ACCOUNT:,} people "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
    rng = random.Random(5)
    opportunities = [f"{a}-opp{o}" for a in accounts for o in (0, 1)]
    chosen = rng.sample(accounts, min(len(accounts), 500))
    persons = [f"{a}-p{i}" for a in chosen for i in range(0, PEOPLE_PER_ACCOUNT, 5)]
    pairs = [(f"{a.split('-acc-')[0]}-st-{rng.randrange(20)}", f"{a}-p{rng.randrange(100)}")
             for a in rng.sample(accounts, min(len(accounts), EDIT_PAIRS))]
    return _with_strengths(graph, Portfolio(accounts, opportunities, persons,
                                            list(dict.fromkeys(pairs))))


def _with_strengths(graph, portfolio: Portfolio) -> Portfolio:
    for staff_id, person_id in portfolio.pairs:
        rows = graph.read("find_relationship", staff_id=staff_id, person_id=person_id)
        portfolio.strengths[(staff_id, person_id)] = rows[0]["strength"] if rows else None
    return portfolio


# --- the servers -----------------------------------------------------------------------------

def _server_environment(data_dir: Path, workers: int, threads: int) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    return {**keep, "POWERMAP_DATA_DIR": str(data_dir), "POWERMAP_WORKERS": str(workers),
            "POWERMAP_THREADS": str(threads), "PYTHONPATH": str(Path(__file__).parent.parent)}


class Server:
    """One web server in a child process on a free port of 127.0.0.1."""

    def __init__(self, name: str, serve_args: list[str] | None, env: dict[str, str],
                 threads: int = 0):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"127.0.0.1:{self.port}"
        env = {**env, "POWERMAP_PORT": str(self.port)}
        if serve_args is None:
            command = [sys.executable, "-m", "bench.load", "waitress", str(self.port),
                       str(threads)]
        else:
            command = [sys.executable, "-m", "powermap.cli", *serve_args]
        self.log = Path(env["POWERMAP_DATA_DIR"]) / f"{name}.log"
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                        stderr=self.log.open("w"))
        deadline = time.monotonic() + 60
        while not _answers(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start:\n{self.log.read_text()}")
            time.sleep(0.2)

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and its worker processes."""
        return sum(_cpu_seconds(pid) for pid in _tree(self.process.pid))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid] + [p for child in children for p in _tree(int(child))]


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _answers(url: str) -> bool:
    try:
        connection = http.client.HTTPConnection(url, timeout=5)
        connection.request("GET", "/health")
        return connection.getresponse().status == 200
    except OSError:
        return False


def serve_waitress(port: int, threads: int) -> None:
    """The app under waitress, one process with ``threads`` threads (the bench starts it)."""
    import waitress
    from powermap.api import create_app
    waitress.serve(create_app(), host="127.0.0.1", port=port, threads=threads,
                   connection_limit=200, _quiet=True)


# --- the clients -----------------------------------------------------------------------------

def measure(url: str, token: str, portfolio: Portfolio, concurrency: int,
            duration: float) -> dict:
    """``concurrency`` clients send the mix for ``duration`` seconds (after a short warm-up)."""
    _drive(url, token, portfolio, concurrency, 2.0, seed=98)
    return _summarise(concurrency, *_drive(url, token, portfolio, concurrency, duration, seed=1))


def _summarise(concurrency: int, samples: list[tuple[str, float]], errors: list[str],
               elapsed: float) -> dict:
    latencies = sorted(ms for _, ms in samples)
    by_kind = {}
    for kind, _ in MIX:
        mine = sorted(ms for k, ms in samples if k == kind)
        if mine:
            by_kind[kind] = {"requests": len(mine), "p50_ms": _pct(mine, 50),
                             "p95_ms": _pct(mine, 95), "max_ms": round(mine[-1], 1)}
    return {"concurrency": concurrency, "requests": len(samples), "errors": len(errors),
            "error_samples": errors[:5],
            "requests_per_second": round(len(samples) / elapsed, 1),
            "p50_ms": _pct(latencies, 50), "p95_ms": _pct(latencies, 95),
            "max_ms": round(latencies[-1], 1) if latencies else None, "by_kind": by_kind}


def _drive(url: str, token: str, portfolio: Portfolio, concurrency: int, seconds: float,
           seed: int) -> tuple[list[tuple[str, float]], list[str], float]:
    samples: list[tuple[str, float]] = []
    errors: list[str] = []
    lock = threading.Lock()
    started = time.perf_counter()
    stop_at = started + seconds

    def client(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        my_pairs = portfolio.pairs[index::concurrency]
        connection = http.client.HTTPConnection(url, timeout=120)
        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        while time.perf_counter() < stop_at:
            kind = rng.choices(kinds, weights)[0]
            if kind == "edit" and not my_pairs:
                kind = "gap_report"
            method, path, body, after = _request(kind, rng, portfolio, my_pairs)
            headers = {"Authorization": f"Bearer {token}"}
            if body is not None:
                headers["Content-Type"] = "application/json"
            t0 = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as e:
                connection.close()
                connection = http.client.HTTPConnection(url, timeout=120)
                status, content = 0, repr(e).encode()
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                samples.append((kind, ms))
                if status != 200:
                    errors.append(f"{method} {path}: {status} {content[:200]!r}")
                elif after:
                    after()
        connection.close()

    pool = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return samples, errors, time.perf_counter() - started


def _request(kind: str, rng: random.Random, p: Portfolio,
             my_pairs: list[tuple[str, str]]) -> tuple[str, str, bytes | None,
                                                       Callable[[], None] | None]:
    if kind == "account_list":
        return "GET", "/api/v1/accounts", None, None
    if kind == "account_map":
        return "GET", f"/api/v1/accounts/{rng.choice(p.accounts)}/map", None, None
    if kind == "opportunity_map":
        return "GET", f"/api/v1/opportunities/{rng.choice(p.opportunities)}/map", None, None
    if kind == "gap_report":
        return "GET", f"/api/v1/opportunities/{rng.choice(p.opportunities)}/gaps", None, None
    if kind == "person_page":
        return "GET", f"/people/{rng.choice(p.people)}", None, None
    pair = rng.choice(my_pairs)
    seen = p.strengths[pair]
    new = (seen or 0) % 5 + 1
    body = json.dumps({"strength": new, "expected": seen}).encode()

    def after() -> None:
        p.strengths[pair] = new
    return "PUT", f"/api/v1/relationships/{pair[0]}/{pair[1]}", body, after


def _pct(values: list[float], q: int) -> float | None:
    if not values:
        return None
    return round(values[min(len(values) - 1, int(len(values) * q / 100))], 1)


def _line(run: dict) -> str:
    return (f"{run['requests_per_second']} req/s, p50 {run['p50_ms']} ms, p95 {run['p95_ms']} "
            f"ms, max {run['max_ms']} ms, {run['errors']} errors of {run['requests']}")


if __name__ == "__main__" and sys.argv[1:2] == ["waitress"]:
    serve_waitress(int(sys.argv[2]), int(sys.argv[3]))
