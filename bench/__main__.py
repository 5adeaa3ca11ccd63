"""Benchmarks: ``python -m bench analytics|imports|drawing|load|dense|pack|search [options]`` (``make bench``
runs them all), and ``python -m bench generate FOLDER --people N`` (FOLDER before the options),
which writes synthetic native CSV of any size.

Starts its own Neo4j (a temporary data directory, a free port, a 2 GB heap unless --heap says otherwise), so it never touches
your data. Results go to ``bench/results/<name>.json``; docs/performance.md summarises them.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import signal
import tempfile
import time
from pathlib import Path

from powermap.config import load_settings
from powermap.graph import local_server
from powermap.graph.connection import open_graph
from powermap.graph.schema import init_schema

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("suite", nargs="?", default="analytics",
                        choices=["analytics", "imports", "drawing", "load", "dense", "pack", "search", "history",
                                 "generate"])
    parser.add_argument("folder", nargs="?", type=Path, help="where generate writes its CSV")
    parser.add_argument("--people", type=int, default=200_000,
                        help="imports/generate/load: customer people to generate")
    parser.add_argument("--sample-accounts", type=int, default=20,
                        help="imports: accounts of 100 people for the per-row loop")
    parser.add_argument("--rounds", type=int, default=3,
                        help="imports: rounds of the importer and LOAD CSV, in alternating "
                             "order (the median ratio is reported)")
    parser.add_argument("--small", type=int, default=10_000, help="people in the small graph")
    parser.add_argument("--large", type=int, default=200_000, help="people in the large graph")
    parser.add_argument("--runs", type=int, default=60, help="timed runs per report and size")
    parser.add_argument("--heap", default="2g", help="the benchmark Neo4j's heap")
    parser.add_argument("--pagecache", default="1g", help="the benchmark Neo4j's page cache")
    parser.add_argument("--quick", action="store_true",
                        help="history: a 2,000-person portfolio, 8 runs, to try it out")
    parser.add_argument("--quiet-below", type=float,
                        help="history: build the portfolio at once, but start timing only when "
                             "the one-minute load average is under this")
    parser.add_argument("--seconds", type=float, default=20,
                        help="load: seconds of each timed run")
    parser.add_argument("--workers", type=int, help="load: gunicorn workers (default: setting)")
    parser.add_argument("--threads", type=int, help="load: threads per worker (default: setting)")
    parser.add_argument("--picture", type=Path, help="pack: also write the demo pack's first page here")
    args = parser.parse_args()
    if args.suite == "generate":
        from bench.imports import generate
        if args.folder is None:
            parser.error("generate needs a FOLDER")
        print(generate(args.people, args.folder))
        return
    # SIGTERM ends a run the way Ctrl-C does: the servers it started and its Neo4j are stopped
    # and its temporary folder removed (the `finally` below), instead of being left behind.
    signal.signal(signal.SIGTERM, _stop)
    data_dir = Path(tempfile.mkdtemp(prefix="powermap-bench-"))
    settings = load_settings({"data_dir": str(data_dir), "neo4j_port": 0, "neo4j_uri": None,
                              "neo4j_heap": args.heap, "neo4j_pagecache": args.pagecache}, environ={})
    try:
        local_server.start(settings, print)
        with open_graph(settings, start_local=False) as graph:
            init_schema(graph)
            if args.suite == "drawing":
                from bench import drawing
                result = drawing.run(graph, settings, runs=5)
            elif args.suite == "load":
                from bench import load
                result = load.run(graph, settings, data_dir, args.people, args.seconds,
                                  args.workers, args.threads)
            elif args.suite == "pack":
                from bench import pack
                result = pack.run(graph, settings, runs=5, picture=args.picture)
            elif args.suite == "search":
                from bench import search
                result = search.run(graph, args.people, args.runs)
            elif args.suite == "history":   # --people (default 200,000), --runs; --quick
                from bench import history
                result = history.run(graph, settings, data_dir,
                                     2_000 if args.quick else args.people,
                                     8 if args.quick else min(args.runs, 30),
                                     quiet_below=args.quiet_below)
            elif args.suite == "dense":
                from bench import dense
                result = dense.run(graph, args.runs)
            elif args.suite == "imports":
                from bench import imports
                result = imports.run(graph, settings, args.people, args.sample_accounts,
                                     data_dir, rounds=args.rounds)
            else:
                from bench import analytics
                result = analytics.run(graph, args.small, args.large, args.runs)
    finally:
        local_server.stop(settings)
        shutil.rmtree(data_dir, ignore_errors=True)
    result["neo4j_heap"] = args.heap
    result["neo4j_pagecache"] = args.pagecache
    result["machine"] = {"cpus": _cpus(), "memory_gb": _memory_gb(),
                         "python": platform.python_version(), "platform": platform.platform()}
    result["finished_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{args.suite}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


def _stop(signum, frame) -> None:
    raise SystemExit(f"stopped by signal {signum}")


def _cpus() -> int:
    import os
    return os.cpu_count() or 0


def _memory_gb() -> float:
    try:
        with open("/proc/meminfo") as f:
            return round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        return 0.0


if __name__ == "__main__":
    main()
