"""Salesforce data export → organizations, people, reporting lines, opportunities, decision
chains and competitors.

Reads the standard files of a Salesforce data export (Setup → Data Export) by their standard
field names and ignores the other columns an export carries. Records with ``IsDeleted`` true are
not imported, nor is anything that hangs only off them. Salesforce ids are kept as Powermap ids,
so importing a newer export updates what an older one created. docs/import.md has the mapping.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from powermap.errors import Problem, ValidationError
from powermap.gc_pause import paused_gc
from powermap.i18n import N_, _
from powermap.importers.matching import full_name, same_company
from powermap.importers.plan import ImportPlan, Skip
from powermap.importers.tables import Table, at_line, read_csv
from powermap.model import BuyingRole, Dataset

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SOURCE = "salesforce"

#: Salesforce contact role → (our buying role, confidence). docs/import.md shows this table.
ROLE_MAP: dict[str, tuple[str, float]] = {
    "Business User": ("user", 1.0),
    "Decision Maker": ("decision_maker", 1.0),
    "Economic Buyer": ("approver", 1.0),
    "Economic Decision Maker": ("decision_maker", 1.0),
    "Evaluator": ("technical_evaluator", 0.7),
    "Executive Sponsor": ("approver", 0.7),
    "Influencer": ("influencer", 1.0),
    "Technical Buyer": ("technical_evaluator", 1.0),
    "Other": ("influencer", 0.5),
}

#: confidence of a role mapped with --role-map when the file gives none: the user said so
ROLE_MAP_CONFIDENCE = 1.0

RoleMap = dict[str, tuple[str, float]]


def load_role_map(path: Path) -> RoleMap:
    """Read a ``--role-map`` TOML file: Salesforce role value → buying role, either as a
    string or as ``{role = "...", confidence = 0.8}``. Its entries add to ``ROLE_MAP`` and
    override it. Every problem names the file, the line and the value."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ValidationError(Problem(str(path), "", _(
            "cannot read the role map: %(error)s; expected TOML lines like "
            "\"Technical Decision Maker\" = \"technical_evaluator\"", error=e))) from e
    allowed = BuyingRole.values()
    lines = text.splitlines()

    def where(key: str) -> str:
        quoted = (f'"{key}"', f"'{key}'", key)
        line = next((i for i, t in enumerate(lines, 1)
                     if t.lstrip().startswith(quoted)), None)
        return at_line(str(path), line) if line else str(path)

    result, problems = {}, []
    for key, value in data.items():
        role, confidence = value, ROLE_MAP_CONFIDENCE
        if isinstance(value, dict):
            role, confidence = value.get("role"), value.get("confidence", ROLE_MAP_CONFIDENCE)
        if role not in allowed:
            problems.append(Problem(where(key), key, _(
                "%(got)r is not a buying role; expected one of %(allowed)s", got=role,
                allowed=", ".join(allowed))))
            continue
        if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) \
                or not 0 < confidence <= 1:
            problems.append(Problem(where(key), key, _(
                "confidence %(got)r is not a number above 0 and at most 1", got=confidence)))
            continue
        result[key] = (role, float(confidence))
    if problems:
        raise ValidationError(problems)
    return result


#: strength given to the tie between an owner (account, contact or opportunity) and a contact
OWNER_STRENGTH = 2

#: the files of an export: name → (required, required columns)
FILES: dict[str, tuple[bool, list[str]]] = {
    "Account.csv": (True, ["Id", "Name"]),
    "Contact.csv": (True, ["Id", "AccountId", "LastName"]),
    "User.csv": (True, ["Id", "LastName"]),
    "Opportunity.csv": (True, ["Id", "AccountId", "Name", "StageName"]),
    "OpportunityContactRole.csv": (True, ["OpportunityId", "ContactId", "Role"]),
    "OpportunityCompetitor.csv": (False, ["OpportunityId", "CompetitorName"]),
}

_TRUE, _FALSE = {"1", "true"}, {"0", "false"}


def account_kind(account_type: str | None) -> str:
    """Our organization kind for a Salesforce account Type.

    >>> [account_kind(t) for t in ["Customer - Direct", "Competitor", "Channel Partner / Reseller",
    ...                            "Prospect", None]]
    ['customer', 'competitor', 'partner', 'customer', 'customer']
    """
    t = (account_type or "").lower()
    if "competitor" in t:
        return "competitor"
    if any(word in t for word in ("partner", "reseller", "integrator", "consultant")):
        return "partner"
    return "customer"


def seniority_of(title: str | None) -> str | None:
    """A seniority guessed from a job title, or None when the title says nothing clear.

    >>> [seniority_of(t) for t in ["CIO", "Chief Financial Officer", "VP Sales",
    ...                            "Head of IT", "IT Manager", "Engineer", None]]
    ['c_level', 'c_level', 'vp', 'director', 'manager', None, None]
    """
    t = f" {title or ''} ".lower()
    if re.search(r"\bc[a-z]o\b|chief|president(?! of)|\bceo\b|managing director|founder", t) \
            and "vice" not in t:
        return "c_level"
    if re.search(r"\bvp\b|\bsvp\b|\bevp\b|vice president", t):
        return "vp"
    if re.search(r"director|\bhead\b", t):
        return "director"
    if re.search(r"manager|\blead\b", t):
        return "manager"
    return None


@dataclass
class _Export:
    tables: dict[str, Table]

    def rows(self, name: str):
        table = self.tables.get(name)
        return [] if table is None else [(table.where(line), row) for line, row in table.rows]


@paused_gc()
def parse_salesforce(folder: Path, own: dict | None, role_map: RoleMap | None = None) -> ImportPlan:
    """Read a Salesforce data export folder into a plan.

    ``own`` is our organization ({id, name}) from the graph; without one, an organization
    ``own`` named "Our company" is created and the summary says so. ``role_map``
    (``load_role_map``) maps custom contact-role values, on top of ``ROLE_MAP``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError(Problem(str(folder), "", _(
            "expected the folder of a Salesforce data export (Account.csv, Contact.csv …)")))
    tables, problems = {}, []
    for name, (required, columns) in FILES.items():
        path = _find(folder, name)
        if path is None:
            if required:
                problems.append(Problem(str(folder / name), "", _("file missing from the export")))
            continue
        try:
            table = read_csv(path)
            table.require(columns)
            tables[name] = table
        except ValidationError as e:
            problems += e.problems
    if problems:
        raise ValidationError(problems)
    return _Mapper(_Export(tables), own, role_map).plan()


def _find(folder: Path, name: str) -> Path | None:
    for candidate in folder.iterdir():
        if candidate.name.lower() == name.lower():
            return candidate
    return None


class _Mapper:
    def __init__(self, export: _Export, own: dict | None, role_map: RoleMap | None = None):
        self.export = export
        self.own = own
        self.roles: RoleMap = {**ROLE_MAP, **(role_map or {})}
        self.data = Dataset()
        self.skipped: list[Skip] = []
        self.problems: list[Problem] = []
        self.notes: list[str] = []

    def plan(self) -> ImportPlan:
        accounts = self._accounts()
        users = self._users(accounts)
        contacts = self._contacts(accounts, users)
        opportunities = self._opportunities(accounts)
        chain = self._contact_roles(opportunities, contacts)
        self._competitors(opportunities, accounts)
        self._owner_ties(users, contacts, chain)
        if self.problems:
            raise ValidationError(self.problems)
        return ImportPlan(SOURCE, self.data, self.skipped, frozenset({"relationships"}),
                          self.notes)

    # Each step validates its records through Dataset.add and collects every problem.
    def _add(self, kind: str, record: dict, where: str) -> None:
        try:
            self.data.add(kind, record, where)
        except ValidationError as e:
            self.problems += e.problems

    def _live(self, name: str):
        """Rows of a file that are not deleted; deleted ones are skipped."""
        for where, row in self.export.rows(name):
            if self._flag(row, "IsDeleted", where):
                self.skipped.append(Skip(where, _("%(id)s is deleted in Salesforce",
                                                  id=row.get("Id") or _("record"))))
                continue
            yield where, row

    def _flag(self, row: dict, column: str, where: str, default: bool = False) -> bool:
        value = (row.get(column) or "").lower()
        if not value:
            return default
        if value in _TRUE | _FALSE:
            return value in _TRUE
        self.problems.append(Problem(where, column, _(
            "%(got)r is not a boolean; expected true/false or 1/0", got=row[column])))
        return default

    def _accounts(self) -> dict[str, str]:
        """Account id → kind. Parent accounts become subsidiary ties."""
        kinds, parents = {}, []
        for where, row in self._live("Account.csv"):
            kind = account_kind(row.get("Type"))
            kinds[row["Id"]] = kind
            self._add("organizations", {"id": row["Id"], "name": row["Name"], "kind": kind,
                                        "industry": row.get("Industry"),
                                        "country": row.get("BillingCountry")}, where)
            if row.get("ParentId"):
                parents.append((where, row["Id"], row["ParentId"]))
        for where, child, parent in parents:
            if parent in kinds:
                self._add("org_ties", {"from_id": child, "to_id": parent, "kind": "subsidiary"},
                          where)
            else:
                self.skipped.append(Skip(where, _("parent account %(id)s is not in the export",
                                                  id=parent)))
        return kinds

    def _users(self, accounts: dict[str, str]) -> set[str]:
        """Active users become our staff, employed by our organization."""
        own = self.own or {"id": "own", "name": "Our company"}
        if self.own is None:
            self._add("organizations", {"id": own["id"], "name": own["name"], "kind": "own"},
                      "(no organization of kind own in the graph)")
            self.notes.append(_("created the organization 'own' (Our company) for the "
                                "Salesforce users; rename it with a native import"))
        owners = {row.get("OwnerId") for name in ("Account.csv", "Opportunity.csv")
                  for _, row in self.export.rows(name)}
        users, managers = set(), []
        for where, row in self._live("User.csv"):
            if not self._flag(row, "IsActive", where, default=True):
                self.skipped.append(Skip(where, _("user %(id)s is inactive", id=row["Id"])))
                continue
            users.add(row["Id"])
            self._add("people", {"id": row["Id"], "name": _name(row), "title": row.get("Title"),
                                 "seniority": seniority_of(row.get("Title")),
                                 "email": row.get("Email"),
                                 "team_role": "AR" if row["Id"] in owners else "other"}, where)
            self._add("employment", {"person_id": row["Id"], "organization_id": own["id"],
                                     "title": row.get("Title")}, where)
            if row.get("ManagerId"):
                managers.append((where, row["Id"], row["ManagerId"]))
        self._reporting_lines(managers, users, N_("ManagerId %(id)s is not an active user"))
        return users

    def _contacts(self, accounts: dict[str, str], users: set[str]) -> dict[str, str | None]:
        """Contact id → owner id. Departments become units of the account."""
        contacts, bosses, units = {}, [], set()
        for where, row in self._live("Contact.csv"):
            account = row.get("AccountId")
            if not account or account not in accounts:
                self.skipped.append(Skip(where, _("contact %(id)s has no account in the export",
                                                  id=row["Id"])))
                continue
            contacts[row["Id"]] = row.get("OwnerId")
            unit = None
            if row.get("Department"):
                unit = account + ":" + re.sub(r"\s+", "-", row["Department"].strip().lower())
                if unit not in units:
                    units.add(unit)
                    self._add("units", {"id": unit, "name": row["Department"],
                                        "organization_id": account}, where)
            self._add("people", {"id": row["Id"], "name": _name(row), "title": row.get("Title"),
                                 "seniority": seniority_of(row.get("Title")),
                                 "email": row.get("Email")}, where)
            self._add("employment", {"person_id": row["Id"], "organization_id": account,
                                     "unit_id": unit, "title": row.get("Title")}, where)
            if row.get("ReportsToId"):
                bosses.append((where, row["Id"], row["ReportsToId"]))
        self._reporting_lines(bosses, set(contacts),
                              N_("ReportsToId %(id)s is not an imported contact"))
        return contacts

    def _reporting_lines(self, lines: list[tuple[str, str, str]], known: set[str],
                         unknown: str) -> None:
        """(where, person, manager) → reporting lines; a manager not imported is skipped."""
        for where, person, manager in lines:
            if manager in known:
                self._add("reports_to", {"person_id": person, "manager_id": manager,
                                         "source": SOURCE}, where)
            else:
                self.skipped.append(Skip(where, _(unknown, id=manager)))

    def _opportunities(self, accounts: dict[str, str]) -> dict[str, str | None]:
        """Opportunity id → owner id."""
        found = {}
        for where, row in self._live("Opportunity.csv"):
            if row["AccountId"] not in accounts:
                self.skipped.append(Skip(where, _("opportunity %(id)s has no account in the "
                                                  "export", id=row["Id"])))
                continue
            stage = row["StageName"]
            closed = self._flag(row, "IsClosed", where, default=stage.lower().startswith("closed"))
            won = self._flag(row, "IsWon", where, default=stage.lower() == "closed won")
            found[row["Id"]] = row.get("OwnerId")
            self._add("opportunities", {
                "id": row["Id"], "name": row["Name"], "customer_id": row["AccountId"],
                "stage": stage, "status": ("won" if won else "lost") if closed else "open",
                "amount": row.get("Amount"), "currency": row.get("CurrencyIsoCode"),
                "close_date": row.get("CloseDate")}, where)
        return found

    def _contact_roles(self, opportunities: dict, contacts: dict) -> dict[str, set[str]]:
        """Opportunity id → its contacts. A contact with several roles gets them all."""
        members: dict[tuple[str, str], tuple[str, list[str], float]] = {}
        for where, row in self._live("OpportunityContactRole.csv"):
            opp, contact = row["OpportunityId"], row["ContactId"]
            if opp not in opportunities or contact not in contacts:
                self.skipped.append(Skip(where, (
                    _("the opportunity %(id)s is not imported", id=opp)
                    if opp not in opportunities else
                    _("the contact %(id)s is not imported", id=contact))))
                continue
            role = row.get("Role") or "Other"
            if role not in self.roles:
                self.problems.append(Problem(where, "Role", _(
                    "%(got)r is not a Salesforce contact role Powermap knows; expected one of "
                    "%(known)s, or map it to a buying role in a file given with --role-map",
                    got=role, known=", ".join(self.roles))))
                continue
            ours, confidence = self.roles[role]
            first_where, roles, conf = members.get((opp, contact), (where, [], 1.0))
            if ours not in roles:
                roles.append(ours)
            members[(opp, contact)] = (first_where, roles, min(conf, confidence))
        chain: dict[str, set[str]] = {}
        for (opp, contact), (where, roles, confidence) in members.items():
            self._add("decision_chain", {"person_id": contact, "opportunity_id": opp,
                                         "roles": roles, "confidence": confidence,
                                         "source": SOURCE}, where)
            chain.setdefault(opp, set()).add(contact)
        return chain

    def _competitors(self, opportunities: dict, accounts: dict[str, str]) -> None:
        known = [(row["Name"], row["Id"]) for _, row in self._live_quiet("Account.csv")
                 if accounts.get(row["Id"]) == "competitor"]
        created, bids = set(), set()
        for where, row in self._live("OpportunityCompetitor.csv"):
            opp, name = row["OpportunityId"], row["CompetitorName"]
            if opp not in opportunities:
                self.skipped.append(Skip(where, _("the opportunity %(id)s is not imported",
                                                  id=opp)))
                continue
            # the same company, whatever its legal form or width (华为技术有限公司 = 华为技术)
            competitor = next((cid for known_name, cid in known
                               if same_company(known_name, name)), None)
            if competitor is None:
                competitor = "sf-competitor:" + re.sub(r"\W+", "-", name.strip().lower()).strip("-")
                if competitor not in created:
                    created.add(competitor)
                    self._add("organizations", {"id": competitor, "name": name.strip(),
                                                "kind": "competitor"}, where)
            if (competitor, opp) not in bids:
                bids.add((competitor, opp))
                self._add("bids", {"competitor_id": competitor, "opportunity_id": opp}, where)

    def _live_quiet(self, name: str):
        return [(w, r) for w, r in self.export.rows(name)
                if (r.get("IsDeleted") or "").lower() not in _TRUE]

    def _owner_ties(self, users: set[str], contacts: dict, chain: dict[str, set[str]]) -> None:
        """Owners of a contact, of its account, or of an opportunity it is in know it a little."""
        account_owner = {row["Id"]: row.get("OwnerId") for _, row in self._live_quiet("Account.csv")}
        contact_account = {row["Id"]: row.get("AccountId")
                           for _, row in self._live_quiet("Contact.csv")}
        ties: dict[tuple[str, str], str] = {}
        for contact, owner in contacts.items():
            for who, why in ((owner, "owns the contact"),
                             (account_owner.get(contact_account.get(contact)), "owns the account")):
                if who in users:
                    ties.setdefault((who, contact), why)
        opportunity_owner = {row["Id"]: row.get("OwnerId")
                             for _, row in self._live_quiet("Opportunity.csv")}
        for opp, members in chain.items():
            owner = opportunity_owner.get(opp)
            if owner in users:
                for contact in sorted(members):
                    ties.setdefault((owner, contact), f"owns opportunity {opp}")
        for (staff, contact), why in sorted(ties.items()):
            self._add("relationships", {"staff_id": staff, "person_id": contact,
                                        "strength": OWNER_STRENGTH, "note": f"Salesforce: {why}",
                                        "source": SOURCE, "confidence": 0.5},
                      f"Salesforce owner of {contact}")


def _name(row: dict) -> str:
    # a CJK name is written family name first, without a space: 李 + 明 → 李明
    return (row.get("Name") or full_name(row.get("FirstName"), row.get("LastName"))).strip()
