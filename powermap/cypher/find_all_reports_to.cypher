// Every reporting line, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (p:Person)-[r:REPORTS_TO]->(m:Person)
RETURN r._created AS _created,
       p.id AS person_id, m.id AS manager_id, r.source AS source, r.confidence AS confidence,
       r.as_of AS as_of
ORDER BY person_id, manager_id
