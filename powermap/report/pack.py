"""The bid-review pack: one PDF a bid team takes into the review.

It holds a one-paragraph executive summary written from the findings, the power map picture
with its legend, the role table, the findings grouped by person (one block per person) and
every next step with its owner and due date; each page is dated and numbered.

Rendering: Chromium, driven through Playwright, both for the map and for printing. The map
picture is the very page the web app exports (``standalone.html`` with ``powermap-map.js``
and vis-network), drawn offline in the browser and photographed, so the pack shows the map
as the map page draws it; the pack itself is HTML printed with ``page.pdf()``, which lays
out CJK names with the system's fonts (Noto CJK) like any page. Chromium is a Debian package
(``chromium``); nothing is downloaded and nothing is fetched from another host.
"""

from __future__ import annotations

import base64
import datetime as dt
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from powermap.analysis.context import load_opportunity
from powermap.analysis.gaps import DEFAULT_STALE_DAYS, gap_report_of
from powermap.errors import ConfigError
from powermap.graph.store import Graph
from powermap.i18n import clauses, language, sentences
from powermap.report.nextsteps import find_next_steps, steps_of_report
from powermap.report.words import TEMPLATE_WORDS, _, date_words

HERE = Path(__file__).parent
API = HERE.parent / "api"
#: where Debian, Ubuntu and most distributions put Chromium
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
#: the map is photographed at this size (CSS pixels), at 1.5 times the pixel density (sharp
#: on paper, a PNG of about 200 KB)
MAP_VIEWPORT = {"width": 1200, "height": 900}
#: longest the map may take to settle before it is photographed as it is
MAP_SETTLE_MS = 4000


@dataclass
class Pack:
    """What the pack shows, before it is rendered (tests read this as well as the PDF)."""

    report: dict
    steps: list[dict]
    summary: str
    map_data: dict
    title: str


def pack_of(graph: Graph, opportunity_id: str, stale_days: int = DEFAULT_STALE_DAYS,
            templates: dict | None = None, today: dt.date | None = None) -> Pack:
    """Read the opportunity once and gather everything the pack shows."""
    from powermap.viz import powermap as maps
    context = load_opportunity(graph, opportunity_id, today)
    report = gap_report_of(graph, context, stale_days, templates).as_dict()
    steps = steps_of_report(report, find_next_steps(graph, opportunity_id))
    map_data = maps.opportunity_map(context, report, context.reporting_lines())
    title = _("Bid review pack: %(opportunity)s", opportunity=report["opportunity"]["name"])
    return Pack(report, steps, executive_summary(report, steps), map_data, title)


def executive_summary(report: dict, steps: list[dict]) -> str:
    """One paragraph for the first page, written from the findings: how complete the chain
    is, where the power lies, the most urgent findings and how many next steps are owned.
    Each sentence is whole (its own placeholders), so a translation can reorder it."""
    s = report["summary"]
    roles = s["roles"]
    known = sum(1 for r in roles if r["status"] != "missing")
    covered = sum(1 for r in roles if r["status"] == "covered")
    share = s["power_share"]
    counts = s["findings_by_severity"]
    said = [
        _("For %(opportunity)s at %(customer)s we know %(known)d of the %(total)d buying roles "
          "the %(template)s template asks for and have a trusted relationship in "
          "%(covered)d of them.", opportunity=report["opportunity"]["name"],
          customer=report["customer"]["name"], known=known, total=len(roles),
          template=report["template"]["kind"], covered=covered),
        _("People who support us hold %(supports).0f %% of the decision power, people who "
          "oppose us %(opposes).0f %%, competitors hold %(held).0f %% and %(neutral).0f %% is "
          "neutral or unknown.", supports=share["supports"] * 100,
          opposes=share["opposes"] * 100, held=share["competitor_held"] * 100,
          neutral=share["neutral"] * 100),
    ]
    # a block per person is titled "needs attention on N points": its worst point says more
    urgent = [(f["points"][0] if f.get("points") else f)["title"] for f in report["findings"]
              if f["severity"] in ("critical", "high")]
    if urgent:
        said.append(_("The review has %(critical)d critical and %(high)d high findings; "
                           "the most urgent: %(urgent)s.", critical=counts["critical"],
                           high=counts["high"], urgent=clauses(urgent[:3])))
    elif report["findings"]:
        said.append(_("No finding is critical or high; %(count)d smaller points remain.",
                           count=len(report["findings"])))
    else:
        said.append(_("The report has no finding: the decision chain is complete, "
                           "covered and on our side."))
    if steps:
        owned = sum(1 for x in steps if x["owner"])
        overdue = sum(1 for x in steps if x["overdue"])
        said.append(_("%(owned)d of %(total)d next steps have an owner and a due date; "
                           "%(overdue)d are overdue.", owned=owned, total=len(steps),
                           overdue=overdue))
    return sentences(*said)


def pack_html(pack: Pack, map_png: bytes | None) -> str:
    """The pack as one HTML document (every name escaped; the map as an embedded image)."""
    report = pack.report
    members = {m["id"]: m for m in report["members"]}
    blocks, chain = [], []
    for f in report["findings"]:
        (blocks if f["key"].startswith("person:") else chain).append(f)
    steps = {x["key"]: x for x in pack.steps}
    env = _environment()
    return env.get_template("pack.html").render(
        pack=pack, report=report, members=members, person_blocks=blocks, chain_findings=chain,
        steps=steps, map_png=base64.b64encode(map_png).decode("ascii") if map_png else None,
        generated=date_words(report["generated_on"]), w=TEMPLATE_WORDS, lang=language(),
        fonts=_fonts())


def render_pack_pdf(pack: Pack, chromium: str | None = None) -> bytes:
    """The pack as PDF bytes: one Chromium draws the map and prints the pages."""
    from playwright.sync_api import sync_playwright
    executable = find_chromium(chromium)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            return print_pack(browser, pack)
        finally:
            browser.close()


def print_pack(browser: Any, pack: Pack, timings: dict | None = None) -> bytes:
    """Draw the map and print the pack in an already launched Playwright browser.
    ``timings``: if given, receives the milliseconds of each phase (map, html, pdf)."""
    clock = _Clock(timings)
    context = browser.new_context(viewport=MAP_VIEWPORT, device_scale_factor=1.5,
                                  offline=True, java_script_enabled=True)
    try:
        page = context.new_page()
        picture = map_picture(page, pack)
        clock.lap("map_ms")
        page.set_content(pack_html(pack, picture), wait_until="load")
        page.emulate_media(media="print")
        clock.lap("html_ms")
        pdf = page.pdf(format="A4", print_background=True, display_header_footer=True,
                        header_template=_header(pack), footer_template=_footer(pack),
                        margin={"top": "18mm", "bottom": "18mm", "left": "14mm",
                                "right": "14mm"})
        clock.lap("pdf_ms")
        return pdf
    finally:
        context.close()


class _Clock:
    """Milliseconds between laps, written into ``found`` (nothing when it is None)."""

    def __init__(self, found: dict | None):
        self.found = found
        self.start = time.perf_counter()

    def lap(self, name: str) -> None:
        if self.found is not None:
            now = time.perf_counter()
            self.found[name] = (now - self.start) * 1000
            self.start = now


def map_picture(page: Any, pack: Pack) -> bytes | None:
    """The power map and its legend as a PNG: the page the web app exports, drawn by its own
    script in this browser. None if the page draws no map (the pack then says so)."""
    page.set_content(standalone_map_html(pack.map_data, pack.title), wait_until="load")
    _wait_until_settled(page)
    # the pack is paper: no toolbar, no side panel, the map across the whole width
    page.add_style_tag(content=(
        "h1, .toolbar, #map-status, #panel, .panel, header, footer { display: none !important; }"
        " body { margin: 0; padding: 0; background: #fff; }"
        " #powermap { display: block !important; }"
        " .map-area { width: 100% !important; box-sizing: border-box; padding: 1px; }"
        " .map { height: 760px !important; box-sizing: border-box; }"
        " details.legend { font-size: 14px; }"))
    page.evaluate("() => new Promise(done => { const n = window.powermap && window.powermap.network;"
                  " if (!n) { done(); return; } n.setSize('100%', '760px'); n.redraw();"
                  " n.fit({animation: false}); requestAnimationFrame(() => done()); })")
    area = page.query_selector(".map-area") or page.query_selector("#map")
    if area is None:
        return None
    return area.screenshot(type="png", animations="disabled")


def _wait_until_settled(page: Any) -> None:
    # the map script marks a settled layout twice: #map[data-settled=yes] and
    # window.powermapTiming.settled; either will do
    try:
        page.wait_for_function(
            "(document.getElementById('map') || {dataset: {}}).dataset.settled === 'yes'"
            " || (window.powermapTiming && window.powermapTiming.settled !== null)",
            timeout=MAP_SETTLE_MS)
    except Exception:   # noqa: BLE001 - a map still moving is photographed as it is
        pass


def first_page_png(pdf_file: Path, png_file: Path, chromium: str | None = None) -> None:
    """A picture of a PDF's first page, drawn by Chromium's own PDF viewer (for docs/img)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(chromium), headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1414})
            page.goto(pdf_file.resolve().as_uri() + "#toolbar=0&navpanes=0&view=Fit")
            # the viewer has no "drawn" event, and it draws at its default zoom before it
            # fits the page: wait until two pictures a second apart are the same
            shot, previous = b"", None
            for _attempt in range(20):
                page.wait_for_timeout(1000)
                previous, shot = shot, page.screenshot()
                if shot == previous:
                    break
            png_file.write_bytes(shot)
        finally:
            browser.close()


def standalone_map_html(data: dict, title: str) -> str:
    """The offline map page of the web app's "download map" (``standalone.html``), in the
    language in force; the pack prints it and the web app serves it as a file."""
    from powermap.api.pages import STATIC_DIR, VIS_DIR
    from powermap.viz.text import to_json
    return _environment().get_template("standalone.html").render(
        title=title,
        data=to_json(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"),
        vis_js=(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        words_js=(STATIC_DIR / "powermap-words.js").read_text(encoding="utf-8"),
        map_js=(STATIC_DIR / "powermap-map.js").read_text(encoding="utf-8"),
        css=(STATIC_DIR / "powermap.css").read_text(encoding="utf-8"))


def find_chromium(explicit: str | None = None) -> str:
    """The Chromium to print with; ``ConfigError`` saying how to install it when missing."""
    if explicit:
        return explicit
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    raise ConfigError(_("The bid-review pack is printed with Chromium, which is not installed: "
                        "run apt-get install chromium fonts-noto-cjk."))


def _fonts() -> str:
    """The CSS font stack of the language in force: a Chinese pack takes the Simplified
    Chinese faces of Noto CJK first, so shared characters get their mainland shapes."""
    if language() == "zh-CN":
        return "'Noto Sans CJK SC', 'Noto Sans', 'DejaVu Sans', sans-serif"
    return "'Noto Sans', 'Noto Sans CJK SC', 'DejaVu Sans', sans-serif"


def _header(pack: Pack) -> str:
    e = markupsafe.escape
    customer = _("Customer: %(customer)s", customer=pack.report["customer"]["name"])
    return ('<div style="font-size:8px;width:100%;padding:0 14mm;color:#555;'
            f'font-family:{_fonts()};display:flex;justify-content:space-between">'
            f"<span>{e(pack.title)}</span>"
            f"<span>{e(customer)}</span></div>")


def _footer(pack: Pack) -> str:
    e = markupsafe.escape
    # Chromium fills the spans of class pageNumber and totalPages on every page
    text = e(_("Printed on %(date)s. Page %(page)s of %(pages)s.",
               date=date_words(pack.report["generated_on"]), page="\0", pages="\1"))
    text = str(text).replace("\0", '<span class="pageNumber"></span>').replace(
        "\1", '<span class="totalPages"></span>')
    return ('<div style="font-size:8px;width:100%;padding:0 14mm;color:#555;'
            f'font-family:{_fonts()};text-align:right">'
            f"{text}</div>")


def _environment() -> jinja2.Environment:
    # the pack's own template next to this module, and the web app's offline map page
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(HERE), str(API / "templates")]),
        autoescape=True, undefined=jinja2.StrictUndefined)
    # a bare _() in the template, so `make translations` finds its sentences (w._ it would
    # not); autoescaping escapes the whole translated sentence with its values
    env.globals["_"] = _
    # the offline map page the pack prints speaks the language in force, scripts included
    from powermap.api.i18n import script_words
    env.globals["script_words"] = script_words
    env.globals["lang"] = language()
    return env
