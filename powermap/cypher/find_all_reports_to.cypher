// Every reporting line, for the native export.
MATCH (p:Person)-[r:REPORTS_TO]->(m:Person)
RETURN p.id AS person_id, m.id AS manager_id, r.source AS source, r.confidence AS confidence,
       r.as_of AS as_of
ORDER BY person_id, manager_id
