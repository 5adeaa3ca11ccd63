// Remove an influence edge A→B, unless its strength changed since the editor read it.
MATCH (a:Person {id: $from_id})-[r:INFLUENCES]->(b:Person {id: $to_id})
SET b.edit_lock_ = true
REMOVE b.edit_lock_
WITH r
WHERE r.strength = $expected
DELETE r
RETURN count(*) AS deleted
