"""The page language: chosen per request, used by the templates, switched from the header.

Which language a request gets, first that applies: the signed-in user's own setting, the
``powermap_lang`` cookie the header's switch sets (for the login page and visitors), the
browser's ``Accept-Language``, English.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from flask import Flask, g, request

from powermap import i18n
from powermap.i18n import N_

COOKIE = "powermap_lang"

#: words for the codes the pages show (enumerations stay English in the graph and the JSON);
#: a code with no word here is shown as it is, underscores as spaces
LABELS: dict[str, dict[str, str]] = {
    # the role templates Powermap ships (custom ones from the settings are shown by name)
    "template": {"standard": N_("standard"), "major": N_("major deal")},
    "opportunity_status": {"open": N_("open"), "won": N_("won"), "lost": N_("lost")},
    "org_kind": {"customer": N_("customer"), "competitor": N_("competitor"),
                 "partner": N_("partner"), "own": N_("our company")},
    "user_role": {"viewer": N_("viewer"), "editor": N_("editor"), "admin": N_("admin")},
    "tier": {"S": N_("S (strategic)"), "A": N_("A (partner)"), "B": N_("B (commercial)"),
             "C": N_("C (general value)")},
    "every": {"month": N_("month"), "quarter": N_("quarter")},
    "activity": {"company_visit": N_("company visit"), "reference_visit": N_("reference visit"),
                 "onsite_meeting": N_("onsite meeting"),
                 "technical_exchange": N_("technical exchange"),
                 "management_research": N_("management research"), "meeting": N_("meeting"),
                 "call": N_("call"), "email": N_("email"), "meal": N_("meal")},
    "share": {"supports": N_("supports us"), "neutral": N_("neutral or unknown"),
              "opposes": N_("opposes us"), "competitor_held": N_("held by a competitor")},
    "record": {"organizations": N_("organization"), "units": N_("unit"), "people": N_("person"),
               "employment": N_("employment"), "reports_to": N_("reports to"),
               "influence": N_("influence"), "conflicts": N_("conflict"),
               "relationships": N_("relationship"), "favors": N_("favors"),
               "opportunities": N_("opportunity"), "bids": N_("bid"),
               "decision_chain": N_("decision chain member"), "activities": N_("activity"),
               "org_ties": N_("organizational tie"), "next_steps": N_("next step")},
    "op": {"create": N_("created"), "update": N_("updated"), "delete": N_("deleted")},
    "audit_action": {"create user": N_("create user"), "disable user": N_("disable user"),
                     "enable user": N_("enable user"), "export": N_("export"),
                     "import": N_("import"), "issue token": N_("issue token"),
                     "login throttled": N_("login throttled"), "login": N_("login"),
                     "set next step": N_("set next step"), "set language": N_("set language")},
    "influence_kind": {"formal": N_("formal"), "informal": N_("informal"),
                       "advisor": N_("advisor")},
    # the relationship KPIs (their English names come from powermap.history.kpi)
    "kpi": {"key_coverage": N_("Key people covered"),
            "threads_per_key_person": N_("Threads per key person"),
            "single_points": N_("Single points of contact"),
            "chain_completeness": N_("Chain completeness"),
            "supports": N_("Power that supports us"),
            "competitor_held": N_("Power held by competitors"),
            "five_means": N_("Five-means activities"),
            "key_relationships": N_("Key relationships"),
            "universal_relationships": N_("Universal relationships"),
            "organizational_relationships": N_("Organizational relationships")},
    "kpi_short": {"key_coverage": N_("Key covered"), "threads_per_key_person": N_("Threads / key"),
                  "single_points": N_("Single points"), "chain_completeness": N_("Chain complete"),
                  "supports": N_("Supports us"), "competitor_held": N_("Competitor-held"),
                  "five_means": N_("Five means"), "key_relationships": N_("Key rel."),
                  "universal_relationships": N_("Universal rel."),
                  "organizational_relationships": N_("Org. ties")},
    # the cross-customer questions and the columns of their answers
    "question": {"movers": N_("People who moved between customers"),
                 "spanners": N_("Staff whose relationships span customers"),
                 "advisors": N_("Advisors with influence at several customers"),
                 "contradictions": N_("Contradicting judgements")},
    # the fields of the records (the import's and the audit log's tables name them)
    "field": {"amount": N_("amount"), "as_of": N_("as of"), "attendee_ids": N_("attendees"),
              "close_date": N_("close date"), "competitor_id": N_("competitor"),
              "confidence": N_("confidence"), "country": N_("country"),
              "currency": N_("currency"), "customer_id": N_("customer"), "date": N_("date"),
              "email": N_("e-mail"), "from_id": N_("from"), "id": N_("id"),
              "industry": N_("industry"), "kind": N_("kind"), "linkedin_url": N_("LinkedIn URL"),
              "manager_id": N_("manager"), "name": N_("name"), "note": N_("note"),
              "notes": N_("notes"), "opportunity_id": N_("opportunity"),
              "organization_id": N_("organization"), "parent_id": N_("parent unit"),
              "person_id": N_("person"), "roles": N_("buying roles"),
              "seniority": N_("seniority"), "since": N_("since"), "source": N_("source"),
              "staff_id": N_("staff member"), "stage": N_("stage"), "stance": N_("stance"),
              "status": N_("status"), "strength": N_("strength"), "subject": N_("subject"),
              "team_role": N_("team role"), "tier": N_("tier"), "title": N_("title"),
              "to_id": N_("to"), "unit_id": N_("unit"), "until": N_("until"),
              "owner_id": N_("owner"), "due": N_("due date"), "key": N_("finding")},
    # the formats the import page offers
    "source": {"native": N_("Powermap native (JSON, Excel or CSV)"),
               "salesforce": N_("Salesforce export (CSV)"),
               "linkedin": N_("LinkedIn connections (CSV)"), "ics": N_("Calendar (.ics)")},
    "column": {"person": N_("Person"), "from_org": N_("From"), "left_on": N_("Left on"),
               "to_org": N_("To"), "joined_on": N_("Joined on"), "current": N_("Still there"),
               "competitor_to_customer": N_("From a competitor to a customer"),
               "staff": N_("Staff member"), "accounts": N_("Accounts"),
               "account_count": N_("Number of accounts"), "advisor": N_("Advisor"),
               "employers": N_("Employers"), "customers": N_("Customers"),
               "supports_in": N_("Supports us in"), "opposes_in": N_("Opposes us in"),
               "strong": N_("Champion in one, opponent in the other")},
}


def label(kind: str, code) -> str:
    """The word for ``code`` of the enumeration ``kind`` (a key of :data:`LABELS`) in the
    language in force; an unknown code is shown as it is.

    >>> label("opportunity_status", "won"), label("opportunity_status", "paused"), label("op", None)
    ('won', 'paused', '')
    """
    if code is None:
        return ""
    word = LABELS.get(kind, {}).get(code)
    return i18n.translate(word) if word else str(code).replace("_", " ")


def chosen_language() -> str:
    user = g.get("user") or {}
    return (i18n.normalise(user.get("lang"))
            or i18n.normalise(request.cookies.get(COOKIE))
            or i18n.best_language(request.headers.get("Accept-Language"))
            or i18n.DEFAULT)


def _enter_language() -> None:
    g.lang_token = i18n.set_language(chosen_language())


def _leave_language(_exc: BaseException | None = None) -> None:
    token = g.pop("lang_token", None)
    if token is not None:
        try:
            i18n.reset_language(token)
        except ValueError:  # set in another context (a streamed response): nothing to undo
            pass


def init_app(app: Flask) -> None:
    """Call after ``auth.init_app``: the user's own setting needs ``g.user``."""
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.translate, i18n.translate_plural, newstyle=True)
    app.before_request(_enter_language)
    app.teardown_request(_leave_language)
    app.jinja_env.filters.update(
        number=i18n.format_number, percent=i18n.format_percent,
        date_words=date_words, moment=moment)

    from powermap.report.words import TEMPLATE_WORDS
    # globals, not a context processor: imported macros (_macros.html) see globals only
    app.jinja_env.globals.update(label=label, w=TEMPLATE_WORDS, field_value=field_value)
    app.jinja_env.filters["field_label"] = functools.partial(label, "field")

    @app.context_processor
    def language_in_templates():
        return {"lang": i18n.language(), "languages": i18n.LANGUAGES,
                "script_words": script_words}


def field_value(field: str, value):
    """A record's field value as a page shows it: codes (stance, status, kinds, roles …) in
    words, anything else as it is.

    >>> field_value("status", "won"), field_value("kind", "meal"), field_value("name", "Acme")
    ('won', 'meal', 'Acme')
    """
    from powermap.report import words
    coded = {"stance": words.stance_words, "seniority": words.seniority_words,
             "team_role": words.team_role_words, "roles": words.role_words,
             "status": functools.partial(label, "opportunity_status"),
             "tier": functools.partial(label, "tier"),
             "kind": lambda code: label("activity" if code in LABELS["activity"] else "org_kind",
                                        code)}
    word = coded.get(field)
    if word is None or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [word(v) if isinstance(v, str) else v for v in value]
    return word(value) if isinstance(value, str) else value


def date_words(value) -> str:
    """A day as the language in force writes it (``Nov 26, 2026`` / ``2026年11月26日``), for
    templates: takes dates, datetimes, the driver's dates and ISO strings; anything else (a
    value that is not a day) is shown as it is, and nothing as nothing.

    >>> date_words("2026-11-26"), date_words(None), date_words("Q3")
    ('Nov 26, 2026', '', 'Q3')
    """
    if value is None or value == "":
        return ""
    if hasattr(value, "to_native"):  # neo4j.time.Date / DateTime
        value = value.to_native()
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    elif not isinstance(value, (dt.date, dt.datetime)):
        return str(value)
    return i18n.format_date(value)


def moment(value) -> str:
    """A moment (UTC) as the language in force writes it, minutes included; like
    :func:`date_words` it passes through what it cannot read."""
    if value is None or value == "":
        return ""
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        return i18n.format_datetime(value)
    if isinstance(value, dt.date):
        return i18n.format_date(value)
    return str(value)


def script_words(lang: str | None = None) -> dict[str, str]:
    """The map script's sentences in ``lang``: ``{English: translation}``, for the page to embed
    as JSON (``<script type="application/json" id="pm-words">``) so the script's ``_()`` finds
    them. English pages get an empty table: the script's own words are English."""
    lang = lang or i18n.language()
    if lang == i18n.DEFAULT:
        return {}
    return {message: i18n.translate(message) for message in _script_messages()}


@functools.lru_cache(maxsize=1)
def _script_messages() -> tuple[str, ...]:
    """Every ``_("…")`` of the scripts under ``static/``, found as ``pybabel extract`` finds them."""
    from babel.messages.extract import extract
    found: list[str] = []
    for path in sorted((Path(__file__).parent / "static").glob("**/*.js")):
        with path.open("rb") as handle:
            # babel's extract() yields (line, message, comments, context)
            for _line, message, _comments, _context in extract("javascript", handle,
                                                               keywords={"_": None}):
                if isinstance(message, str):
                    found.append(message)
    return tuple(dict.fromkeys(found))
