"""The relationship assessment chart (客户关系评估图): power against support, in four regions
that each say what to do.

- x: power (0–100, ``analysis.power``); y: support, from opponent (−2) to champion (+2): the
  recorded stance, or else the estimate of the gap report (drawn hollow and dashed: an estimate
  is not a fact), or neutral with a "?" when nothing is known;
- the ring around a bubble is our coverage, as on the power map: a red dashed ring when nobody
  of ours has a thread (strength ≥ 2), one thin ring for a single thread, a thick double ring
  for two or more;
- a purple flag marks a person held by a competitor.

The right half (power ≥ ``POWER_SPLIT``) is split by support into key supporters (keep them
close and use them), powerful neutrals (develop them) and powerful opponents (convert them); the
left half is everyone else (keep them informed). The bands follow the stance words of an
estimated score (supporter from +0.5, skeptic below −0.5).

``chart_of_report`` and ``chart_of_reports`` turn gap reports (as dicts) into the chart's data,
the JSON the API serves; ``render_svg`` draws it as a self-contained SVG written by hand: no
script, no style sheet, no font or file from anywhere (presentation attributes only, so the
page's Content-Security-Policy needs no exception), every name escaped.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Iterable
from xml.sax.saxutils import escape, quoteattr

from powermap.analysis.algorithms import STANCE_SCORE
from powermap.i18n import N_, _, format_number, translate
from powermap.report.words import role_words, stance_words

#: people at or above this power sit in the right half
POWER_SPLIT = 50.0
#: support bands of the right half (the stance thresholds of an estimated score)
SUPPORT_HIGH = 0.5
SUPPORT_LOW = -0.5

#: the regions, in English (the JSON and the SVG give them in the language in force)
QUADRANTS = {
    "key_supporters": {"label": N_("Key supporters"),
                       "action": N_("Keep them close and use them.")},
    "powerful_neutrals": {"label": N_("Powerful neutrals"), "action": N_("Develop them.")},
    "powerful_opponents": {"label": N_("Powerful opponents"), "action": N_("Convert them.")},
    "the_rest": {"label": N_("Everyone else"), "action": N_("Keep them informed.")},
}

STANCE_COLORS = {"champion": "#1b9e3e", "supporter": "#5cc26e", "neutral": "#b0b0b0",
                 "skeptic": "#f28c28", "opponent": "#d62728", None: "#b0b0b0"}
HELD_COLOR = "#8e44ad"
NO_CONTACT_COLOR = "#d62728"


def quadrant_of(power: float, support: float) -> str:
    """The region a person falls in.

    >>> [quadrant_of(80, 2), quadrant_of(80, 0), quadrant_of(80, -1), quadrant_of(20, 2)]
    ['key_supporters', 'powerful_neutrals', 'powerful_opponents', 'the_rest']
    """
    if power < POWER_SPLIT:
        return "the_rest"
    if support >= SUPPORT_HIGH:
        return "key_supporters"
    if support > SUPPORT_LOW:
        return "powerful_neutrals"
    return "powerful_opponents"


def _point(member: dict) -> dict:
    """One decision-chain member of a gap report (``members[i]``) as a point of the chart."""
    inferred = member.get("inferred_stance") or {}
    if member.get("stance"):
        support, basis, stance = STANCE_SCORE[member["stance"]], "recorded", member["stance"]
        confidence = None
    elif inferred.get("confidence"):
        support, basis, stance = float(inferred["score"]), "estimated", inferred["stance"]
        confidence = inferred["confidence"]
    else:
        support, basis, stance, confidence = 0.0, "unknown", None, None
    coverage = member.get("coverage") or []
    strengths = sorted((c["strength"] for c in coverage if c.get("strength")), reverse=True)
    threads = member.get("threads")
    threads = len(threads) if isinstance(threads, list) else (threads or 0)
    power = float(member.get("power") or 0.0)
    return {
        "id": member["id"], "name": member["name"], "title": member.get("title"),
        "roles": list(member.get("roles") or []), "power": power,
        "support": round(max(-2.0, min(2.0, support)), 3), "basis": basis, "stance": stance,
        "confidence": confidence, "threads": threads, "strongest": strengths[0] if strengths else 0,
        "held_by": sorted({h.get("competitor_name") or h.get("competitor") or _("a competitor")
                           for h in member.get("held_by") or []}),
        "quadrant": quadrant_of(power, support),
    }


def _chart(scope: dict, points: list[dict], note: str | None = None) -> dict:
    points.sort(key=lambda p: (-p["power"], p["name"], p["id"]))
    counts = {k: sum(1 for p in points if p["quadrant"] == k) for k in QUADRANTS}
    return {"scope": scope,
            "axes": {"x": {"name": "power", "min": 0, "max": 100, "split": POWER_SPLIT},
                     "y": {"name": "support", "min": -2, "max": 2,
                           "bands": [SUPPORT_LOW, SUPPORT_HIGH]}},
            "quadrants": [{"key": k, "label": translate(v["label"]), "action": translate(v["action"]),
                           "people": counts[k]} for k, v in QUADRANTS.items()],
            "people": points, "note": note}


def chart_of_report(report: dict) -> dict:
    """The chart of one opportunity, from its gap report (``GapReport.as_dict()``): every
    current member of its decision chain.

    >>> member = {"id": "p", "name": "Dora", "roles": ["decision_maker"], "stance": None,
    ...           "power": 81.0, "threads": 0, "coverage": [], "held_by": [],
    ...           "inferred_stance": {"stance": "supporter", "score": 0.8, "confidence": 0.5}}
    >>> report = {"opportunity": {"id": "o", "name": "Deal"}, "customer": {"name": "Acme"},
    ...           "members": [member]}
    >>> p = chart_of_report(report)["people"][0]
    >>> p["basis"], p["support"], p["quadrant"]
    ('estimated', 0.8, 'key_supporters')
    """
    o = report["opportunity"]
    points = [_point(m) for m in report["members"] if not m.get("left_customer")]
    return _chart({"kind": "opportunity", "id": o["id"], "name": o["name"],
                   "customer": report["customer"]["name"]}, points)


def chart_of_reports(account: dict, reports: Iterable[dict]) -> dict:
    """The chart of one account, from the gap reports of its open opportunities. A person in
    several opportunities is one bubble: their highest power and their least supportive
    support, so a hostile stance in one deal is never hidden by a friendly one in another
    (the chart's note says so)."""
    merged: dict[str, dict] = {}
    deals: dict[str, list[str]] = {}
    for report in reports:
        for p in chart_of_report(report)["people"]:
            deals.setdefault(p["id"], []).append(report["opportunity"]["name"])
            old = merged.get(p["id"])
            if old is None:
                merged[p["id"]] = p
                continue
            worse = p if (p["support"], p["basis"] != "recorded") < \
                (old["support"], old["basis"] != "recorded") else old
            merged[p["id"]] = {**worse, "power": max(p["power"], old["power"]),
                               "roles": sorted(set(p["roles"]) | set(old["roles"])),
                               "held_by": sorted(set(p["held_by"]) | set(old["held_by"]))}
    points = []
    for pid, p in merged.items():
        p = {**p, "opportunities": deals[pid]}
        p["quadrant"] = quadrant_of(p["power"], p["support"])
        points.append(p)
    note = _("A person in several open opportunities is placed by their highest power and "
             "their least supportive stance.")
    return _chart({"kind": "account", "id": account["id"], "name": account["name"],
                   "customer": account["name"]}, points, note)


# --- drawing ------------------------------------------------------------------------------

WIDTH, HEIGHT = 960, 680
#: the right margin holds the titles of the three right-hand bands, the top one the left
#: half's: region titles never sit where a bubble can be
LEFT, RIGHT, TOP, BOTTOM = 78, 190, 64, 150
#: the plotted ranges reach a little beyond the values, so nobody sits on the frame
X_RANGE = (-4.0, 104.0)
Y_RANGE = (-2.35, 2.35)
FONT = 12
RADIUS = 8
MAX_LABEL = 26


def _text_width(text: str, size: float = FONT) -> float:
    """Estimated width of ``text`` in pixels: wide (CJK) characters take a full em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.6 * size for c in text)


def _short(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"


def _x(power: float) -> float:
    v = max(0.0, min(100.0, power))
    return LEFT + (v - X_RANGE[0]) / (X_RANGE[1] - X_RANGE[0]) * (WIDTH - LEFT - RIGHT)


def _y(support: float) -> float:
    v = max(-2.0, min(2.0, support))
    return TOP + (Y_RANGE[1] - v) / (Y_RANGE[1] - Y_RANGE[0]) * (HEIGHT - TOP - BOTTOM)


def _overlap(a: tuple, b: tuple) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _spread(points: list[dict]) -> list[tuple[float, float]]:
    """Bubble centres. A bubble that would touch one already placed (people at nearly the same
    power and support) moves out along a spiral around its true place until it is free, so
    every bubble and its ring stays visible; the most powerful keep their exact place."""
    free = 2 * RADIUS + 8  # two bubbles with their coverage rings just apart
    pad = RADIUS + 5
    placed: list[tuple[float, float]] = []
    for p in points:
        cx, cy = _x(p["power"]), _y(p["support"])
        # a bubble never leaves its own region: moving it must not change what it says
        x0, y0, x1, y1 = _region(p["quadrant"])
        x_lo, x_hi = min(cx, x0 + pad), max(cx, x1 - pad)
        y_lo, y_hi = min(cy, y0 + pad), max(cy, y1 - pad)
        x, y, k = cx, cy, 0
        while any((x - a) ** 2 + (y - b) ** 2 < free ** 2 for a, b in placed) and k < 2000:
            k += 1
            angle, r = k * 2.39996, 0.45 * free * math.sqrt(k)  # golden-angle spiral
            x = min(x_hi, max(x_lo, cx + r * math.cos(angle)))
            y = min(y_hi, max(y_lo, cy + r * math.sin(angle)))
        placed.append((x, y))
    return placed


def _region(key: str) -> tuple[float, float, float, float]:
    """The pixel rectangle of a region of the chart."""
    left, top, right, bottom = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM
    xs, hi, lo = _x(POWER_SPLIT), _y(SUPPORT_HIGH), _y(SUPPORT_LOW)
    return {"key_supporters": (xs, top, right, hi), "powerful_neutrals": (xs, hi, right, lo),
            "powerful_opponents": (xs, lo, right, bottom),
            "the_rest": (left, top, xs, bottom)}[key]


def _place_labels(points: list[dict], centres: list[tuple[float, float]],
                  obstacles: list[tuple]) -> list[dict]:
    """A position for each name: the first candidate around its bubble that overlaps no other
    label, bubble or region title, or else the least overlapping one, tied to its bubble by a
    leader line. Greedy, most powerful first (they are in that order)."""
    bounds = (LEFT + 2, TOP + 2, WIDTH - RIGHT - 2, HEIGHT - BOTTOM - 2)
    taken = list(obstacles) + [(cx - RADIUS - 4, cy - RADIUS - 4, cx + RADIUS + 4, cy + RADIUS + 4)
                               for cx, cy in centres]
    placed = []
    for p, (cx, cy) in zip(points, centres):
        text = _short(p["name"])
        w, h = _text_width(text), FONT + 2
        gap = RADIUS + 6
        best = None
        for reach in (1.0, 1.8, 2.8, 4.0):
            d = gap * reach
            for dx, dy in ((d, 0), (-d - w, 0), (-w / 2, -d - h / 2), (-w / 2, d + h / 2),
                           (d * 0.7, -d * 0.7), (-d * 0.7 - w, -d * 0.7),
                           (d * 0.7, d * 0.7), (-d * 0.7 - w, d * 0.7)):
                x0, y0 = cx + dx, cy + dy - h / 2
                box = (x0, y0, x0 + w, y0 + h)
                if box[0] < bounds[0] or box[2] > bounds[2] or box[1] < bounds[1] \
                        or box[3] > bounds[3]:
                    continue
                cost = sum(_overlap(box, t) for t in taken)
                if best is None or cost < best[0]:
                    best = (cost, box, reach)
                if cost == 0:
                    break
            if best and best[0] == 0:
                break
        if best is None:  # no candidate inside the plot: put it right of the bubble, clipped
            box = (min(cx + gap, bounds[2] - w), cy - h / 2, min(cx + gap, bounds[2] - w) + w,
                   cy + h / 2)
            best = (0, box, 1.0)
        _cost, box, reach = best
        taken.append(box)
        placed.append({"text": text, "box": box, "leader": reach > 1.0})
    return placed


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _tooltip(p: dict) -> str:
    """Plain text, one whole sentence a line."""
    from powermap.viz.powermap import word_list
    roles = word_list([role_words(r) for r in p["roles"]]) or _("no buying role")
    lines = [_("%(name)s: %(roles)s.", name=p["name"], roles=roles),
             _("Power %(power)s of 100.", power=format_number(float(_num(p["power"]))))]
    if p["basis"] == "recorded":
        lines.append(_("Recorded stance: %(stance)s.", stance=stance_words(p["stance"])))
    elif p["basis"] == "estimated":
        lines.append(_("Estimated stance: %(stance)s (confidence %(confidence)s).",
                       stance=stance_words(p["stance"]),
                       confidence=format_number(round(p["confidence"], 2))))
    else:
        lines.append(_("Stance unknown."))
    lines.append(_("Threads into us: %(n)s.", n=format_number(p["threads"])))
    for c in p["held_by"]:
        lines.append(_("%(name)s is held by %(competitor)s.", name=p["name"], competitor=c))
    return "\n".join(lines)


def layout(chart: dict) -> list[tuple[dict, tuple[float, float], dict]]:
    """(person, bubble centre, label {"text", "box": (x0, y0, x1, y1), "leader"}) for each
    person of the chart, in pixels of the SVG."""
    points = chart["people"]
    centres = _spread(points)
    return list(zip(points, centres, _place_labels(points, centres, [])))


def render_svg(chart: dict) -> str:
    """The chart as a standalone SVG document (text; every name escaped)."""
    out: list[str] = []
    add = out.append
    plot = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)
    xs, ys = _x(POWER_SPLIT), (_y(SUPPORT_HIGH), _y(SUPPORT_LOW))
    scope = chart["scope"]
    title = (_("Relationship assessment of %(name)s", name=scope["name"])
             if scope["kind"] == "account" else
             _("Relationship assessment of %(name)s at %(customer)s", name=scope["name"],
               customer=scope["customer"]))
    add(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" font-family="sans-serif" '
        f'font-size="{FONT}">')
    add(f"<title>{escape(title)}</title>")
    add(f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>')
    add(f'<text x="{LEFT}" y="22" font-size="16" font-weight="bold" fill="#222222">'
        f"{escape(title)}</text>")
    tints = {"key_supporters": "#e8f5e9", "powerful_neutrals": "#f3f3f3",
             "powerful_opponents": "#fdecea", "the_rest": "#eef3f8"}
    regions = {key: (*_region(key), tint) for key, tint in tints.items()}
    for key, (x0, y0, x1, y1, tint) in regions.items():
        add(f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" '
            f'fill="{tint}"/>')
    for key, (x0, y0, x1, y1, _tint) in regions.items():
        q = QUADRANTS[key]
        n = sum(1 for p in chart["people"] if p["quadrant"] == key)
        head = _("%(region)s (%(n)s)", region=translate(q["label"]), n=format_number(n))
        if key == "the_rest":  # above the left half
            tx, ty, anchor = (x0 + x1) / 2, TOP - 22, "middle"
        else:  # in the right margin, beside its band
            tx, ty, anchor = x1 + 12, (y0 + y1) / 2 - 4, "start"
        add(f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}" font-size="13" '
            f'font-weight="bold" fill="#333333">{escape(head)}</text>')
        add(f'<text x="{tx:.1f}" y="{ty + 15:.1f}" text-anchor="{anchor}" font-size="12" '
            f'fill="#444444">{escape(translate(q["action"]))}</text>')
    # axes, ticks and the split lines (the words outside the f-strings, where pybabel finds them)
    power_axis, support_axis = _("Power (0–100) →"), _("Support for us →")
    nobody = _("Nobody is in a decision chain yet.")
    add(f'<rect x="{plot[0]}" y="{plot[1]}" width="{plot[2] - plot[0]}" '
        f'height="{plot[3] - plot[1]}" fill="none" stroke="#999999"/>')
    add(f'<line x1="{xs:.1f}" y1="{plot[1]}" x2="{xs:.1f}" y2="{plot[3]}" stroke="#888888" '
        'stroke-dasharray="4 3"/>')
    for y in ys:
        add(f'<line x1="{xs:.1f}" y1="{y:.1f}" x2="{plot[2]}" y2="{y:.1f}" stroke="#888888" '
            'stroke-dasharray="4 3"/>')
    for v in (0, 25, 50, 75, 100):
        add(f'<text x="{_x(v):.1f}" y="{plot[3] + 16}" text-anchor="middle" '
            f'fill="#555555">{v}</text>')
    add(f'<text x="{(plot[0] + plot[2]) / 2:.1f}" y="{plot[3] + 32}" text-anchor="middle" '
        f'fill="#333333">{escape(power_axis)}</text>')
    for word, score in STANCE_SCORE.items():
        add(f'<text x="{plot[0] - 6}" y="{_y(score) + 4:.1f}" text-anchor="end" '
            f'fill="#555555">{escape(stance_words(word))}</text>')
    add(f'<text x="16" y="{(plot[1] + plot[3]) / 2:.1f}" text-anchor="middle" fill="#333333" '
        f'transform="rotate(-90 16 {(plot[1] + plot[3]) / 2:.1f})">'
        f'{escape(support_axis)}</text>')

    for p, (cx, cy), label in layout(chart):
        add("<g>")
        add(f"<title>{escape(_tooltip(p))}</title>")
        if label["leader"]:
            bx = label["box"][0] if label["box"][0] > cx else label["box"][2]
            by = (label["box"][1] + label["box"][3]) / 2
            add(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{bx:.1f}" y2="{by:.1f}" '
                'stroke="#aaaaaa" stroke-width="0.8"/>')
        add(_bubble(p, cx, cy))
        x0, y0, x1, y1 = label["box"]
        add(f'<text x="{x0:.1f}" y="{y1 - 3:.1f}" fill="#111111">{escape(label["text"])}</text>')
        add("</g>")
    if not chart["people"]:
        add(f'<text x="{(plot[0] + plot[2]) / 2:.1f}" y="{(plot[1] + plot[3]) / 2:.1f}" '
            f'text-anchor="middle" fill="#555555">{escape(nobody)}'
            '</text>')
    _legend(add, plot[3] + 52, chart.get("note"))
    add("</svg>")
    return "\n".join(out) + "\n"


def _bubble(p: dict, cx: float, cy: float) -> str:
    color = STANCE_COLORS.get(p["stance"], STANCE_COLORS[None])
    parts = []
    if p["threads"] == 0:
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{RADIUS + 4}" fill="none" '
                     f'stroke="{NO_CONTACT_COLOR}" stroke-width="2" stroke-dasharray="3 2"/>')
    elif p["threads"] >= 2:
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{RADIUS + 5}" fill="none" '
                     'stroke="#222222" stroke-width="1.5"/>')
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{RADIUS + 2.5}" fill="none" '
                     'stroke="#222222" stroke-width="1.5"/>')
    else:
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{RADIUS + 3}" fill="none" '
                     'stroke="#222222" stroke-width="1"/>')
    if p["basis"] == "recorded":
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{RADIUS}" fill="{color}" '
                     'stroke="#222222" stroke-width="1"/>')
    else:
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{RADIUS - 1}" fill="#ffffff" '
                     f'stroke="{color if p["basis"] == "estimated" else "#777777"}" '
                     'stroke-width="2.5" stroke-dasharray="3 2"/>')
        if p["basis"] == "unknown":
            parts.append(f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" '
                         'font-size="10" font-weight="bold" fill="#555555">?</text>')
    if p["held_by"]:
        fx, fy = cx + RADIUS - 1, cy - RADIUS - 9
        parts.append(f'<line x1="{fx:.1f}" y1="{fy:.1f}" x2="{fx:.1f}" y2="{fy + 11:.1f}" '
                     f'stroke="{HELD_COLOR}" stroke-width="1.5"/>')
        parts.append(f'<path d="M{fx:.1f} {fy:.1f} h9 l-3 3 l3 3 h-9 z" fill="{HELD_COLOR}"/>')
    return "".join(parts)


def _legend(add, top: float, note: str | None) -> None:
    x = LEFT
    heading = _("Legend")
    add(f'<text x="{x}" y="{top}" font-weight="bold" fill="#333333">{escape(heading)}</text>')
    items = [
        ("fill", _("recorded stance (colour: champion, supporter, neutral, skeptic, opponent)")),
        ("hollow", _("estimated stance (dashed outline in the estimated stance's colour)")),
        ("unknown", _("stance unknown, no estimate")),
    ]
    y = top + 20
    for kind, text in items:
        sample = {"id": "", "name": "", "roles": [], "power": 0, "threads": 1, "held_by": [],
                  "stance": "supporter", "confidence": 0.5,
                  "basis": {"fill": "recorded", "hollow": "estimated", "unknown": "unknown"}[kind]}
        add(_bubble(sample, x + 10, y - 4))
        add(f'<text x="{x + 28}" y="{y}" fill="#333333">{escape(text)}</text>')
        y += 24
    x2, y = x + 520, top + 20
    for threads, text in ((0, _("no thread into us (red dashed ring)")),
                          (1, _("one thread: a single point of contact")),
                          (2, _("two or more threads (double ring)"))):
        sample = {"id": "", "name": "", "roles": [], "power": 0, "threads": threads,
                  "held_by": [], "stance": "neutral",
                  "confidence": None, "basis": "recorded"}
        add(_bubble(sample, x2 + 10, y - 4))
        add(f'<text x="{x2 + 28}" y="{y}" fill="#333333">{escape(text)}</text>')
        y += 24
    fx, fy = x2 + 190, top - 12
    add(f'<line x1="{fx}" y1="{fy}" x2="{fx}" y2="{fy + 11}" stroke="{HELD_COLOR}" '
        'stroke-width="1.5"/>')
    add(f'<path d="M{fx} {fy} h9 l-3 3 l3 3 h-9 z" fill="{HELD_COLOR}"/>')
    held = _("held by a competitor")
    add(f'<text x="{fx + 16}" y="{top}" fill="#333333">{escape(held)}</text>')
    if note:
        add(f'<text x="{LEFT}" y="{top + 92}" font-size="11" fill="#555555">'
            f"{escape(note)}</text>")
