// Record influence: A's word counts for B.
UNWIND $rows AS row
MATCH (a:Person {id: row.from_id}), (b:Person {id: row.to_id})
MERGE (a)-[r:INFLUENCES]->(b)
SET r.strength = row.strength, r.kind = row.kind, r.note = row.note,
    r.source = row.source, r.confidence = row.confidence, r.as_of = row.as_of
