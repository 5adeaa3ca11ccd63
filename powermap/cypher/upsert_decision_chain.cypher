// Record decision-chain members: their buying roles and stance in one opportunity.
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (o:Opportunity {id: row.opportunity_id})
MERGE (p)-[r:IN_DECISION_CHAIN]->(o)
SET r.roles = row.roles, r.stance = row.stance,
    r.source = row.source, r.confidence = row.confidence, r.as_of = row.as_of
