"""Reports as JSON, Markdown or a plain-text table: what the CLI prints and the web downloads.

Markdown and tables escape what they show: a name can never break a table row or inject markup.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

#: lists whose items are each a report of their own (one per account, scope or deal)
SCOPE_KEYS = ("accounts", "scopes", "opportunities")


def to_json(report: Any) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, default=_default, sort_keys=False)


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
        return ", ".join(f"{k}: {cell(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
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
                rows = [[cell(v.get(c)) for c in columns] for v in value]
                out.append((f"{heading}: {key.replace('_', ' ')}", columns, rows))
            elif isinstance(value, list) and not value:
                out.append((f"{heading}: {key.replace('_', ' ')}", [], []))
    walk(report, title)
    return out


def to_markdown(report: dict, title: str) -> str:
    lines = [f"# {md_escape(title)}", ""]
    for heading, columns, rows in sections(report, title):
        lines += [f"## {md_escape(heading.removeprefix(title).lstrip(' —:'))}", ""]
        if not rows:
            lines += ["(none)", ""]
            continue
        lines.append("| " + " | ".join(md_escape(c) for c in columns) + " |")
        lines.append("|" + "---|" * len(columns))
        lines += ["| " + " | ".join(md_escape(v) for v in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


def to_table(report: dict, title: str) -> str:
    lines = [title, "=" * len(title)]
    for heading, columns, rows in sections(report, title):
        lines += ["", heading]
        if not rows:
            lines.append("  (none)")
            continue
        widths = [min(40, max(len(c), *(len(r[i]) for r in rows))) for i, c in enumerate(columns)]
        fmt = "  ".join(f"{{:<{w}}}" for w in widths)
        lines.append(fmt.format(*columns))
        lines.append(fmt.format(*("-" * w for w in widths)))
        for row in rows:
            lines.append(fmt.format(*(_clip(v, w) for v, w in zip(row, widths))))
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def gap_report_markdown(report: dict) -> str:
    """The printable gap report: summary first, then findings by severity."""
    o, c, s = report["opportunity"], report["customer"], report["summary"]
    e = md_escape
    lines = [f"# Gap report: {e(o['name'])}", "",
             f"**Customer:** {e(c['name'])} (tier {e(c.get('tier') or '-')}) · "
             f"**Stage:** {e(o.get('stage') or '-')} · **Template:** {e(report['template']['kind'])} · "
             f"**Competitors:** {e(', '.join(x['name'] for x in report['competitors']) or 'none known')} · "
             f"**Generated:** {e(cell(report['generated_on']))}", "",
             "## Summary", "", "### Roles", "", "| role | people | status |", "|---|---|---|"]
    for r in s["roles"]:
        lines.append(f"| {e(r['role'].replace('_', ' '))} | "
                     f"{e(', '.join(p['name'] for p in r['people']) or '—')} | {e(r['status'])} |")
    share = s["power_share"]
    lines += ["", "### Share of decision power", "",
              "| supports us | neutral or unknown | opposes us | held by a competitor |",
              "|---|---|---|---|",
              "| " + " | ".join(f"{share[k] * 100:.0f} %" for k in
                               ("supports", "neutral", "opposes", "competitor_held")) + " |",
              "", "### Threads per key person", "", "| person | roles | threads |", "|---|---|---|"]
    for k in s["key_people"]:
        lines.append(f"| {e(k['name'])} | {e(', '.join(k['roles']))} | {k['threads']} |")
    lines += ["", "### Brokers", ""]
    brokers = s.get("brokers") or []
    if not brokers:
        lines.append("Nobody bridges separate groups of the account.")
    for b in brokers:
        lines.append(f"- {e(b['text'])} (betweenness {b['betweenness']:.2f}, constraint "
                     + (f"{b['constraint']:.2f})" if b["constraint"] is not None else "n/a)"))
    counts = s["findings_by_severity"]
    lines += ["", "## Findings", "",
              " · ".join(f"{n} {sev}" for sev, n in counts.items()), ""]
    for i, f in enumerate(report["findings"], start=1):
        people = ", ".join(p["name"] for p in f["people"])
        lines += [f"### {i}. [{f['severity']}] {e(f['title'])}", "",
                  f"- **Kind:** {e(f['kind'])}" + (f" · **Role:** {e(f['role'])}" if f["role"] else "")
                  + (f" · **People:** {e(people)}" if people else ""),
                  *(f"- **Evidence:** {e(ev)}" for ev in f["evidence"]),
                  f"- **Next step:** {e(f['action'])}", ""]
    return "\n".join(lines)
