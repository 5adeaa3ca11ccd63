// Record influence: A's word counts for B.
UNWIND $rows AS row
MATCH (a:Person {id: row.from_id}), (b:Person {id: row.to_id})
OPTIONAL MATCH (a)-[old:INFLUENCES]->(b)
WITH a, b, row, properties(old) AS before
MERGE (a)-[r:INFLUENCES]->(b)
SET r.strength = row.strength, r.kind = row.kind, r.note = row.note,
    r.source = row.source, r.confidence = row.confidence, r.as_of = row.as_of
// the first write of an element records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET r._created = $created_ms)
RETURN count(CASE WHEN before IS NULL THEN 1 END) AS created,
       count(CASE WHEN before <> properties(r) THEN 1 END) AS updated,
       count(*) AS written
