// Every relationship of our staff, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (s:Staff)-[r:KNOWS]->(p:Person)
RETURN r._created AS _created,
       s.id AS staff_id, p.id AS person_id, r.strength AS strength, r.note AS note,
       r.source AS source, r.confidence AS confidence, r.as_of AS as_of
ORDER BY staff_id, person_id
