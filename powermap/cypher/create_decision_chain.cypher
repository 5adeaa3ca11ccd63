// Create decision-chain members of a person or opportunity the import creates.
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (o:Opportunity {id: row.opportunity_id})
CREATE (p)-[:IN_DECISION_CHAIN {_created: $created_ms, roles: row.roles, stance: row.stance, source: row.source,
                                confidence: row.confidence, as_of: row.as_of}]->(o)
RETURN count(*) AS created
