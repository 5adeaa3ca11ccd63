"""Plain words for the model's codes, and whole sentences with named placeholders.

Enumeration values stay English codes in the graph, the JSON and the code; wherever a person
reads them they become words here. Every sentence goes through ``_`` with named placeholders,
so a translation (gettext, zh-CN later) can reorder them: never stitch a sentence together
from fragments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from powermap.i18n import N_, _, listing, pgettext

__all__ = ["_", "role_words", "roles_words", "role_with_article", "seniority_words",
           "team_role_words", "stance_words", "severity_words", "status_words",
           "strength_words", "date_words", "recorded_words", "code_words", "TEMPLATE_WORDS",
           "kind_words", "count_words", "outcome_words"]


ROLES = {
    "decision_maker": N_("decision maker"), "approver": N_("approver"),
    "technical_evaluator": N_("technical evaluator"),
    "commercial_evaluator": N_("commercial evaluator"), "user": N_("user"),
    "influencer": N_("influencer"), "coach": N_("coach"), "gatekeeper": N_("gatekeeper"),
}
#: a role with its indefinite article, whole, so a translation need not know English articles
ROLES_WITH_ARTICLE = {
    "decision_maker": N_("a decision maker"), "approver": N_("an approver"),
    "technical_evaluator": N_("a technical evaluator"),
    "commercial_evaluator": N_("a commercial evaluator"), "user": N_("a user"),
    "influencer": N_("an influencer"), "coach": N_("a coach"), "gatekeeper": N_("a gatekeeper"),
}
SENIORITY = {"c_level": N_("C-level"), "vp": N_("vice president"), "director": N_("director"),
             "manager": N_("manager"), "individual": N_("individual contributor")}
TEAM_ROLES = {"AR": N_("account lead"), "SR": N_("solution lead"), "FR": N_("fulfilment lead"),
              "exec": N_("executive"), "other": N_("colleague")}
STANCES = {"champion": N_("champion"), "supporter": N_("supporter"), "neutral": N_("neutral"),
           "skeptic": N_("skeptic"), "opponent": N_("opponent"), None: N_("unknown"),
           "unknown": N_("unknown"), "mixed": N_("mixed")}
SEVERITIES = {"critical": N_("critical"), "high": N_("high"), "medium": N_("medium"),
              "low": N_("low")}
STATUSES = {"missing": N_("nobody known"), "covered": N_("covered"),
            "uncovered": N_("no trusted relationship")}
#: relationship strengths; shown through strength_words, which says they are strengths (the
#: same English word can be a stance: "supporter")
STRENGTHS = {0: N_("none"), 1: N_("aware"), 2: N_("contact"), 3: N_("trusted"),
             4: N_("supporter"), 5: N_("ally")}


#: the kinds of records (tables of an import) in words; the English words are the codes
#: themselves, which is how the command line has always named them
RECORD_KIND_WORDS = {
    "organizations": N_("organizations"), "units": N_("units"), "people": N_("people"),
    "employment": N_("employment"), "reports_to": N_("reports_to"),
    "influence": N_("influence"), "conflicts": N_("conflicts"),
    "relationships": N_("relationships"), "favors": N_("favors"),
    "opportunities": N_("opportunities"), "bids": N_("bids"),
    "decision_chain": N_("decision_chain"), "activities": N_("activities"),
    "org_ties": N_("org_ties"), "attendees": N_("attendees"),
}
#: what happened to the records of an import, with their count
OUTCOME_WORDS = {"created": N_("%(n)s created"), "updated": N_("%(n)s updated"),
                 "unchanged": N_("%(n)s unchanged"), "kept": N_("%(n)s kept")}


def kind_words(kind: str) -> str:
    """A record kind (``people``, ``reports_to`` …) as the language in force names it."""
    return _(RECORD_KIND_WORDS[kind]) if kind in RECORD_KIND_WORDS else kind


def count_words(n: int, kind: str) -> str:
    """``12 people``: a count of records of one kind.

    >>> count_words(12, "people")
    '12 people'
    """
    return _("%(n)s %(kind)s", n=n, kind=kind_words(kind))


def outcome_words(outcome: str, n: int) -> str:
    """``3 created``: a count of records that met one outcome of an import."""
    return _(OUTCOME_WORDS[outcome], n=n) if outcome in OUTCOME_WORDS else f"{n} {outcome}"


def _word(table: dict, code: Any) -> str:
    if code in table:
        return _(table[code])
    return "" if code is None else str(code).replace("_", " ")


def role_words(role: str | None) -> str:
    """In words.

    >>> role_words("decision_maker")
    'decision maker'
    """
    return _word(ROLES, role)


def roles_words(roles: list[str] | tuple[str, ...] | str | None) -> str:
    """Buying roles in words, joined; already-worded roles pass through.

    >>> roles_words(["decision_maker", "approver"])
    'decision maker, approver'
    >>> roles_words([])
    'no role'
    """
    if isinstance(roles, str):
        roles = [r.strip() for r in roles.split(",") if r.strip()]
    return listing(role_words(r) for r in roles or ()) or _("no role")


def role_with_article(role: str) -> str:
    """In words.

    >>> role_with_article("approver")
    'an approver'
    """
    if role in ROLES_WITH_ARTICLE:
        return _(ROLES_WITH_ARTICLE[role])
    return _("the role %(role)s", role=role_words(role))


def seniority_words(code: str | None) -> str:
    """In words.

    >>> seniority_words("c_level")
    'C-level'
    """
    return _word(SENIORITY, code)


def team_role_words(code: str | None) -> str:
    """In words.

    >>> team_role_words("AR")
    'account lead'
    """
    return _word(TEAM_ROLES, code)


def stance_words(code: str | None) -> str:
    return _word(STANCES, code)


def severity_words(code: str | None) -> str:
    return _word(SEVERITIES, code)


def status_words(code: str | None) -> str:
    return _word(STATUSES, code)


def strength_words(strength: int | None) -> str:
    """In words.

    >>> strength_words(3)
    'trusted'
    """
    if strength not in STRENGTHS:
        return _word(STRENGTHS, strength)
    return {0: lambda: pgettext("relationship strength", "none"),
            1: lambda: pgettext("relationship strength", "aware"),
            2: lambda: pgettext("relationship strength", "contact"),
            3: lambda: pgettext("relationship strength", "trusted"),
            4: lambda: pgettext("relationship strength", "supporter"),
            5: lambda: pgettext("relationship strength", "ally")}[strength]()


def date_words(value: Any) -> str:
    """A date as people write it in a report (ISO day); empty for no date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if hasattr(value, "to_native"):
        value = value.to_native()
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def recorded_words(source: str | None, as_of: Any, names: dict[str, str] | None = None) -> str:
    """Who recorded a judgement and when, as a whole sentence; a staff id becomes the staff
    member's name, a missing part is left out (never "None").

    >>> recorded_words("st-1", dt.date(2026, 5, 1), {"st-1": "Wang Li"})
    'Recorded by Wang Li on 2026-05-01.'
    >>> recorded_words(None, None)
    ''
    """
    who = (names or {}).get(source, source) if source else None
    when = date_words(as_of)
    if source == "manual":   # the loader's default source: typed in by a user
        return (_("Entered by hand on %(date)s.", date=when) if when else
                _("Entered by hand."))
    if who and when:
        return _("Recorded by %(source)s on %(date)s.", source=who, date=when)
    if who:
        return _("Recorded by %(source)s.", source=who)
    if when:
        return _("Recorded on %(date)s.", date=when)
    return ""


#: what changed, in the diff's and the what-if's tables (the JSON keeps the codes)
CHANGES = {"joined": N_("joined"), "left": N_("left"), "new": N_("new"), "ended": N_("ended"),
           "filled": N_("filled"), "vacated": N_("vacated"), "changed": N_("changed"),
           "opened": N_("opened"), "resolved": N_("resolved"), "up": N_("up"),
           "down": N_("down"), "now known": N_("now known"),
           "no longer known": N_("no longer known")}
#: the buckets of the power share
BUCKETS = {"supports": N_("supports us"), "neutral": N_("neutral or unknown"),
           "opposes": N_("opposes us"), "competitor_held": N_("held by a competitor")}


#: why a competitor holds a person (``Hold.reason``)
HOLD_REASONS = {"works_for": N_("works for the competitor"),
                "favors": N_("favors the competitor"),
                "former_employee": N_("worked for the competitor"),
                "influenced_by": N_("influenced by the competitor's people"),
                "contested": N_("contested")}
#: where a person's support on the assessment chart comes from
BASES = {"recorded": N_("recorded"), "estimated": N_("estimated"), "unknown": N_("unknown")}


def reason_words(code: Any) -> Any:
    """A hold's reason in words; any other reason (a sentence already) as it is."""
    return _(HOLD_REASONS[code]) if isinstance(code, str) and code in HOLD_REASONS else code


def basis_words(code: str | None) -> str:
    return _word(BASES, code)


def change_words(code: str | None) -> str:
    return _word(CHANGES, code)


def bucket_words(code: str | None) -> str:
    return _word(BUCKETS, code)


def state_words(code: Any) -> Any:
    """A before/after value in words when it is a stance or a role's status; else as it is."""
    if isinstance(code, str):
        for table in (STANCES, STATUSES):
            if code in table:
                return _(table[code])
    return code


#: columns of generic tables whose values are codes with words
CODE_COLUMNS = {"role": role_words, "roles": role_words, "stance": stance_words,
                "seniority": seniority_words, "team_role": team_role_words,
                "severity": severity_words, "status": status_words, "change": change_words,
                "direction": change_words, "bucket": bucket_words, "before": state_words,
                "after": state_words, "reason": reason_words, "basis": basis_words}


def code_words(column: str, value: Any) -> Any:
    """A table cell's value in words when its column holds codes (roles, stance …)."""
    word = CODE_COLUMNS.get(column)
    if word is None or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [word(v) if isinstance(v, str) else v for v in value]
    return word(value) if isinstance(value, str) else value


#: what templates call to show codes in words: ``{{ w.role(r.role) }}``, ``{{ w._("…", x=…) }}``
TEMPLATE_WORDS = {"role": role_words, "roles": roles_words, "stance": stance_words,
                  "severity": severity_words, "status": status_words,
                  "seniority": seniority_words, "team_role": team_role_words,
                  "strength": strength_words, "date": date_words, "_": _}
