// Every relationship of our staff, for the native export.
MATCH (s:Staff)-[r:KNOWS]->(p:Person)
RETURN s.id AS staff_id, p.id AS person_id, r.strength AS strength, r.note AS note,
       r.source AS source, r.confidence AS confidence, r.as_of AS as_of
ORDER BY staff_id, person_id
