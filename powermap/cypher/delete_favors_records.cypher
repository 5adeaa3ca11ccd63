// Delete favors records by key (k.a, k.b, k.c); the caller has read and records them
// (history) in the same transaction, so they can be brought back.
UNWIND $keys AS k
MATCH (p:Person {id: k.a})-[r:FAVORS]->(o:Organization {id: k.b})
DELETE r
RETURN count(*) AS deleted
