"""The model rejects what Community edition cannot: every enumeration and range is checked."""

from __future__ import annotations

import pytest

from powermap.errors import ValidationError
from powermap.model import (ActivityKind, BuyingRole, InfluenceKind, OpportunityStatus, OrgKind,
                            OrgTieKind, RECORD_KINDS, Seniority, Stance, TeamRole, Tier,
                            validate_record)

VALID = {
    "organizations": {"id": "o1", "name": "Acme", "kind": "customer", "tier": "S"},
    "units": {"id": "u1", "name": "IT", "organization_id": "o1"},
    "people": {"id": "p1", "name": "Ada", "seniority": "director", "team_role": "AR"},
    "employment": {"person_id": "p1", "organization_id": "o1", "since": "2020-01-01"},
    "reports_to": {"person_id": "p1", "manager_id": "p2"},
    "influence": {"from_id": "p1", "to_id": "p2", "strength": 3, "kind": "informal"},
    "conflicts": {"from_id": "p1", "to_id": "p2", "strength": 2},
    "relationships": {"staff_id": "s1", "person_id": "p1", "strength": 0},
    "favors": {"person_id": "p1", "organization_id": "o1", "strength": 5},
    "opportunities": {"id": "x1", "name": "Deal", "customer_id": "o1", "status": "open"},
    "bids": {"competitor_id": "o2", "opportunity_id": "x1"},
    "decision_chain": {"person_id": "p1", "opportunity_id": "x1", "roles": ["approver"],
                       "stance": "neutral"},
    "activities": {"id": "a1", "kind": "call", "date": "2026-01-05", "subject": "Hello",
                   "attendee_ids": ["p1"]},
    "org_ties": {"from_id": "o1", "to_id": "o2", "kind": "joint_lab"},
}

ENUM_FIELDS = [
    ("organizations", "kind", OrgKind), ("organizations", "tier", Tier),
    ("people", "seniority", Seniority), ("people", "team_role", TeamRole),
    ("influence", "kind", InfluenceKind), ("opportunities", "status", OpportunityStatus),
    ("decision_chain", "stance", Stance), ("decision_chain", "roles", BuyingRole),
    ("activities", "kind", ActivityKind), ("org_ties", "kind", OrgTieKind),
]


def test_the_valid_rows_are_valid():
    assert set(VALID) == set(RECORD_KINDS)
    for kind, row in VALID.items():
        validate_record(kind, row)


@pytest.mark.parametrize("kind, field, enum", ENUM_FIELDS)
def test_every_enumeration_rejects_a_wrong_value_and_lists_the_allowed_ones(kind, field, enum):
    row = dict(VALID[kind])
    row[field] = ["nonsense"] if field == "roles" else "nonsense"
    with pytest.raises(ValidationError) as caught:
        validate_record(kind, row, where="people.csv line 7")
    message = str(caught.value)
    assert message.startswith(f"people.csv line 7: field '{field}': 'nonsense' is not allowed")
    assert ", ".join(enum.values()) in message


@pytest.mark.parametrize("kind, field, bad", [
    ("relationships", "strength", 6), ("relationships", "strength", -1),
    ("influence", "strength", 0), ("favors", "strength", 9),
    ("influence", "confidence", 1.5), ("opportunities", "amount", -5),
    ("opportunities", "currency", "euro"), ("people", "email", "not-an-email"),
    ("activities", "date", "2026-02-30"), ("organizations", "id", "has space"),
])
def test_ranges_and_formats(kind, field, bad):
    with pytest.raises(ValidationError, match=f"field '{field}'"):
        validate_record(kind, {**VALID[kind], field: bad})


def test_only_customers_have_a_tier():
    with pytest.raises(ValidationError, match="field 'tier': only customer organizations"):
        validate_record("organizations", {**VALID["organizations"], "kind": "competitor"})


def test_unknown_and_missing_fields():
    with pytest.raises(ValidationError, match="field 'colour': unknown field"):
        validate_record("units", {**VALID["units"], "colour": "red"})
    with pytest.raises(ValidationError, match="field 'organization_id': required, missing"):
        validate_record("units", {"id": "u1", "name": "IT"})


def test_an_employment_cannot_end_before_it_starts():
    with pytest.raises(ValidationError, match="field 'until': must not be before since"):
        validate_record("employment", {**VALID["employment"], "until": "2019-12-31"})


def test_text_is_checked_for_control_characters_in_every_field_and_list():
    """One look at a record's text: a carriage return becomes a line break wherever it is, and
    a control character is refused naming its field, in a list of ids too."""
    person = validate_record("people", {**VALID["people"], "notes": "one\r\ntwo\rthree"})
    assert person.notes == "one\ntwo\nthree"
    with pytest.raises(ValidationError) as caught:
        validate_record("people", {**VALID["people"], "title": "Head\x07"}, where="row 2")
    assert str(caught.value) == ("row 2: field 'title': contains the control character U+0007; "
                                 "text may hold tabs and line breaks, no other control "
                                 "characters (got 'Head\\x07')")
    with pytest.raises(ValidationError, match=r"field 'attendee_ids': contains the control "
                                              r"character U\+001B"):
        validate_record("activities", {**VALID["activities"], "attendee_ids": ["p1", "p\x1b2"]})


def test_rows_are_what_the_graph_stores_and_are_made_once_per_kind():
    from powermap.model import Dataset
    dataset = Dataset()
    dataset.add("decision_chain", VALID["decision_chain"])
    dataset.add("employment", VALID["employment"])
    chain = dataset.rows("decision_chain")
    assert chain == [{"person_id": "p1", "opportunity_id": "x1", "roles": ["approver"],
                      "stance": "neutral", "source": "manual", "confidence": 1.0,
                      "as_of": None}]
    assert type(chain[0]["stance"]) is str and type(chain[0]["roles"]) is list
    assert dataset.rows("employment")[0]["key"] == "2020-01-01"   # Employment adds its key
    assert dataset.rows("decision_chain") is chain                # made once …
    dataset.add("decision_chain", {**VALID["decision_chain"], "person_id": "p2"})
    assert [r["person_id"] for r in dataset.rows("decision_chain")] == ["p1", "p2"]  # … or again
