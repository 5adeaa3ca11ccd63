"""The demo portfolio: a fictional but realistic set of accounts, built so that every analysis
in DESIGN.md has something to find.

What is in it on purpose (the tests check these):

- our company Helix Systems with 10 staff in iron-triangle roles, one of whom (Sofia Rossi)
  used to work at Pacific Grid;
- four customers of tiers S, A, B and C with departments, reporting lines and informal
  influence that crosses the org chart; two competitors; the consultancy Meridian Advisory,
  whose partner Helen Park advises people at Northwind Rail and at Aurora Health;
- Marcus Feld, who moved from the competitor Vertex Digital to Aurora Health and still favors it;
- five opportunities (four open, one won) whose decision chains hold: a role nobody fills, an
  uncovered approver, single-threaded members, a skeptic and an opponent, a competitor-held
  technical evaluator, an executive covered only by a junior, supporters who do not reach the
  decision maker, stale relationships, and Gao Ming, champion in one deal and opponent in another;
- activities over the twelve months before the load date;
- 华信银行, whose people have Chinese names and titles, with one open deal and its decision
  chain, and a CIO who left (赵磊) and his successor (李明);
- six smaller customers with 24 deals closed during the year (``demo_history.CLOSED_DEALS``).

``load_demo`` writes all of it as twelve months of backdated change sets that end exactly at
``build_demo(today)``; the stories of what moved are told in ``demo_history``.

Names mix scripts and accents on purpose (李娜, Zoë Ångström, Łukasz): they must show everywhere.
"""

from __future__ import annotations

import datetime as dt

from powermap.errors import Refused
from powermap.graph.load import LoadSummary, load_dataset
from powermap.graph.store import Graph
from powermap.history.changes import ChangeSet
from powermap.i18n import _
from powermap.importers.demo_history import closed_deal_rows, demo_timeline, load_history
from powermap.model import Dataset

OWN = "org-helix"

ORGANIZATIONS = [
    # id, name, kind, tier, industry, country
    (OWN, "Helix Systems", "own", None, "network infrastructure", "DE"),
    ("org-northwind", "Northwind Rail", "customer", "S", "rail transport", "DE"),
    ("org-aurora", "Aurora Health Group", "customer", "A", "healthcare", "NL"),
    ("org-pacific", "Pacific Grid Energy", "customer", "B", "utilities", "SG"),
    ("org-blueriver", "Blue River Logistics", "customer", "C", "logistics", "CN"),
    ("org-orion", "Orion Networks", "competitor", None, "network infrastructure", "US"),
    ("org-vertex", "Vertex Digital", "competitor", None, "IT services", "FR"),
    ("org-meridian", "Meridian Advisory", "partner", None, "consulting", "GB"),
]

# Our staff: id, name, title, seniority, team role, email prefix
STAFF = [
    ("st-wang-li", "Wang Li", "Key Account Director", "director", "AR"),
    ("st-james-okafor", "James Okafor", "Account Manager", "manager", "AR"),
    ("st-li-na", "李娜 (Li Na)", "Junior Account Manager", "individual", "AR"),
    ("st-chen-yu", "Chen Yu", "Solution Architect", "manager", "SR"),
    ("st-tom-meyer", "Tom Meyer", "Presales Engineer", "individual", "SR"),
    ("st-zhang-wei", "Zhang Wei", "Chief Solution Architect", "director", "SR"),
    ("st-maria-lopez", "María López", "Delivery Manager", "manager", "FR"),
    ("st-anna-berg", "Anna Berg", "Service Delivery Lead", "manager", "FR"),
    ("st-ravi-iyer", "Ravi Iyer", "VP Sales Europe", "vp", "exec"),
    ("st-sofia-rossi", "Sofia Rossi", "Industry Consultant", "manager", "other"),
]

# Customer units: org id → [(unit key, unit name)]
UNITS = {
    "org-northwind": [("exec", "Executive Board"), ("it", "IT & Digital"),
                      ("ops", "Rail Operations"), ("proc", "Procurement"),
                      ("fin", "Finance"), ("eng", "Infrastructure Engineering")],
    "org-aurora": [("exec", "Executive Office"), ("it", "Information Technology"),
                   ("clin", "Clinical Operations"), ("proc", "Purchasing"), ("fin", "Finance")],
    "org-pacific": [("exec", "Management"), ("grid", "Grid Operations"),
                    ("it", "OT & IT"), ("proc", "Procurement")],
    "org-blueriver": [("exec", "Management"), ("wh", "Warehousing"), ("it", "IT")],
    "org-orion": [("sales", "Sales")],
    "org-vertex": [("sales", "Sales"), ("cons", "Consulting")],
    "org-meridian": [("adv", "Advisory")],
}

# Customer and other people: key, name, title, seniority, unit key, manager key
PEOPLE = {
    "org-northwind": [
        ("nw-ceo", "Katharina Vogel", "Chief Executive Officer", "c_level", "exec", None),
        ("nw-cfo", "Henrik Larsen", "Chief Financial Officer", "c_level", "fin", "nw-ceo"),
        ("nw-coo", "Gao Ming", "Chief Operating Officer", "c_level", "ops", "nw-ceo"),
        ("nw-cio", "Zoë Ångström", "Chief Information Officer", "c_level", "it", "nw-ceo"),
        ("nw-cpo", "Rolf Bauer", "Head of Procurement", "vp", "proc", "nw-cfo"),
        ("nw-fin-ctrl", "Elena Petrova", "Financial Controller", "director", "fin", "nw-cfo"),
        ("nw-it-arch", "Łukasz Nowak", "Lead Enterprise Architect", "director", "it", "nw-cio"),
        ("nw-it-net", "Priya Raman", "Head of Network Services", "director", "it", "nw-cio"),
        ("nw-it-sec", "Daniel Kim", "Security Officer", "manager", "it", "nw-cio"),
        ("nw-it-eng1", "Jonas Weber", "Senior Network Engineer", "individual", "it", "nw-it-net"),
        ("nw-it-eng2", "Fatima Zahra", "Network Engineer", "individual", "it", "nw-it-net"),
        ("nw-ops-dir", "Markus Schmid", "Director Rail Operations", "vp", "ops", "nw-coo"),
        ("nw-ops-sig", "Olga Ivanova", "Head of Signalling", "director", "ops", "nw-ops-dir"),
        ("nw-ops-ctl", "Thomas Müller", "Control Centre Manager", "manager", "ops", "nw-ops-dir"),
        ("nw-ops-user", "Sara Conti", "Dispatcher Team Lead", "individual", "ops", "nw-ops-ctl"),
        ("nw-proc-mgr", "Peter Novak", "Category Manager IT", "manager", "proc", "nw-cpo"),
        ("nw-proc-buyer", "Lea Fischer", "Senior Buyer", "individual", "proc", "nw-proc-mgr"),
        ("nw-eng-dir", "Ahmed Hassan", "Director Infrastructure", "vp", "eng", "nw-coo"),
        ("nw-eng-mgr", "Ingrid Holm", "Track Systems Manager", "manager", "eng", "nw-eng-dir"),
        ("nw-eng-spec", "Wu Jie", "Telecom Specialist", "individual", "eng", "nw-eng-mgr"),
        ("nw-assist", "Claire Dubois", "Executive Assistant to the CEO", "individual", "exec",
         "nw-ceo"),
        ("nw-hr", "Birgit Keller", "HR Business Partner", "manager", "exec", "nw-ceo"),
    ],
    "org-aurora": [
        ("au-ceo", "Willem de Vries", "Chief Executive Officer", "c_level", "exec", None),
        ("au-cfo", "Sanne Jansen", "Chief Financial Officer", "c_level", "fin", "au-ceo"),
        ("au-cmo", "Dr. Amara Osei", "Chief Medical Officer", "c_level", "clin", "au-ceo"),
        ("au-cio", "Pieter Bakker", "Chief Information Officer", "c_level", "it", "au-ceo"),
        ("au-it-dir", "Marcus Feld", "Director IT Infrastructure", "director", "it", "au-cio"),
        ("au-it-apps", "Noor Hassan", "Head of Clinical Applications", "director", "it",
         "au-cio"),
        ("au-it-eng", "Lars Visser", "Cloud Engineer", "individual", "it", "au-it-dir"),
        ("au-it-sec", "Yuki Tanaka", "Information Security Manager", "manager", "it", "au-cio"),
        ("au-clin-dir", "Emma de Boer", "Director Clinical Operations", "director", "clin",
         "au-cmo"),
        ("au-clin-nurse", "Fleur Smit", "Head Nurse, Digital Care", "manager", "clin",
         "au-clin-dir"),
        ("au-clin-user", "Bram Mulder", "Ward Systems Coordinator", "individual", "clin",
         "au-clin-nurse"),
        ("au-proc-head", "Ilse Meijer", "Head of Purchasing", "director", "proc", "au-cfo"),
        ("au-proc-buyer", "Koen Dekker", "IT Buyer", "individual", "proc", "au-proc-head"),
        ("au-fin-ctrl", "Ruth Cohen", "Controller", "manager", "fin", "au-cfo"),
        ("au-assist", "Mila Peeters", "Board Secretary", "individual", "exec", "au-ceo"),
        ("au-it-ops", "Sven Hendriks", "IT Operations Manager", "manager", "it", "au-it-dir"),
        ("au-it-net", "Thijs van Dam", "Network Administrator", "individual", "it", "au-it-ops"),
        ("au-clin-pharm", "Jeroen Maas", "Pharmacy Systems Lead", "manager", "clin",
         "au-clin-dir"),
    ],
    "org-pacific": [
        ("pg-ceo", "Tan Wei Ming", "Chief Executive Officer", "c_level", "exec", None),
        ("pg-cto", "Rachel Lim", "Chief Technology Officer", "c_level", "it", "pg-ceo"),
        ("pg-cfo", "Arjun Nair", "Chief Financial Officer", "c_level", "exec", "pg-ceo"),
        ("pg-grid-dir", "Siti Rahman", "Director Grid Operations", "director", "grid", "pg-cto"),
        ("pg-scada", "Kevin Ong", "SCADA Platform Lead", "manager", "it", "pg-cto"),
        ("pg-ot-eng", "Nurul Aisyah", "OT Security Engineer", "individual", "it", "pg-scada"),
        ("pg-grid-eng", "Daniel Goh", "Senior Grid Engineer", "individual", "grid",
         "pg-grid-dir"),
        ("pg-grid-user", "Mei Chen", "Control Room Supervisor", "manager", "grid", "pg-grid-dir"),
        ("pg-proc", "Farah Iskandar", "Procurement Manager", "manager", "proc", "pg-cfo"),
        ("pg-proc-buyer", "Jason Teo", "Buyer", "individual", "proc", "pg-proc"),
        ("pg-it-arch", "Hui Ling Koh", "Enterprise Architect", "manager", "it", "pg-cto"),
        ("pg-assist", "Ravi Kumar", "Chief of Staff", "manager", "exec", "pg-ceo"),
        ("pg-grid-eng2", "Aditya Menon", "Protection Engineer", "individual", "grid",
         "pg-grid-dir"),
        ("pg-fin-ctrl", "Lina Wong", "Finance Controller", "manager", "exec", "pg-cfo"),
    ],
    "org-blueriver": [
        ("br-ceo", "Zhou Lei", "General Manager", "c_level", "exec", None),
        ("br-wh-dir", "Huang Min", "Warehouse Director", "director", "wh", "br-ceo"),
        ("br-it-mgr", "刘洋 (Liu Yang)", "IT Manager", "manager", "it", "br-ceo"),
        ("br-it-eng", "Sun Hao", "Systems Engineer", "individual", "it", "br-it-mgr"),
        ("br-wh-sup", "Ma Jun", "Shift Supervisor", "individual", "wh", "br-wh-dir"),
        ("br-fin", "Xu Ping", "Finance Manager", "manager", "exec", "br-ceo"),
        ("br-wh-plan", "Guo Fang", "Logistics Planner", "individual", "wh", "br-wh-dir"),
        ("br-it-sup", "Wang Fang", "IT Support Lead", "individual", "it", "br-it-mgr"),
        ("br-wh-safety", "Li Qiang", "Safety Officer", "individual", "wh", "br-wh-dir"),
    ],
    "org-orion": [
        ("or-sales", "Brad Collins", "Regional Sales Director", "director", "sales", None),
    ],
    "org-vertex": [
        ("vx-sales", "Camille Laurent", "Account Executive", "manager", "sales", None),
        ("vx-cons", "Hugo Martin", "Principal Consultant", "director", "cons", None),
    ],
    "org-meridian": [
        ("md-park", "Dr. Helen Park", "Senior Partner", "director", "adv", None),
    ],
}

# Informal and advisor influence (from, to, strength, kind): several cross the org chart.
INFLUENCE = [
    ("nw-it-arch", "nw-cio", 5, "informal"),      # the architect shapes the CIO's view
    ("nw-it-net", "nw-it-arch", 3, "informal"),
    ("nw-ops-sig", "nw-coo", 4, "informal"),      # skips the director
    ("nw-coo", "nw-ceo", 4, "formal"),
    ("nw-cfo", "nw-ceo", 5, "formal"),
    ("nw-cpo", "nw-cfo", 3, "formal"),
    ("nw-fin-ctrl", "nw-cpo", 3, "informal"),     # finance to procurement, across units
    ("nw-eng-spec", "nw-ops-sig", 2, "informal"),  # engineering to operations
    ("nw-assist", "nw-ceo", 2, "informal"),
    ("nw-ops-ctl", "nw-ops-dir", 3, "formal"),
    ("nw-it-eng1", "nw-it-net", 2, "informal"),
    ("md-park", "nw-cfo", 4, "advisor"),          # the outside advisor, customer one
    ("md-park", "au-cfo", 4, "advisor"),          # … and customer two
    ("md-park", "au-ceo", 3, "advisor"),
    ("au-it-dir", "au-cio", 4, "informal"),
    ("au-cio", "au-ceo", 4, "formal"),
    ("au-cfo", "au-ceo", 5, "formal"),
    ("au-cmo", "au-ceo", 4, "formal"),
    ("au-clin-dir", "au-cmo", 4, "informal"),
    ("au-clin-nurse", "au-it-apps", 3, "informal"),  # clinical to IT
    ("au-proc-head", "au-cfo", 3, "formal"),
    ("au-it-apps", "au-cio", 3, "informal"),
    ("vx-cons", "au-it-dir", 4, "informal"),      # the competitor's consultant
    ("pg-grid-dir", "pg-cto", 4, "informal"),
    ("pg-cto", "pg-ceo", 4, "formal"),
    ("pg-cfo", "pg-ceo", 4, "formal"),
    ("pg-scada", "pg-grid-dir", 2, "informal"),
    ("pg-grid-user", "pg-scada", 2, "informal"),
    ("pg-assist", "pg-ceo", 3, "informal"),
    ("or-sales", "pg-it-arch", 3, "informal"),    # Orion's man at Pacific Grid
    ("br-it-mgr", "br-ceo", 3, "formal"),
    ("br-wh-dir", "br-ceo", 4, "formal"),
    ("br-fin", "br-ceo", 3, "formal"),
]

# People who joined their current employer recently (days ago): the mover left Vertex 420 days ago.
MOVED_IN = {"au-it-dir": 400}

CONFLICTS = [
    ("nw-cio", "nw-coo", 3),   # CIO and COO disagree about who owns signalling IT
    ("au-it-dir", "au-it-apps", 2),
]

# Our relationships (staff, person, strength, days since last confirmed)
RELATIONSHIPS = [
    ("st-wang-li", "nw-ceo", 3, 40), ("st-ravi-iyer", "nw-ceo", 4, 20),
    ("st-wang-li", "nw-coo", 4, 15), ("st-wang-li", "nw-cio", 4, 10),
    ("st-chen-yu", "nw-cio", 3, 30), ("st-chen-yu", "nw-it-arch", 2, 200),
    ("st-chen-yu", "nw-it-net", 4, 12), ("st-tom-meyer", "nw-it-net", 3, 25),
    ("st-tom-meyer", "nw-it-eng1", 4, 8), ("st-james-okafor", "nw-cpo", 3, 60),
    ("st-james-okafor", "nw-proc-mgr", 3, 45), ("st-maria-lopez", "nw-ops-ctl", 3, 35),
    ("st-maria-lopez", "nw-ops-user", 4, 20), ("st-zhang-wei", "nw-ops-sig", 2, 150),
    ("st-anna-berg", "nw-eng-mgr", 2, 90), ("st-wang-li", "nw-assist", 3, 30),
    ("st-wang-li", "au-ceo", 2, 120), ("st-li-na", "au-cfo", 2, 50),
    ("st-chen-yu", "au-it-apps", 4, 14), ("st-chen-yu", "au-it-dir", 1, 300),
    ("st-li-na", "au-proc-head", 3, 40), ("st-anna-berg", "au-clin-nurse", 4, 18),
    ("st-anna-berg", "au-clin-user", 3, 22), ("st-wang-li", "au-cio", 3, 70),
    ("st-james-okafor", "au-cmo", 2, 100),
    ("st-james-okafor", "pg-cto", 2, 130), ("st-sofia-rossi", "pg-grid-dir", 5, 10),
    ("st-sofia-rossi", "pg-grid-user", 4, 25), ("st-tom-meyer", "pg-scada", 3, 30),
    ("st-sofia-rossi", "pg-cto", 3, 45),
    ("st-james-okafor", "br-ceo", 2, 210), ("st-tom-meyer", "br-it-mgr", 3, 60),
    ("st-zhang-wei", "md-park", 4, 20), ("st-ravi-iyer", "md-park", 3, 90),
]

FAVORS = [
    # person, organization, strength
    ("nw-it-arch", "org-orion", 4),
    ("nw-cio", OWN, 3),
    ("nw-coo", OWN, 4),
    ("au-it-dir", "org-vertex", 4),   # the mover still favors his old employer
    ("au-it-apps", OWN, 3),
    ("pg-ceo", "org-orion", 3),
    ("pg-it-arch", "org-orion", 4),
    ("pg-grid-dir", OWN, 5),
    ("br-it-mgr", OWN, 2),
]

OPPORTUNITIES = [
    # id, name, customer, kind, stage, status, amount, close in days
    ("opp-nw-signalling", "Signalling network upgrade", "org-northwind", "major", "proposal",
     "open", 12_500_000, 75),
    ("opp-nw-datacenter", "Data centre refresh", "org-northwind", "standard", "qualification",
     "open", 1_800_000, 150),
    ("opp-au-cloud", "Clinical cloud platform", "org-aurora", "major", "solution",
     "open", 6_200_000, 110),
    ("opp-pg-scada", "SCADA modernisation", "org-pacific", "standard", "negotiation",
     "open", 3_400_000, 40),
    ("opp-br-wms", "Warehouse Wi-Fi rollout", "org-blueriver", "standard", "closed",
     "won", 240_000, -60),
]

BIDS = [
    ("org-orion", "opp-nw-signalling"), ("org-vertex", "opp-nw-signalling"),
    ("org-vertex", "opp-au-cloud"), ("org-orion", "opp-pg-scada"),
    ("org-vertex", "opp-nw-datacenter"),
]

CHAINS = {
    # person, roles, stance (None = unknown)
    "opp-nw-signalling": [
        ("nw-coo", ["decision_maker"], "champion"),
        ("nw-cfo", ["approver"], None),                      # nobody of ours knows him
        ("nw-it-arch", ["technical_evaluator"], "skeptic"),  # held by Orion
        ("nw-cpo", ["commercial_evaluator"], "neutral"),      # single-threaded
        ("nw-ops-user", ["user"], "supporter"),
        ("nw-ops-sig", ["influencer", "user"], "supporter"),  # one person, two roles
        ("nw-it-net", ["coach"], "champion"),
        ("md-park", ["influencer"], "neutral"),
    ],
    "opp-nw-datacenter": [
        ("nw-cio", ["decision_maker"], "supporter"),
        ("nw-coo", ["approver"], "opponent"),          # champion in the other deal
        ("nw-it-arch", ["technical_evaluator"], "skeptic"),
        ("nw-it-eng1", ["user"], "supporter"),
        # no commercial evaluator, no coach: gaps
    ],
    "opp-au-cloud": [
        ("au-cfo", ["decision_maker"], "neutral"),     # a C-level covered only by a junior
        ("au-ceo", ["approver"], None),
        ("au-it-dir", ["technical_evaluator"], "opponent"),  # the mover, for Vertex
        ("au-proc-head", ["commercial_evaluator"], "neutral"),
        ("au-clin-user", ["user"], "supporter"),
        ("au-it-apps", ["coach"], "champion"),
        ("au-clin-nurse", ["influencer"], "supporter"),
    ],
    "opp-pg-scada": [
        ("pg-ceo", ["decision_maker"], "opponent"),
        ("pg-cfo", ["approver"], None),
        ("pg-it-arch", ["technical_evaluator"], "skeptic"),
        ("pg-proc", ["commercial_evaluator"], None),
        ("pg-grid-user", ["user"], "supporter"),
        ("pg-grid-dir", ["coach"], "champion"),
        ("pg-scada", ["influencer"], "supporter"),
    ],
    "opp-br-wms": [
        ("br-ceo", ["decision_maker"], "supporter"),
        ("br-it-mgr", ["technical_evaluator", "commercial_evaluator"], "champion"),
        ("br-wh-sup", ["user"], "supporter"),
    ],
}

# Activities: days ago, kind, subject, opportunity, attendees (staff and customer people)
ACTIVITIES = [
    (350, "company_visit", "Northwind board visits Helix HQ", None,
     ["st-ravi-iyer", "st-wang-li", "nw-ceo", "nw-coo"]),
    (300, "technical_exchange", "Signalling network architecture workshop", "opp-nw-signalling",
     ["st-chen-yu", "st-tom-meyer", "nw-it-net", "nw-it-arch"]),
    (240, "reference_visit", "Reference visit: Nordic rail operator", "opp-nw-signalling",
     ["st-wang-li", "st-zhang-wei", "nw-coo", "nw-ops-sig"]),
    (190, "management_research", "Rail digitalisation research seminar", None,
     ["st-zhang-wei", "nw-ops-sig", "nw-eng-dir"]),
    (120, "onsite_meeting", "Control centre walk-through", "opp-nw-signalling",
     ["st-maria-lopez", "nw-ops-ctl", "nw-ops-user"]),
    (60, "meeting", "Commercial framework discussion", "opp-nw-signalling",
     ["st-james-okafor", "nw-cpo", "nw-proc-mgr"]),
    (15, "meal", "Dinner with the COO", None, ["st-wang-li", "nw-coo"]),
    (10, "call", "Data centre scope call", "opp-nw-datacenter",
     ["st-chen-yu", "nw-cio", "nw-it-eng1"]),
    (320, "company_visit", "Aurora IT leadership at Helix", None,
     ["st-wang-li", "au-cio", "au-it-apps"]),
    (200, "technical_exchange", "Clinical cloud security deep-dive", "opp-au-cloud",
     ["st-chen-yu", "au-it-apps", "au-it-sec"]),
    (90, "onsite_meeting", "Ward pilot review", "opp-au-cloud",
     ["st-anna-berg", "au-clin-nurse", "au-clin-user"]),
    (40, "email", "Pricing questions from purchasing", "opp-au-cloud",
     ["st-li-na", "au-proc-head"]),
    (280, "reference_visit", "Reference visit: Malaysian utility", "opp-pg-scada",
     ["st-sofia-rossi", "pg-grid-dir", "pg-cto"]),
    (100, "technical_exchange", "SCADA migration plan", "opp-pg-scada",
     ["st-tom-meyer", "pg-scada", "pg-ot-eng"]),
    (25, "meeting", "Control room requirements", "opp-pg-scada",
     ["st-sofia-rossi", "pg-grid-user", "pg-grid-dir"]),
    (180, "onsite_meeting", "Warehouse site survey", "opp-br-wms",
     ["st-tom-meyer", "br-it-mgr", "br-wh-sup"]),
    (30, "management_research", "Healthcare cloud round table", None,
     ["st-zhang-wei", "md-park", "au-cfo"]),
]


# 华信银行 (Huaxin Bank): a customer whose people have Chinese names and titles, for the Chinese
# interface. Its CIO 赵磊 left 200 days ago; 李明 succeeded him.
HUAXIN = "org-huaxin"
HUAXIN_UNITS = [("exec", "行领导"), ("it", "信息科技部"), ("proc", "采购部"), ("ops", "运营管理部")]
# key, name, title, seniority, unit key, manager key, joined (days ago)
HUAXIN_PEOPLE = [
    ("hx-president", "张伟", "行长", "c_level", "exec", None, 3300),
    ("hx-cio", "李明", "首席信息官", "c_level", "it", "hx-president", 190),
    ("hx-proc", "王芳", "采购总监", "director", "proc", "hx-president", 2100),
    ("hx-sec", "陈静", "信息安全主管", "manager", "it", "hx-cio", 1700),
    ("hx-net", "刘强", "网络运维经理", "manager", "it", "hx-cio", 1400),
    ("hx-ops", "孙丽", "运营管理部总经理", "director", "ops", "hx-president", 2500),
]
# the CIO who left: key, name, title, seniority, unit key, joined, left (days ago)
HUAXIN_LEAVER = ("hx-cio-old", "赵磊", "首席信息官", "c_level", "it", 2600, 200)
HUAXIN_INFLUENCE = [("hx-cio", "hx-president", 4, "formal"), ("hx-sec", "hx-cio", 3, "informal"),
                    ("hx-ops", "hx-president", 3, "informal")]
# staff, person, strength, days since last confirmed: Wang Li kept in touch with 赵磊
HUAXIN_RELATIONSHIPS = [("st-wang-li", "hx-cio", 3, 25), ("st-li-na", "hx-proc", 2, 40),
                        ("st-chen-yu", "hx-sec", 2, 60), ("st-tom-meyer", "hx-net", 4, 12),
                        ("st-wang-li", "hx-cio-old", 4, 210),
                        ("st-ravi-iyer", "hx-president", 2, 100)]
HUAXIN_FAVORS = [("hx-sec", "org-orion", 3), ("hx-net", OWN, 3)]
HUAXIN_CHAIN = [
    ("hx-cio", ["decision_maker"], "supporter"),
    ("hx-president", ["approver"], None),
    ("hx-sec", ["technical_evaluator"], "skeptic"),
    ("hx-proc", ["commercial_evaluator"], "neutral"),
    ("hx-net", ["user", "coach"], "champion"),
    ("hx-ops", ["influencer"], "neutral"),
]
# days ago, kind, subject, opportunity?, attendees
HUAXIN_ACTIVITIES = [
    (330, "company_visit", "华信银行信息科技部参观 Helix 总部", False,
     ["st-wang-li", "hx-cio-old", "hx-net"]),
    (160, "management_research", "银行业数字化转型管理研讨会", False,
     ["st-zhang-wei", "hx-cio", "hx-ops"]),
    (70, "technical_exchange", "核心网络架构技术交流", True,
     ["st-chen-yu", "st-tom-meyer", "hx-sec", "hx-net"]),
    (35, "reference_visit", "参观新加坡银行核心网络参考案例", True,
     ["st-wang-li", "hx-cio", "hx-proc"]),
]


def _huaxin_rows(ago) -> list[tuple[str, dict]]:
    """华信银行 as it stands today: people, the leaver, one open opportunity and its chain."""
    rows: list[tuple[str, dict]] = [
        ("organizations", dict(id=HUAXIN, name="华信银行", kind="customer", tier="A",
                               industry="banking", country="CN"))]
    rows += [("units", dict(id=f"{HUAXIN}/{key}", name=name, organization_id=HUAXIN))
             for key, name in HUAXIN_UNITS]
    key, name, title, seniority, unit, joined, left = HUAXIN_LEAVER
    people = [(p[:6], p[6], None) for p in HUAXIN_PEOPLE] + [
        ((key, name, title, seniority, unit, None), joined, left)]
    for (key, name, title, seniority, unit, manager), joined, left in people:
        rows.append(("people", dict(id=key, name=name, title=title, seniority=seniority,
                                    email=_email(key, "huaxin.example"))))
        rows.append(("employment", dict(person_id=key, organization_id=HUAXIN,
                                        unit_id=f"{HUAXIN}/{unit}", title=title,
                                        since=ago(joined), until=ago(left) if left else None)))
        if manager:
            rows.append(("reports_to", dict(person_id=key, manager_id=manager,
                                            source="org chart", as_of=ago(60))))
    rows += [("influence", dict(from_id=a, to_id=b, strength=strength, kind=kind,
                                source="account team", confidence=0.8, as_of=ago(45)))
             for a, b, strength, kind in HUAXIN_INFLUENCE]
    rows += [("relationships", dict(staff_id=staff, person_id=person, strength=strength,
                                    source=staff, as_of=ago(days)))
             for staff, person, strength, days in HUAXIN_RELATIONSHIPS]
    rows += [("favors", dict(person_id=person, organization_id=org, strength=strength,
                             source="account team", confidence=0.7, as_of=ago(30)))
             for person, org, strength in HUAXIN_FAVORS]
    rows.append(("opportunities", dict(id="opp-hx-core", name="核心网络升级",
                                       customer_id=HUAXIN, kind="major", stage="solution",
                                       status="open", amount=28_000_000, currency="CNY",
                                       close_date=ago(-90))))
    rows.append(("bids", dict(competitor_id="org-orion", opportunity_id="opp-hx-core")))
    rows += [("decision_chain", dict(person_id=person, opportunity_id="opp-hx-core",
                                     roles=roles, stance=stance, source="bid team",
                                     confidence=0.8, as_of=ago(20)))
             for person, roles, stance in HUAXIN_CHAIN]
    rows += [("activities", dict(id=f"act-hx-{n:03d}", kind=kind, date=ago(days),
                                 subject=subject,
                                 opportunity_id="opp-hx-core" if about else None,
                                 attendee_ids=attendees))
             for n, (days, kind, subject, about, attendees) in enumerate(HUAXIN_ACTIVITIES, 1)]
    return rows


def demo_rows(today: dt.date) -> list[tuple[str, dict]]:
    """The demo portfolio as it stands on ``today``: (record kind, row) pairs."""

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    rows: list[tuple[str, dict]] = []

    def add(kind: str, row: dict) -> None:
        rows.append((kind, row))

    for oid, name, kind, tier, industry, country in ORGANIZATIONS:
        add("organizations", dict(id=oid, name=name, kind=kind, tier=tier,
                                  industry=industry, country=country))
    for org_id, units in UNITS.items():
        for key, name in units:
            add("units", dict(id=f"{org_id}/{key}", name=name, organization_id=org_id))
    for sid, name, title, seniority, team_role in STAFF:
        add("people", dict(id=sid, name=name, title=title, seniority=seniority,
                           team_role=team_role, email=_email(sid, "helix-systems.example")))
        add("employment", dict(person_id=sid, organization_id=OWN, title=title,
                               since=ago(3000 if seniority != "individual" else 500)))
    for org_id, people in PEOPLE.items():
        domain = org_id.removeprefix("org-") + ".example"
        for key, name, title, seniority, unit, manager in people:
            add("people", dict(id=key, name=name, title=title, seniority=seniority,
                               email=_email(key, domain)))
            since = ago(MOVED_IN.get(key, 1200 + 37 * len(key)))
            add("employment", dict(person_id=key, organization_id=org_id,
                                   unit_id=f"{org_id}/{unit}", title=title,
                                   since=since))
            if manager:
                add("reports_to", dict(person_id=key, manager_id=manager,
                                       source="org chart", as_of=ago(60)))
    # History: the mover, and our consultant who used to work at Pacific Grid.
    add("employment", dict(person_id="au-it-dir", organization_id="org-vertex",
                           unit_id="org-vertex/cons", title="Senior Consultant",
                           since=ago(2400), until=ago(420)))
    add("employment", dict(person_id="st-sofia-rossi", organization_id="org-pacific",
                           title="Grid Planning Engineer", since=ago(4000),
                           until=ago(3001)))
    for a, b, strength, kind in INFLUENCE:
        add("influence", dict(from_id=a, to_id=b, strength=strength, kind=kind,
                              source="account team", confidence=0.8, as_of=ago(45)))
    for a, b, strength in CONFLICTS:
        add("conflicts", dict(from_id=a, to_id=b, strength=strength,
                              source="account team", confidence=0.6, as_of=ago(80)))
    for staff, person, strength, days in RELATIONSHIPS:
        add("relationships", dict(staff_id=staff, person_id=person, strength=strength,
                                  source=staff, as_of=ago(days)))
    for person, org, strength in FAVORS:
        add("favors", dict(person_id=person, organization_id=org, strength=strength,
                           source="account team", confidence=0.7, as_of=ago(30)))
    for oid, name, customer, kind, stage, status, amount, close in OPPORTUNITIES:
        add("opportunities", dict(id=oid, name=name, customer_id=customer, kind=kind,
                                  stage=stage, status=status, amount=amount,
                                  currency="EUR", close_date=today + dt.timedelta(close)))
    for competitor, opportunity in BIDS:
        add("bids", dict(competitor_id=competitor, opportunity_id=opportunity))
    for opportunity, members in CHAINS.items():
        for person, roles, stance in members:
            add("decision_chain", dict(person_id=person, opportunity_id=opportunity,
                                       roles=roles, stance=stance, source="bid team",
                                       confidence=0.8, as_of=ago(20)))
    for n, (days, kind, subject, opportunity, attendees) in enumerate(ACTIVITIES, start=1):
        add("activities", dict(id=f"act-{n:03d}", kind=kind, date=ago(days),
                               subject=subject, opportunity_id=opportunity,
                               attendee_ids=attendees))
    add("org_ties", dict(from_id=OWN, to_id="org-northwind", kind="framework_agreement",
                         since=ago(900)))
    add("org_ties", dict(from_id=OWN, to_id="org-aurora", kind="joint_lab",
                         since=ago(400)))
    rows += _huaxin_rows(ago)
    rows += closed_deal_rows(today)
    return rows


def build_demo(today: dt.date | None = None) -> Dataset:
    """The demo portfolio as a validated dataset; dates are relative to ``today``."""
    data = Dataset()
    for kind, row in demo_rows(today or dt.date.today()):
        data.add(kind, row, "demo")
    return data


def graph_is_empty(graph: Graph) -> bool:
    """No organizations and no people (the web app's users and audit log do not count)."""
    row = graph.read("count_records")[0]
    return row["organizations"] == 0 and row["people"] == 0


def load_demo(graph: Graph, force: bool = False, today: dt.date | None = None) -> LoadSummary:
    """Load the demo portfolio with twelve months of history (see ``demo_history``): one
    backdated change set after the other, ending at ``build_demo(today)``.

    Raises ``Refused`` when the graph already holds data, unless ``force``. With ``force``
    into a graph that already holds the demo, its records are upserted by id as they stand
    today, in one change set, and nothing else in the graph is touched (replaying the history
    would write last year's values over today's).
    """
    if not force and not graph_is_empty(graph):
        raise Refused(_("the graph is not empty; the demo data is loaded only into an empty "
                        "graph (use --force to upsert it anyway)"))
    today = today or dt.date.today()
    rows = demo_rows(today)
    if _demo_is_loaded(graph):
        data = Dataset()
        for kind, row in rows:
            data.add(kind, row, "demo")
        return load_dataset(graph, data, changeset=ChangeSet(
            who="(demo)", via="demo", what="demo load --force: the demo as it stands today"))
    events = demo_timeline(today, rows).events_with_changes()
    counts: dict[str, int] = {}
    for kind, _row in rows:
        counts[kind] = counts.get(kind, 0) + 1
    return load_history(graph, events, counts)


def _demo_is_loaded(graph: Graph) -> bool:
    """Whether our demo company is in the graph (then the demo's history is there too)."""
    row = graph.read("find_existing_ids", organizations=[OWN], units=[], people=[], staff=[],
                     opportunities=[], activities=[])[0]
    return bool(row["organizations"])


def _email(key: str, domain: str) -> str:
    local = key.split("-", 1)[-1].replace("-", ".")
    return f"{local}@{domain}"
