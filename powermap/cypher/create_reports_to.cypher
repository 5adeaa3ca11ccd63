// Create reporting lines that touch a person the import creates (they cannot exist yet).
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id}), (m:Person {id: row.manager_id})
CREATE (p)-[:REPORTS_TO {_created: $created_ms, source: row.source, confidence: row.confidence, as_of: row.as_of}]->(m)
RETURN count(*) AS created
