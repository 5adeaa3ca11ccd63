// The decision chain records with these keys as they are now (k.a, k.b, k.c: the
// parts of each key), for comparing an import or an edit with the graph.
UNWIND $keys AS k
MATCH (p:Person {id: k.a})-[r:IN_DECISION_CHAIN]->(o:Opportunity {id: k.b})
RETURN r._created AS _created, p.id AS person_id, o.id AS opportunity_id, r.roles AS roles, r.stance AS stance,
       r.source AS source, r.confidence AS confidence, r.as_of AS as_of
