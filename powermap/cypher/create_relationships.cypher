// Create relationships that touch a person the import creates (they cannot exist yet).
UNWIND $rows AS row
MATCH (s:Staff {id: row.staff_id}), (p:Person {id: row.person_id})
CREATE (s)-[:KNOWS {_created: $created_ms, strength: row.strength, note: row.note, source: row.source,
                    confidence: row.confidence, as_of: row.as_of}]->(p)
RETURN count(*) AS created
