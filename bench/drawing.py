"""Time to first draw and to a settled layout of account power maps of 100, 300 and 1,000
people in headless Chromium (Debian's, driven by Playwright), and the size of what the browser
downloads per map. Both layouts: the org chart (no physics: settled when first drawn) and the
force layout (settled when vis-network reports "stabilized")."""

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
    m = results["maps"]["default"]["300"]["hierarchical"]
    results["target"] = {"account_map_300_settled_ms_at_most": 2000,
                         "measured_p50_settled_since_navigation_ms": m["settled_since_navigation_ms"]["p50"]}
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
                    page.goto(url)
                    if layout == "force":
                        page.wait_for_selector("#map[data-settled=yes]", timeout=120_000)
                        page.evaluate("document.getElementById('map').removeAttribute('data-settled')")
                        page.select_option("#layout", "force")
                    page.wait_for_selector("#map[data-settled=yes]", timeout=120_000)
                    samples.append(page.evaluate("window.powermapTiming"))
                samples = samples[1:]
                out[str(n)][layout] = {
                    "nodes_drawn": samples[0]["nodes"],
                    "first_draw_ms": _stats([s["firstDraw"] for s in samples]),
                    "settled_ms": _stats([s["settled"] for s in samples]),
                    "first_draw_since_navigation_ms": _stats(
                        [s["firstDrawSinceNavigation"] for s in samples]) if layout == "hierarchical" else None,
                    "settled_since_navigation_ms": _stats(
                        [s["settledSinceNavigation"] for s in samples]),
                }
                print(f"  {n} people, {layout}: {out[str(n)][layout]}", flush=True)
        browser.close()
    return out


def _stats(values: list[float]) -> dict:
    values = sorted(values)
    return {"p50": round(statistics.median(values)), "max": round(values[-1])}
