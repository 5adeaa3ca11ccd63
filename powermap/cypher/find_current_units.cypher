// The units records with these keys as they are now (k.a, k.b, k.c: the
// parts of each key), for comparing an import or an edit with the graph.
UNWIND $keys AS k
MATCH (u:Unit {id: k.a})-[:PART_OF]->(o:Organization)
OPTIONAL MATCH (u)-[:SUB_UNIT_OF]->(parent:Unit)
RETURN u._created AS _created, u.id AS id, u.name AS name, o.id AS organization_id, parent.id AS parent_id
