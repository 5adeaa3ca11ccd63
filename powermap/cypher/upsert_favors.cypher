// Record a person's preference for an organization (us or a competitor).
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (o:Organization {id: row.organization_id})
MERGE (p)-[r:FAVORS]->(o)
SET r.strength = row.strength,
    r.source = row.source, r.confidence = row.confidence, r.as_of = row.as_of
