// Every decision-chain member with roles and stance, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (p:Person)-[r:IN_DECISION_CHAIN]->(o:Opportunity)
RETURN r._created AS _created,
       p.id AS person_id, o.id AS opportunity_id, r.roles AS roles, r.stance AS stance,
       r.source AS source, r.confidence AS confidence, r.as_of AS as_of
ORDER BY opportunity_id, person_id
