"""Time to first draw and to a settled layout of account power maps of 100, 300 and 1,000
people in headless Chromium (Debian's, driven by Playwright), and the size of what the browser
downloads per map. Both layouts, each opened directly (``?layout=force`` for the force layout):
the org chart (no physics: settled when first drawn) and the force layout (settled when its
stabilisation iterations are done and it is frozen).

In the same run, on the 300-person map's data in the same page, the layout time of our options
against the obvious alternative, vis-network's defaults for both layouts (edge-crossing
minimisation in the org chart, 250 Barnes-Hut iterations in the force layout)."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import statistics
import threading

from werkzeug.serving import make_server

from powermap import users
from powermap.api import create_app
from powermap.graph.load import load_dataset
from powermap.importers.synthetic import build_synthetic

SIZES = (100, 300, 1000)
PASSWORD = "benchmark password"


def run(graph, settings, runs: int = 5) -> dict:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    for n in SIZES:
        load_dataset(graph, build_synthetic(accounts=1, people_per_account=n, staff=20,
                                            prefix=f"d{n}", seed=n, today=dt.date(2026, 11, 23)))
    users.create_user(graph, "bench", "viewer", PASSWORD)
    results = {"suite": "drawing", "runs": runs, "maps": {}}
    for max_people, label in ((settings.map_max_people, "default"), (5000, "ungrouped")):
        app = create_app({"POWERMAP_GRAPH": graph},
                         settings=settings.with_overrides(map_max_people=max_people))
        httpd = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            results["maps"][label] = _measure(f"http://127.0.0.1:{httpd.server_port}", runs)
        finally:
            httpd.shutdown()
    m = results["maps"]["default"]["300"]
    results["target"] = {
        "account_map_300_settled_since_navigation_ms_at_most": 1000,
        "measured_p50_settled_since_navigation_ms": {
            layout: m[layout]["settled_since_navigation_ms"]["p50"]
            for layout in ("hierarchical", "force")}}
    return results


def _measure(base: str, runs: int) -> dict:
    from playwright.sync_api import sync_playwright
    out: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(base + "/login")
        page.fill("input[name=username]", "bench")
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(base + "/")
        for n in SIZES:
            url = f"{base}/accounts/d{n}-acc-0"
            sizes = {"page_html_bytes": len(page.request.get(url).body()),
                     "map_json_bytes": len(page.request.get(f"{base}/api/v1/accounts/d{n}-acc-0/map").body()),
                     "standalone_html_bytes": len(page.request.get(url + "/map.html").body())}
            out[str(n)] = {"sizes": sizes}
            for layout in ("hierarchical", "force"):
                samples = []
                for _ in range(runs + 1):  # the first run warms caches and is dropped
                    page.goto(url + ("?layout=force" if layout == "force" else ""))
                    page.wait_for_selector("#map[data-settled=yes]", timeout=120_000)
                    samples.append(page.evaluate("window.powermapTiming"))
                samples = samples[1:]
                out[str(n)][layout] = {
                    "nodes_drawn": samples[0]["nodes"],
                    "first_draw_ms": _stats([s["firstDraw"] for s in samples]),
                    "settled_ms": _stats([s["settled"] for s in samples]),
                    "first_draw_since_navigation_ms": _stats(
                        [s["firstDrawSinceNavigation"] for s in samples]),
                    "settled_since_navigation_ms": _stats(
                        [s["settledSinceNavigation"] for s in samples]),
                }
                print(f"  {n} people, {layout}: {out[str(n)][layout]}", flush=True)
            if n == 300:
                out["300"]["layout_alternatives"] = _alternatives(page, runs)
                print(f"  300 people, layout A/B: {out['300']['layout_alternatives']}", flush=True)
        browser.close()
    return out


# Lays the map's data out with given options in a hidden box of the page (vis-network's own
# shapes: this measures the layout, not our renderer) and answers the milliseconds until the
# org chart is first drawn or the force layout's stabilisation iterations are done.
_LAYOUT = """async ([url, layout, patch]) => {
  const data = await (await fetch(url)).json();
  const box = document.createElement('div');
  box.style.cssText = 'position:absolute;left:-5000px;width:1000px;height:600px';
  document.body.appendChild(box);
  const options = JSON.parse(JSON.stringify(data.options[layout]));
  if (layout === 'hierarchical') { Object.assign(options.layout.hierarchical, patch); }
  else { Object.assign(options.physics.stabilization, patch); }
  const started = performance.now();
  const net = new vis.Network(box, {nodes: new vis.DataSet(data.nodes),
                                    edges: new vis.DataSet(data.edges)}, options);
  await new Promise(done => net.once(layout === 'force' ? 'stabilizationIterationsDone'
                                                        : 'afterDrawing', done));
  const ms = performance.now() - started;
  net.destroy(); box.remove();
  return ms;
}"""


def _alternatives(page, runs: int) -> dict:
    """Ours against vis-network's defaults, alternating, on the 300-person map's data."""
    url = "/api/v1/accounts/d300-acc-0/map"
    contenders = {
        "hierarchical": {"ours": {}, "edge_minimization": {"edgeMinimization": True}},
        "force": {"ours": {}, "iterations_250": {"iterations": 250}},
    }
    out: dict = {}
    for layout, options in contenders.items():
        times: dict[str, list[float]] = {name: [] for name in options}
        for i in range(runs + 1):
            for name, patch in options.items():
                ms = page.evaluate(_LAYOUT, [url, layout, patch])
                if i:  # the first round warms up
                    times[name].append(ms)
        out[layout] = {name: _stats(t) for name, t in times.items()}
    return out


def _stats(values: list[float]) -> dict:
    values = sorted(values)
    return {"p50": round(statistics.median(values)), "max": round(values[-1])}
