"""Relationship KPIs drawn and printed: the trend of one account or opportunity as small line
charts (one SVG per figure), and the trend, the portfolio and the win/loss table as text.

The SVG is written by hand like ``viz.quadrants``: no script, no style sheet, no font or file
from anywhere (presentation attributes only), every text escaped.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from powermap.history.kpi import FIVE_MEANS, HEADLINE, LABELS, RATIOS
from powermap.i18n import N_, _, translate
from powermap.viz.text import md_escape

#: the kinds of activity in words (the five means first)
ACTIVITY_WORDS = {"company_visit": N_("company visit"), "reference_visit": N_("reference visit"),
                  "onsite_meeting": N_("onsite meeting"),
                  "technical_exchange": N_("technical exchange"),
                  "management_research": N_("management research"), "meeting": N_("meeting"),
                  "call": N_("call"), "email": N_("email"), "meal": N_("meal")}

#: the shares of power in words
SHARE_WORDS = {"supports": N_("supports us"), "neutral": N_("neutral"),
               "opposes": N_("opposes us"), "competitor_held": N_("competitor-held")}

GOOD, BAD, FLAT = "#1b7f3b", "#c0392b", "#555555"
LINE = "#2c6fbb"


def value_text(key: str, value: Any) -> str:
    """A figure as a person reads it: shares as whole percentages, the rest as numbers."""
    if value is None:
        return "—"
    if key in RATIOS:
        return f"{round(value * 100)} %"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


#: the KPIs' names as ``history.kpi.LABELS`` has them, marked here so the catalog has them
#: whoever shows them (the same English sentence is one catalog entry)
FIGURE_WORDS = {
    "key_coverage": N_("Key people covered"),
    "threads_per_key_person": N_("Threads per key person"),
    "single_points": N_("Single points of contact"),
    "chain_completeness": N_("Chain completeness"), "supports": N_("Power that supports us"),
    "competitor_held": N_("Power held by competitors"),
    "five_means": N_("Five-means activities"), "key_relationships": N_("Key relationships"),
    "universal_relationships": N_("Universal relationships"),
    "organizational_relationships": N_("Organizational relationships"),
}


def figure_words(key: str) -> str:
    """A KPI's name in the language in force.

    >>> figure_words("key_coverage")
    'Key people covered'
    """
    return translate(FIGURE_WORDS.get(key) or LABELS[key])


def activity_words(kind: str) -> str:
    return translate(ACTIVITY_WORDS[kind]) if kind in ACTIVITY_WORDS else kind.replace("_", " ")


def arrow_color(change: dict) -> str:
    """Green when the figure moved the good way, red the bad way, grey when it held."""
    if change["arrow"] in ("→", "—"):
        return FLAT
    rose = change["arrow"] == "↑"
    return GOOD if rose == change["better"] else BAD


# -- SVG ---------------------------------------------------------------------------------------

PANEL_W, PANEL_H = 300, 150
PAD_L, PAD_R, PAD_T, PAD_B = 44, 24, 30, 30


def trend_panels(trend: dict) -> list[str]:
    """The headline figures of a trend, one small self-contained SVG line chart each (the page
    lays them out in a grid that wraps on a narrow screen, so the text keeps its size)."""
    points = [p for p in trend["points"] if p["kpis"] is not None]
    name = trend["subject"]["name"]
    panels = []
    for key in HEADLINE:
        title = _("%(figure)s of %(name)s", figure=figure_words(key), name=name)
        panels.append("\n".join([
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{PANEL_W}" height="{PANEL_H}" '
            f'viewBox="0 0 {PANEL_W} {PANEL_H}" role="img" aria-label={quoteattr(title)} '
            'font-family="sans-serif">', f"<title>{escape(title)}</title>",
            f'<rect width="{PANEL_W}" height="{PANEL_H}" fill="#ffffff"/>',
            *_panel(key, points, 0, 0), "</svg>"]))
    return panels


def _panel(key: str, points: list[dict], x0: int, y0: int) -> list[str]:
    values = [p["kpis"][key] for p in points]
    out = [f'<g transform="translate({x0},{y0})">',
           f'<text x="{PAD_L}" y="18" font-size="13" font-weight="bold" fill="#222">'
           f"{escape(figure_words(key))}</text>"]
    inner_w, inner_h = PANEL_W - PAD_L - PAD_R, PANEL_H - PAD_T - PAD_B
    top = 1.0 if key in RATIOS else max([1.0, *values]) if values else 1.0
    out.append(f'<rect x="{PAD_L}" y="{PAD_T}" width="{inner_w}" height="{inner_h}" '
               'fill="#f7f7f7" stroke="#dddddd"/>')
    for frac in (0.0, 0.5, 1.0):
        y = PAD_T + inner_h * (1 - frac)
        out.append(f'<text x="{PAD_L - 4}" y="{y + 4:.1f}" font-size="10" fill="#666" '
                   f'text-anchor="end">{escape(value_text(key, top * frac if key in RATIOS else round(top * frac, 1)))}</text>')
    if not values:
        nothing = _("Nothing recorded in this range.")
        out.append(f'<text x="{PAD_L + 8}" y="{PAD_T + 20}" font-size="11" fill="#666">'
                   f"{escape(nothing)}</text></g>")
        return out
    step = inner_w / max(len(values) - 1, 1)
    xy = [(PAD_L + (i * step if len(values) > 1 else inner_w / 2),
           PAD_T + inner_h * (1 - (v / top if top else 0))) for i, v in enumerate(values)]
    out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
               % (LINE, " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)))
    labels_every = max(1, (len(values) + 5) // 6)   # at most about six date labels
    last = len(values) - 1
    for i, ((x, y), p) in enumerate(zip(xy, points)):
        shown = value_text(key, values[i])
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{LINE}">'
                   f"<title>{escape(str(p['date']))}: {escape(shown)}</title></circle>")
        if (last - i) % labels_every == 0:          # counted back from the latest point
            out.append(f'<text x="{x:.1f}" y="{PANEL_H - PAD_B + 14}" font-size="10" '
                       f'fill="#666" text-anchor="middle">{escape(str(p["date"])[:7])}</text>')
    last_x, last_y = xy[-1]
    out.append(f'<text x="{min(last_x, PANEL_W - PAD_R - 2):.1f}" y="{max(last_y - 6, PAD_T + 10):.1f}" '
               f'font-size="11" font-weight="bold" fill="#222" text-anchor="end">'
               f"{escape(value_text(key, values[-1]))}</text>")
    out.append("</g>")
    return out


# -- text ------------------------------------------------------------------------------------

def trend_table(trend: dict) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a trend: one row per period end."""
    header = [_("Period end"), *(figure_words(k) for k in HEADLINE), _("Power share"),
              _("Competitors (held / supports)"), _("Activities (five means first)")]
    rows = []
    for p in trend["points"]:
        k = p["kpis"]
        if k is None:
            rows.append([str(p["date"]), *(["—"] * (len(header) - 1))])
            continue
        share = ", ".join(f"{translate(SHARE_WORDS.get(name, name))} {value_text('supports', v)}"
                          for name, v in k["power_share"].items())
        rivals = ", ".join(f"{c['name']} {value_text('supports', c['held'])} / "
                           f"{value_text('supports', c['supports'])}" for c in k["competitors"])
        acts = ", ".join(f"{activity_words(kind)} {n}" for kind, n in k["activities"].items()
                         if n or kind in FIVE_MEANS)
        rows.append([str(p["date"]), *(value_text(key, k[key]) for key in HEADLINE), share,
                     rivals or _("none"), acts])
    return header, rows


def portfolio_table(result: dict) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the portfolio: one row per account, this period with its arrow."""
    header = [_("Tier"), _("Account"), *(figure_words(k) for k in HEADLINE)]
    rows = []
    for tier in result["tiers"]:
        for row in tier["accounts"]:
            rows.append([tier["tier"], str(row["account"]["name"]),
                         *(_("%(now)s %(arrow)s (was %(before)s)", now=value_text(k, c["now"]),
                             arrow=c["arrow"], before=value_text(k, c["before"]))
                           for k, c in row["changes"].items())])
    return header, rows


def outcomes_table(report: dict) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the win/loss table: one row per band and answer."""
    header = [_("Question"), _("Group"), _("Deals"), _("Won"), _("Lost"), _("Win rate"), _("Note")]
    rows = []
    for band in report["bands"]:
        for g in band["groups"]:
            rows.append([band["question"], g["label"], str(g["deals"]), str(g["won"]),
                         str(g["lost"]), value_text("supports", g["win_rate"]), g["note"] or ""])
    return header, rows


def render(header: list[str], rows: list[list[str]], fmt: str, title: str,
           notes: list[str] = ()) -> str:
    """A table as Markdown (escaped) or plain text (one line per row, columns separated by
    two spaces: wide tables read best piped into ``column`` or a spreadsheet)."""
    if fmt == "md":
        out = [f"# {md_escape(title)}", ""]
        out.append("| " + " | ".join(md_escape(h) for h in header) + " |")
        out.append("|" + "---|" * len(header))
        out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
        out += [""] + [md_escape(n) for n in notes]
        return "\n".join(out)
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([title, "", line(header), line(["-" * w for w in widths]),
                      *(line(r) for r in rows), "", *notes]).rstrip()
