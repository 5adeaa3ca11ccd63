// The org ties records with these keys as they are now (k.a, k.b, k.c: the
// parts of each key), for comparing an import or an edit with the graph.
UNWIND $keys AS k
MATCH (a:Organization {id: k.a})-[t:ORG_TIE {kind: k.c}]->(b:Organization {id: k.b})
RETURN t._created AS _created, a.id AS from_id, b.id AS to_id, t.kind AS kind, t.since AS since, t.until AS until
