// Delete employment records by key (k.a, k.b, k.c); the caller has read and records them
// (history) in the same transaction, so they can be brought back.
UNWIND $keys AS k
MATCH (p:Person {id: k.a})-[r:WORKS_FOR {key: k.c}]->(o:Organization {id: k.b})
OPTIONAL MATCH (p)-[m:MEMBER_OF {key: k.c}]->(:Unit)
DELETE m
WITH DISTINCT r
DELETE r
RETURN count(*) AS deleted
