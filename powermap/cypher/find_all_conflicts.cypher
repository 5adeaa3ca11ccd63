// Every conflict between people, for the native export and the
// portfolio as of a day (_created: when it was recorded; not exported).
MATCH (a:Person)-[r:CONFLICTS_WITH]->(b:Person)
RETURN r._created AS _created,
       a.id AS from_id, b.id AS to_id, r.strength AS strength, r.note AS note,
       r.source AS source, r.confidence AS confidence, r.as_of AS as_of
ORDER BY from_id, to_id
