"""Reports as JSON, Markdown or a plain-text table: what the CLI prints and the web downloads.

Markdown and tables escape what they show: a name can never break a table row or inject markup.
Codes of the model (buying roles, stances, seniority …) are shown in words; plain-text tables
wrap long cells instead of cutting them, and measure text by its display width, so a Chinese
name (two columns a character) keeps its column aligned.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from wcwidth import wcswidth, wcwidth

from powermap.i18n import N_, format_percent, listing
from powermap.report.words import (_, code_words, role_words, roles_words, severity_words,
                                   status_words)

#: lists whose items are each a report of their own (one per account, scope or deal)
SCOPE_KEYS = ("accounts", "scopes", "opportunities")
#: headings in words for the lists of the reports (a key not here is shown as it is, its
#: underscores as spaces)
HEADINGS = {
    "new_findings": N_("New risks"),
    "lost_with_person": N_("Coverage lost with the person"),
    "resolved_findings": N_("Findings really resolved"),
    "threads_lost": N_("Relationships that leave with the person"),
    "roles_changed": N_("Roles whose coverage changes"),
    "apart": N_("Deals left apart"), "bands": N_("Bands"),
    "by_competitor": N_("By competitor"), "chain": N_("Decision chain"),
    "closed": N_("Closed deals"), "departures_that_cut": N_("Departures that cut us off"),
    "departures_that_cut_after": N_("Departures that cut us off afterwards"),
    "findings": N_("Findings"), "held": N_("Competitor-held people"),
    "holds": N_("Holds"), "newly_single_threaded": N_("Newly single-threaded"),
    "newly_unreachable_decision_makers": N_("Decision makers no longer reachable"),
    "newly_without_thread": N_("Newly without a relationship"),
    "no_thread": N_("Without a relationship"), "paths": N_("Paths"), "people": N_("People"),
    "points": N_("Points"), "power_share": N_("Power share"), "roles": N_("Roles"),
    "rows": N_("Results"), "single_threaded": N_("Single-threaded key people"),
    "sole_threads": N_("Sole relationships"), "stances": N_("Stances"),
    "threads": N_("Relationships"), "tiers": N_("Tiers"),
    "unreachable_decision_makers": N_("Unreachable decision makers"),
    "joined": N_("People who joined"), "left": N_("People who left"),
    "threads_gained": N_("Relationships gained"), "roles_filled": N_("Roles filled"),
    "roles_vacated": N_("Roles vacated"),
}
#: column names in words, for the keys of the reports' rows (JSON keeps the keys)
COLUMNS = {
    "account_count": N_("accounts"), "accounts": N_("accounts"), "action": N_("next step"),
    "advisor": N_("advisor"), "after": N_("after"), "band": N_("band"),
    "before": N_("before"), "best": N_("best"), "bucket": N_("bucket"),
    "change": N_("change"), "closed_on": N_("closed on"), "competitor": N_("competitor"),
    "competitor_to_customer": N_("competitor to customer"), "current": N_("current"),
    "customers": N_("customers"), "date": N_("date"), "decision_makers": N_("decision makers"),
    "direction": N_("direction"), "edges": N_("links"), "employers": N_("employers"),
    "evidence": N_("evidence"), "from_org": N_("from"), "gained": N_("gained"),
    "groups": N_("groups"), "id": N_("id"), "introduction": N_("introduction"),
    "joined_on": N_("joined on"), "kpis": N_("KPIs"), "left_on": N_("left on"),
    "lost": N_("lost"), "name": N_("name"), "opportunity": N_("opportunity"),
    "opposes_in": N_("opposes us in"), "people": N_("people"), "person": N_("person"),
    "power": N_("power"), "question": N_("question"), "reason": N_("reason"),
    "risks": N_("risks"), "role": N_("role"), "roles": N_("roles"), "safe": N_("safe"),
    "score": N_("score"), "severity": N_("severity"), "staff": N_("staff"),
    "strength": N_("strength"), "strong": N_("strong"), "supports_in": N_("supports us in"),
    "threads_left": N_("relationships left"), "tier": N_("tier"), "title": N_("title"),
    "to_org": N_("to"), "weak": N_("weak"), "support": N_("support"), "basis": N_("basis"),
    "threads": N_("relationships"), "held_by": N_("held by"), "quadrant": N_("quadrant"),
    "stance": N_("stance"), "status": N_("status"), "seniority": N_("seniority"),
    "type": N_("type"), "source": N_("source"), "as_of": N_("as of"), "kind": N_("kind"),
}
#: columns of findings that only programs read (the JSON keeps them)
FINDING_CODE_COLUMNS = ("kind", "points", "key")
#: widest a plain-text table column grows before its cells wrap
TABLE_COLUMN_WIDTH = 40


def to_json(report: Any, compact: bool = False) -> str:
    """JSON with dates as ISO strings. Indented for people (the CLI, downloads); ``compact``
    for programs (the API's answers): no whitespace, and several times faster, since only
    then can Python use its C encoder (a 300-person account map: 680 → 420 KB)."""
    if compact:
        return json.dumps(report, ensure_ascii=False, default=_default, separators=(",", ":"))
    return json.dumps(report, indent=2, ensure_ascii=False, default=_default)


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value)
    if hasattr(value, "iso_format"):
        return value.iso_format()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def md_escape(text: Any) -> str:
    """Text safe inside Markdown (and the HTML it becomes): escapes markup characters.

    >>> md_escape("<img src=x onerror=alert(1)> | *bold*")
    '&lt;img src=x onerror=alert(1)&gt; \\\\| \\\\*bold\\\\*'
    """
    s = "" if text is None else str(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|#":
        s = s.replace(ch, "\\" + ch)
    return s.replace("\n", " ")


def cell(value: Any) -> str:
    """One value as short text: a name for a dict, names joined for a list."""
    if value is None:
        return ""
    if isinstance(value, dict):
        if "name" in value:
            return str(value["name"])
        return listing(_("%(key)s: %(value)s", key=column_words(k), value=cell(v))
                       for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return listing(cell(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def sections(report: dict, title: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """A report as (heading, columns, rows) tables: every list of dicts becomes a table,
    looking one level into lists of scopes and accounts."""
    out = []

    def walk(node: dict, heading: str) -> None:
        for key, value in node.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                if key in SCOPE_KEYS:
                    for v in value:
                        name = cell(v.get("account") or v.get("opportunity") or v.get("name")
                                    or v.get("id"))
                        walk(v, f"{heading} — {name}")
                    continue
                columns = list(dict.fromkeys(k for v in value for k in v))
                names = [column_words(c) for c in columns]
                if "severity" in columns and "title" in columns:
                    # findings: their kind is a code, points and key are for programs, and
                    # their title is the finding's, not a job title
                    columns = [c for c in columns if c not in FINDING_CODE_COLUMNS]
                    names = [_("finding") if c == "title" else column_words(c) for c in columns]
                rows = [[cell(code_words(c, v.get(c))) for c in columns] for v in value]
                out.append((_("%(heading)s: %(list)s", heading=heading, list=_heading(key)),
                            names, rows))
            elif isinstance(value, list) and not value:
                out.append((_("%(heading)s: %(list)s", heading=heading, list=_heading(key)),
                            [], []))
    walk(report, title)
    return out


def _heading(key: str) -> str:
    return _(HEADINGS[key]) if key in HEADINGS else key.replace("_", " ")


def column_words(key: str) -> str:
    """A row key as a column name in the language in force.

    >>> column_words("held_by"), column_words("made_up")
    ('held by', 'made up')
    """
    return _(COLUMNS[key]) if key in COLUMNS else key.replace("_", " ")


def to_markdown(report: dict, title: str) -> str:
    lines = [f"# {md_escape(title)}", ""]
    for heading, columns, rows in sections(report, title):
        lines += [f"## {md_escape(heading.removeprefix(title).lstrip(' —:：'))}", ""]
        if not rows:
            lines += [_("(none)"), ""]
            continue
        lines.append("| " + " | ".join(md_escape(c) for c in columns) + " |")
        lines.append("|" + "---|" * len(columns))
        lines += ["| " + " | ".join(md_escape(v) for v in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


def to_table(report: dict, title: str) -> str:
    lines = [title, "=" * display_width(title)]
    for heading, columns, rows in sections(report, title):
        lines += ["", heading]
        if not rows:
            lines.append("  " + _("(none)"))
            continue
        lines.append(render_table(columns, rows))
    return "\n".join(lines)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: 2 for a CJK character, 0 for a combining mark.

    >>> display_width("王丽 Li")
    7
    """
    width = wcswidth(text)
    # wcswidth is -1 for a control character; count those as one column each
    return width if width >= 0 else sum(max(wcwidth(c), 1) for c in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` display columns."""
    return text + " " * max(0, width - display_width(text))


#: a piece of text a line may end after: one CJK character (with the full-width punctuation
#: that must not start a line after it, and an opening bracket or quote that must not end one
#: before it), a run of other non-space characters, or spaces
_PIECES = re.compile(r"[\uff08\u201c\u300c\u3010]*"
                     r"[\u2e80-\u9fff\uf900-\ufaff][\u3001\u3002\uff0c\uff1a\uff1b\uff09"
                     r"\uff01\uff1f\u201d\u300d\u3011]*"
                     r"|[^\s\u2e80-\u9fff\uf900-\ufaff]+|\s+")


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` display columns: at spaces, and between
    two Chinese characters (Chinese has no spaces), never before a full-width comma or stop;
    inside a word only where it must.

    >>> wrap("Dora Decider is reached through Ann alone", 16)
    ['Dora Decider is', 'reached through', 'Ann alone']
    >>> wrap("王丽是决策者", 4)
    ['王丽', '是决', '策者']
    >>> wrap("强度 2（有接触），由王丽记录。", 10)
    ['强度 2（有', '接触），由', '王丽记录。']
    """
    text = " ".join(text.replace("\n", " ").split())
    lines: list[str] = []
    line = ""
    for piece in _PIECES.findall(text):
        if piece.isspace():
            if line and display_width(line) < width:
                line += " "
            continue
        if display_width(line + piece) <= width:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        for ch in piece:   # a piece wider than the column: break it by character
            if display_width(line + ch) > width and line:
                lines.append(line)
                line = ""
            line += ch
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def render_table(columns: list[str], rows: list[list[str]],
                 max_width: int = TABLE_COLUMN_WIDTH) -> str:
    """A plain-text table: each column as wide as its widest cell up to ``max_width`` display
    columns; longer cells wrap onto more lines (nothing is cut off).

    >>> print(render_table(["name", "role"], [["王丽", "decision maker"]], 8))
    name  role
    ----  --------
    王丽  decision
          maker
    """
    widths = [min(max_width, max(display_width(c), *(max(display_width(w) for w in
                                                          wrap(r[i], max_width)) for r in rows)))
              for i, c in enumerate(columns)]
    out = ["  ".join(pad(c, w) for c, w in zip(columns, widths)).rstrip(),
           "  ".join("-" * w for w in widths)]
    for row in rows:
        cells = [wrap(v, w) for v, w in zip(row, widths)]
        for i in range(max(len(c) for c in cells)):
            out.append("  ".join(pad(c[i] if i < len(c) else "", w)
                                 for c, w in zip(cells, widths)).rstrip())
    return "\n".join(out)


def gap_report_markdown(report: dict) -> str:
    """The printable gap report: summary first, then findings by severity, all in words."""
    o, c, s = report["opportunity"], report["customer"], report["summary"]
    e = md_escape
    # every _() stands outside the f-strings: pybabel does not look inside them
    title = _("Gap report: %(opportunity)s", opportunity=o["name"])
    competitors = listing(x["name"] for x in report["competitors"]) or _("none known")
    intro = _("Customer %(customer)s (tier %(tier)s), stage %(stage)s, role template "
              "%(template)s. Competitors bidding: %(competitors)s. Generated on %(date)s.",
              customer=c["name"], tier=c.get("tier") or "-", stage=o.get("stage") or "-",
              template=report["template"]["kind"], competitors=competitors,
              date=cell(report["generated_on"]))
    lines = [f"# {e(title)}", "", e(intro), "",
             "## " + _("Summary"), "", "### " + _("Roles"), "",
             _row([_("role"), _("people"), _("status")]), "|---|---|---|"]
    for r in s["roles"]:
        lines.append(_row([e(role_words(r["role"])),
                           e(listing(p["name"] for p in r["people"]) or "—"),
                           e(status_words(r["status"]))]))
    share = s["power_share"]
    lines += ["", "### " + _("Share of decision power"), "",
              _row([_("supports us"), _("neutral or unknown"), _("opposes us"),
                    _("held by a competitor")]),
              "|---|---|---|---|",
              _row([format_percent(share[k]) for k in
                    ("supports", "neutral", "opposes", "competitor_held")]),
              "", "### " + _("Threads per key person"), "",
              _row([_("person"), _("roles"), _("threads")]), "|---|---|---|"]
    for k in s["key_people"]:
        lines.append(_row([e(k["name"]), e(roles_words(k["roles"])), str(k["threads"])]))
    lines += ["", "### " + _("Brokers"), ""]
    brokers = s.get("brokers") or []
    if not brokers:
        lines.append(_("Nobody bridges separate groups of the account."))
    for b in brokers:
        constraint = f"{b['constraint']:.2f}" if b["constraint"] is not None else _("n/a")
        lines.append("- " + e(_("%(text)s (betweenness %(betweenness)s, constraint "
                                "%(constraint)s)", text=b["text"],
                                betweenness=f"{b['betweenness']:.2f}", constraint=constraint)))
    counts = s["findings_by_severity"]
    lines += ["", "## " + _("Findings"), "",
              " · ".join(_("%(count)d %(severity)s", count=n, severity=severity_words(sev))
                         for sev, n in counts.items()), ""]
    for i, f in enumerate(report["findings"], start=1):
        people = listing(p["name"] for p in f["people"])
        heading = _("%(severity)s: %(title)s", severity=severity_words(f["severity"]),
                    title=f["title"])
        lines += [f"### {i}. {e(heading)}", ""]
        if f["role"] or people:
            lines.append("- " + e(_("Role: %(role)s. People: %(people)s.",
                                    role=roles_words(f["role"]), people=people or "—")))
        for p in f.get("points") or ():
            lines.append("- " + e(_("%(severity)s: %(title)s",
                                    severity=severity_words(p["severity"]), title=p["title"])))
        for ev in f["evidence"]:
            lines.append("- " + e(_("Evidence: %(evidence)s", evidence=ev)))
        lines += ["- **" + e(_("Next step: %(action)s", action=f["action"])) + "**", ""]
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    """One Markdown table row of cells that are already escaped (or are our own words)."""
    return "| " + " | ".join(cells) + " |"


def gap_report_table(report: dict) -> str:
    """The gap report for a terminal: the role table, then each finding as wrapped lines."""
    o, c, s = report["opportunity"], report["customer"], report["summary"]
    title = _("Gap report: %(opportunity)s", opportunity=o["name"])
    lines = [title, "=" * display_width(title),
             *wrap(_("Customer %(customer)s, generated on %(date)s.", customer=c["name"],
                     date=cell(report["generated_on"])), 78), "",
             render_table([_("role"), _("status"), _("people")],
                          [[role_words(r["role"]), status_words(r["status"]),
                            ", ".join(p["name"] for p in r["people"]) or "—"]
                           for r in s["roles"]]), ""]
    for i, f in enumerate(report["findings"], start=1):
        lines += wrap(f"{i}. " + _("%(severity)s: %(title)s",
                                   severity=severity_words(f["severity"]), title=f["title"]), 78)
        for text in ([_("%(severity)s: %(title)s", severity=severity_words(p["severity"]),
                        title=p["title"]) for p in f.get("points") or ()]
                     + [_("Evidence: %(evidence)s", evidence=ev) for ev in f["evidence"]]
                     + [_("Next step: %(action)s", action=f["action"])]):
            lines += ["   " + line for line in wrap(text, 75)]
        lines.append("")
    return "\n".join(lines)
