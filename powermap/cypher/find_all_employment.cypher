// Every employment, current and past, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (p:Person)-[w:WORKS_FOR]->(o:Organization)
RETURN w._created AS _created,
       p.id AS person_id, o.id AS organization_id, w.unit_id AS unit_id, w.title AS title,
       w.since AS since, w.until AS until
ORDER BY person_id, organization_id, w.key
