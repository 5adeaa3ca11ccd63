// Delete conflicts records by key (k.a, k.b, k.c); the caller has read and records them
// (history) in the same transaction, so they can be brought back.
UNWIND $keys AS k
MATCH (a:Person {id: k.a})-[r:CONFLICTS_WITH]->(b:Person {id: k.b})
DELETE r
RETURN count(*) AS deleted
