// Record decision-chain members: their buying roles and stance in one opportunity.
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (o:Opportunity {id: row.opportunity_id})
OPTIONAL MATCH (p)-[old:IN_DECISION_CHAIN]->(o)
WITH p, o, row, properties(old) AS before
MERGE (p)-[r:IN_DECISION_CHAIN]->(o)
SET r.roles = row.roles, r.stance = row.stance,
    r.source = row.source, r.confidence = row.confidence, r.as_of = row.as_of
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET r._created = $created_ms)
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> properties(r) THEN 1 END) AS updated,
       count(*) AS written
