// Remove an influence edge A→B, unless its strength changed since the editor read it.
MATCH (a:Person {id: $from_id})-[r:INFLUENCES]->(b:Person {id: $to_id})
SET b.edit_lock_ = true
REMOVE b.edit_lock_
WITH r, properties(r) AS before
WHERE r.strength = $expected
DELETE r
// the caller records the deleted edge (history), so it can be brought back
RETURN before
