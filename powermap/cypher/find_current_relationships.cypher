// The relationships records with these keys as they are now (k.a, k.b, k.c: the
// parts of each key), for comparing an import or an edit with the graph.
UNWIND $keys AS k
MATCH (s:Staff {id: k.a})-[r:KNOWS]->(p:Person {id: k.b})
RETURN r._created AS _created, s.id AS staff_id, p.id AS person_id, r.strength AS strength, r.note AS note,
       r.source AS source, r.confidence AS confidence, r.as_of AS as_of
