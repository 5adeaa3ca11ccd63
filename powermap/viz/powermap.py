"""Power maps: the nodes, edges and options vis-network draws, following DESIGN.md's conventions.

Node colour = stance or favor (green supporter/champion, grey neutral/unknown, orange skeptic,
red opponent, purple competitor-held); size = power; shape = the strongest buying role; border =
coverage (thick: two or more staff threads, dashed: one, none: uncovered). Edges: reports-to
grey, influence arrows with width = strength, conflict red dashed, our staff's relationships
blue (a layer the page can hide).

The nodes and edges are assembled with pyvis (``pyvis.network.Network``) and handed to the page
as JSON; the page draws them with the vis-network files the app serves itself. pyvis's own HTML
template is not used: it loads Bootstrap from a CDN and shows tooltips through innerHTML. Here a
tooltip is plain text, and every name reaches the page only as JSON data, written into the DOM
with textContent.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pyvis.network import Network

from powermap.analysis.brokers import account_brokers
from powermap.analysis.context import AccountContext, NetworkEdge, OpportunityContext, Person
from powermap.analysis.held import holds_by_person
from powermap.analysis.power import ROLE_WEIGHT, power_by_person

#: beyond this many people a map groups them by department, so the page stays responsive
MAX_PEOPLE = 400

STANCE_COLORS = {"champion": "#1b9e3e", "supporter": "#5cc26e", "neutral": "#b0b0b0",
                 None: "#d9d9d9", "skeptic": "#f28c28", "opponent": "#d62728"}
HELD_COLOR = "#8e44ad"
#: brokers glow gold around their shape: a marker that leaves fill, shape, size and border
#: (stance, role, power, coverage) untouched
BROKER_COLOR = "#e6a700"
BROKER_GLOW = {"enabled": True, "color": BROKER_COLOR, "size": 22, "x": 0, "y": 0}
STAFF_COLOR = "#1f77b4"
ROLE_SHAPES = {"decision_maker": "star", "approver": "diamond",
               "technical_evaluator": "triangle", "commercial_evaluator": "triangleDown",
               "user": "ellipse", "influencer": "hexagon", "coach": "square",
               "gatekeeper": "box", None: "dot"}
STANCE_ORDER = ("opponent", "skeptic", "neutral", "supporter", "champion")

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

LEGEND = {
    "colors": [{"label": "champion / supporter", "color": STANCE_COLORS["supporter"]},
               {"label": "neutral or unknown", "color": STANCE_COLORS["neutral"]},
               {"label": "skeptic", "color": STANCE_COLORS["skeptic"]},
               {"label": "opponent", "color": STANCE_COLORS["opponent"]},
               {"label": "held by a competitor", "color": HELD_COLOR},
               {"label": "our staff", "color": STAFF_COLOR}],
    "shapes": [{"label": (role or "no buying role").replace("_", " "), "shape": shape}
               for role, shape in ROLE_SHAPES.items()],
    "borders": ["thick border: two or more of our staff have a thread",
                "dashed border: exactly one thread (single point of contact)",
                "no border: nobody of ours has a thread",
                "gold glow: a broker, who connects groups that are otherwise apart"],
    "edges": [{"label": "reports to", "color": "#888888", "dashes": False},
              {"label": "influences (width = strength)", "color": "#333333", "dashes": False},
              {"label": "conflict", "color": "#d62728", "dashes": True},
              {"label": "our staff's relationship", "color": STAFF_COLOR, "dashes": False}],
}


def opportunity_map(context: OpportunityContext, report: dict | None = None,
                    reporting: list[dict] = ()) -> dict:
    """The power map of one opportunity: its decision chain, everyone in the account's network
    around it, and our staff. ``report`` (a gap report as a dict) adds findings to the panels."""
    roles = {m.id: m.roles for m in context.members}
    stances = {m.id: m.stance for m in context.members}
    people = context.people
    findings = findings_by_person(report)
    brokers = (report or {}).get("summary", {}).get("brokers", [])
    return _build(people, roles, stances, context.network, units={}, findings=findings,
                  title=f"{context.opportunity['name']} — {context.customer['name']}",
                  insiders=set(people), reporting=reporting, brokers=brokers)


def account_map(context: AccountContext, findings: dict | None = None,
                max_people: int = MAX_PEOPLE, reporting: list[dict] = ()) -> dict:
    """The power map of one account: its people, the outsiders who influence them, our staff.
    A person's colour is their most negative stance in the account's open opportunities."""
    roles = {pid: context.roles_of(pid) for pid in context.people}
    stances = {}
    for pid, chains in context.chains.items():
        known = [c["stance"] for c in chains if c["stance"]]
        stances[pid] = min(known, key=STANCE_ORDER.index) if known else None
    return _build(context.people, roles, stances, context.network, units=context.units,
                  findings=findings or {}, title=context.account["name"],
                  insiders=set(context.insiders), max_people=max_people, reporting=reporting,
                  brokers=account_brokers(context, reporting))


def _build(people: dict[str, Person], roles: dict, stances: dict, network, units: dict,
           findings: dict, title: str, insiders: set, max_people: int = MAX_PEOPLE,
           reporting: list[dict] = (), brokers: list[dict] = ()) -> dict:
    """``reporting``: the account's reporting lines ({person_id, manager_id}); ``brokers``:
    the people who bridge groups (``analysis.brokers``), marked with a glow of their own."""
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
    net = Network(directed=True)
    details: dict[str, dict] = {}
    levels = _levels(network, shown)
    for pid in sorted(shown):
        p = people[pid]
        held = [h for h in holds.get(pid, []) if h.held]   # contested is not held
        stance = stances.get(pid)
        color = HELD_COLOR if held else STANCE_COLORS.get(stance, STANCE_COLORS[None])
        threads = p.threads()
        role = _main_role(roles.get(pid, []))
        border = {"borderWidth": 4} if len(threads) >= 2 else (
            {"borderWidth": 2, "shapeProperties": {"borderDashes": [5, 4]}} if threads
            else {"borderWidth": 0})
        broker = broker_of.get(pid)
        glow = {"shadow": BROKER_GLOW} if broker else {}
        net.add_node(pid, label=p.name,
                     title=_tooltip(p, roles.get(pid, []), stance, held, broker),
                     color={"background": color, "border": "#222222"},
                     size=round(10 + 0.35 * power.get(pid, 0), 1), shape=ROLE_SHAPES[role],
                     level=levels.get(pid, 0), category="person", **border, **glow,
                     # attributes the page filters on (vis-network ignores unknown keys)
                     stance=stance or "unknown", roles=roles.get(pid, []),
                     held=bool(held), insider=pid in insiders, broker=bool(broker))
        details[pid] = {
            "id": pid, "kind": "person", "name": p.name, "title": p.title,
            "seniority": p.seniority, "department": units.get(pid),
            "employers": [e["name"] for e in p.current_employers()],
            "roles": roles.get(pid, []), "stance": stance, "power": power.get(pid, 0),
            "held_by": [{"competitor": h.competitor_name, "evidence": h.evidence} for h in held],
            "coverage": [{"staff": c["name"], "strength": c["strength"], "source": c["source"]}
                         for c in sorted(p.coverage, key=lambda c: -c["strength"])],
            "findings": findings.get(pid, []),
            "broker": ({"text": broker["text"], "betweenness": broker["betweenness"],
                        "constraint": broker["constraint"]} if broker else None),
        }
    if grouped:
        _add_departments(net, details, people, shown, units, levels)
    max_level = max(levels.values(), default=0)
    staff_seen: dict[str, dict] = {}
    for pid in sorted(shown):
        for c in people[pid].coverage:
            if c["strength"] < 1:
                continue
            sid = staff_node_id(c["staff_id"])
            if sid not in staff_seen:
                staff_seen[sid] = c
                net.add_node(sid, label=f"{c['name']} ({c['team_role']})",
                             title=f"{c['name']} — our staff, {c['team_role']}",
                             color={"background": STAFF_COLOR, "border": "#0b3d66"},
                             font={"color": "#ffffff"}, shape="box", level=max_level + 1,
                             category="staff", staff=True, size=12)
                details[sid] = {"id": c["staff_id"], "kind": "staff", "name": c["name"],
                                "team_role": c["team_role"], "relationships": []}
            details[sid]["relationships"].append({"person": people[pid].name,
                                                  "strength": c["strength"]})
            net.add_edge(sid, pid, color=STAFF_COLOR, width=max(1, c["strength"] / 1.5),
                         strength=c["strength"],
                         title=f"{c['name']} knows {people[pid].name}: strength {c['strength']}/5",
                         arrows="", layer="staff", kind="relationship")
    for e in network:
        if e.from_id not in shown or e.to_id not in shown:
            continue
        if e.type == "REPORTS_TO":
            net.add_edge(e.from_id, e.to_id, color="#888888", width=1, arrows="to",
                         title=f"{people[e.from_id].name} reports to {people[e.to_id].name}",
                         kind="reports_to")
        elif e.type == "INFLUENCES":
            net.add_edge(e.from_id, e.to_id, color="#333333", width=e.strength or 1,
                         arrows="to", kind="influence", strength=e.strength,
                         title=f"{people[e.from_id].name} influences {people[e.to_id].name}: "
                               f"{e.strength}/5 ({e.kind or 'informal'})")
        elif e.type == "CONFLICTS_WITH":
            net.add_edge(e.from_id, e.to_id, color="#d62728", dashes=True, width=2, arrows="",
                         kind="conflict",
                         title=f"{people[e.from_id].name} and {people[e.to_id].name} conflict")
    return {"title": title, "nodes": net.nodes, "edges": net.edges, "details": details,
            "legend": LEGEND, "grouped": grouped, "people": len(people),
            "options": {"hierarchical": map_options("hierarchical"), "force": map_options("force")},
            "counts": {"nodes": len(net.nodes), "edges": len(net.edges)}}


def _add_departments(net: Network, details: dict, people: dict, shown: set, units: dict,
                     levels: dict) -> None:
    folded = Counter(units.get(pid) or "(no department)" for pid in people if pid not in shown)
    for unit, n in sorted(folded.items()):
        uid = unit_node_id(unit)
        net.add_node(uid, label=f"{unit} ({n} people)", title=f"{unit}: {n} people not in a "
                     "decision chain", shape="database", color="#eeeeee", size=10 + min(n, 60) / 3,
                     level=1, category="department")
        details[uid] = {"id": uid, "kind": "department", "name": unit, "people": n}
    for pid in shown:
        unit = units.get(pid)
        if unit and unit in folded:
            net.add_edge(pid, unit_node_id(unit), color="#cccccc", dashes=True, arrows="",
                         title=f"{people[pid].name} works in {unit}", kind="member")


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


def _tooltip(p: Person, roles: list[str], stance: str | None, held: list,
             broker: dict | None = None) -> str:
    """Plain text (vis-network shows a string title as text, never as HTML)."""
    lines = [p.name + (f" — {p.title}" if p.title else "")]
    if roles:
        lines.append("roles: " + ", ".join(r.replace("_", " ") for r in roles))
    lines.append(f"stance: {stance or 'unknown'}")
    for h in held:
        lines.append(f"held by {h.competitor_name}: {h.evidence}")
    threads = p.threads()
    lines.append(f"threads: {len(threads)}" + (f" (strongest {threads[0]['name']}, "
                                               f"{threads[0]['strength']}/5)" if threads else ""))
    if broker:
        lines.append(broker["text"])
    return "\n".join(lines)


def findings_by_person(report: dict | None) -> dict[str, list[dict]]:
    """person id → the findings of a gap report (as a dict) that name them."""
    found: dict[str, list[dict]] = {}
    for f in (report or {}).get("findings", []):
        for p in f["people"]:
            found.setdefault(p["id"], []).append(
                {"severity": f["severity"], "title": f["title"], "action": f["action"]})
    return found


def map_options(layout: str = "hierarchical") -> dict[str, Any]:
    """vis-network options for the two layouts."""
    options: dict[str, Any] = {
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}},
        "edges": {"smooth": {"type": "continuous"}},
    }
    if layout == "hierarchical":
        options["layout"] = {"hierarchical": {"enabled": True, "direction": "UD",
                                              "sortMethod": "directed", "levelSeparation": 120,
                                              "nodeSpacing": 160}}
        options["physics"] = {"enabled": False}
    else:
        # Stabilise before the first draw, then freeze (the page turns physics off when the
        # stabilisation iterations are done): a map that keeps drifting cannot be read.
        options["layout"] = {"improvedLayout": False}
        options["physics"] = {"enabled": True, "solver": "barnesHut",
                              "barnesHut": {"gravitationalConstant": -8000, "springLength": 140,
                                            "damping": 0.4, "avoidOverlap": 0.2},
                              "minVelocity": 1.0,
                              "stabilization": {"enabled": True, "iterations": 250,
                                                "updateInterval": 50, "fit": True}}
    return options
