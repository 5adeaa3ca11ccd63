// The opportunities records with these keys as they are now (k.a, k.b, k.c: the
// parts of each key), for comparing an import or an edit with the graph.
UNWIND $keys AS k
MATCH (o:Opportunity {id: k.a})-[:FOR_CUSTOMER]->(c:Organization)
RETURN o._created AS _created, o.id AS id, o.name AS name, c.id AS customer_id, o.kind AS kind, o.stage AS stage,
       o.status AS status, o.amount AS amount, o.currency AS currency,
       o.close_date AS close_date
