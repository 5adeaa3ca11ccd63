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
from powermap.i18n import clauses, listing, sentences
from powermap.model import SENIORITY_WEIGHT, Seniority
from powermap.report.words import (_, date_words, recorded_words, role_with_article,
                                   role_words, roles_words, seniority_words, stance_words,
                                   strength_words, team_role_words)

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
                "action": self.action, "points": [p.as_dict() for p in self.points],
                "key": self.key}

    @property
    def key(self) -> str:
        """A handle that stays the same while the finding's subject does: the next step set
        for it (owner, due date) is stored under this key. One person's findings share one key,
        so a block that gains or loses a point keeps its next step."""
        ids = [p["id"] for p in self.people]
        if self.kind in PERSONAL + ("person",) and len(ids) == 1:
            return f"person:{ids[0]}"
        if self.kind == "missing_role":
            return f"role:{self.role}"
        if self.kind == "supporter_cannot_reach_decision_maker" and ids:
            return f"reach:{ids[0]}"
        return ":".join([self.kind, *ids])

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
    names = _names(context)
    findings: list[Finding] = []
    add = findings.append

    # -- roles: missing, and vacated by people who left -------------------------------------
    for role in template:
        if not any(role in m.roles for m in current):
            add(_missing_role(role, context, current))
    for m in context.members:
        if m.left_customer:
            recorded = recorded_words(m.recorded.get("source"), m.recorded.get("as_of"), names)
            add(Finding("left_customer", "high",
                        _("%(name)s has left %(customer)s", name=m.person.name,
                          customer=context.customer["name"]),
                        [m.person.ref()], ", ".join(m.roles),
                        [sentences(
                            _("%(name)s no longer works at %(customer)s; the decision chain "
                              "still names them.", name=m.person.name,
                              customer=context.customer["name"]), recorded)],
                        _("Find %(name)s's successor as %(roles)s and update the decision "
                          "chain; keep the relationship with them at their new employer.",
                          name=m.person.name, roles=_roles(m.roles)),
                        power.get(m.id, 0)))

    # -- each current member -----------------------------------------------------------------
    for m in current:
        p = m.person
        key = any(r in KEY_ROLES for r in m.roles)
        threads = p.threads()
        if not p.covered():
            add(Finding("uncovered", "critical" if key else "high",
                        _("No trusted relationship with %(name)s (%(roles)s)", name=p.name,
                          roles=_roles(m.roles)),
                        [p.ref()], _roles(m.roles),
                        [_coverage_evidence(p, names)],
                        _introduction_action(p, paths_to), power.get(p.id, 0)))
        elif len(threads) == 1:
            add(Finding("single_threaded", "high" if key else "medium",
                        _("%(name)s is reached through %(staff)s alone", name=p.name,
                          staff=threads[0]["name"]),
                        [p.ref()], _roles(m.roles), [_coverage_evidence(p, names)],
                        _second_thread_action(p, threads[0], current), power.get(p.id, 0)))
        if m.stance in HOSTILE:
            severity = ("critical" if key and m.stance == "opponent" else
                        "high" if m.stance == "opponent" or key else "medium")
            title = (_("%(name)s opposes us (%(roles)s)", name=p.name, roles=_roles(m.roles))
                     if m.stance == "opponent" else
                     _("%(name)s is sceptical of us (%(roles)s)", name=p.name,
                       roles=_roles(m.roles)))
            add(Finding("hostile", severity, title,
                        [p.ref()], _roles(m.roles),
                        [sentences(
                            _("Stance in this opportunity: %(stance)s.",
                              stance=stance_words(m.stance)),
                            recorded_words(m.recorded.get("source"), m.recorded.get("as_of"),
                                           names))],
                        _hostile_action(p, current, context), power.get(p.id, 0)))
        for hold in holds.get(p.id, []):
            if hold.held:
                add(Finding("competitor_held", "critical" if key else "high",
                            _("%(name)s is held by %(competitor)s", name=p.name,
                              competitor=hold.competitor_name),
                            [p.ref()], _roles(m.roles), [_sentence(hold.evidence)],
                            _held_action(p, hold, current, context), power.get(p.id, 0)))
            else:
                add(Finding("contested", "high" if key else "medium",
                            _("%(name)s is contested between us and %(competitor)s",
                              name=p.name, competitor=hold.competitor_name),
                            [p.ref()], _roles(m.roles), [_sentence(hold.evidence)],
                            _("Tip the balance for %(name)s: ask the people on our side to "
                              "speak for us, and counter %(via)s's influence with our own "
                              "evidence (reference visit, proof of concept).", name=p.name,
                              via=context.everyone()[hold.via].name),
                            power.get(p.id, 0)))
        if p.seniority in EXECUTIVE and threads:
            senior = max(SENIORITY_WEIGHT.get(Seniority(t["seniority"]), 1) if t["seniority"]
                         else 1 for t in threads)
            if senior <= JUNIOR_WEIGHT:
                add(Finding("seniority_mismatch", "medium",
                            _("%(name)s (%(title)s) is covered only by junior staff",
                              name=p.name, title=p.title or seniority_words(p.seniority)),
                            [p.ref()], _roles(m.roles), [_coverage_evidence(p, names)],
                            _("Ask a senior colleague (director level or above) to meet "
                              "%(name)s, introduced by %(staff)s.", name=p.name,
                              staff=threads[0]["name"]),
                            power.get(p.id, 0)))
        for t in threads:
            if is_stale(t, context.today, stale_days):
                last = t["last_activity"]
                facts = _("%(staff)s's relationship with %(name)s has strength %(strength)s "
                          "(%(words)s).", staff=t["name"], name=p.name, strength=t["strength"],
                          words=strength_words(t["strength"]))
                when = (_("The last activity with them was on %(date)s.",
                          date=date_words(last)) if last else
                        _("No activity with them is recorded."))
                confirmed = (_("The relationship was last entered or confirmed on %(date)s.",
                               date=date_words(t.get("as_of"))) if t.get("as_of") else "")
                add(Finding("stale_relationship", "medium" if key else "low",
                            _("%(staff)s has had no activity with %(name)s in %(days)d days",
                              staff=t["name"], name=p.name, days=stale_days),
                            [p.ref()], _roles(m.roles),
                            [sentences(facts, when, confirmed)],
                            _("%(staff)s should schedule a meeting with %(name)s.",
                              staff=t["name"], name=p.name),
                            power.get(p.id, 0)))
        if m.stance is None:
            est = inferred.get(p.id, Estimate(0.0, 0.0, []))
            guess = stance_of_estimate(est.score)
            drivers = listing(everyone[d].name for d in est.drivers if d in everyone)
            estimate = (_("Nothing recorded reaches %(name)s through the influence network, "
                          "so not even an estimate of their stance can be made.", name=p.name)
                        if est.confidence == 0 else
                        _("Estimated %(stance)s (score %(score)+.2f, confidence "
                          "%(confidence).2f) from the stances that reach %(name)s through the "
                          "influence network, driven most by %(drivers)s; an estimate, not a "
                          "fact.", stance=stance_words(guess), score=est.score,
                          confidence=est.confidence, name=p.name, drivers=drivers)
                        if drivers else
                        _("Estimated %(stance)s (score %(score)+.2f, confidence "
                          "%(confidence).2f) from the stances that reach %(name)s through the "
                          "influence network; an estimate, not a fact.",
                          stance=stance_words(guess), score=est.score,
                          confidence=est.confidence, name=p.name))
            add(Finding("stance_unknown", "medium" if key else "low",
                        _("Nobody has recorded where %(name)s stands", name=p.name),
                        [p.ref()], _roles(m.roles), [estimate],
                        _("Find out %(name)s's position at the next meeting (%(staff)s knows "
                          "them best).", name=p.name, staff=threads[0]["name"]) if threads else
                        _("Find out %(name)s's position at the next meeting.", name=p.name),
                        power.get(p.id, 0)))

    # -- the chain as a whole ----------------------------------------------------------------
    champions = [m for m in current if m.stance == "champion"]
    coaches = [m for m in current if "coach" in m.roles and m.stance not in HOSTILE]
    if not champions and not coaches:
        candidate = _best_candidate_coach(current)
        add(Finding("no_champion_or_coach", "high", _("No champion and no coach in the chain"),
                    [], "coach",
                    [_("No member of the decision chain is a champion or has the coach role.")],
                    (_("Develop %(name)s as a coach: they lean our way and %(staff)s knows "
                       "them.", name=candidate.person.name,
                       staff=candidate.person.threads()[0]["name"])
                     if candidate else _("Identify a coach: someone inside who wants us to win "
                                         "and will tell us how the decision is being made.")),
                    0))
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
                    deciders_text = listing(d.person.name for d in deciders)
                    add(Finding("supporter_cannot_reach_decision_maker", "medium",
                                _("%(name)s supports us but does not reach %(deciders)s",
                                  name=m.person.name, deciders=deciders_text),
                                [m.person.ref(), *(d.person.ref() for d in deciders)],
                                _roles(m.roles),
                                [_("No influence path of at most %(hops)d hops leads from "
                                   "%(name)s to %(deciders)s without passing people hostile "
                                   "to us or held by a competitor.", hops=MAX_PATH_HOPS,
                                   name=m.person.name, deciders=deciders_text)],
                                _("Ask %(name)s who they know close to %(deciders)s, or bring "
                                  "them into the next meeting with %(deciders)s.",
                                  name=m.person.name, deciders=deciders_text),
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
    return roles_words(roles)


def is_stale(thread: dict, today: dt.date, stale_days: int) -> bool:
    """A relationship is stale when neither its last activity nor the day it was entered or
    confirmed (its ``as_of``) lies within ``stale_days`` of ``today``: a relationship entered
    today is fresh even before any activity is recorded.

    >>> today = dt.date(2026, 6, 1)
    >>> is_stale({"last_activity": None, "as_of": today}, today, 90)
    False
    >>> is_stale({"last_activity": dt.date(2026, 1, 1), "as_of": dt.date(2025, 1, 1)}, today, 90)
    True
    """
    days = [_day(thread.get("last_activity")), _day(thread.get("as_of"))]
    latest = max((d for d in days if d is not None), default=None)
    return latest is None or (today - latest).days > stale_days


def _sentence(text: str) -> str:
    """Evidence written as a clause ("favors Rival …") shown as a sentence."""
    return text[:1].upper() + text[1:] if text else text


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _names(context: OpportunityContext) -> dict[str, str]:
    """Person and staff ids → names: a ``source`` that is an id is shown as a name."""
    names = {pid: p.name for pid, p in context.everyone().items()}
    for p in context.everyone().values():
        for c in p.coverage:
            names.setdefault(c["staff_id"], c["name"])
    return names


def _coverage_evidence(p: Person, names: dict[str, str] | None = None) -> str:
    if not p.coverage:
        return _("None of our staff has a relationship with %(name)s.", name=p.name)
    parts = []
    for c in sorted(p.coverage, key=lambda c: -c["strength"]):
        if c["team_role"]:
            part = _("%(staff)s (%(team_role)s) at strength %(strength)s (%(words)s)",
                     staff=c["name"], team_role=team_role_words(c["team_role"]),
                     strength=c["strength"], words=strength_words(c["strength"]))
        else:
            part = _("%(staff)s at strength %(strength)s (%(words)s)", staff=c["name"],
                     strength=c["strength"], words=strength_words(c["strength"]))
        recorded = recorded_words(c.get("source"), c.get("as_of"), names)
        parts.append(_("%(relationship)s, %(recorded)s", relationship=part,
                       recorded=recorded[0].lower() + recorded[1:-1]) if recorded else part)
    return _("Our relationships with %(name)s: %(relationships)s.", name=p.name,
             relationships=clauses(parts))


def _introduction_action(p: Person, paths_to: PathFinder) -> str:
    paths = paths_to(p.id)
    if paths and paths[0].safe:
        return describe_introduction(paths[0])
    text = _("No safe introduction path of at most %(hops)d hops reaches %(name)s: request a "
             "meeting through the account's executive sponsor or plan a company visit.",
             hops=MAX_PATH_HOPS, name=p.name)
    if paths:
        text = sentences(text, describe_introduction(paths[0]))
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
        return _("Add a second thread: ask %(only)s to introduce %(staff)s (%(team_role)s) to "
                 "%(name)s.", only=only["name"], staff=pick["name"],
                 team_role=team_role_words(pick["team_role"]), name=p.name)
    return _("Add a second thread: ask %(only)s to introduce a colleague to %(name)s.",
             only=only["name"], name=p.name)


def _hostile_action(p: Person, members: list[Member], context: OpportunityContext) -> str:
    friends = [context.people[e.from_id].name for e in context.influence_edges()
               if e.to_id == p.id and any(m.id == e.from_id and m.stance in SUPPORTIVE
                                          for m in members)]
    if p.threads():
        text = _("%(staff)s should find out %(name)s's objection and answer it (technical "
                 "exchange or reference visit).", staff=p.threads()[0]["name"], name=p.name)
    else:
        text = _("Our account lead should find out %(name)s's objection and answer it "
                 "(technical exchange or reference visit).", name=p.name)
    if len(friends) == 1:
        text = sentences(text, _("Ask %(friend)s, who influences %(name)s and supports us, to "
                                 "speak for us.", friend=friends[0], name=p.name))
    elif friends:
        text = sentences(text, _("Ask %(friends)s, who influence %(name)s and support us, to "
                                 "speak for us.", friends=listing(friends), name=p.name))
    return text


def _held_action(p: Person, hold: Hold, members: list[Member],
                 context: OpportunityContext) -> str:
    lead = p.threads()[0]["name"] if p.threads() else _("the account lead")
    if hold.reason == "influenced_by" and hold.via:
        via = context.people[hold.via].name
        return _("Counter %(via)s's influence on %(name)s: %(lead)s should give %(name)s our "
                 "own evidence (reference visit, proof of concept).", via=via, name=p.name,
                 lead=lead)
    return _("Neutralise the hold of %(competitor)s on %(name)s: %(lead)s should arrange a "
             "reference visit with a customer who chose us over %(competitor)s, and keep "
             "%(name)s out of the critical path where possible.",
             competitor=hold.competitor_name, name=p.name, lead=lead)


def _best_candidate_coach(members: list[Member]) -> Member | None:
    candidates = [m for m in members if m.stance in ("supporter", None) and m.person.threads()]
    return max(candidates, key=lambda m: m.person.threads()[0]["strength"], default=None)


def _missing_role(role: str, context: OpportunityContext, members: list[Member]) -> Finding:
    helpers = [m for m in members if m.stance in SUPPORTIVE and m.person.threads()]
    if helpers:
        h = max(helpers, key=lambda m: m.person.threads()[0]["strength"])
        action = _("Ask %(name)s (known to %(staff)s) who acts as %(role)s and how to meet "
                   "them.", name=h.person.name, staff=h.person.threads()[0]["name"],
                   role=role_words(role))
    else:
        action = _("Find out who acts as %(role)s at %(customer)s.", role=role_words(role),
                   customer=context.customer["name"])
    return Finding("missing_role", "critical" if role in KEY_ROLES else "high",
                   _("Nobody in the decision chain is known as %(role)s",
                     role=role_with_article(role)), [], role,
                   [_("The %(template)s role template requires %(role)s; no current member of "
                      "the decision chain holds that role.",
                      template=context.opportunity.get("kind") or "standard",
                      role=role_with_article(role))], action, 100)


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
            _("%(name)s needs attention on %(count)d points", name=person["name"],
              count=len(found)),
            [person], found[0].role,
            list(dict.fromkeys(e for f in found for e in f.evidence)),   # points share evidence
            sentences(*actions), max(f.power for f in found), points=found))
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
