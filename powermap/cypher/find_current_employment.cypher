// The employment records with these keys as they are now (k.a, k.b, k.c: the
// parts of each key), for comparing an import or an edit with the graph.
UNWIND $keys AS k
MATCH (p:Person {id: k.a})-[w:WORKS_FOR {key: k.c}]->(o:Organization {id: k.b})
RETURN w._created AS _created, p.id AS person_id, o.id AS organization_id, w.unit_id AS unit_id, w.title AS title,
       w.since AS since, w.until AS until, w.key AS key
