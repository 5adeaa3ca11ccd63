"""The bid-review pack and its next steps, on a small hand-built world (tests/fixtures.py)
with a Chinese name: the PDF is printed by Debian's Chromium and read back with pypdf."""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import shutil
import struct
from pathlib import Path

import pytest

from powermap.errors import ValidationError
from powermap.report.nextsteps import find_next_steps, set_next_step, steps_of_report
from powermap.report.pack import first_page_png, pack_html, pack_of, render_pack_pdf
from tests.fixtures import TODAY, World

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("POWERMAP_REQUIRE_BROWSER"),
    reason="Debian's chromium is not installed (apt-get install chromium)")


def world() -> World:
    """A healthy chain except: the decision maker is 王丽 (Wang Li), known to Ann alone, and
    nobody is known as approver."""
    w = World()
    w.person("p-wl", "王丽", "acme", title="CEO", seniority="c_level")
    w.healthy(skip=["p-dm", "p-ap"])
    w.chain("p-wl", "decision_maker", "champion")
    w.knows("s-ar", "p-wl", 4)
    for pid in ("p-te", "p-ce", "p-us", "p-co"):
        w.influence(pid, "p-wl", 3)
    return w


def test_summary_is_written_from_the_findings(graph):
    world().load(graph)
    pack = pack_of(graph, "deal", today=TODAY)
    # roles: decision maker (王丽, covered), approver missing, four covered → 5 of 6 known,
    # 5 covered; findings: approver missing (critical), 王丽 single-threaded (high).
    assert pack.summary.startswith(
        "For The Deal at Acme we know 5 of the 6 buying roles the standard template asks for "
        "and have a trusted relationship in 5 of them.")
    assert ("The review has 1 critical and 1 high findings; the most urgent: Nobody in the "
            "decision chain is known as an approver; 王丽 is reached through Ann Account alone."
            ) in pack.summary
    assert "0 of 2 next steps have an owner and a due date; 0 are overdue." in pack.summary


def test_a_next_step_is_kept_across_renders(graph):
    world().load(graph)
    report = pack_of(graph, "deal", today=TODAY).report
    assert [f["key"] for f in report["findings"]] == ["role:approver", "person:p-wl"]
    set_next_step(graph, report, "person:p-wl", "s-ex", "2026-06-15", "ada")
    # a new report (as on the next day's render) finds the same step with its owner and date
    again = pack_of(graph, "deal", today=TODAY + dt.timedelta(days=30))
    step = next(s for s in again.steps if s["key"] == "person:p-wl")
    assert (step["owner"], step["owner_id"], step["due"]) == ("Eve Exec", "s-ex",
                                                               dt.date(2026, 6, 15))
    assert step["overdue"] is True            # 2026-07-01 is after the due date
    assert "1 of 2 next steps have an owner and a due date; 1 are overdue." in again.summary
    # setting it again replaces the owner, never adds a second step or owner
    set_next_step(graph, report, "person:p-wl", "s-sr", "2026-06-20", "ada")
    stored = find_next_steps(graph, "deal")
    assert list(stored) == ["person:p-wl"]
    assert (stored["person:p-wl"]["owner"], stored["person:p-wl"]["due"]) == (
        "Sam Solution", dt.date(2026, 6, 20))
    assert graph.run_auto("MATCH (:NextStep)-[r:OWNED_BY]->() RETURN count(r) AS n")[0]["n"] == 1


def test_bad_next_steps_name_the_field(graph):
    world().load(graph)
    report = pack_of(graph, "deal", today=TODAY).report
    with pytest.raises(ValidationError) as bad:
        set_next_step(graph, report, "person:nobody", "s-ex", "15/06/2026", "ada", "form")
    text = str(bad.value)
    assert "form: field 'key': expected the key of one of the report's findings" in text
    assert "form: field 'due': expected a date as YYYY-MM-DD, got '15/06/2026'" in text
    with pytest.raises(ValidationError, match="field 'owner': expected the id of one of our"):
        set_next_step(graph, report, "person:p-wl", "p-te", "2026-06-15", "ada", "form")
    assert find_next_steps(graph, "deal") == {}


def test_the_pack_html_has_no_internal_code_and_escapes_names(graph):
    w = world()
    w.person("p-x", "<b>Eve</b> & co", "acme", title="Analyst", seniority="individual")
    w.chain("p-x", "influencer", "skeptic")
    w.knows("s-ar", "p-x", 3)
    w.knows("s-ex", "p-x", 3)
    w.load(graph)
    pack = pack_of(graph, "deal", today=TODAY)
    html = pack_html(pack, None)
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; co" in html and "<b>Eve</b>" not in html
    for code in ("decision_maker", "c_level", "technical_evaluator", "None", "s-ar", "s-ex"):
        assert code not in html.replace('class="status-', "").replace("sev-", ""), code


@needs_chromium
def test_the_pack_pdf(graph, tmp_path):
    from pypdf import PdfReader
    world().load(graph)
    report = pack_of(graph, "deal", today=TODAY).report
    set_next_step(graph, report, "person:p-wl", "s-ex", "2026-06-15", "ada")
    pack = pack_of(graph, "deal", today=TODAY)
    pdf = render_pack_pdf(pack, CHROMIUM)
    (tmp_path / "pack.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    text = " ".join(pages)
    assert "Bid review pack: The Deal" in text
    assert "For The Deal at Acme we know 5 of the 6 buying roles" in text
    assert "王丽" in text
    assert "Page 1 of %d" % len(pages) in pages[0]
    assert "Printed on 2026-06-01" in pages[0]
    assert "Owner: Eve Exec. Due on 2026-06-15." in text
    # the map was drawn and photographed: the page that shows it carries an image (with the
    # redesigned map and its drawn legend the picture is a page of its own)
    (map_page,) = [p for p, words in zip(reader.pages, pages) if words.startswith("Power map")]
    xobjects = map_page["/Resources"].get("/XObject", {})
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
    # the picture of the first page (docs/img) is a PNG of the viewer's size
    first_page_png(tmp_path / "pack.pdf", tmp_path / "first.png", CHROMIUM)
    png = (tmp_path / "first.png").read_bytes()
    assert png.startswith(b"\x89PNG") and struct.unpack(">II", png[16:24]) == (1000, 1414)


# --- the web: report page, its next-step form, the pack download -----------------------------

@pytest.fixture
def web(graph, test_settings):
    from powermap.api import create_app
    from tests.test_web import login
    world().load(graph)
    client = create_app({"TESTING": True, "POWERMAP_GRAPH": graph},
                        settings=test_settings).test_client()
    return client, login(client, graph, "ed", "editor")


def test_the_report_page_sets_a_next_step_and_shows_it_after(graph, web):
    client, token = web
    page = client.get("/opportunities/deal/report").get_data(as_text=True)
    assert "/opportunities/deal/pack.pdf" in page                 # the pack button
    assert 'name="key" value="person:p-wl"' in page               # a form per finding
    saved = client.post("/opportunities/deal/next-steps",
                        data={"key": "person:p-wl", "owner": "s-ex", "due": "2026-12-04",
                              "csrf_token": token})
    assert saved.status_code == 303 and saved.location.endswith("/report#step-person:p-wl")
    page = client.get("/opportunities/deal/report").get_data(as_text=True)
    assert "Owner: Eve Exec. Due on Dec 4, 2026." in page   # the date as the page's language writes it
    # JSON does the same, and a bad date is a 400 naming the field
    answer = client.post("/opportunities/deal/next-steps", headers={"X-CSRFToken": token},
                         json={"key": "role:approver", "owner": "s-ar", "due": "2026-12-24"})
    assert answer.status_code == 200 and answer.get_json()["owner"] == "Ann Account"
    bad = client.post("/opportunities/deal/next-steps", headers={"X-CSRFToken": token},
                      json={"key": "role:approver", "owner": "s-ar", "due": "soon"})
    assert bad.status_code == 400
    assert ("field 'due': expected a date as YYYY-MM-DD, got 'soon'"
            in html.unescape(bad.get_data(as_text=True)))


def test_the_report_page_speaks_in_words(graph, web):
    client, _ = web
    page = client.get("/opportunities/deal/report").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", page)        # what a reader sees, not the markup
    assert "Nobody in the decision chain is known as an approver" in text
    assert "decision maker" in text
    for code in ("decision_maker", "c_level", "technical_evaluator", "None", "s-ar", "s-ex"):
        assert code not in text, code


def test_a_viewer_cannot_set_a_next_step(graph, test_settings):
    from powermap.api import create_app
    from tests.test_web import login
    world().load(graph)
    client = create_app({"TESTING": True, "POWERMAP_GRAPH": graph},
                        settings=test_settings).test_client()
    token = login(client, graph, "vi", "viewer")
    page = client.get("/opportunities/deal/report").get_data(as_text=True)
    assert 'name="key"' not in page
    refused = client.post("/opportunities/deal/next-steps",
                          data={"key": "person:p-wl", "owner": "s-ex", "due": "2026-12-04",
                                "csrf_token": token})
    assert refused.status_code == 403
    assert find_next_steps(graph, "deal") == {}


@needs_chromium
def test_the_pack_downloads_as_pdf(graph, web):
    client, _ = web
    answer = client.get("/opportunities/deal/pack.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert 'filename="bid-review-pack-deal.pdf"' in answer.headers["Content-Disposition"]
    assert answer.data.startswith(b"%PDF")
