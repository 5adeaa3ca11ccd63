"""The graph model of DESIGN.md: labels, relationship types, properties and enumerations.

Neo4j Community enforces only uniqueness, so every record that goes into the graph is one of the
pydantic models below first; ``validate_record`` turns a plain mapping into one and rejects a
wrong value with a ``ValidationError`` that names the field and the allowed values.

The labels and relationship types in ``LABELS`` and ``RELATIONSHIP_TYPES`` are the whitelist:
code that has to choose a label or type at run time picks it from there, never from input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any, Mapping

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from powermap.errors import Problem, ValidationError
from powermap.i18n import DEFAULT, N_, _, format_number, language


class _Values(str, Enum):
    """A string enumeration whose members compare and serialise as their values."""

    def __str__(self) -> str:
        return self.value

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class OrgKind(_Values):
    CUSTOMER = "customer"
    COMPETITOR = "competitor"
    PARTNER = "partner"
    OWN = "own"


class Tier(_Values):
    """Customer grade: S strategic, A partner, B commercial, C general value."""

    S = "S"
    A = "A"
    B = "B"
    C = "C"


class Seniority(_Values):
    """Level in the organization; ``SENIORITY_WEIGHT`` turns it into a number."""

    C_LEVEL = "c_level"
    VP = "vp"
    DIRECTOR = "director"
    MANAGER = "manager"
    INDIVIDUAL = "individual"


SENIORITY_WEIGHT = {
    Seniority.C_LEVEL: 5, Seniority.VP: 4, Seniority.DIRECTOR: 3,
    Seniority.MANAGER: 2, Seniority.INDIVIDUAL: 1,
}


class TeamRole(_Values):
    """Our staff's role: AR account, SR solution, FR fulfilment (the iron triangle)."""

    AR = "AR"
    SR = "SR"
    FR = "FR"
    EXEC = "exec"
    OTHER = "other"


class BuyingRole(_Values):
    DECISION_MAKER = "decision_maker"
    APPROVER = "approver"
    TECHNICAL_EVALUATOR = "technical_evaluator"
    COMMERCIAL_EVALUATOR = "commercial_evaluator"
    USER = "user"
    INFLUENCER = "influencer"
    COACH = "coach"
    GATEKEEPER = "gatekeeper"


class Stance(_Values):
    CHAMPION = "champion"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    SKEPTIC = "skeptic"
    OPPONENT = "opponent"


class InfluenceKind(_Values):
    FORMAL = "formal"
    INFORMAL = "informal"
    ADVISOR = "advisor"


class ActivityKind(_Values):
    COMPANY_VISIT = "company_visit"
    REFERENCE_VISIT = "reference_visit"
    ONSITE_MEETING = "onsite_meeting"
    TECHNICAL_EXCHANGE = "technical_exchange"
    MANAGEMENT_RESEARCH = "management_research"
    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    MEAL = "meal"


class OpportunityStatus(_Values):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class OrgTieKind(_Values):
    """Organizational relationships (组织型客户关系)."""

    FRAMEWORK_AGREEMENT = "framework_agreement"
    JOINT_LAB = "joint_lab"
    STRATEGIC_PARTNERSHIP = "strategic_partnership"
    REFERENCE_CUSTOMER = "reference_customer"
    SUBSIDIARY = "subsidiary"  # from is a subsidiary of to (Salesforce ParentId)


#: relationship strength of our staff to a person (0–5).
RELATIONSHIP_LEVELS = {0: "none", 1: "aware", 2: "contact", 3: "trusted", 4: "supporter", 5: "ally"}

#: every enumeration of the model, by the field name it is used under.
ENUMERATIONS: dict[str, type[_Values]] = {
    "kind (organization)": OrgKind,
    "tier": Tier,
    "seniority": Seniority,
    "team_role": TeamRole,
    "roles": BuyingRole,
    "stance": Stance,
    "kind (influence)": InfluenceKind,
    "kind (activity)": ActivityKind,
    "status": OpportunityStatus,
    "kind (organization tie)": OrgTieKind,
}

LABELS = ("Organization", "Unit", "Person", "Staff", "Opportunity", "Activity")

#: relationship type → (start label, end label, what it means)
RELATIONSHIP_TYPES: dict[str, tuple[str, str, str]] = {
    "PART_OF": ("Unit", "Organization", "a department belongs to an organization"),
    "SUB_UNIT_OF": ("Unit", "Unit", "a department inside another department"),
    "WORKS_FOR": ("Person", "Organization", "employment; closed when `until` is set"),
    "MEMBER_OF": ("Person", "Unit", "the department of an employment"),
    "REPORTS_TO": ("Person", "Person", "the formal reporting line"),
    "INFLUENCES": ("Person", "Person", "A's word counts for B (strength 1–5)"),
    "CONFLICTS_WITH": ("Person", "Person", "a negative tie"),
    "KNOWS": ("Staff", "Person", "our staff member's relationship (strength 0–5)"),
    "FAVORS": ("Person", "Organization", "preference for us or a competitor (1–5)"),
    "FOR_CUSTOMER": ("Opportunity", "Organization", "the customer of an opportunity"),
    "BIDS_ON": ("Organization", "Opportunity", "a competitor bids on an opportunity"),
    "IN_DECISION_CHAIN": ("Person", "Opportunity", "buying roles and stance in one deal"),
    "ATTENDED": ("Person", "Activity", "took part in an activity"),
    "ABOUT": ("Activity", "Opportunity", "the opportunity an activity served"),
    "ORG_TIE": ("Organization", "Organization", "agreement, joint lab, partnership"),
}


# --- records ------------------------------------------------------------------------------

#: the longest value each kind of text field takes, in characters. Long enough for any real
#: value, short enough that every indexed property stays well under Neo4j's index key limit
#: (8 KB) and one bad file cannot put megabytes into a node. docs/import.md lists them.
MAX_LENGTH = {
    "id": 200,          # every id and reference to one
    "name": 300,        # names of people, organizations, units, opportunities; activity subjects
    "title": 300,       # job titles
    "short": 100,       # industry, country, stage, opportunity kind
    "source": 200,      # who or what said so
    "email": 254,       # the longest address SMTP allows
    "url": 2_000,       # LinkedIn profile URLs
    "note": 10_000,     # notes of people and activities, notes on edges
}

_Id = Field(min_length=1, max_length=MAX_LENGTH["id"], pattern=r"^[^\s]+$")
_Name = Field(min_length=1, max_length=MAX_LENGTH["name"])


def _text(kind: str) -> Any:
    """An optional text field of at most ``MAX_LENGTH[kind]`` characters."""
    return Field(default=None, max_length=MAX_LENGTH[kind])


#: what a field with a pattern expects, in words (messages never show a regular expression)
_PATTERN_WORDS = {
    "email": N_("an email address like name@example.com"),
    "currency": N_("a currency code of three capital letters, like EUR"),
}
_ID_WORDS = N_("an id without spaces or line breaks, like acme-2")
#: pydantic's error types and what they mean in our words (pydantic's own messages are English
#: only); each a whole sentence with the value it got
_TYPE_WORDS = {
    "int_parsing": N_("expected a whole number (got %(got)s)"),
    "int_type": N_("expected a whole number (got %(got)s)"),
    "int_from_float": N_("expected a whole number (got %(got)s)"),
    "float_parsing": N_("expected a number (got %(got)s)"),
    "float_type": N_("expected a number (got %(got)s)"),
    "finite_number": N_("expected a finite number (got %(got)s)"),
    "date_parsing": N_("expected a date like 2026-11-26 (got %(got)s)"),
    "date_from_datetime_parsing": N_("expected a date like 2026-11-26 (got %(got)s)"),
    "date_from_datetime_inexact": N_("expected a date like 2026-11-26 (got %(got)s)"),
    "date_type": N_("expected a date like 2026-11-26 (got %(got)s)"),
    "bool_parsing": N_("expected true or false (got %(got)s)"),
    "bool_type": N_("expected true or false (got %(got)s)"),
    "string_type": N_("expected text (got %(got)s)"),
    "string_too_short": N_("must not be empty"),
    "greater_than_equal": N_("expected a number of at least %(limit)s (got %(got)s)"),
    "less_than_equal": N_("expected a number of at most %(limit)s (got %(got)s)"),
    "greater_than": N_("expected a number greater than %(limit)s (got %(got)s)"),
    "less_than": N_("expected a number less than %(limit)s (got %(got)s)"),
    "too_short": N_("must not be empty"),
    "list_type": N_("expected a list (got %(got)s)"),
    "tuple_type": N_("expected a list (got %(got)s)"),
}


class Record(BaseModel):
    """Base of every record: unknown fields are errors, strings are stripped."""

    # allow_inf_nan=False: Infinity or NaN would break every JSON answer that shows the value.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True,
                              allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: Any) -> Any:
        """Line breaks become ``\\n`` and other control characters are refused: an .xlsx sheet
        cannot hold them and turns ``\\r`` into ``\\n``, so every export imports back exactly.

        One look at all the text of a record: almost none holds either, and a validator per
        field cost a fifth of validating an import."""
        if not isinstance(data, dict):
            return data
        values = data.values()
        text = [v for v in values if type(v) is str]
        if len(text) < len(data):   # also lists (roles, attendees), enumerations, numbers
            for v in values:
                if type(v) is not str and isinstance(v, str):
                    text.append(v)
                elif isinstance(v, (list, tuple)):
                    text += [item for item in v if isinstance(item, str)]
        joined = "".join(text)
        if "\r" not in joined and not _CONTROL.search(joined):
            return data
        return {name: _plain_field(name, value) for name, value in data.items()}

    def to_row(self) -> dict[str, Any]:
        """The record as values for a Cypher ``$rows`` parameter: enumerations as their
        strings, tuples as lists, dates as dates (Neo4j stores them as DATE)."""
        # the fields' values as validated (what model_dump() would copy, at half the cost)
        row = dict(self.__dict__)
        for name, value in row.items():
            if isinstance(value, Enum):
                row[name] = value.value
            elif isinstance(value, (tuple, list)):
                row[name] = [row_value(v) for v in value]
        return row


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain_field(name: str, value: Any) -> Any:
    """A field's value with ``_plain`` text; a refusal names the field and the value."""
    try:
        if isinstance(value, str):
            return _plain(value)
        if isinstance(value, (list, tuple)):
            return type(value)(_plain(v) if isinstance(v, str) else v for v in value)
    except ValueError as e:   # "field: message", as model validators say it
        raise ValueError(f"{name}: " + _("%(message)s (got %(got)s)", message=str(e),
                                         got=shorten(value))) from None
    return value


def _plain(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        raise ValueError(_("contains the control character U+%(code)s; text may hold tabs and "
                           "line breaks, no other control characters",
                           code=f"{ord(bad.group()):04X}"))
    return text


class Judgement(Record):
    """Fields every edge that records a judgement carries."""

    source: str = Field(default="manual", min_length=1, max_length=MAX_LENGTH["source"])
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    as_of: dt.date | None = None


class Organization(Record):
    id: str = _Id
    name: str = _Name
    kind: OrgKind
    tier: Tier | None = None
    industry: str | None = _text("short")
    country: str | None = _text("short")

    @model_validator(mode="after")
    def _tier_only_for_customers(self) -> "Organization":
        if self.tier is not None and self.kind != OrgKind.CUSTOMER:
            raise ValueError("tier: " + _("only customer organizations have a tier"))
        return self


class Unit(Record):
    id: str = _Id
    name: str = _Name
    organization_id: str = _Id
    parent_id: str | None = _text("id")


class Person(Record):
    id: str = _Id
    name: str = _Name
    title: str | None = _text("title")
    seniority: Seniority | None = None
    email: str | None = Field(default=None, max_length=MAX_LENGTH["email"],
                              pattern=r"^[^@\s]+@[^@\s]+$")
    linkedin_url: str | None = _text("url")
    team_role: TeamRole | None = None  # set for our own staff only
    notes: str | None = _text("note")

    @field_validator("email")
    @classmethod
    def _lower_email(cls, v: str | None) -> str | None:
        return v.lower() if v else v


class Employment(Record):
    person_id: str = _Id
    organization_id: str = _Id
    unit_id: str | None = _text("id")
    title: str | None = _text("title")
    since: dt.date | None = None
    until: dt.date | None = None

    @model_validator(mode="after")
    def _since_before_until(self) -> "Employment":
        if self.since and self.until and self.until < self.since:
            raise ValueError("until: " + _("must not be before since"))
        return self


    def to_row(self) -> dict[str, Any]:
        # An employment is identified by person, organization and start date.
        return {**super().to_row(), "key": self.since.isoformat() if self.since else ""}


class ReportsTo(Judgement):
    person_id: str = _Id
    manager_id: str = _Id


class Influence(Judgement):
    from_id: str = _Id
    to_id: str = _Id
    strength: int = Field(ge=1, le=5)
    kind: InfluenceKind = InfluenceKind.INFORMAL
    note: str | None = _text("note")


class Conflict(Judgement):
    from_id: str = _Id
    to_id: str = _Id
    strength: int = Field(default=3, ge=1, le=5)
    note: str | None = _text("note")


class Relationship(Judgement):
    staff_id: str = _Id
    person_id: str = _Id
    strength: int = Field(ge=0, le=5)
    note: str | None = _text("note")


class Favor(Judgement):
    person_id: str = _Id
    organization_id: str = _Id
    strength: int = Field(ge=1, le=5)


class Opportunity(Record):
    id: str = _Id
    name: str = _Name
    customer_id: str = _Id
    kind: str = Field(default="standard", min_length=1, max_length=50)
    stage: str | None = _text("short")
    status: OpportunityStatus = OpportunityStatus.OPEN
    amount: float | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    close_date: dt.date | None = None


class Bid(Record):
    competitor_id: str = _Id
    opportunity_id: str = _Id


class ChainMember(Judgement):
    person_id: str = _Id
    opportunity_id: str = _Id
    roles: tuple[BuyingRole, ...] = Field(min_length=1)
    stance: Stance | None = None


class Activity(Record):
    id: str = _Id
    kind: ActivityKind
    date: dt.date
    subject: str = _Name
    opportunity_id: str | None = _text("id")
    attendee_ids: tuple[Annotated[str, Field(max_length=MAX_LENGTH["id"])], ...] = Field(
        min_length=1)
    notes: str | None = _text("note")


class OrgTie(Record):
    from_id: str = _Id
    to_id: str = _Id
    kind: OrgTieKind
    since: dt.date | None = None
    until: dt.date | None = None


def row_value(value: Any) -> Any:
    """A validated value as a Cypher parameter: an enumeration as its value, a tuple or list
    as a list of such values."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [row_value(v) for v in value]
    return value


#: record kind (its name in files and messages) → model, in the order they must be written.
RECORD_KINDS: dict[str, type[Record]] = {
    "organizations": Organization,
    "units": Unit,
    "people": Person,
    "employment": Employment,
    "reports_to": ReportsTo,
    "influence": Influence,
    "conflicts": Conflict,
    "relationships": Relationship,
    "favors": Favor,
    "opportunities": Opportunity,
    "bids": Bid,
    "decision_chain": ChainMember,
    "activities": Activity,
    "org_ties": OrgTie,
}


def validate_record(kind: str, data: Mapping[str, Any], where: str = "") -> Record:
    """Turn ``data`` into the record of ``kind``.

    Raises ``ValidationError`` naming ``where`` (a file and line, say), the field and what was
    expected, e.g. the allowed values of an enumeration.

    >>> validate_record("organizations", {"id": "o1", "name": "Acme", "kind": "customer"}).kind
    <OrgKind.CUSTOMER: 'customer'>
    >>> validate_record("organizations", {"id": "o1", "name": "Acme", "kind": "friend"})
    Traceback (most recent call last):
    ...
    powermap.errors.ValidationError: field 'kind': 'friend' is not allowed; expected one of customer, competitor, partner, own
    """
    try:
        model = RECORD_KINDS[kind]
    except KeyError:
        raise ValidationError(Problem(where, "", _(
            "unknown record kind %(kind)r; expected one of %(kinds)s", kind=kind,
            kinds=", ".join(RECORD_KINDS)))) from None
    try:
        # (pydantic reads the mapping and changes nothing in it: no copy of a dict)
        return model.model_validate(data if type(data) is dict else dict(data))
    except PydanticValidationError as e:
        problems: dict[str, Problem] = {}
        for err in e.errors():
            problem = _problem(where, err, model)
            problems.setdefault(problem.field, problem)  # the first error of a field says most
        raise ValidationError(list(problems.values())) from None


def _problem(where: str, err: Mapping[str, Any], model: type[Record]) -> Problem:
    loc = [str(part) for part in err.get("loc", ()) if not isinstance(part, int)]
    name = loc[0] if loc else ""
    message = err.get("msg", "invalid")
    kind = err.get("type")
    ctx = err.get("ctx") or {}
    if kind == "enum":
        allowed = _allowed_values(model, name)
        message = _("%(got)s is not allowed; expected one of %(allowed)s",
                    got=shorten(err.get("input")),
                    allowed=", ".join(allowed) if allowed else ctx.get("expected", ""))
    elif kind == "value_error":
        message = str(message).removeprefix("Value error, ")
        named = re.match(r"(\w+): (.*)", message, re.S)
        if named:  # model validators say "field: message"
            name, message = named.groups()
        elif "input" in err:
            message = _("%(message)s (got %(got)s)", message=message, got=shorten(err["input"]))
    elif kind == "extra_forbidden":
        message = _("unknown field; expected only %(fields)s",
                    fields=", ".join(model.model_fields))
    elif kind == "missing":
        message = _("required, missing")
    elif kind == "string_pattern_mismatch":
        words = _(_PATTERN_WORDS.get(name, _ID_WORDS))
        message = _("expected %(words)s (got %(got)s)", words=words,
                    got=shorten(err.get("input")))
    elif kind == "string_too_long":
        message = _("at most %(limit)s characters are allowed; this value has %(length)s",
                    limit=format_number(ctx.get("max_length", 0)),
                    length=format_number(len(str(err.get("input", "")))))
    elif kind in _TYPE_WORDS and language() != DEFAULT:
        # pydantic's English says more ("month value is outside expected range of 1-12"), so
        # English keeps it; another language gets our whole sentence for the kind of error
        limit = next((ctx[k] for k in ("ge", "le", "gt", "lt") if k in ctx), "")
        message = _(_TYPE_WORDS[kind], got=shorten(err.get("input")), limit=limit)
    elif "input" in err:
        message = _("%(message)s (got %(got)s)", message=message, got=shorten(err["input"]))
    return Problem(where, name, message)


def shorten(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to about ``limit`` characters so that no message repeats a whole
    oversized value.

    >>> shorten("x" * 100, 10)
    "'xxxxxxxxxx'… (100 characters)"
    """
    if isinstance(value, str) and len(value) > limit:
        return _("%(start)s… (%(length)s characters)", start=repr(value[:limit]),
                 length=format_number(len(value)))
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _allowed_values(model: type[Record], name: str) -> list[str]:
    info = model.model_fields.get(name)
    if info is None:
        return []
    for candidate in _Values.__subclasses__():
        if candidate.__name__ in repr(info.annotation):
            return candidate.values()
    return []


@dataclass
class Dataset:
    """Validated records of every kind, ready to be written in one transaction."""

    records: dict[str, list[Record]] = field(default_factory=lambda: {k: [] for k in RECORD_KINDS})
    #: where each record came from (file and line), in the same order as ``records``.
    origins: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in RECORD_KINDS})
    #: problems of rows that were left out; ``check_dataset`` reports them together with the
    #: duplicates and dangling references, so that a person fixes a file in one pass.
    problems: list[Problem] = field(default_factory=list)
    #: ids of rejected rows (node kind → ids): a reference to one of them is not reported as
    #: naming nothing, since the row's own problem already says what is wrong.
    rejected_ids: dict[str, set[str]] = field(default_factory=dict)
    _rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    def add(self, kind: str, data: Mapping[str, Any] | Record, where: str = "") -> Record:
        record = data if isinstance(data, Record) else validate_record(kind, data, where)
        self.records[kind].append(record)
        self.origins[kind].append(where)
        return record

    def try_add(self, kind: str, data: Mapping[str, Any], where: str = "") -> Record | None:
        """``add``, but a record with problems is left out and its problems kept in
        ``problems``; returns None then."""
        try:
            return self.add(kind, data, where)
        except ValidationError as e:
            self.problems += e.problems
            if isinstance(data.get("id"), str):
                self.rejected_ids.setdefault(kind, set()).add(data["id"].strip())
            return None

    def extend(self, kind: str, records: list[Record], origins: list,
               rows: list[dict[str, Any]]) -> None:
        """Add records validated elsewhere (``powermap.importers.columns``), with where each
        came from and their rows (``to_row()`` of each, in the same order)."""
        self.records[kind] += records
        self.origins[kind] += origins
        if len(rows) == len(self.records[kind]):
            self._rows[kind] = rows

    def items(self, kind: str) -> list[tuple[Record, str]]:
        return list(zip(self.records[kind], self.origins[kind]))

    def rows(self, kind: str) -> list[dict[str, Any]]:
        """``to_row()`` of every record of ``kind``, in the same order, made once (again only
        if records were added since): what a load writes, and what conflicts are keyed by."""
        made = self._rows.get(kind)
        if made is None or len(made) != len(self.records[kind]):
            made = self._rows[kind] = [record.to_row() for record in self.records[kind]]
        return made
