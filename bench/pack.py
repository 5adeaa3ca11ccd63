"""The bid-review pack of a 30-person decision chain: seconds from the graph to the PDF.

Two ways, in the same run: **cold**, the way ``powermap report pack`` and
``GET /opportunities/<id>/pack.pdf`` work (a Chromium is launched for each pack, draws the map
and prints), and **warm**, a Chromium kept open between packs (only the drawing and the
printing are timed), which says what keeping a browser in the web process would save. The
graph part (reading the opportunity and building the report, map and next steps) is timed on
its own. Target: the cold pack in at most 5 s.

``--picture FILE`` also writes a picture of the first page of the demo's pack (docs/img).
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from powermap.graph.load import load_dataset
from powermap.model import Dataset
from powermap.report.nextsteps import set_next_step
from powermap.report.pack import find_chromium, first_page_png, pack_of, print_pack, \
    render_pack_pdf

TODAY = dt.date(2026, 11, 25)
ROLES = ("decision_maker", "approver", "technical_evaluator", "commercial_evaluator", "user",
         "influencer", "coach", "gatekeeper")
STANCES = ("champion", "supporter", "neutral", "skeptic", "opponent", None)
SENIORITY = ("c_level", "vp", "director", "manager", "individual")
#: some names in Chinese, as a customer in China would have them
NAMES = ("王丽", "李强", "张伟", "刘洋", "陈静", "Anna Berg", "Tom Field", "Maria Costa",
         "Li Wei", "Sara Holm")


def chain_of(people: int = 30) -> Dataset:
    """One customer with a decision chain of ``people`` members: every role held, stances of
    every kind, influence towards the decision maker, eight staff with relationships of every
    strength, one competitor favored by some."""
    d = Dataset()
    for oid, name, kind in (("bp-us", "Us", "own"), ("bp-acme", "Acme Rail", "customer"),
                            ("bp-rival", "Rival", "competitor")):
        d.add("organizations", dict(id=oid, name=name, kind=kind, tier="S" if kind == "customer" else None))
    for i in range(8):
        d.add("people", dict(id=f"bp-s{i}", name=f"Staff {i}", team_role=("AR", "SR", "FR", "exec")[i % 4],
                             seniority=SENIORITY[1 + i % 4]))
        d.add("employment", dict(person_id=f"bp-s{i}", organization_id="bp-us"))
    d.add("opportunities", dict(id="bp-deal", name="Rail signalling 2027", customer_id="bp-acme",
                                stage="proposal"))
    d.add("bids", dict(competitor_id="bp-rival", opportunity_id="bp-deal"))
    for i in range(people):
        pid = f"bp-p{i}"
        d.add("people", dict(id=pid, name=f"{NAMES[i % len(NAMES)]} {i}", title=f"Title {i}",
                             seniority=SENIORITY[min(4, i // 6)]))
        d.add("employment", dict(person_id=pid, organization_id="bp-acme"))
        d.add("decision_chain", dict(person_id=pid, opportunity_id="bp-deal",
                                     roles=[ROLES[i % len(ROLES)]], stance=STANCES[i % len(STANCES)],
                                     source="bid team", as_of=TODAY))
        if i:
            d.add("influence", dict(from_id=pid, to_id=f"bp-p{(i - 1) // 3}",
                                    strength=1 + i % 5, kind="informal"))
        for k in range(i % 3):   # 0, 1 or 2 threads
            d.add("relationships", dict(staff_id=f"bp-s{(i + k) % 8}", person_id=pid,
                                        strength=2 + (i + k) % 4, source=f"bp-s{(i + k) % 8}",
                                        as_of=TODAY - dt.timedelta(days=(i * 7) % 200)))
        if i % 7 == 3:
            d.add("favors", dict(person_id=pid, organization_id="bp-rival", strength=4))
    return d


def run(graph, settings, runs: int = 5, picture: Path | None = None) -> dict:
    from playwright.sync_api import sync_playwright
    load_dataset(graph, chain_of(30))
    load_before = _load()
    chromium = find_chromium()
    graph_ms, cold_ms, warm_ms, sizes, pages, phases = [], [], [], [], [], []
    cpu_ms = []
    for _ in range(runs + 1):        # the first run warms caches and is dropped
        cpu = _cpu_seconds()
        start = time.perf_counter()
        pack = pack_of(graph, "bp-deal", today=TODAY)
        graph_ms.append((time.perf_counter() - start) * 1000)
        pdf = render_pack_pdf(pack, chromium)
        cold_ms.append((time.perf_counter() - start) * 1000)
        # Playwright's driver and Chromium have exited: their CPU time is in RUSAGE_CHILDREN
        cpu_ms.append((_cpu_seconds() - cpu) * 1000)
        sizes.append(len(pdf))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            for _ in range(runs + 1):
                start = time.perf_counter()
                phases.append({})
                pdf = print_pack(browser, pack, phases[-1])
                warm_ms.append((time.perf_counter() - start) * 1000)
        finally:
            browser.close()
    from pypdf import PdfReader
    import io
    pages.append(len(PdfReader(io.BytesIO(pdf)).pages))
    result = {"suite": "pack", "runs": runs, "decision_chain_people": 30,
              "map_people": len([n for n in pack.map_data["nodes"]]),
              "pdf_bytes": sizes[-1], "pdf_pages": pages[0],
              "graph_ms": _stats(graph_ms[1:]), "cold_pack_ms": _stats(cold_ms[1:]),
              "cold_pack_cpu_ms": _stats(cpu_ms[1:]),
              "warm_print_ms": _stats(warm_ms[1:]),
              "warm_phases_ms": {k: _stats([p[k] for p in phases[1:]])
                                 for k in ("map_ms", "html_ms", "pdf_ms")},
              "load_average_before_after": [load_before, _load()],
              "target": {"cold_pack_ms_at_most": 5000,
                         "measured_p50_cold_pack_ms": _stats(cold_ms[1:])["p50"]}}
    if picture:
        result["picture"] = str(demo_picture(graph, picture, chromium))
    return result


def demo_picture(graph, picture: Path, chromium: str) -> Path:
    """The first page of the demo's signalling deal pack, with one next step owned."""
    from powermap.importers.demo import load_demo
    load_demo(graph, force=True, today=TODAY)
    pack = pack_of(graph, "opp-nw-signalling", today=TODAY)
    first = pack.report["findings"][0]
    staff = graph.read("find_staff")[0]["id"]
    set_next_step(graph, pack.report, first["key"], staff, "2026-12-04", "bench")
    pack = pack_of(graph, "opp-nw-signalling", today=TODAY)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "pack.pdf"
        pdf.write_bytes(render_pack_pdf(pack, chromium))
        picture.parent.mkdir(parents=True, exist_ok=True)
        first_page_png(pdf, picture, chromium)
    return picture


def _cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished children (Playwright's driver,
    Chromium): the work a pack costs, whatever else the shared machine is doing. Neo4j runs
    in a child that is still alive, so its share is not counted."""
    import resource
    me, children = (resource.getrusage(resource.RUSAGE_SELF),
                    resource.getrusage(resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _load() -> float:
    """The machine's 1-minute load average: on a shared machine it says how much the timings
    can be trusted."""
    import os
    return round(os.getloadavg()[0], 1)


def _stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50": round(statistics.median(ordered), 1),
            "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
            "min": round(ordered[0], 1), "max": round(ordered[-1], 1)}
