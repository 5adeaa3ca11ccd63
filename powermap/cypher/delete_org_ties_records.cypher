// Delete org ties records by key (k.a, k.b, k.c); the caller has read and records them
// (history) in the same transaction, so they can be brought back.
UNWIND $keys AS k
MATCH (a:Organization {id: k.a})-[r:ORG_TIE {kind: k.c}]->(b:Organization {id: k.b})
DELETE r
RETURN count(*) AS deleted
