// Record formal reporting lines.
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (m:Person {id: row.manager_id})
MERGE (p)-[r:REPORTS_TO]->(m)
SET r.source = row.source, r.confidence = row.confidence, r.as_of = row.as_of
