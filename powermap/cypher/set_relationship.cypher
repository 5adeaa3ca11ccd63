// Set a staff member's relationship strength to a person, unless it changed since the editor
// read it ($expected: the strength they saw, null when there was none).
MATCH (s:Staff {id: $staff_id}), (p:Person {id: $person_id})
SET p.edit_lock_ = true
REMOVE p.edit_lock_
WITH s, p
OPTIONAL MATCH (s)-[old:KNOWS]->(p)
WITH s, p, old, properties(old) AS before
WHERE ($expected IS NULL AND old IS NULL) OR old.strength = $expected
MERGE (s)-[r:KNOWS]->(p)
SET r.strength = $strength, r.source = $source, r.confidence = 1.0, r.as_of = date()
// the first write of an edge records when and in which change set it was made (history)
FOREACH (_ IN CASE WHEN before IS NULL THEN [1] ELSE [] END | SET r._created = $created_ms)
RETURN r.strength AS strength,
       before, properties(r) AS after
