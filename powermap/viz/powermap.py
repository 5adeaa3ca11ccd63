"""Power maps: the nodes, edges, style table and options the page draws with vis-network.

A map answers four questions at a glance, loudest first: where we have **no relationship**,
who **decides**, who is **held by a competitor**, who **supports or opposes** us. Each question
has an encoding of its own, and no encoding carries two questions:

- stance → the fill of the person's shape *and* a glyph on it (``++ + = − −− ?``), in a
  colour-blind-safe blue-to-red scale; unknown is white and hatched; on an account map seen
  "across deals", disagreeing deals show as *mixed* (split fill, ``±``);
- buying role → the shape and a two-letter badge (DM, AP, TE, CE, U, I, C, G); power → size;
- competitor-held → a flag in the competitor's colour beside the shape (the fill keeps the
  stance);
- coverage → none: a red dashed ring and a "no contact" tag; one thread: one ring; two or
  more: two rings;
- people outside the customer sit in a band of their own below it, our staff below that.

The style table (``STYLE``) travels with the data: the page draws the nodes *and* the legend
from it, so the legend always shows the real symbols.

The nodes and edges are assembled with pyvis (``pyvis.network.Network``) and handed to the page
as JSON; the page draws them with the vis-network files the app serves itself. pyvis's own HTML
template is not used: it loads Bootstrap from a CDN and shows tooltips through innerHTML. Here a
tooltip is plain text, and every name reaches the page only as JSON data, written with
textContent or drawn on the canvas as text.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pyvis.network import Network

from powermap.analysis.brokers import account_brokers
from powermap.analysis.context import AccountContext, NetworkEdge, OpportunityContext, Person
from powermap.analysis.held import holds_by_person
from powermap.analysis.power import ROLE_WEIGHT, power_by_person
from powermap.i18n import N_, _, locale_of, ngettext, translate
from powermap.report.words import role_words, stance_words, team_role_words

#: beyond this many people a map groups them by department, so the page stays responsive
MAX_PEOPLE = 400

#: stance → fill, text colour on that fill, glyph. A diverging blue (for us) to red (against
#: us) scale stays distinct for the common colour-vision deficiencies, where green against red
#: does not; the glyph carries the stance for anyone who cannot tell the fills apart, and in
#: print. Unknown is white and hatched: "not yet known", never mistaken for neutral grey.
STANCES = {
    "champion": {"label": N_("champion"), "fill": "#2166ac", "text": "#ffffff", "glyph": "++"},
    "supporter": {"label": N_("supporter"), "fill": "#92c5de", "text": "#000000", "glyph": "+"},
    "neutral": {"label": N_("neutral"), "fill": "#d9d9d9", "text": "#000000", "glyph": "="},
    "skeptic": {"label": N_("skeptic"), "fill": "#f4a582", "text": "#000000", "glyph": "−"},
    "opponent": {"label": N_("opponent"), "fill": "#d62728", "text": "#ffffff", "glyph": "−−"},
    "unknown": {"label": N_("unknown (not yet known)"), "fill": "#ffffff", "text": "#000000",
                "glyph": "?", "hatch": "#9e9e9e"},
    "mixed": {"label": N_("mixed: the deals disagree"), "fill": "#ffffff", "text": "#000000",
              "glyph": "±"},
}
STANCE_COLORS = {key: s["fill"] for key, s in STANCES.items()}
#: from most negative to most positive (the order the mixed fill is split in)
STANCE_ORDER = ("opponent", "skeptic", "neutral", "supporter", "champion")

#: buying role → shape (vis-network's names, which the page's renderer also draws) and badge
ROLES = {
    "decision_maker": {"label": N_("decision maker"), "badge": "DM", "shape": "star"},
    "approver": {"label": N_("approver"), "badge": "AP", "shape": "diamond"},
    "technical_evaluator": {"label": N_("technical evaluator"), "badge": "TE", "shape": "triangle"},
    "commercial_evaluator": {"label": N_("commercial evaluator"), "badge": "CE",
                             "shape": "triangleDown"},
    "user": {"label": N_("user"), "badge": "U", "shape": "ellipse"},
    "influencer": {"label": N_("influencer"), "badge": "I", "shape": "hexagon"},
    "coach": {"label": N_("coach"), "badge": "C", "shape": "square"},
    "gatekeeper": {"label": N_("gatekeeper"), "badge": "G", "shape": "box"},
    "none": {"label": N_("no buying role"), "badge": "", "shape": "dot"},
}
ROLE_SHAPES = {(None if role == "none" else role): r["shape"] for role, r in ROLES.items()}

#: coverage = how many of our staff have a thread (strength ≥ 2) into the person
COVERAGE = {
    "none": {"label": N_("no contact: nobody of ours has a thread"), "ring": "#d62728",
             "rings": 1, "dashes": [7, 5], "width": 4, "tag": N_("no contact")},
    "single": {"label": N_("one thread: a single point of contact"), "ring": "#333333",
               "rings": 1, "dashes": [], "width": 2},
    "multi": {"label": N_("two or more threads"), "ring": "#333333", "rings": 2, "dashes": [],
              "width": 2},
}
#: competitors get these colours in the order of their ids on one map; none is a stance colour
COMPETITOR_COLORS = ("#7b3294", "#c51b7d", "#8c510a", "#4d4d4d", "#1b7837")
HELD_COLOR = COMPETITOR_COLORS[0]
#: brokers glow gold around their shape: a marker that leaves fill, shape, size and rings
#: (stance, role, power, coverage) untouched
BROKER_COLOR = "#e6a700"
STAFF_COLOR = "#00695c"
#: our staff's lines stay faint until one of their ends is selected or hovered: on a 23-person
#: account they would otherwise cover the chart
STAFF_LINE = "rgba(0,105,92,0.35)"
STAFF_LINE_COLOR = {"color": STAFF_LINE, "highlight": STAFF_COLOR, "hover": STAFF_COLOR}

EDGES = {
    "reports_to": {"label": N_("reports to"), "color": "#9e9e9e", "dashes": False, "width": 1},
    "influence": {"label": N_("influences (width = strength)"), "color": "#333333",
                  "dashes": False, "width": 2},
    "conflict": {"label": N_("conflict"), "color": "#d62728", "dashes": True, "width": 2},
    "relationship": {"label": N_("our staff's relationship"), "color": STAFF_LINE,
                     "dashes": False, "width": 2},
    "member": {"label": N_("works in the department"), "color": "#cccccc", "dashes": True,
               "width": 1},
}

#: the kinds of influence, in words
INFLUENCE_KINDS = {"informal": N_("informal"), "formal": N_("formal"), "advisor": N_("advisor")}


def influence_words(kind: str | None) -> str:
    """A kind of influence in words (no kind recorded: informal)."""
    kind = kind or "informal"
    return translate(INFLUENCE_KINDS[kind]) if kind in INFLUENCE_KINDS else kind


#: the bands of the org-chart layout, top to bottom
BANDS = {
    "customer": {"label": "%(customer)s"},
    "outside": {"label": N_("Outside %(customer)s: advisors, partners and competitor staff")},
    "staff": {"label": N_("Our staff")},
}

#: an unknown stance that the gap report estimated from the people who influence the person:
#: still hatched (not a fact), but in the estimated stance's colour, and its sign after "≈"
ESTIMATE = {"label": N_("estimated from their influencers: hatched in that stance's colour, ≈"),
            "prefix": "≈"}

STYLE = {"stances": STANCES, "roles": ROLES, "coverage": COVERAGE, "estimate": ESTIMATE,
         "held": {"label": N_("held by a competitor (flag in the competitor's colour)")},
         "broker": {"label": N_("broker: connects groups that are otherwise apart"),
                    "color": BROKER_COLOR},
         "staff": {"label": N_("our staff"), "fill": STAFF_COLOR, "text": "#ffffff"},
         "selection": {"color": "#000000", "width": 4},
         "edges": EDGES, "bands": BANDS}


def style() -> dict:
    """``STYLE`` with its labels and tags in the language in force: the page shows them as they
    come (legend, band names, the "no contact" tag), so the words travel with the data and an
    exported map or a pack printed in Chinese needs no catalog of its own. Keys and codes stay
    English; a label's ``%(customer)s`` placeholder is left for the page to fill."""
    def words(value):
        if isinstance(value, dict):
            return {k: (_(v) if k in ("label", "tag") and isinstance(v, str) else words(v))
                    for k, v in value.items()}
        return value
    return words(STYLE)


# Map node ids of what is not a customer person. A person's node id is their own id, which a
# user chooses; ids never contain whitespace (the model refuses them), so a prefix with a space
# cannot collide with any of them: a person created with id "staff:st-x" stays a person node
# beside staff member st-x instead of replacing it.
STAFF_NODE_PREFIX = "staff "
UNIT_NODE_PREFIX = "unit "


def staff_node_id(staff_id: str) -> str:
    """The map node id of one of our staff.

    >>> staff_node_id("st-ravi-iyer")
    'staff st-ravi-iyer'
    """
    return STAFF_NODE_PREFIX + staff_id


def unit_node_id(unit: str) -> str:
    """The map node id of a department folded into one node (its name may contain spaces).

    >>> unit_node_id("Network Planning")
    'unit Network Planning'
    """
    return UNIT_NODE_PREFIX + unit


def coverage_level(threads: int) -> str:
    """``none``, ``single`` or ``multi`` for a number of threads.

    >>> [coverage_level(n) for n in (0, 1, 2, 5)]
    ['none', 'single', 'multi', 'multi']
    """
    return "none" if threads == 0 else "single" if threads == 1 else "multi"


def across_deals(stances: dict[str, str | None]) -> str:
    """One stance for a person across several deals: the recorded stance when every deal that
    records one agrees, ``mixed`` when they disagree, ``unknown`` when none records one.
    Never the worst of them: a champion in one deal is not silently an opponent.

    >>> across_deals({"a": "champion", "b": "opponent"})
    'mixed'
    >>> across_deals({"a": "supporter", "b": None, "c": "supporter"})
    'supporter'
    >>> across_deals({})
    'unknown'
    """
    known = {s for s in stances.values() if s}
    if not known:
        return "unknown"
    return known.pop() if len(known) == 1 else "mixed"


def opportunity_map(context: OpportunityContext, report: dict | None = None,
                    reporting: list[dict] = ()) -> dict:
    """The power map of one opportunity: its decision chain, everyone in the account's network
    around it, and our staff. ``report`` (a gap report as a dict) adds findings to the panels."""
    roles = {m.id: m.roles for m in context.members}
    oid = context.opportunity["id"]
    stances = {m.id: {oid: m.stance} for m in context.members}
    people = context.people
    customer = context.customer
    insiders = {pid for pid, p in people.items()
                if any(e["organization_id"] == customer["id"] for e in p.current_employers())}
    findings = findings_by_person(report)
    brokers = (report or {}).get("summary", {}).get("brokers", [])
    estimates = {m["id"]: {"stance": m["inferred_stance"]["stance"],
                           "confidence": m["inferred_stance"]["confidence"]}
                 for m in (report or {}).get("members", [])
                 if m.get("inferred_stance") and m["inferred_stance"]["confidence"] > 0}
    opportunity = {"id": oid, "name": context.opportunity["name"],
                   "amount": context.opportunity.get("amount")}
    return _build(people, roles, stances, context.network, units={}, findings=findings,
                  title=f"{context.opportunity['name']} — {customer['name']}",
                  customer=customer["name"], opportunities=[opportunity], kind="opportunity",
                  insiders=insiders, reporting=reporting, brokers=brokers, estimates=estimates)


def account_map(context: AccountContext, findings: dict | None = None,
                max_people: int = MAX_PEOPLE, reporting: list[dict] = (),
                opportunities: list[dict] | None = None) -> dict:
    """The power map of one account: its people, the outsiders who influence them, our staff.

    A person's stance is kept per open opportunity (``stances`` on each node); the map shows
    the one of ``stance_in`` (the open opportunity with the largest amount, the first by id on
    a tie) until the page picks another or "across deals". ``opportunities``: the open
    opportunities as dicts with ``id``, ``name`` and ``amount`` (their ids stand in for names
    when not given)."""
    roles = {pid: context.roles_of(pid) for pid in context.people}
    stances = {pid: {c["opportunity_id"]: c["stance"] for c in chains}
               for pid, chains in context.chains.items()}
    named = {o["id"]: o for o in opportunities or ()}
    opps = [{"id": oid, "name": named.get(oid, {}).get("name") or oid,
             "amount": named.get(oid, {}).get("amount")} for oid in context.open_opportunities]
    return _build(context.people, roles, stances, context.network, units=context.units,
                  findings=findings or {}, title=context.account["name"],
                  customer=context.account["name"], opportunities=opps, kind="account",
                  insiders=set(context.insiders), max_people=max_people, reporting=reporting,
                  brokers=account_brokers(context, reporting))


def _default_opportunity(opportunities: list[dict]) -> str | None:
    """The most important open opportunity: the largest amount, the first by id on a tie."""
    if not opportunities:
        return None
    return min(opportunities, key=lambda o: (-(o.get("amount") or 0), o["id"]))["id"]


def _build(people: dict[str, Person], roles: dict, stances: dict, network, units: dict,
           findings: dict, title: str, customer: str, opportunities: list[dict], kind: str,
           insiders: set, max_people: int = MAX_PEOPLE, reporting: list[dict] = (),
           brokers: list[dict] = (), estimates: dict | None = None) -> dict:
    """``stances``: person → {opportunity id → stance}; ``reporting``: the account's reporting
    lines ({person_id, manager_id}); ``brokers``: the people who bridge groups
    (``analysis.brokers``), marked with a glow of their own; ``estimates``: person →
    {stance, confidence} estimated for an unknown stance (opportunity maps)."""
    estimates = estimates or {}
    broker_of = {b["id"]: b for b in brokers}
    influence = [e for e in network if e.type == "INFLUENCES"]
    network = list(network) + [NetworkEdge(r["person_id"], r["manager_id"], "REPORTS_TO", None,
                                           None, None, None) for r in reporting]
    power = power_by_person(people, roles, influence)
    holds = holds_by_person(people, influence)
    grouped = len(people) > max_people
    shown = set(people)
    if grouped:  # key people stay; everyone else is folded into their department
        shown = {pid for pid in people if roles.get(pid) or pid not in insiders}
    stance_in = _default_opportunity(opportunities)
    competitors = sorted({(h.competitor_id, h.competitor_name) for hs in holds.values()
                          for h in hs if h.held})
    competitor_color = {cid: COMPETITOR_COLORS[i % len(COMPETITOR_COLORS)]
                        for i, (cid, _name) in enumerate(competitors)}
    net = Network(directed=True)
    details: dict[str, dict] = {}
    # the org chart: the customer's reporting levels on top, then a band of outsiders, then
    # our staff, so an outside advisor never sits in the customer's executive row
    levels = _levels(network, shown & insiders)
    customer_rows = max(levels.values(), default=0) + 1
    for pid in shown - insiders:
        levels[pid] = customer_rows
    for pid in sorted(shown):
        p = people[pid]
        held = [h for h in holds.get(pid, []) if h.held]   # contested is not held
        per_deal = stances.get(pid, {})
        stance = per_deal.get(stance_in) or "unknown"
        threads = p.threads()
        person_roles = roles.get(pid, [])
        role = _main_role(person_roles)
        broker = broker_of.get(pid)
        held_by = [{"competitor": h.competitor_name, "color": competitor_color[h.competitor_id],
                    "evidence": h.evidence} for h in held]
        net.add_node(pid, label=p.name,
                     title=_tooltip(p, person_roles, stance, held, broker),
                     color={"background": STANCE_COLORS[stance], "border": "#222222"},
                     size=round(10 + 0.35 * power.get(pid, 0), 1), shape=ROLE_SHAPES[role],
                     level=levels.get(pid, 0), category="person",
                     # what the page draws and filters on (vis-network ignores unknown keys)
                     band="customer" if pid in insiders else "outside",
                     stance=stance, stances=per_deal, stance_across=across_deals(per_deal),
                     estimate=estimates.get(pid) if stance == "unknown" else None,
                     role=role or "none", badge=ROLES[role or "none"]["badge"],
                     roles=person_roles, held=bool(held), holds=held_by,
                     coverage=coverage_level(len(threads)), threads=len(threads),
                     job=p.title, department=units.get(pid), seniority=p.seniority,
                     insider=pid in insiders, broker=bool(broker))
        details[pid] = {
            "id": pid, "kind": "person", "name": p.name, "title": p.title,
            "seniority": p.seniority, "department": units.get(pid),
            "employers": [e["name"] for e in p.current_employers()],
            "roles": person_roles, "stance": per_deal.get(stance_in),
            "stances": per_deal, "power": power.get(pid, 0), "held_by": held_by,
            "estimate": estimates.get(pid) if stance == "unknown" else None,
            "coverage": [{"staff": c["name"], "strength": c["strength"], "source": c["source"]}
                         for c in sorted(p.coverage, key=lambda c: -c["strength"])],
            "findings": findings.get(pid, []),
            "broker": ({"text": broker["text"], "betweenness": broker["betweenness"],
                        "constraint": broker["constraint"]} if broker else None),
        }
    if grouped:
        _add_departments(net, details, people, shown, units, levels)
    staff_level = customer_rows + 1
    staff_seen: dict[str, dict] = {}
    for pid in sorted(shown):
        for c in people[pid].coverage:
            if c["strength"] < 1:
                continue
            sid = staff_node_id(c["staff_id"])
            if sid not in staff_seen:
                staff_seen[sid] = c
                net.add_node(sid, label=c["name"],
                             title=_("%(name)s is our staff (%(team_role)s).", name=c["name"],
                                     team_role=team_role_words(c["team_role"])),
                             color={"background": STAFF_COLOR, "border": "#00332c"},
                             font={"color": "#ffffff"}, shape="box", level=staff_level,
                             category="staff", band="staff", staff=True, size=12,
                             team_role=c["team_role"])
                details[sid] = {"id": c["staff_id"], "kind": "staff", "name": c["name"],
                                "team_role": c["team_role"], "relationships": []}
            details[sid]["relationships"].append({"person": people[pid].name,
                                                  "strength": c["strength"]})
            net.add_edge(sid, pid, color=STAFF_LINE_COLOR, width=max(1, c["strength"] / 1.5),
                         strength=c["strength"],
                         title=_("%(staff)s knows %(person)s: strength %(strength)s of 5.",
                                 staff=c["name"], person=people[pid].name,
                                 strength=c["strength"]),
                         arrows="", layer="staff", kind="relationship")
    for e in network:
        if e.from_id not in shown or e.to_id not in shown:
            continue
        if e.type == "REPORTS_TO":
            net.add_edge(e.from_id, e.to_id, color=EDGES["reports_to"]["color"], width=1,
                         arrows="to", kind="reports_to",
                         title=_("%(person)s reports to %(manager)s.",
                                 person=people[e.from_id].name, manager=people[e.to_id].name))
        elif e.type == "INFLUENCES":
            net.add_edge(e.from_id, e.to_id, color=EDGES["influence"]["color"],
                         width=e.strength or 1, arrows="to", kind="influence",
                         strength=e.strength,
                         title=_("%(person)s influences %(other)s: strength %(strength)s of 5 "
                                 "(%(kind)s).", person=people[e.from_id].name,
                                 other=people[e.to_id].name, strength=e.strength,
                                 kind=influence_words(e.kind)))
        elif e.type == "CONFLICTS_WITH":
            net.add_edge(e.from_id, e.to_id, color=EDGES["conflict"]["color"], dashes=True,
                         width=2, arrows="", kind="conflict",
                         title=_("%(person)s and %(other)s are in conflict.",
                                 person=people[e.from_id].name, other=people[e.to_id].name))
    departments = sorted({u for pid, u in units.items() if u and pid in shown})
    return {"title": title, "kind": kind, "customer": customer,
            "nodes": net.nodes, "edges": net.edges, "details": details,
            "style": style(), "legend": legend(), "grouped": grouped, "people": len(people),
            "opportunities": opportunities, "stance_in": stance_in,
            "departments": departments,
            "competitors": [{"id": cid, "name": name, "color": competitor_color[cid]}
                            for cid, name in competitors],
            "bands": {"customer": 0, "outside": customer_rows, "staff": staff_level},
            "options": {"hierarchical": map_options("hierarchical", len(net.nodes)),
                        "force": map_options("force", len(net.nodes))},
            "counts": {"nodes": len(net.nodes), "edges": len(net.edges)}}


def legend() -> dict:
    """What the legend lists, in order; the page draws each entry with the map's own renderer
    from ``STYLE``."""
    return {"stances": list(STANCES), "roles": list(ROLES),
            "coverage": list(COVERAGE), "markers": ["held", "broker", "staff"],
            "edges": [k for k in EDGES if k != "member"]}


def _add_departments(net: Network, details: dict, people: dict, shown: set, units: dict,
                     levels: dict) -> None:
    # the folded node's id keeps the English "(no department)": ids are codes, not words
    folded = Counter(units.get(pid) or "(no department)" for pid in people if pid not in shown)
    for unit, n in sorted(folded.items()):
        uid = unit_node_id(unit)
        shown_unit = _("(no department)") if unit == "(no department)" else unit
        net.add_node(uid, label=ngettext("%(unit)s (%(n)s person)", "%(unit)s (%(n)s people)", n,
                                         unit=shown_unit),
                     title=ngettext("%(unit)s: %(n)s person not in a decision chain.",
                                    "%(unit)s: %(n)s people not in a decision chain.", n,
                                    unit=shown_unit), shape="database", color="#eeeeee", size=10 + min(n, 60) / 3,
                     level=1, category="department", band="customer", people=n)
        details[uid] = {"id": uid, "kind": "department", "name": shown_unit, "people": n}
    for pid in shown:
        unit = units.get(pid)
        if unit and unit in folded:
            net.add_edge(pid, unit_node_id(unit), color=EDGES["member"]["color"], dashes=True,
                         arrows="", title=_("%(person)s works in %(unit)s.",
                                            person=people[pid].name, unit=unit), kind="member")


def _levels(network, shown: set) -> dict[str, int]:
    """Org-chart levels from the reporting lines: a manager sits one level above the people
    who report to them (0 = top)."""
    manager = {e.from_id: e.to_id for e in network
               if e.type == "REPORTS_TO" and e.from_id in shown and e.to_id in shown}
    levels = {}
    for pid in shown:
        depth, seen, cur = 0, {pid}, pid
        while cur in manager and manager[cur] not in seen:
            cur = manager[cur]
            seen.add(cur)
            depth += 1
        levels[pid] = depth
    return levels


def _main_role(roles: list[str]) -> str | None:
    return max(roles, key=lambda r: ROLE_WEIGHT.get(r, 0), default=None)


def _tooltip(p: Person, roles: list[str], stance: str, held: list,
             broker: dict | None = None) -> str:
    """Plain text (vis-network shows a string title as text, never as HTML)."""
    lines = [_("%(name)s — %(title)s", name=p.name, title=p.title) if p.title else p.name]
    if roles:
        lines.append(_("Buying roles: %(roles)s.", roles=word_list([role_words(r) for r in roles])))
    lines.append(_("Stance: %(stance)s.", stance=stance_words(None if stance == "unknown"
                                                               else stance)))
    for h in held:
        lines.append(_("Held by %(competitor)s: %(evidence)s.", competitor=h.competitor_name,
                       evidence=h.evidence))
    threads = p.threads()
    if threads:
        lines.append(ngettext("Our threads: %(n)s, the strongest %(staff)s (%(strength)s of 5).",
                              "Our threads: %(n)s, the strongest %(staff)s (%(strength)s of 5).",
                              len(threads), staff=threads[0]["name"],
                              strength=threads[0]["strength"]))
    else:
        lines.append(_("Nobody of ours has a thread to this person."))
    if broker:
        lines.append(broker["text"])
    return "\n".join(lines)


def word_list(words: list[str]) -> str:
    """Words joined as the language in force lists them: "a, b, and c" / "a、b和c".

    >>> word_list(["approver", "coach", "user"])
    'approver, coach, and user'
    """
    from babel.lists import format_list
    return format_list(list(words), locale=locale_of()) if words else ""


def findings_by_person(report: dict | None) -> dict[str, list[dict]]:
    """person id → the findings of a gap report (as a dict) that name them."""
    found: dict[str, list[dict]] = {}
    for f in (report or {}).get("findings", []):
        for p in f["people"]:
            found.setdefault(p["id"], []).append(
                {"severity": f["severity"], "title": f["title"], "action": f["action"]})
    return found


#: above this many nodes the org chart skips vis-network's edge-crossing minimisation, which
#: takes most of the layout time of a large map (bench/drawing.py measures both)
EDGE_MINIMIZATION_MAX_NODES = 150
#: Barnes-Hut iterations before the force layout is frozen: 90 instead of vis-network's usual
#: 250 keeps a 300-person map under a second; the last iterations barely move a node
FORCE_ITERATIONS = 90


def map_options(layout: str = "hierarchical", nodes: int = 0) -> dict[str, Any]:
    """vis-network options for the two layouts, for a map of ``nodes`` nodes."""
    options: dict[str, Any] = {
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": False},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}},
        "edges": {"smooth": {"type": "continuous"}, "selectionWidth": 2},
    }
    if layout == "hierarchical":
        # rows far enough apart for a shape, its rings and its two-line name card
        options["layout"] = {"hierarchical": {"enabled": True, "direction": "UD",
                                              "sortMethod": "directed", "levelSeparation": 170,
                                              "nodeSpacing": 185, "treeSpacing": 200,
                                              "edgeMinimization":
                                                  nodes <= EDGE_MINIMIZATION_MAX_NODES}}
        options["edges"]["smooth"] = {"type": "cubicBezier", "forceDirection": "vertical",
                                      "roundness": 0.4}
        options["physics"] = {"enabled": False}
    else:
        # Stabilise before the first draw, then freeze (the page turns physics off when the
        # stabilisation iterations are done): a map that keeps drifting cannot be read.
        options["layout"] = {"improvedLayout": False}
        options["physics"] = {"enabled": True, "solver": "barnesHut",
                              "barnesHut": {"gravitationalConstant": -8000, "springLength": 160,
                                            "damping": 0.4, "avoidOverlap": 0.3},
                              "minVelocity": 1.0,
                              "stabilization": {"enabled": True, "iterations": FORCE_ITERATIONS,
                                                "updateInterval": 50, "fit": True}}
    return options
