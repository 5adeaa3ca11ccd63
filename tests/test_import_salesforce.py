"""Salesforce export: accounts, users, contacts, deals, contact roles and competitors.

tests/data/salesforce is a small export with the columns a real one carries, a BOM, a multi-line
description, deleted records, an inactive user and a contact without an account. Every count
below was worked out by hand from those files (see the comments).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from powermap.errors import ValidationError
from powermap.importers.plan import apply_plan
from powermap.importers.salesforce import parse_salesforce
from tests.support import graph_counts, graph_dump

EXPORT = Path(__file__).parent / "data" / "salesforce"
OWN = {"id": "org-us", "name": "Helix"}


def own_org(graph):
    graph.write("upsert_organizations", created_ms=None, rows=[{"id": "org-us", "name": "Helix", "kind": "own",
                                               "tier": None, "industry": None, "country": None}])


def test_a_salesforce_export_becomes_the_graph_worked_out_by_hand(graph):
    own_org(graph)
    plan = parse_salesforce(EXPORT, OWN)
    summary = apply_plan(graph, plan)
    counts = {kind: c["created"] for kind, c in summary.load.by_kind().items()}
    assert counts == {
        "organizations": 5,   # Acme, Holding, Orion, Meridian + Vertex (named only as competitor)
        "units": 3,           # Acme's IT & Digital, Executive Board, Procurement
        "people": 6,          # users Anna, Ravi, Tom (Fred inactive) + contacts Zoë, Vogel, 李娜
        "employment": 6,
        "reports_to": 4,      # Anna→Ravi, Tom→Anna, Zoë→Vogel, 李娜→Vogel
        "relationships": 7,   # owners of contact, account and opportunity, each pair once
        "opportunities": 2,   # the deleted deal is not imported
        "bids": 2,
        "decision_chain": 4,  # Core: Zoë, Vogel, 李娜; Won: Vogel
        "org_ties": 1,        # Acme Rail is a subsidiary of Acme Holding
    }
    assert sorted(s.reason for s in summary.skipped) == sorted([
        "0015g00000GoneAAA is deleted in Salesforce",
        "user 0055g00000OldxAAA is inactive",
        "0035g00000DelAAA is deleted in Salesforce",
        "contact 0035g00000PrivAAA has no account in the export",
        "0065g00000DelxAAA is deleted in Salesforce",
        "the contact 0035g00000DelAAA is not imported",
        "00K5g0000007AAA is deleted in Salesforce",
    ])
    kinds = graph.run_auto("MATCH (o:Organization) RETURN o.name AS name, o.kind AS kind "
                           "ORDER BY name")
    assert kinds == [{"name": "Acme Holding", "kind": "customer"},
                     {"name": "Acme Rail", "kind": "customer"},
                     {"name": "Helix", "kind": "own"},
                     {"name": "Meridian Advisory", "kind": "partner"},
                     {"name": "Orion Networks", "kind": "competitor"},
                     {"name": "Vertex Digital", "kind": "competitor"}]
    chain = graph.run_auto(
        "MATCH (p:Person)-[r:IN_DECISION_CHAIN]->(:Opportunity {id: '0065g00000CoreAAA'}) "
        "RETURN p.name AS name, r.roles AS roles, r.confidence AS confidence ORDER BY name")
    assert chain == [
        {"name": "Katharina Vogel", "roles": ["approver"], "confidence": 0.7},  # Exec. Sponsor
        {"name": "Zoë Ångström", "roles": ["technical_evaluator", "decision_maker"],
         "confidence": 1.0},
        {"name": "李娜", "roles": ["influencer"], "confidence": 0.5},            # no role: Other
    ]
    staff = graph.run_auto("MATCH (s:Staff) RETURN s.name AS name, s.team_role AS role, "
                           "s.seniority AS seniority ORDER BY name")
    assert staff == [{"name": "Anna Berg", "role": "AR", "seniority": "director"},
                     {"name": "Ravi Iyer", "role": "other", "seniority": "vp"},
                     {"name": "Tom Meyer", "role": "AR", "seniority": None}]
    opportunity = graph.run_auto("MATCH (o:Opportunity {id: '0065g00000WonxAAA'}) "
                                 "RETURN o.status AS status, o.amount AS amount")
    assert opportunity == [{"status": "won", "amount": 90000.0}]
    zoe = graph.run_auto("MATCH (p:Person {id: '0035g00000ZoeAAA'}) RETURN p.email AS email")
    assert zoe == [{"email": "zoe@acme.example"}]


def test_reimport_changes_nothing_and_never_overwrites_an_entered_strength(graph):
    own_org(graph)
    apply_plan(graph, parse_salesforce(EXPORT, OWN))
    graph.run_auto("MATCH (:Person {id: '0055g00000AnnaAAA'})-[r:KNOWS]->"
                   "(:Person {id: '0035g00000ZoeAAA'}) SET r.strength = 4, r.source = 'manual'")
    before = graph_dump(graph)
    again = apply_plan(graph, parse_salesforce(EXPORT, OWN))
    assert again.load.totals() == {"created": 0, "updated": 0, "unchanged": 39, "kept": 1}  # 40 records
    assert graph_dump(graph) == before


def test_without_an_own_organization_one_is_created_and_said(graph):
    summary = apply_plan(graph, parse_salesforce(EXPORT, None))
    assert summary.load.created["organizations"] == 6
    assert summary.notes == ["created the organization 'own' (Our company) for the Salesforce "
                             "users; rename it with a native import"]


def test_bad_exports_are_rejected_with_file_line_and_column(graph, tmp_path):
    own_org(graph)
    before = graph_counts(graph)
    export = tmp_path / "export"
    shutil.copytree(EXPORT, export)
    roles = export / "OpportunityContactRole.csv"
    roles.write_text(roles.read_text().replace("Technical Buyer", "Budget Holder"))
    (export / "User.csv").unlink()
    opportunity = export / "Opportunity.csv"
    opportunity.write_text(opportunity.read_text().replace('"StageName"', '"Stage"'))
    with pytest.raises(ValidationError) as caught:
        parse_salesforce(export, OWN)
    assert str(caught.value).splitlines() == [
        f"{export / 'User.csv'}: file missing from the export",
        "Opportunity.csv line 1: field 'StageName': required column is missing from the header; "
        "found Id, IsDeleted, AccountId, Name, Description, Stage, Amount, Probability, "
        "CloseDate, Type, IsClosed, IsWon, ForecastCategory, CurrencyIsoCode, OwnerId",
    ]
    (export / "User.csv").write_text((EXPORT / "User.csv").read_text())
    opportunity.write_text((EXPORT / "Opportunity.csv").read_text())
    with pytest.raises(ValidationError) as caught:
        parse_salesforce(export, OWN)
    assert str(caught.value) == (
        "OpportunityContactRole.csv line 2: field 'Role': 'Budget Holder' is not a Salesforce "
        "contact role Powermap knows; expected one of Business User, Decision Maker, Economic "
        "Buyer, Economic Decision Maker, Evaluator, Executive Sponsor, Influencer, Technical "
        "Buyer, Other, or map it to a buying role in a file given with --role-map")
    assert graph_counts(graph) == before


def test_the_cli_imports_checks_and_reports_errors_in_one_line(graph, test_settings, tmp_path):
    from click.testing import CliRunner
    from powermap.cli import main
    own_org(graph)
    runner = CliRunner()
    checked = runner.invoke(main, ["import", "salesforce", str(EXPORT), "--check"],
                            obj=test_settings)
    assert checked.exit_code == 0, checked.output
    assert "salesforce: 40 records are valid, 7 rows would be skipped; nothing written" in checked.output
    assert graph.read("count_records")[0]["people"] == 0
    done = runner.invoke(main, ["import", "salesforce", str(EXPORT)], obj=test_settings)
    assert done.exit_code == 0, done.output
    assert "salesforce import: 40 created, 0 updated, 0 unchanged, 0 kept, 7 skipped" in done.output
    bad = tmp_path / "bad"
    bad.mkdir()
    broken = runner.invoke(main, ["import", "native", str(bad)], obj=test_settings)
    assert broken.exit_code == 1
    assert f"Error: {bad}: no .csv files in this folder" in broken.output
