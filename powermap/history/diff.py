"""What changed around an account or an opportunity between two days (``powermap diff``).

Both days are rebuilt from one read of the account's history (``asof.read_account_history``)
and compared: people who joined or left the account, and per opportunity the decision chain,
stances (with their direction), threads to key people, competitor holds, roles of the template
filled or vacated, findings of the gap report opened or resolved, and the power share.
"""

from __future__ import annotations

import datetime as dt

from powermap.analysis.context import OpportunityContext
from powermap.analysis.gaps import DEFAULT_STALE_DAYS, GapReport, gap_report_of
from powermap.errors import NotFound, Problem, ValidationError
from powermap.graph.store import Graph
from powermap.history.asof import (Snapshot, account_context, opportunity_context,
                                   read_account_history)
from powermap.i18n import _, listing, sort_key
from powermap.report.words import stance_words

#: stances from the worst to the best for us: a move to the right is "up"
STANCE_ORDER = ("opponent", "skeptic", "neutral", "supporter", "champion")


def diff(graph: Graph, account_id: str | None = None, opportunity_id: str | None = None,
         since: dt.date | None = None, until: dt.date | None = None,
         stale_days: int = DEFAULT_STALE_DAYS, templates: dict | None = None) -> dict:
    """Compare the end of ``since`` with the end of ``until`` (default: today)."""
    if (account_id is None) == (opportunity_id is None):
        raise ValidationError(Problem("", "account/opportunity",
                                      _("give either an account or an opportunity")))
    if since is None:
        raise ValidationError(Problem("", "from", _("required: the day to compare with")))
    until = until or dt.date.today()
    if until < since:
        raise ValidationError(Problem("", "to", _(
            "%(until)s is before %(since)s; the second day must not be before the first",
            until=until, since=since)))
    if opportunity_id is not None:
        head = graph.read("find_opportunity", opportunity_id=opportunity_id)
        if not head:
            raise NotFound(_("no opportunity with id %(id)r", id=opportunity_id))
        account_id = head[0]["customer"]["id"]
    history = read_account_history(graph, account_id, since)
    before, after = history.at(since), history.at(until)
    scope_ids = [opportunity_id] if opportunity_id else sorted(
        {o["id"] for snap in (before, after) for o in snap.of("opportunities")
         if o["customer_id"] == account_id and o["status"] == "open"})
    name = (after.rows["organizations"].get((account_id,)) or
            before.rows["organizations"].get((account_id,)) or {"name": account_id})["name"]
    insiders_before = _insiders(before, account_id)
    insiders_after = _insiders(after, account_id)
    people = {**_names(before), **_names(after)}
    result = {
        "scope": {"kind": "opportunity" if opportunity_id else "account",
                  "id": opportunity_id or account_id, "account_id": account_id,
                  "account": name},
        "from": since, "to": until,
        "people": [{"person": {"id": pid, "name": people.get(pid, pid)}, "change": change}
                   for change, ids in (("joined", insiders_after - insiders_before),
                                       ("left", insiders_before - insiders_after))
                   for pid in sorted(ids, key=lambda p: people.get(p, p))],
        "opportunities": [],
    }
    for oid in scope_ids:
        result["opportunities"].append(_opportunity_diff(graph, oid, before, after, since,
                                                         until, stale_days, templates))
    return result


def _insiders(snap: Snapshot, account_id: str) -> set[str]:
    return {e["person_id"] for e in snap.of("employment")
            if e["organization_id"] == account_id and e["until"] is None}


def _names(snap: Snapshot) -> dict[str, str]:
    return {key[0]: row["name"] for key, row in snap.rows["people"].items()}


def _report(graph: Graph, snap: Snapshot, opportunity_id: str, day: dt.date, stale_days: int,
            templates: dict | None) -> tuple[OpportunityContext | None, GapReport | None]:
    try:
        context = opportunity_context(snap, opportunity_id, day)
    except NotFound:
        return None, None
    return context, gap_report_of(graph, context, stale_days, templates)


def _opportunity_diff(graph: Graph, opportunity_id: str, before: Snapshot, after: Snapshot,
                      since: dt.date, until: dt.date, stale_days: int,
                      templates: dict | None) -> dict:
    old_ctx, old = _report(graph, before, opportunity_id, since, stale_days, templates)
    new_ctx, new = _report(graph, after, opportunity_id, until, stale_days, templates)
    head = (new_ctx or old_ctx).opportunity  # type: ignore[union-attr]
    old_members = {m.id: m for m in (old_ctx.members if old_ctx else [])}
    new_members = {m.id: m for m in (new_ctx.members if new_ctx else [])}
    names = {pid: m.person.name for pid, m in {**old_members, **new_members}.items()}

    def ref(pid: str) -> dict:
        return {"id": pid, "name": names.get(pid, pid)}

    def by_name(pid: str) -> tuple:
        # the order a reader looks names up in (李明 under L), the id breaking ties
        return (sort_key(names.get(pid)), pid)

    chain = [{"person": ref(pid), "change": "joined"}
             for pid in sorted(new_members.keys() - old_members.keys(), key=by_name)]
    chain += [{"person": ref(pid), "change": "left"}
              for pid in sorted(old_members.keys() - new_members.keys(), key=by_name)]
    stances = []
    for pid in sorted(old_members.keys() & new_members.keys(), key=by_name):
        a, b = old_members[pid].stance, new_members[pid].stance
        if a != b:
            stances.append({"person": ref(pid), "before": a or "unknown",
                            "after": b or "unknown", "direction": _direction(a, b)})
    threads = []
    for pid in sorted(old_members.keys() | new_members.keys(), key=by_name):
        was = {t["staff_id"]: t["name"] for t in
               (old_members[pid].person.threads() if pid in old_members else [])}
        now = {t["staff_id"]: t["name"] for t in
               (new_members[pid].person.threads() if pid in new_members else [])}
        if was.keys() != now.keys():
            threads.append({"person": ref(pid), "before": len(was), "after": len(now),
                            "gained": sorted(now[s] for s in now.keys() - was.keys()),
                            "lost": sorted(was[s] for s in was.keys() - now.keys())})
    holds = []
    old_holds, new_holds = _holds(old), _holds(new)
    for change, keys in (("new", new_holds.keys() - old_holds.keys()),
                         ("ended", old_holds.keys() - new_holds.keys())):
        for pid, cid in sorted(keys):
            holds.append({"person": ref(pid), "competitor": {**new_holds, **old_holds}[(pid, cid)],
                          "change": change})
    roles = []
    old_roles, new_roles = _roles(old), _roles(new)
    for role in dict.fromkeys([*old_roles, *new_roles]):
        a, b = old_roles.get(role, "missing"), new_roles.get(role, "missing")
        if a != b:
            roles.append({"role": role, "before": a, "after": b,
                          "change": "filled" if a == "missing" else
                                    "vacated" if b == "missing" else "changed"})
    old_findings, new_findings = _findings(old), _findings(new)
    findings = [{"change": "opened", "severity": f["severity"], "title": f["title"]}
                for key, f in new_findings.items() if key not in old_findings]
    findings += [{"change": "resolved", "severity": f["severity"], "title": f["title"]}
                 for key, f in old_findings.items() if key not in new_findings]
    old_share = old.summary["power_share"] if old else {}
    new_share = new.summary["power_share"] if new else {}
    share = [{"bucket": bucket, "before": old_share.get(bucket, 0.0),
              "after": new_share.get(bucket, 0.0)}
             for bucket in ("supports", "neutral", "opposes", "competitor_held")]
    status_before = old_ctx.opportunity.get("status") if old_ctx else "not recorded yet"
    status_after = new_ctx.opportunity.get("status") if new_ctx else "not recorded"
    return {"opportunity": {"id": opportunity_id, "name": head["name"]},
            "status": {"before": status_before, "after": status_after},
            "chain": chain, "stances": stances, "threads": threads, "holds": holds,
            "roles": roles, "findings": findings, "power_share": share}


def _direction(before: str | None, after: str | None) -> str:
    if before is None:
        return "now known"
    if after is None:
        return "no longer known"
    return "up" if STANCE_ORDER.index(after) > STANCE_ORDER.index(before) else "down"


def _holds(report: GapReport | None) -> dict[tuple[str, str], dict]:
    """(person, competitor) → competitor, for holds that are not contested."""
    found = {}
    for member in (report.members if report else []):
        for hold in member.get("held_by", []):
            if hold.get("reason") != "contested":
                competitor = hold.get("competitor") or {"id": hold.get("competitor_id"),
                                                        "name": hold.get("competitor_name")}
                found[(member["id"], competitor["id"])] = competitor
    return found


def _roles(report: GapReport | None) -> dict[str, str]:
    return {r["role"]: r["status"] for r in (report.summary["roles"] if report else [])}


def _findings(report: GapReport | None) -> dict[tuple, dict]:
    """Findings by identity (kind, people, role): the same finding on both days is kept."""
    found = {}
    for f in (report.points() if report else []):
        key = (f.kind, tuple(sorted(p["id"] for p in f.people)), f.role)
        found[key] = {"severity": f.severity, "title": f.title}
    return found


def marks(result: dict) -> dict[str, list[dict]]:
    """What a map marks on each person for a diff: person id → [{kind, text}], where kind is
    ``joined``, ``left``, ``stance_up``, ``stance_down``, ``stance_known``, ``thread_gained``,
    ``thread_lost``, ``newly_held`` or ``hold_ended``; the texts are whole sentences."""
    found: dict[str, list[dict]] = {}

    def mark(pid: str, kind: str, text: str) -> None:
        found.setdefault(pid, []).append({"kind": kind, "text": text})

    since = result["from"]
    for row in result["people"]:
        person = row["person"]
        if row["change"] == "joined":
            mark(person["id"], "joined", _("%(name)s joined the account after %(date)s.",
                                           name=person["name"], date=since))
        else:
            mark(person["id"], "left", _("%(name)s left the account after %(date)s.",
                                         name=person["name"], date=since))
    for opportunity in result["opportunities"]:
        deal = opportunity["opportunity"]["name"]
        for row in opportunity["chain"]:
            person = row["person"]
            if row["change"] == "joined":
                mark(person["id"], "joined",
                     _("%(name)s joined the decision chain of %(deal)s after %(date)s.",
                       name=person["name"], deal=deal, date=since))
        for row in opportunity["stances"]:
            person, direction = row["person"], row["direction"]
            kind = {"up": "stance_up", "down": "stance_down"}.get(direction, "stance_known")
            mark(person["id"], kind, _("In %(deal)s, %(name)s went from %(before)s to "
                                       "%(after)s.", deal=deal, name=person["name"],
                                       before=stance_words(row["before"]),
                                       after=stance_words(row["after"])))
        for row in opportunity["threads"]:
            person = row["person"]
            if row["lost"]:
                mark(person["id"], "thread_lost",
                     _("%(name)s lost the thread of %(staff)s (%(before)s → %(after)s "
                       "threads).", name=person["name"], staff=listing(row["lost"]),
                       before=row["before"], after=row["after"]))
            if row["gained"]:
                mark(person["id"], "thread_gained",
                     _("%(name)s gained a thread from %(staff)s (%(before)s → %(after)s "
                       "threads).", name=person["name"], staff=listing(row["gained"]),
                       before=row["before"], after=row["after"]))
        for row in opportunity["holds"]:
            person, competitor = row["person"], row["competitor"]["name"]
            if row["change"] == "new":
                mark(person["id"], "newly_held",
                     _("%(competitor)s now holds %(name)s (not so on %(date)s).",
                       competitor=competitor, name=person["name"], date=since))
            else:
                mark(person["id"], "hold_ended",
                     _("%(competitor)s no longer holds %(name)s.", competitor=competitor,
                       name=person["name"]))
    return found
