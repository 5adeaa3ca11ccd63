// The reports to records with these keys as they are now (k.a, k.b, k.c: the
// parts of each key), for comparing an import or an edit with the graph.
UNWIND $keys AS k
MATCH (p:Person {id: k.a})-[r:REPORTS_TO]->(m:Person {id: k.b})
RETURN r._created AS _created, p.id AS person_id, m.id AS manager_id, r.source AS source, r.confidence AS confidence,
       r.as_of AS as_of
