// Delete bids records by key (k.a, k.b, k.c); the caller has read and records them
// (history) in the same transaction, so they can be brought back.
UNWIND $keys AS k
MATCH (c:Organization {id: k.a})-[r:BIDS_ON]->(o:Opportunity {id: k.b})
DELETE r
RETURN count(*) AS deleted
