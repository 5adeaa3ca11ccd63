// Record a person's preference for an organization (us or a competitor).
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (o:Organization {id: row.organization_id})
OPTIONAL MATCH (p)-[old:FAVORS]->(o)
WITH p, o, row, properties(old) AS before
MERGE (p)-[r:FAVORS]->(o)
SET r.strength = row.strength,
    r.source = row.source, r.confidence = row.confidence, r.as_of = row.as_of
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET r._created = $created_ms)
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> properties(r) THEN 1 END) AS updated,
       count(*) AS written
