"""Screenshots of the power map pages for docs/web.md: ``python -m bench.screenshots``.

Starts its own Neo4j in a temporary folder (free port; never your data), loads the demo
portfolio, serves the app on 127.0.0.1 and photographs an opportunity map and an account map in
headless Debian Chromium (Playwright, ``executable_path``: no browser download) at 1440 and
768 px wide, plus the map's PNG export and its legend. The pictures go to ``docs/img/``.

``--url http://127.0.0.1:PORT --user NAME --password PW`` photographs a server that is already
running (with the demo portfolio loaded) instead.
"""

from __future__ import annotations

import argparse
import base64
import logging
import shutil
import tempfile
import threading
from pathlib import Path

IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
PASSWORD = "screenshot password"
#: what docs/web.md shows: (file stem, path, width, what to do before the picture)
SHOTS = (
    ("map-opportunity-1440", "/opportunities/opp-nw-signalling", 1440, None),
    ("map-opportunity-768", "/opportunities/opp-nw-signalling", 768, None),
    ("map-account-1440", "/accounts/org-northwind", 1440, None),
    ("map-account-768", "/accounts/org-northwind", 768, None),
    ("map-account-across-deals-1440", "/accounts/org-northwind", 1440, "across"),
    ("map-focus-1440", "/opportunities/opp-nw-signalling", 1440, "focus"),
    # in Chinese (the powermap_lang cookie), 华信银行's opportunity with 李明 selected
    ("map-zh", "/opportunities/opp-hx-core", 1440, "zh"),
)


def photograph(base: str, user: str, password: str, out: Path = IMG) -> list[Path]:
    """Log in at ``base`` and write the pictures to ``out``; returns their paths."""
    from playwright.sync_api import sync_playwright
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    headless=True, args=["--no-sandbox", "--disable-gpu"])
        for stem, path, width, action in SHOTS:
            # the Chinese picture's browser speaks Chinese too (its date fields, for one)
            page = browser.new_page(viewport={"width": width, "height": 1050},
                                    **({"locale": "zh-CN"} if action == "zh" else {}))
            page.goto(base + "/login")
            page.fill("input[name=username]", user)
            page.fill("input[name=password]", password)
            page.click("main button[type=submit]")
            page.wait_for_url(base + "/")
            if action == "zh":
                page.context.add_cookies([{"name": "powermap_lang", "value": "zh-CN",
                                           "url": base}])
            page.goto(base + path)
            page.wait_for_selector("#map[data-settled=yes]", timeout=60_000)
            if action == "across":
                page.select_option("#stance-in", "*across")
            elif action == "focus":
                page.evaluate("window.powermap.focus('nw-cio')")
            elif action == "zh":
                page.evaluate("window.powermap.select('hx-cio', false)")
            page.wait_for_timeout(300)
            target = out / f"{stem}.png"
            page.screenshot(path=str(target))
            written.append(target)
            if stem == "map-opportunity-1440":
                written += _export_and_legend(page, out)
            page.close()
        browser.close()
    return written


def _export_and_legend(page, out: Path) -> list[Path]:
    data = page.evaluate("""() => window.powermap.exportPng().then(c => c.toDataURL('image/png'))""")
    export = out / "map-export.png"
    export.write_bytes(base64.b64decode(data.split(",", 1)[1]))
    legend = out / "map-legend.png"
    page.locator("details.legend").screenshot(path=str(legend))
    return [export, legend]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.screenshots", description=__doc__)
    parser.add_argument("--url", help="a running server with the demo portfolio")
    parser.add_argument("--user", default="shot")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--out", type=Path, default=IMG, help="where the pictures go")
    args = parser.parse_args()
    if args.url:
        for path in photograph(args.url.rstrip("/"), args.user, args.password, args.out):
            print(f"wrote {path}")
        return
    from werkzeug.serving import make_server

    from powermap import users
    from powermap.api import create_app
    from powermap.config import load_settings
    from powermap.graph import local_server
    from powermap.graph.connection import open_graph
    from powermap.graph.schema import init_schema
    from powermap.importers.demo import load_demo

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    data_dir = Path(tempfile.mkdtemp(prefix="powermap-shots-"))
    settings = load_settings({"data_dir": str(data_dir), "neo4j_port": 0, "neo4j_uri": None,
                              "neo4j_heap": "1g", "neo4j_pagecache": "256m"}, environ={})
    try:
        local_server.start(settings, print)
        with open_graph(settings, start_local=False) as graph:
            init_schema(graph)
            load_demo(graph)
            users.create_user(graph, "shot", "admin", PASSWORD)
            app = create_app({"POWERMAP_GRAPH": graph}, settings=settings)
            httpd = make_server("127.0.0.1", 0, app, threaded=True)
            threading.Thread(target=httpd.serve_forever, daemon=True).start()
            try:
                for path in photograph(f"http://127.0.0.1:{httpd.server_port}", "shot",
                                       PASSWORD, args.out):
                    print(f"wrote {path}")
            finally:
                httpd.shutdown()
    finally:
        local_server.stop(settings)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
