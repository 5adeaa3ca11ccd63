"""The decision-chain gap report of one opportunity: the document a bid team prints.

``build_gap_report`` is a pure function of an ``OpportunityContext``; ``gap_report`` fetches
the context and the introduction paths and calls it. Findings are ordered by severity, then by
the power of the people they name. Every finding names the people, the role, the evidence (the
edges behind it, with source and date) and a concrete next step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

import networkx as nx

from powermap.analysis.algorithms import (STANCE_SCORE, Estimate, infer_stances, reachable,
                                          stance_of_estimate)
from powermap.analysis.context import (Member, OpportunityContext, Person,
                                       load_opportunity)
from powermap.analysis.held import SPREADING, Hold, holds_by_person, own_favor
from powermap.analysis.paths import (Path, describe_introduction, enemies_of, safe_influence,
                                     search_paths)
from powermap.analysis.power import power_by_person
from powermap.analysis.templates import role_template
from powermap.graph.store import Graph
from powermap.model import SENIORITY_WEIGHT, Seniority

SEVERITIES = ("critical", "high", "medium", "low")
KEY_ROLES = ("decision_maker", "approver")
EXECUTIVE = {"c_level", "vp"}
#: staff at or below this seniority weight are "junior" next to a customer executive
JUNIOR_WEIGHT = 2
SUPPORTIVE = {"champion", "supporter"}
HOSTILE = {"skeptic", "opponent"}
DEFAULT_STALE_DAYS = 90
MAX_PATH_HOPS = 4

PathFinder = Callable[[str], list[Path]]


@dataclass
class Finding:
    kind: str
    severity: str
    title: str
    people: list[dict]
    role: str | None
    evidence: list[str]
    action: str
    power: float = 0.0
    #: a per-person block (kind ``person``): the findings it merges, most severe first
    points: list["Finding"] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "severity": self.severity, "title": self.title,
                "people": self.people, "role": self.role, "evidence": self.evidence,
                "action": self.action, "points": [p.as_dict() for p in self.points]}

    def flat(self) -> list["Finding"]:
        """The finding itself, or the points of a per-person block."""
        return self.points or [self]


@dataclass
class GapReport:
    opportunity: dict
    customer: dict
    competitors: list[dict]
    template: dict
    generated_on: dt.date
    summary: dict
    members: list[dict]
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"opportunity": self.opportunity, "customer": self.customer,
                "competitors": self.competitors, "template": self.template,
                "generated_on": self.generated_on, "summary": self.summary,
                "members": self.members, "findings": [f.as_dict() for f in self.findings]}

    def points(self) -> list[Finding]:
        """Every finding with the per-person blocks opened up (what-if compares these)."""
        return [p for f in self.findings for p in f.flat()]


def gap_report(graph: Graph, opportunity_id: str, today: dt.date | None = None,
               stale_days: int = DEFAULT_STALE_DAYS, templates: dict | None = None,
               exclude: frozenset = frozenset()) -> GapReport:
    """Fetch the opportunity and build its gap report. ``exclude``: people to treat as gone."""
    context = load_opportunity(graph, opportunity_id, today)
    return gap_report_of(graph, context, stale_days, templates, exclude)


def gap_report_of(graph: Graph, context: OpportunityContext,
                  stale_days: int = DEFAULT_STALE_DAYS, templates: dict | None = None,
                  exclude: frozenset = frozenset()) -> GapReport:
    """The gap report of an already loaded context, as if the people in ``exclude`` had left;
    only the introduction paths are read from the graph."""
    for person_id in exclude:
        context = context.without(person_id)
    report = build_gap_report(context, None, stale_days, templates)
    # Brokers need the account's reporting lines and departments, which the context does not
    # hold: one more query anchored on the account (powermap/analysis/brokers.py).
    from powermap.analysis.brokers import opportunity_brokers
    report.summary["brokers"] = opportunity_brokers(graph, context, exclude)
    return report


def build_gap_report(context: OpportunityContext, paths_to: PathFinder | None = None,
                     stale_days: int = DEFAULT_STALE_DAYS,
                     templates: dict | None = None) -> GapReport:
    """The gap report of one opportunity, from its context (pure: no database access).
    ``paths_to``: introduction paths per person; by default searched in the context."""
    kind = context.opportunity.get("kind") or "standard"
    template = role_template(kind, templates)
    current = [m for m in context.members if not m.left_customer]
    influence = context.influence_edges()
    power = power_by_person(context.people, {m.id: m.roles for m in context.members}, influence)
    stances = {m.id: m.stance for m in current}
    supporters = [pid for pid, st in stances.items() if st in SUPPORTIVE]
    holds = holds_by_person(context.people, influence, supporters)
    everyone = context.everyone()
    enemies = enemies_of(everyone, influence, stances)
    if paths_to is None:
        needing = [m.id for m in current if not m.person.covered()]
        found = search_paths(needing, everyone, influence, enemies, limit=1)
        paths_to = lambda pid: found.get(pid, [])   # noqa: E731
    inferred = _inferred_stances(context, holds)
    findings: list[Finding] = []
    add = findings.append

    # -- roles: missing, and vacated by people who left -------------------------------------
    for role in template:
        if not any(role in m.roles for m in current):
            add(_missing_role(role, context, current))
    for m in context.members:
        if m.left_customer:
            add(Finding("left_customer", "high", f"{m.person.name} has left {context.customer['name']}",
                        [m.person.ref()], ", ".join(m.roles),
                        [f"no current employment at {context.customer['name']}; "
                         f"decision-chain entry from {m.recorded.get('source')}, "
                         f"as of {m.recorded.get('as_of')}"],
                        f"Find {m.person.name}'s successor as {_roles(m.roles)} and update the "
                        "decision chain; keep the relationship with them at their new employer.",
                        power.get(m.id, 0)))

    # -- each current member -----------------------------------------------------------------
    for m in current:
        p = m.person
        key = any(r in KEY_ROLES for r in m.roles)
        threads = p.threads()
        if not p.covered():
            add(Finding("uncovered", "critical" if key else "high",
                        f"No trusted relationship with {p.name} ({_roles(m.roles)})",
                        [p.ref()], _roles(m.roles),
                        [_coverage_evidence(p)],
                        _introduction_action(p, paths_to), power.get(p.id, 0)))
        elif len(threads) == 1:
            add(Finding("single_threaded", "high" if key else "medium",
                        f"{p.name} is reached through {threads[0]['name']} alone",
                        [p.ref()], _roles(m.roles), [_coverage_evidence(p)],
                        _second_thread_action(p, threads[0], current), power.get(p.id, 0)))
        if m.stance in HOSTILE:
            severity = ("critical" if key and m.stance == "opponent" else
                        "high" if m.stance == "opponent" or key else "medium")
            add(Finding("hostile", severity, f"{p.name} is {m.stance} ({_roles(m.roles)})",
                        [p.ref()], _roles(m.roles),
                        [f"stance {m.stance}; source {m.recorded.get('source')}, "
                         f"as of {m.recorded.get('as_of')}"],
                        _hostile_action(p, current, context), power.get(p.id, 0)))
        for hold in holds.get(p.id, []):
            if hold.held:
                add(Finding("competitor_held", "critical" if key else "high",
                            f"{p.name} is held by {hold.competitor_name}",
                            [p.ref()], _roles(m.roles), [hold.evidence],
                            _held_action(p, hold, current, context), power.get(p.id, 0)))
            else:
                add(Finding("contested", "high" if key else "medium",
                            f"{p.name} is contested between us and {hold.competitor_name}",
                            [p.ref()], _roles(m.roles), [hold.evidence],
                            f"Tip the balance for {p.name}: ask the people on our side to "
                            f"speak for us, and counter {context.everyone()[hold.via].name}'s "
                            f"influence with our own evidence (reference visit, proof of "
                            "concept).", power.get(p.id, 0)))
        if p.seniority in EXECUTIVE and threads:
            senior = max(SENIORITY_WEIGHT.get(Seniority(t["seniority"]), 1) if t["seniority"]
                         else 1 for t in threads)
            if senior <= JUNIOR_WEIGHT:
                add(Finding("seniority_mismatch", "medium",
                            f"{p.name} ({p.title}) is covered only by junior staff",
                            [p.ref()], _roles(m.roles), [_coverage_evidence(p)],
                            f"Ask a senior colleague (director level or above) to meet "
                            f"{p.name}, introduced by {threads[0]['name']}.",
                            power.get(p.id, 0)))
        for t in threads:
            last = t["last_activity"]
            if last is None or (context.today - last).days > stale_days:
                when = f"last on {last}" if last else "none recorded"
                add(Finding("stale_relationship", "medium" if key else "low",
                            f"{t['name']} has had no activity with {p.name} in {stale_days} days",
                            [p.ref()], _roles(m.roles),
                            [f"{t['name']} → {p.name}: strength {t['strength']}, activities: {when}"],
                            f"{t['name']} should schedule a meeting with {p.name}.",
                            power.get(p.id, 0)))
        if m.stance is None:
            est = inferred.get(p.id, Estimate(0.0, 0.0, []))
            guess = stance_of_estimate(est.score)
            drivers = ", ".join(everyone[d].name for d in est.drivers if d in everyone)
            add(Finding("stance_unknown", "medium" if key else "low",
                        f"Nobody has recorded where {p.name} stands",
                        [p.ref()], _roles(m.roles),
                        [f"inferred {guess} (score {est.score:+.2f}, confidence "
                         f"{est.confidence:.2f}) from the stances that reach them through the "
                         "influence network — an estimate, not a fact"
                         + (f"; driven most by {drivers}" if drivers else "")],
                        f"Find out {p.name}'s position at the next meeting"
                        + (f" ({threads[0]['name']} knows them best)." if threads else "."),
                        power.get(p.id, 0)))

    # -- the chain as a whole ----------------------------------------------------------------
    champions = [m for m in current if m.stance == "champion"]
    coaches = [m for m in current if "coach" in m.roles and m.stance not in HOSTILE]
    if not champions and not coaches:
        candidate = _best_candidate_coach(current)
        add(Finding("no_champion_or_coach", "high", "No champion and no coach in the chain",
                    [], "coach", ["no member has stance champion or the coach role"],
                    (f"Develop {candidate.person.name} as a coach: they lean our way and "
                     f"{candidate.person.threads()[0]['name']} knows them."
                     if candidate else "Identify a coach: someone inside who wants us to win "
                     "and will tell us how the decision is being made."), 0))
    deciders = [m for m in current if "decision_maker" in m.roles]
    if deciders:
        pairs = [(e.from_id, e.to_id) for e in influence]
        # an enemy passes nothing on (see paths.safe_influence); a supporter who is held still
        # speaks for themself
        safe = nx.DiGraph(safe_influence(pairs, enemies))
        for m in current:
            if m.stance in SUPPORTIVE and "decision_maker" not in m.roles:
                edges = safe
                if m.id in enemies:
                    edges = safe.copy()
                    edges.add_edges_from(p for p in pairs if p[0] == m.id)
                reach = reachable(edges, [m.id], max_hops=MAX_PATH_HOPS)
                if not any(d.id in reach for d in deciders):
                    names = ", ".join(d.person.name for d in deciders)
                    add(Finding("supporter_cannot_reach_decision_maker", "medium",
                                f"{m.person.name} supports us but does not reach {names}",
                                [m.person.ref(), *(d.person.ref() for d in deciders)],
                                _roles(m.roles),
                                [f"no influence path of at most {MAX_PATH_HOPS} hops from "
                                 f"{m.person.name} to {names} that avoids people hostile to "
                                 "us or held by a competitor"],
                                f"Ask {m.person.name} who they know close to {names}, or bring "
                                f"them into the next meeting with {names}.",
                                power.get(m.id, 0)))

    findings = _merge_per_person(findings, {m.id: m for m in current})
    findings.sort(key=lambda f: (SEVERITIES.index(f.severity), -f.power, f.kind, f.title))
    members = [_member_view(m, power, holds, inferred, everyone) for m in context.members]
    summary = _summary(template, current, members, findings)
    return GapReport(context.opportunity, context.customer, context.competitors,
                     {"kind": kind, "roles": list(template)}, context.today, summary, members,
                     findings)


# --- pieces -------------------------------------------------------------------------------

def _roles(roles: list[str]) -> str:
    return ", ".join(r.replace("_", " ") for r in roles) or "no role"


def _coverage_evidence(p: Person) -> str:
    if not p.coverage:
        return f"no relationship of our staff with {p.name}"
    parts = [f"{c['name']} ({c['team_role']}) strength {c['strength']}, source {c['source']}, "
             f"as of {c['as_of']}" for c in sorted(p.coverage, key=lambda c: -c["strength"])]
    return f"relationships with {p.name}: " + "; ".join(parts)


def _introduction_action(p: Person, paths_to: PathFinder) -> str:
    paths = paths_to(p.id)
    if paths and paths[0].safe:
        return describe_introduction(paths[0])
    text = (f"No safe introduction path of at most {MAX_PATH_HOPS} hops reaches {p.name}: "
            "request a meeting through the account's executive sponsor or plan a company visit.")
    if paths:
        text += " " + describe_introduction(paths[0])
    return text


def _second_thread_action(p: Person, only: dict, members: list[Member]) -> str:
    colleagues: dict[str, dict] = {}
    for m in members:
        for t in m.person.threads():
            if t["staff_id"] != only["staff_id"]:
                colleagues.setdefault(t["staff_id"], t)
    if colleagues:
        pick = max(colleagues.values(),
                   key=lambda t: (SENIORITY_WEIGHT.get(Seniority(t["seniority"]), 1)
                                  if t["seniority"] else 1, t["strength"]))
        return (f"Add a second thread: ask {only['name']} to introduce {pick['name']} "
                f"({pick['team_role']}) to {p.name}.")
    return f"Add a second thread: ask {only['name']} to introduce a colleague to {p.name}."


def _hostile_action(p: Person, members: list[Member], context: OpportunityContext) -> str:
    friends = [context.people[e.from_id].name for e in context.influence_edges()
               if e.to_id == p.id and any(m.id == e.from_id and m.stance in SUPPORTIVE
                                          for m in members)]
    lead = p.threads()[0]["name"] if p.threads() else "Our account lead"
    text = f"{lead} should find out {p.name}'s objection and answer it (technical exchange or reference visit)"
    if friends:
        text += (f"; ask {' and '.join(friends)} (who influence{'s' if len(friends) == 1 else ''} "
                 f"{p.name} and support{'s' if len(friends) == 1 else ''} us) to speak for us")
    return text + "."


def _held_action(p: Person, hold: Hold, members: list[Member],
                 context: OpportunityContext) -> str:
    lead = p.threads()[0]["name"] if p.threads() else "the account lead"
    if hold.reason == "influenced_by" and hold.via:
        via = context.people[hold.via].name
        return (f"Counter {via}'s influence on {p.name}: {lead} should give {p.name} our own "
                "evidence (reference visit, proof of concept).")
    return (f"Neutralise the hold of {hold.competitor_name} on {p.name}: {lead} should arrange a "
            "reference visit with a customer who chose us over "
            f"{hold.competitor_name}, and keep {p.name} out of the critical path where possible.")


def _best_candidate_coach(members: list[Member]) -> Member | None:
    candidates = [m for m in members if m.stance in ("supporter", None) and m.person.threads()]
    return max(candidates, key=lambda m: m.person.threads()[0]["strength"], default=None)


def _missing_role(role: str, context: OpportunityContext, members: list[Member]) -> Finding:
    helpers = [m for m in members if m.stance in SUPPORTIVE and m.person.threads()]
    if helpers:
        h = max(helpers, key=lambda m: m.person.threads()[0]["strength"])
        action = (f"Ask {h.person.name} (known to {h.person.threads()[0]['name']}) who acts as "
                  f"{role.replace('_', ' ')} and how to meet them.")
    else:
        action = f"Find out who acts as {role.replace('_', ' ')} at {context.customer['name']}."
    return Finding("missing_role", "critical" if role in KEY_ROLES else "high",
                   f"Nobody known as {role.replace('_', ' ')}", [], role,
                   [f"the {context.opportunity.get('kind') or 'standard'} template requires "
                    f"a {role.replace('_', ' ')}; no current member holds it"], action, 100)


def _inferred_stances(context: OpportunityContext, holds: dict) -> dict:
    known: dict[str, float] = {}
    for m in context.members:
        if m.stance is not None:
            known[m.id] = STANCE_SCORE[m.stance]
    for pid, p in context.people.items():
        if pid in known:
            continue
        if any(h.reason in SPREADING or h.reason == "former_employee"
               for h in holds.get(pid, [])):
            known[pid] = -1.5
        elif own_favor(p) >= 3:
            known[pid] = 1.0 + (own_favor(p) - 3) * 0.5
    unknown = [m.id for m in context.members if m.stance is None]
    edges = [(e.from_id, e.to_id, e.strength or 1) for e in context.influence_edges()]
    return infer_stances(edges, known, unknown)


def _member_view(m: Member, power: dict, holds: dict, inferred: dict,
                 everyone: dict[str, Person]) -> dict:
    p = m.person
    view: dict[str, Any] = {
        "id": p.id, "name": p.name, "title": p.title, "seniority": p.seniority,
        "roles": m.roles, "stance": m.stance, "power": power.get(p.id, 0.0),
        "left_customer": m.left_customer, "threads": len(p.threads()),
        "coverage": [{k: c[k] for k in ("staff_id", "name", "team_role", "strength", "as_of",
                                        "last_activity")} for c in p.coverage],
        "held_by": [h.as_dict() for h in holds.get(p.id, [])],
        "inferred_stance": None,
    }
    if m.stance is None:
        est = inferred.get(p.id, Estimate(0.0, 0.0, []))
        view["inferred_stance"] = {"stance": stance_of_estimate(est.score), "score": est.score,
                                   "confidence": est.confidence, "inferred": True,
                                   "drivers": [{"id": d, "name": everyone[d].name}
                                               for d in est.drivers if d in everyone]}
    return view


#: findings about one person that merge into one block per person
PERSONAL = ("left_customer", "uncovered", "single_threaded", "hostile", "competitor_held",
            "contested", "seniority_mismatch", "stale_relationship", "stance_unknown")


def _merge_per_person(findings: list[Finding], members: dict[str, Member]) -> list[Finding]:
    """One block per person: two or more personal findings about the same person become one
    finding of kind ``person`` whose ``points`` are those findings, most severe first; its
    severity is the worst of them, its evidence and next steps theirs in that order."""
    by_person: dict[str, list[Finding]] = {}
    rest: list[Finding] = []
    for f in findings:
        if f.kind in PERSONAL and len(f.people) == 1:
            by_person.setdefault(f.people[0]["id"], []).append(f)
        else:
            rest.append(f)
    for pid, found in by_person.items():
        if len(found) == 1:
            rest.append(found[0])
            continue
        found.sort(key=lambda f: (SEVERITIES.index(f.severity), f.kind, f.title))
        person = found[0].people[0]
        actions = list(dict.fromkeys(f.action for f in found))
        rest.append(Finding(
            "person", found[0].severity,
            f"{person['name']} needs attention on {len(found)} points",
            [person], found[0].role,
            list(dict.fromkeys(e for f in found for e in f.evidence)),   # points share evidence
            " ".join(actions), max(f.power for f in found), points=found))
    return rest


def _summary(template: tuple, members: list[Member], views: list[dict],
             findings: list[Finding]) -> dict:
    by_id = {v["id"]: v for v in views}
    roles = []
    for role in template:
        holders = [m for m in members if role in m.roles]
        roles.append({
            "role": role,
            "people": [m.person.ref() for m in holders],
            "status": ("missing" if not holders else
                       "covered" if any(m.person.covered() for m in holders) else "uncovered"),
        })
    shares = {"supports": 0.0, "neutral": 0.0, "opposes": 0.0, "competitor_held": 0.0}
    for m in members:
        v = by_id[m.id]
        # A recorded hostile stance is a fact about the person and wins over a hold we
        # derive; a contested hold is not held.
        if m.stance in HOSTILE:
            bucket = "opposes"
        elif any(h["reason"] != "contested" for h in v["held_by"]):
            bucket = "competitor_held"
        elif m.stance in SUPPORTIVE:
            bucket = "supports"
        else:
            bucket = "neutral"
        shares[bucket] += v["power"]
    total = sum(shares.values())
    shares = {k: round(v / total, 3) if total else 0.0 for k, v in shares.items()}
    key_people = [{"id": m.id, "name": m.person.name, "roles": m.roles,
                   "threads": by_id[m.id]["threads"]}
                  for m in members if any(r in KEY_ROLES for r in m.roles)]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    return {"roles": roles, "power_share": shares, "key_people": key_people,
            "findings_by_severity": counts}
