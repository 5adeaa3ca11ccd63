// The bids records with these keys as they are now (k.a, k.b, k.c: the
// parts of each key), for comparing an import or an edit with the graph.
UNWIND $keys AS k
MATCH (c:Organization {id: k.a})-[r:BIDS_ON]->(o:Opportunity {id: k.b})
RETURN r._created AS _created, c.id AS competitor_id, o.id AS opportunity_id
