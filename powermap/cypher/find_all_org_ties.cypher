// Every organizational relationship, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (a:Organization)-[t:ORG_TIE]->(b:Organization)
RETURN t._created AS _created,
       a.id AS from_id, b.id AS to_id, t.kind AS kind, t.since AS since, t.until AS until
ORDER BY from_id, to_id, kind
