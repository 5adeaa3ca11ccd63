"""Import speed: the native importer (parse, validate, write in one transaction) against, in
the same run and on the same server, (a) a plain loop of one transaction per row with the same
driver, timed on a sample and extrapolated, and (b) Neo4j's own LOAD CSV of the same files.

Every contender starts from an empty graph with the schema in place and must end with the same
number of nodes and relationships (checked). The importer and LOAD CSV run in alternating order
for ``--rounds`` rounds (3 by default); each round gives one ratio, and the median is reported
with the range.
"""

from __future__ import annotations

import datetime as dt
import resource
import shutil
import statistics
import time
from pathlib import Path

from powermap.importers.native import parse_native, tables_from_dataset, write_csv_folder
from powermap.importers.plan import apply_plan
from powermap.importers.synthetic import build_synthetic
from powermap.model import RECORD_KINDS

PEOPLE_PER_ACCOUNT = 100
TODAY = dt.date(2026, 11, 23)
_NODE_TABLES = ("organizations", "units", "people", "opportunities", "activities")

# The data both contenders must end with: nodes, relationships and properties, without the
# history Powermap writes besides (change sets, change records, the _created stamps), which
# LOAD CSV does not; what the history adds is reported on its own.
_DATA_COUNTS = (
    "CALL () { MATCH (n) WHERE NOT (n:Change OR n:ChangeSet) RETURN count(n) AS nodes, "
    "coalesce(sum(size([k IN keys(n) WHERE NOT k STARTS WITH '_'])), 0) AS node_properties } "
    "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships, "
    "coalesce(sum(size([k IN keys(r) WHERE NOT k STARTS WITH '_'])), 0) AS relationship_properties } "
    "RETURN nodes, node_properties, relationships, relationship_properties")
_HISTORY_COUNTS = (
    "CALL () { MATCH (c:Change) RETURN count(c) AS change_records } "
    "CALL () { MATCH (s:ChangeSet) RETURN count(s) AS change_sets } "
    "CALL () { MATCH (n) WHERE n._created IS NOT NULL RETURN count(n) AS stamped_nodes } "
    "RETURN change_records, change_sets, stamped_nodes")


def _data_counts(graph) -> dict:
    return graph.run_auto(_DATA_COUNTS)[0]


# What LOAD CSV runs for each table: the same MERGE semantics as the upsert_*.cypher files,
# written the way the Neo4j manual shows (one auto-committed batch every 5,000 rows).
_D = "CASE WHEN line.{0} IS NULL THEN null ELSE date(line.{0}) END"
LOAD_CSV = {
    "organizations": "MERGE (o:Organization {id: line.id}) SET o.name = line.name, "
                     "o.kind = line.kind, o.tier = line.tier, o.industry = line.industry, "
                     "o.country = line.country",
    "units": "MATCH (org:Organization {id: line.organization_id}) MERGE (u:Unit {id: line.id}) "
             "SET u.name = line.name MERGE (u)-[:PART_OF]->(org)",
    "people": "MERGE (p:Person {id: line.id}) SET p.name = line.name, p.title = line.title, "
              "p.seniority = line.seniority, p.email = line.email, "
              "p.linkedin_url = line.linkedin_url, p.team_role = line.team_role, "
              "p.notes = line.notes "
              "FOREACH (_ IN CASE WHEN line.team_role IS NULL THEN [] ELSE [1] END | SET p:Staff)",
    "employment": "MATCH (p:Person {id: line.person_id}), (o:Organization {id: line.organization_id}) "
                  "MERGE (p)-[w:WORKS_FOR {key: coalesce(line.since, '')}]->(o) "
                  "SET w.title = line.title, w.since = " + _D.format("since") + ", "
                  "w.until = " + _D.format("until") + ", w.unit_id = line.unit_id "
                  "WITH p, line WHERE line.unit_id IS NOT NULL "
                  "MATCH (u:Unit {id: line.unit_id}) "
                  "MERGE (p)-[m:MEMBER_OF {key: coalesce(line.since, '')}]->(u)",
    "reports_to": "MATCH (p:Person {id: line.person_id}), (m:Person {id: line.manager_id}) "
                  "MERGE (p)-[r:REPORTS_TO]->(m) SET r.source = line.source, "
                  "r.confidence = toFloat(line.confidence), r.as_of = " + _D.format("as_of"),
    "influence": "MATCH (a:Person {id: line.from_id}), (b:Person {id: line.to_id}) "
                 "MERGE (a)-[r:INFLUENCES]->(b) SET r.strength = toInteger(line.strength), "
                 "r.kind = line.kind, r.note = line.note, r.source = line.source, "
                 "r.confidence = toFloat(line.confidence), r.as_of = " + _D.format("as_of"),
    "relationships": "MATCH (s:Staff {id: line.staff_id}), (p:Person {id: line.person_id}) "
                     "MERGE (s)-[r:KNOWS]->(p) SET r.strength = toInteger(line.strength), "
                     "r.note = line.note, r.source = line.source, "
                     "r.confidence = toFloat(line.confidence), r.as_of = " + _D.format("as_of"),
    "favors": "MATCH (p:Person {id: line.person_id}), (o:Organization {id: line.organization_id}) "
              "MERGE (p)-[r:FAVORS]->(o) SET r.strength = toInteger(line.strength), "
              "r.source = line.source, r.confidence = toFloat(line.confidence), "
              "r.as_of = " + _D.format("as_of"),
    "opportunities": "MATCH (c:Organization {id: line.customer_id}) "
                     "MERGE (o:Opportunity {id: line.id}) SET o.name = line.name, "
                     "o.kind = line.kind, o.stage = line.stage, o.status = line.status, "
                     "o.amount = toFloat(line.amount), o.currency = line.currency, "
                     "o.close_date = " + _D.format("close_date") + " MERGE (o)-[:FOR_CUSTOMER]->(c)",
    "bids": "MATCH (c:Organization {id: line.competitor_id}), "
            "(o:Opportunity {id: line.opportunity_id}) MERGE (c)-[:BIDS_ON]->(o)",
    "decision_chain": "MATCH (p:Person {id: line.person_id}), "
                      "(o:Opportunity {id: line.opportunity_id}) "
                      "MERGE (p)-[r:IN_DECISION_CHAIN]->(o) SET r.roles = split(line.roles, ';'), "
                      "r.stance = line.stance, r.source = line.source, "
                      "r.confidence = toFloat(line.confidence), r.as_of = " + _D.format("as_of"),
}


def generate(people: int, folder: Path, prefix: str = "imp", seed: int = 1) -> dict[str, int]:
    """Write a synthetic portfolio of ``people`` customer people as native CSV files."""
    data = build_synthetic(accounts=max(1, people // PEOPLE_PER_ACCOUNT),
                           people_per_account=PEOPLE_PER_ACCOUNT, staff=20, prefix=prefix,
                           seed=seed, today=TODAY)
    tables = tables_from_dataset(data)
    write_csv_folder(tables, folder)
    return {name: len(rows) for name, rows in tables.items()}


def run(graph, settings, people: int, sample_accounts: int, work: Path,
        rounds: int = 3) -> dict:
    # Warm-up: both contenders import a small portfolio first, so that neither pays for query
    # planning and a cold JVM in the timed run.
    _import_both(graph, settings, work / "warm", 1_000)
    folder = work / "native"
    started = time.perf_counter()
    rows = generate(people, folder)
    total = sum(rows.values())
    node_rows = sum(rows[t] for t in _NODE_TABLES)
    print(f"  generated {total:,} rows ({node_rows:,} nodes, {total - node_rows:,} edges) in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    import_dir = _stage_for_load_csv(settings, folder)

    # 1 and 2, in alternating order, ``rounds`` times: the same script on the same quiet
    # machine moved each contender by up to 15% between runs, so one run of each says little
    # about their ratio; every round gives one ratio, and the median is reported.
    timed: list[dict] = []
    for number in range(1, rounds + 1):
        order = ("powermap", "load_csv") if number % 2 else ("load_csv", "powermap")
        result: dict = {"round": number, "order": list(order)}
        for contender in order:
            if contender == "powermap":
                result.update(_time_importer(graph, folder, total, rows))
            else:
                result["load_csv_seconds"], result["load_csv_counts"] = _time_load_csv(graph,
                                                                                        rows)
            _wipe(graph)
        result["ratio"] = round(result["load_csv_seconds"] / result["powermap_seconds"], 2)
        print(f"  round {number}: importer {result['powermap_seconds']:.1f} s, LOAD CSV "
              f"{result['load_csv_seconds']:.1f} s, ratio {result['ratio']:.2f}", flush=True)
        timed.append(result)
    for result in timed:
        if result["load_csv_counts"] != result["powermap_counts"]:
            raise SystemExit(f"LOAD CSV made {result['load_csv_counts']}, the importer "
                             f"{result['powermap_counts']}")

    # 3. one transaction per row, on a smaller portfolio of the same shape
    sample = build_synthetic(accounts=sample_accounts, people_per_account=PEOPLE_PER_ACCOUNT,
                             staff=20, prefix="loop", seed=2, today=TODAY)
    sample_rows = 0
    started = time.perf_counter()
    for kind in RECORD_KINDS:
        for record in sample.records[kind]:
            row = record.to_row()
            graph.write_tx(lambda tx: tx.run_with_counters(f"upsert_{kind}", rows=[row], created_ms=None))
            sample_rows += 1
    loop = time.perf_counter() - started
    loop_rate = sample_rows / loop
    print(f"  per-row loop: {sample_rows:,} rows in {loop:.1f} s ({loop_rate:,.0f} rows/s)",
          flush=True)
    _wipe(graph)
    shutil.rmtree(import_dir, ignore_errors=True)

    ours = statistics.median(r["powermap_seconds"] for r in timed)
    load_csv = statistics.median(r["load_csv_seconds"] for r in timed)
    ratios = [r["ratio"] for r in timed]
    first = timed[0]
    return {
        "suite": "imports",
        "rows": rows, "total_rows": total, "node_rows": node_rows, "edge_rows": total - node_rows,
        "graph": first["powermap_counts"],
        "rounds": [{k: v for k, v in r.items() if not k.endswith("_counts") and k != "history"}
                   for r in timed],
        "powermap_import": {"seconds": round(ours, 1),
                            "parse_seconds": round(statistics.median(
                                r["parse_seconds"] for r in timed), 1),
                            "rows_per_second": round(total / ours),
                            # what the change log adds: one change set, a change record per
                            # kind and batch, a _created stamp on every element
                            "history": first["history"]},
        "load_csv": {"seconds": round(load_csv, 1), "rows_per_second": round(total / load_csv),
                     "batches": "CALL { … } IN TRANSACTIONS OF 5000 ROWS"},
        "per_row_loop": {"sample_rows": sample_rows, "sample_seconds": round(loop, 1),
                         "rows_per_second": round(loop_rate),
                         "extrapolated_seconds": round(total / loop_rate)},
        # the median of the rounds' ratios, and their range
        "ratio_to_load_csv": round(statistics.median(ratios), 2),
        "ratio_to_load_csv_range": [min(ratios), max(ratios)],
        "ratio_to_per_row_loop": round((total / ours) / loop_rate, 1),
        "targets": {"ratio_to_load_csv_at_least": 0.5, "ratio_to_per_row_loop_at_least": 30},
        "python_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _time_importer(graph, folder: Path, total: int, rows: dict[str, int]) -> dict:
    """Powermap's import of ``folder``: parse + validate, then one transaction of UNWIND
    batches."""
    started = time.perf_counter()
    plan = parse_native(folder)
    parsed = time.perf_counter() - started
    summary = apply_plan(graph, plan)
    seconds = time.perf_counter() - started
    del plan
    counts = _data_counts(graph)
    history = graph.run_auto(_HISTORY_COUNTS)[0]
    print(f"  powermap import: {seconds:.1f} s ({parsed:.1f} s parsing) → {counts}, "
          f"history {history}", flush=True)
    assert summary.load.totals()["created"] == total - rows.get("attendees", 0)
    return {"powermap_seconds": round(seconds, 1), "parse_seconds": round(parsed, 1),
            "powermap_counts": counts, "history": history}


def _time_load_csv(graph, rows: dict[str, int]) -> tuple[float, dict]:
    """LOAD CSV of the same files, from the server's import directory (staged already): its
    seconds, and the data it made."""
    started = time.perf_counter()
    _load_csv(graph, rows)
    seconds = time.perf_counter() - started
    counts = _data_counts(graph)
    print(f"  LOAD CSV: {seconds:.1f} s → {counts}", flush=True)
    return round(seconds, 1), counts


def _import_both(graph, settings, folder: Path, people: int) -> None:
    rows = generate(people, folder, prefix="warm")
    apply_plan(graph, parse_native(folder))
    _wipe(graph)
    _stage_for_load_csv(settings, folder)
    _load_csv(graph, rows)
    _wipe(graph)


def _stage_for_load_csv(settings, folder: Path) -> Path:
    """Copy the CSV files where LOAD CSV may read them (without the BOM Excel wants)."""
    import_dir = settings.data_dir / "import"
    import_dir.mkdir(exist_ok=True)
    for f in folder.glob("*.csv"):
        (import_dir / f.name).write_bytes(f.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    return import_dir


def _load_csv(graph, rows: dict[str, int]) -> None:
    for kind in RECORD_KINDS:
        if kind in LOAD_CSV and rows.get(kind):
            graph.run_auto(f"LOAD CSV WITH HEADERS FROM 'file:///{kind}.csv' AS line "
                           f"CALL (line) {{ {LOAD_CSV[kind]} }} IN TRANSACTIONS OF 5000 ROWS")


def _wipe(graph) -> None:
    graph.run_auto("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
