"""Small hand-built worlds for the analysis tests.

``World`` builds a dataset with our company (four staff), the customer Acme, the competitor
Rival and the opportunity "deal" at Acme; helpers add what each test needs. ``healthy()`` fills
the standard template with well-covered supporters who all reach the decision maker, so that
its gap report has no finding at all, and each test changes one thing and expects one finding.
"""

from __future__ import annotations

import datetime as dt

from powermap.graph.load import load_dataset
from powermap.model import Dataset

TODAY = dt.date(2026, 6, 1)

STAFF = {  # id: (name, team role, seniority)
    "s-ar": ("Ann Account", "AR", "director"),
    "s-sr": ("Sam Solution", "SR", "manager"),
    "s-jr": ("Jo Junior", "AR", "individual"),
    "s-ex": ("Eve Exec", "exec", "vp"),
}
ACME = {  # id: (name, title, seniority)
    "p-dm": ("Dora Decider", "CEO", "c_level"),
    "p-ap": ("Abe Approver", "CFO", "c_level"),
    "p-te": ("Tim Tech", "Head of IT", "director"),
    "p-ce": ("Cleo Commerce", "Purchasing Manager", "manager"),
    "p-us": ("Uma User", "Team Lead", "individual"),
    "p-co": ("Cora Coach", "Architect", "manager"),
    "p-xx": ("Xavier Extra", "Analyst", "individual"),
}
ROLE_OF = {"p-dm": "decision_maker", "p-ap": "approver", "p-te": "technical_evaluator",
           "p-ce": "commercial_evaluator", "p-us": "user", "p-co": "coach"}


class World:
    def __init__(self) -> None:
        self.data = Dataset()
        self._activities = 0
        for oid, name, kind, tier in (("us", "Us Ltd", "own", None),
                                      ("acme", "Acme", "customer", "A"),
                                      ("beta", "Beta", "customer", "B"),
                                      ("rival", "Rival", "competitor", None),
                                      ("elsewhere", "Elsewhere", "partner", None)):
            self.data.add("organizations", dict(id=oid, name=name, kind=kind, tier=tier))
        for sid, (name, role, seniority) in STAFF.items():
            self.data.add("people", dict(id=sid, name=name, team_role=role, seniority=seniority))
            self.data.add("employment", dict(person_id=sid, organization_id="us"))
        for pid, (name, title, seniority) in ACME.items():
            self.person(pid, name, "acme", title=title, seniority=seniority)
        self.data.add("opportunities", dict(id="deal", name="The Deal", customer_id="acme"))
        self.data.add("bids", dict(competitor_id="rival", opportunity_id="deal"))

    def person(self, pid, name, org, title=None, seniority=None, since=None, until=None):
        self.data.add("people", dict(id=pid, name=name, title=title, seniority=seniority))
        self.employ(pid, org, since=since, until=until)

    def employ(self, pid, org, since=None, until=None):
        self.data.add("employment", dict(person_id=pid, organization_id=org, since=since,
                                         until=until))

    def chain(self, pid, roles, stance=None, opportunity="deal"):
        roles = [roles] if isinstance(roles, str) else roles
        self.data.add("decision_chain", dict(person_id=pid, opportunity_id=opportunity,
                                             roles=roles, stance=stance, as_of=TODAY))

    def knows(self, staff, pid, strength, met_days_ago=10):
        """A relationship; with met_days_ago, also an activity the two shared then."""
        self.data.add("relationships", dict(staff_id=staff, person_id=pid, strength=strength,
                                            source="test", as_of=TODAY))
        if met_days_ago is not None:
            self.meet(met_days_ago, staff, pid)

    def meet(self, days_ago, *attendees):
        self._activities += 1
        self.data.add("activities", dict(id=f"act-{self._activities}", kind="meeting",
                                         date=TODAY - dt.timedelta(days=days_ago),
                                         subject="meeting", attendee_ids=list(attendees)))

    def influence(self, a, b, strength, kind="informal"):
        self.data.add("influence", dict(from_id=a, to_id=b, strength=strength, kind=kind))

    def favors(self, pid, org, strength):
        self.data.add("favors", dict(person_id=pid, organization_id=org, strength=strength))

    def healthy(self, skip=()):
        """Every template role held by a supporter (the decision maker a champion) covered by
        two senior enough staff at strength 4 with a meeting 10 days ago, and every member
        influencing the decision maker."""
        for pid, role in ROLE_OF.items():
            if pid in skip:
                continue
            self.chain(pid, role, "champion" if role == "decision_maker" else "supporter")
            self.knows("s-ar", pid, 4)
            self.knows("s-ex", pid, 4)
            if pid != "p-dm":
                self.influence(pid, "p-dm", 3)
        return self

    def load(self, graph):
        load_dataset(graph, self.data)
        return graph
