// Create influence edges that touch a person the import creates (they cannot exist yet).
UNWIND $rows AS row
MATCH (a:Person {id: row.from_id}), (b:Person {id: row.to_id})
CREATE (a)-[:INFLUENCES {_created: $created_ms, strength: row.strength, kind: row.kind, note: row.note,
                         source: row.source, confidence: row.confidence, as_of: row.as_of}]->(b)
RETURN count(*) AS created
