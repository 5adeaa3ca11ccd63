// Draw or change an influence edge A→B, unless it changed since the editor read it
// ($expected: the strength they saw, null when there was no edge).
MATCH (a:Person {id: $from_id}), (b:Person {id: $to_id})
SET b.edit_lock_ = true
REMOVE b.edit_lock_
WITH a, b
OPTIONAL MATCH (a)-[old:INFLUENCES]->(b)
WITH a, b, old, properties(old) AS before
WHERE ($expected IS NULL AND old IS NULL) OR old.strength = $expected
MERGE (a)-[r:INFLUENCES]->(b)
SET r.strength = $strength, r.kind = $kind, r.source = $source, r.confidence = 1.0,
    r.as_of = date()
// the first write of an edge records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET r._created = $created_ms)
RETURN r.strength AS strength, r.kind AS kind,
       before, properties(r) AS after
