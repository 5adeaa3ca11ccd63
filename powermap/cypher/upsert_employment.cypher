// Record employments; one per person, organization and start date (row.key). Closed when until is set.
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (o:Organization {id: row.organization_id})
OPTIONAL MATCH (p)-[old:WORKS_FOR {key: row.key}]->(o)
WITH p, o, row, properties(old) AS before
MERGE (p)-[w:WORKS_FOR {key: row.key}]->(o)
SET w.title = row.title, w.since = row.since, w.until = row.until, w.unit_id = row.unit_id
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET w._created = $created_ms)
WITH p, w, row, before
CALL (p, row) {
  WITH p, row
  WHERE row.unit_id IS NOT NULL
  MATCH (u:Unit {id: row.unit_id})
  MERGE (p)-[m:MEMBER_OF {key: row.key}]->(u)
  SET m.since = row.since, m.until = row.until
}
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> properties(w) THEN 1 END) AS updated,
       count(*) AS written
