// Record formal reporting lines.
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (m:Person {id: row.manager_id})
OPTIONAL MATCH (p)-[old:REPORTS_TO]->(m)
WITH p, m, row, properties(old) AS before
MERGE (p)-[r:REPORTS_TO]->(m)
SET r.source = row.source, r.confidence = row.confidence, r.as_of = row.as_of
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET r._created = $created_ms)
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> properties(r) THEN 1 END) AS updated,
       count(*) AS written
