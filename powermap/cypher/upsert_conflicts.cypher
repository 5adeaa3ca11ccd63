// Record negative ties between people.
UNWIND $rows AS row
MATCH (a:Person {id: row.from_id}), (b:Person {id: row.to_id})
MERGE (a)-[r:CONFLICTS_WITH]->(b)
SET r.strength = row.strength, r.note = row.note,
    r.source = row.source, r.confidence = row.confidence, r.as_of = row.as_of
