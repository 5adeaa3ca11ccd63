// The organizations records with these keys as they are now (k.a, k.b, k.c: the
// parts of each key), for comparing an import or an edit with the graph.
UNWIND $keys AS k
MATCH (o:Organization {id: k.a})
RETURN o._created AS _created, o.id AS id, o.name AS name, o.kind AS kind, o.tier AS tier, o.industry AS industry,
       o.country AS country
